import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  type IndicatorRow,
  indicatorTable,
  rankingTable,
} from '../../../commands/figures/indicator-table.ts';
import { loadMonthlyReport } from '../../../commands/figures/monthly-report.ts';
import { type EventRow, listEventRows, stateOfRow } from '../../../db/repositories/events.ts';
import type { EventState } from '../../../domain/events.ts';
import {
  type FigureSight,
  figureSightOf,
  type Period,
  type PeriodKind,
  periodRange,
  seesWholeDistrict,
} from '../../../domain/indicators.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { chinaDay, ROLLUP_COUNTERS, type Totals } from '../../../domain/rollup.ts';
import { toCsv } from '../../../reports/csv.ts';
import { eventSheet, indicatorSheet } from '../../../reports/figure-sheets.ts';
import { renderMonthlyReport } from '../../../reports/monthly-report.ts';
import type { Sheet } from '../../../reports/sheet.ts';
import { toXlsx } from '../../../reports/xlsx.ts';
import type { HttpContext } from '../../context.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import { isDate } from '../../validation.ts';
import { eventListFilter } from '../events/list-filter.ts';
import {
  exportEventsSchema,
  exportIndicatorsSchema,
  indicatorsSchema,
  monthlyReportSchema,
  rankingsSchema,
} from './schema.ts';

/** The most events one export holds; a larger list must be narrowed by its filters. */
export const EVENT_EXPORT_CAP = 50_000;
const EVENT_EXPORT_PAGE = 1000;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function presentCounters(totals: Totals): Record<string, number> {
  const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return {
    ...Object.fromEntries(ROLLUP_COUNTERS.map((name) => [camel(name), totals[name]])),
    acceptMsSum: totals.acceptMsSum,
    finishMsSum: totals.finishMsSum,
  };
}

function presentRow(row: IndicatorRow) {
  return {
    code: row.code,
    name: row.name,
    unitKind: row.unitKind,
    counters: presentCounters(row.totals),
    indicators: row.indicators,
  };
}

/** The figures a person reads, or 403 for roles that read none. */
function figureSight(actor: Actor): FigureSight {
  const sight = figureSightOf(actor);
  if (sight) return sight;
  throw problems.notPermitted({
    'zh-CN': '统计指标仅向区级、街道和部门的负责人员开放。',
    en: 'Figures are open to district, street and department staff only.',
  });
}

function periodOf(kind: PeriodKind, anchor: string | undefined, now: Date): Period {
  const period = periodRange(kind, anchor ?? chinaDay(now));
  // A period must begin and end on days the store holds: anchored on 9999-12-31, a week would end in year 10000.
  if (period && isDate(period.from) && isDate(period.to)) return period;
  throw problems.invalidRequest({
    'zh-CN': `查询参数 anchor：日期 ${anchor} 不存在或其统计周期超出 1000–9999 年，请使用 YYYY-MM-DD 格式的真实日期。`,
    en: `query anchor: there is no day ${anchor}, or its period runs outside the years 1000–9999; give a real date as YYYY-MM-DD.`,
  });
}

/** Sends a sheet as a downloaded file: `name` is plain ASCII (codes and dates), the extension follows the format. */
async function sendSheet(reply: FastifyReply, sheet: Sheet, format: 'csv' | 'xlsx', name: string) {
  const filename = `${name.replace(/[^0-9A-Za-z._-]/g, '_')}.${format}`;
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(sheet));
  return reply.type(XLSX_TYPE).send(await toXlsx(sheet));
}

function sendHtml(reply: FastifyReply, html: string) {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/**
 * The figures (指标): tables by street, department, class, source, day or month; rankings; the same tables and the
 * event list as CSV or XLSX files; a district's monthly report as printable HTML. District roles read their
 * district, street heads and dispatchers their street, department people their own unit's rows.
 */
export const indicatorRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.get('/api/v1/indicators', { schema: indicatorsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const sight = figureSight(actor);
    const { query } = request;
    const table = await indicatorTable(db, sight, periodOf(query.period, query.anchor, clock()), query.by);
    return {
      period: table.period,
      by: table.by,
      basis: table.basis,
      rows: table.rows.map(presentRow),
      total: presentRow(table.total),
    };
  });

  app.get('/api/v1/rankings', { schema: rankingsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const sight = figureSight(actor);
    const { query } = request;
    const ranking = await rankingTable(
      db,
      sight,
      periodOf(query.period, query.anchor, clock()),
      query.of,
      query.by,
    );
    return {
      ...ranking,
      rows: ranking.rows.map((row) => ({ ...presentRow(row), rank: row.rank, value: row.value })),
    };
  });

  app.get('/api/v1/indicators/export', { schema: exportIndicatorsSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const sight = figureSight(actor);
    const { query } = request;
    const table = await indicatorTable(db, sight, periodOf(query.period, query.anchor, clock()), query.by);
    return sendSheet(
      reply,
      indicatorSheet(table),
      query.format,
      `indicators-${query.by}-${table.period.label}`,
    );
  });

  app.get('/api/v1/events/export', { schema: exportEventsSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const { query } = request;
    const filter = await eventListFilter(db, actor, query, now);
    const events: { state: EventState; row: EventRow }[] = [];
    let before: { reportedAt: Date; id: string } | undefined;
    while (events.length < EVENT_EXPORT_CAP) {
      const page = await listEventRows(db, {
        ...filter,
        ...(before ? { before } : {}),
        limit: Math.min(EVENT_EXPORT_PAGE, EVENT_EXPORT_CAP - events.length),
      });
      for (const row of page) events.push({ state: stateOfRow(row), row });
      const last = page.at(-1);
      if (!last || page.length < EVENT_EXPORT_PAGE) break;
      before = { reportedAt: last.reported_at, id: last.id };
    }
    // A full file may have left events out: say so, so that nobody takes it for the whole list.
    if (events.length >= EVENT_EXPORT_CAP) reply.header('x-export-truncated', String(EVENT_EXPORT_CAP));
    return sendSheet(reply, eventSheet(events), query.format, `events-${chinaDay(now)}`);
  });

  app.get('/api/v1/reports/monthly', { schema: monthlyReportSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const sight = figureSight(actor);
    const { district, month } = request.query;
    if (!seesWholeDistrict(sight, district)) throw problems.notFound();
    const report = await loadMonthlyReport(db, district, month, clock());
    if (!report) throw problems.notFound();
    return sendHtml(reply, renderMonthlyReport(report));
  });
};
