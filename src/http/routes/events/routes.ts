import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mergeEvents } from '../../../commands/events/merge-events.ts';
import { placeOnGrid, reportEvent } from '../../../commands/events/report-event.ts';
import { type EventCommandOutcome, runEventCommand } from '../../../commands/events/run-event-command.ts';
import { findArea } from '../../../db/repositories/areas.ts';
import { attachmentsOfEvent } from '../../../db/repositories/attachments.ts';
import { unitNamesByCode } from '../../../db/repositories/departments.ts';
import { readEventFacts } from '../../../db/repositories/event-log.ts';
import {
  type EventRow,
  findEventRow,
  findNearbyOpenEventRows,
  listEventMapPoints,
  listEventRows,
  pageOpenEventRowsInSight,
  stateOfRow,
} from '../../../db/repositories/events.ts';
import { displayNames } from '../../../db/repositories/users.ts';
import { isGridLevel } from '../../../domain/areas.ts';
import { canonicalJson } from '../../../domain/canonical-json.ts';
import type { CatalogueItem } from '../../../domain/catalogue.ts';
import { DUPLICATE_WINDOW_DAYS, likelyDuplicates, searchBox } from '../../../domain/duplicates.ts';
import { eventInSight, eventSightOf } from '../../../domain/event-sight.ts';
import type { EventState } from '../../../domain/events.ts';
import type { EventCommand } from '../../../domain/lifecycle.ts';
import { type ApiCommand, permittedCommands } from '../../../domain/permitted-commands.ts';
import { reportSource } from '../../../domain/report-sources.ts';
import { REFUSAL_TEXT } from '../../../i18n/event-refusals.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { presentEvent } from '../../presenters/event.ts';
import { type Problem, problems } from '../../problem.ts';
import { eventListFilter } from './list-filter.ts';
import {
  COMMAND_BODIES,
  type CommandName,
  commandSchema,
  duplicatesSchema,
  getSchema,
  listSchema,
  mapSchema,
  reportSchema,
  todoSchema,
} from './schema.ts';
import { resolveUnitCode, suggestedUnitsFor, unitCodesOfEvent } from './units.ts';

const TODO_PAGE = 500;

/** The most points one map answer holds; more are cut off (newest kept) and the answer says so. */
export const MAP_POINT_LIMIT = 5000;

/** Commands that move a case forward: an event is on someone's to-do when they may give one of these. */
const PROGRESSING = new Set<ApiCommand>([
  'solve',
  'escalate',
  'dispatch',
  'whistle',
  'accept',
  'approve',
  'refuse',
  'handle',
  'verify',
  'rate',
  'close',
]);

function refusalProblem(outcome: Exclude<EventCommandOutcome, { ok: true }>): Problem {
  if ('notFound' in outcome) return problems.notFound();
  if ('attachmentsNotYours' in outcome) {
    return problems.invalidRequest({
      'zh-CN': `只能附上自己上传的文件：${outcome.attachmentsNotYours.join(', ')}`,
      en: `Only your own uploads can be attached: ${outcome.attachmentsNotYours.join(', ')}`,
    });
  }
  const text = REFUSAL_TEXT[outcome.refusal.reason];
  const extensions = { reason: outcome.refusal.reason };
  switch (outcome.refusal.kind) {
    case 'conflict':
      return problems.conflict(text, extensions);
    case 'forbidden':
      return problems.notPermitted(text, extensions);
    case 'invalid':
      return problems.invalidRequest(text, extensions);
  }
}

function encodeCursor(state: EventState): string {
  return Buffer.from(`${state.reportedAt.toISOString()}|${state.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { reportedAt: Date; id: string } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  const reportedAt = new Date(at);
  if (Number.isNaN(reportedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw problems.invalidRequest({ 'zh-CN': '分页游标无效。', en: 'The cursor is not valid.' });
  }
  return { reportedAt, id };
}

export const eventRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (
  app,
  { db, clock, areaLocator },
) => {
  app.post('/api/v1/events', { schema: reportSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'event:report', ownPlace(actor));
    const body = request.body;
    const source = reportSource(actor.roles, body.source);
    if (source === null) {
      throw problems.notPermitted({
        'zh-CN': `您不能以“${body.source}”来源上报事件。`,
        en: `You cannot file a report from the source "${body.source}".`,
      });
    }
    const outcome = await reportEvent(
      db,
      await areaLocator.current(),
      actor,
      {
        idempotencyKey: request.headers['idempotency-key'],
        requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        source,
        catalogueItemCode: body.catalogueItemCode,
        description: body.description,
        location: body.location ?? null,
        areaCode: body.areaCode ?? null,
        address: body.address ?? null,
        attachmentIds: body.attachmentIds,
      },
      clock(),
    );
    if (!outcome.ok) throw reportProblem(outcome);
    reply.header('location', `/api/v1/events/${outcome.eventId}`);
    if (outcome.replayed)
      return reply
        .status(200)
        .send({ id: outcome.eventId, trackingCode: outcome.trackingCode, replayed: true });
    return reply
      .status(201)
      .send({ id: outcome.eventId, trackingCode: outcome.trackingCode, replayed: false });
  });

  app.get('/api/v1/events', { schema: listSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const query = request.query;
    const rows = await listEventRows(db, {
      ...(await eventListFilter(db, actor, query, now)),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      limit: query.limit,
    });
    const states = rows.map(stateOfRow);
    const last = states.at(-1);
    return {
      items: states.map((state, index) => presentEvent(state, rows[index]!, now)),
      nextCursor: rows.length === query.limit && last ? encodeCursor(last) : null,
    };
  });

  app.get('/api/v1/events/map', { schema: mapSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const filter = await eventListFilter(db, actor, request.query, now);
    const points = await listEventMapPoints(db, filter, now, MAP_POINT_LIMIT + 1);
    return {
      items: points.slice(0, MAP_POINT_LIMIT).map((point) => ({
        id: point.id,
        trackingCode: point.tracking_code,
        state: point.state,
        lng: point.lng,
        lat: point.lat,
        areaCode: point.area_code,
        overdue: point.overdue,
        catalogueItemName: point.catalogue_item_name,
      })),
      truncated: points.length > MAP_POINT_LIMIT,
    };
  });

  app.get('/api/v1/todo', { schema: todoSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const sight = eventSightOf(actor);
    const waiting: { row: EventRow; state: EventState; commands: ApiCommand[] }[] = [];
    // Oldest first, a page at a time, until the list is full: the longest waiting case is never cut off.
    let after: { reportedAt: Date; id: string } | undefined;
    while (waiting.length < request.query.limit) {
      const page = await pageOpenEventRowsInSight(db, sight, after, TODO_PAGE);
      for (const row of page) {
        const state = stateOfRow(row);
        const commands = permittedCommands(state, actor, now);
        if (commands.some((command) => PROGRESSING.has(command))) waiting.push({ row, state, commands });
      }
      const last = page.at(-1);
      if (page.length < TODO_PAGE || !last) break;
      after = { reportedAt: last.reported_at, id: last.id };
    }
    return {
      items: waiting.slice(0, request.query.limit).map(({ row, state, commands }) => ({
        ...presentEvent(state, row, now),
        permittedCommands: commands,
      })),
    };
  });

  app.get('/api/v1/events/:id', { schema: getSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const row = await findEventRow(db, request.params.id);
    const state = row ? stateOfRow(row) : null;
    if (!row || !state || !eventInSight(actor, state)) throw problems.notFound();
    const log = await readEventFacts(db, state.id);
    const filed = row.catalogue_item as CatalogueItem;
    const nameOf = await displayNames(db, [
      ...new Set(log.map((entry) => entry.actorUserId).filter((id): id is number => id !== null)),
    ]);
    return {
      ...presentEvent(state, row, now),
      timeline: log.map((entry) => ({
        seq: entry.seq,
        type: entry.factType,
        at: entry.at,
        actor:
          entry.actorUserId === null
            ? null
            : {
                id: entry.actorUserId,
                displayName: nameOf.get(entry.actorUserId) ?? String(entry.actorUserId),
              },
        fact: entry.fact as Record<string, unknown>,
        hash: entry.hash,
      })),
      permittedCommands: permittedCommands(state, actor, now),
      suggestedUnits: await suggestedUnitsFor(db, state, filed),
      filedItem: { standardRef: filed.standardRef, limits: filed.limits },
      unitNames: await unitNamesByCode(db, unitCodesOfEvent(state, log)),
      attachments: (await attachmentsOfEvent(db, state.id)).map((file) => ({
        id: file.id,
        mediaType: file.media_type,
        uploadedAt: file.created_at.toISOString(),
      })),
    };
  });

  app.get('/api/v1/events/:id/duplicates', { schema: duplicatesSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const row = await findEventRow(db, request.params.id);
    const state = row ? stateOfRow(row) : null;
    if (!row || !state || !eventInSight(actor, state)) throw problems.notFound();
    if (!state.location) return { items: [] };
    const windowMs = DUPLICATE_WINDOW_DAYS * 86_400_000;
    const candidates = await findNearbyOpenEventRows(db, {
      catalogueItemCode: state.catalogueItemCode,
      box: searchBox(state.location),
      from: new Date(state.reportedAt.getTime() - windowMs),
      to: new Date(state.reportedAt.getTime() + windowMs),
    });
    const rowById = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    const matches = likelyDuplicates(
      state,
      candidates.map(stateOfRow).filter((candidate) => eventInSight(actor, candidate)),
    );
    return {
      items: matches.map((match) => ({
        ...presentEvent(match.event, rowById.get(match.event.id)!, now),
        distanceMeters: Math.round(match.distanceMeters),
      })),
    };
  });

  for (const name of Object.keys(COMMAND_BODIES) as CommandName[]) {
    app.post(`/api/v1/events/:id/${name}`, { schema: commandSchema(name) }, async (request) => {
      const actor = actorOf(requireUser(request));
      const now = clock();
      const body = request.body as Record<string, unknown>;
      const outcome =
        name === 'merge'
          ? await mergeEvents(db, request.params.id, body.intoEventId as string, actor, now)
          : await runEventCommand(db, request.params.id, await toCommand(name, body), actor, now);
      if (!outcome.ok) throw refusalProblem(outcome);
      const row = await findEventRow(db, outcome.event.id);
      return presentEvent(outcome.event, row!, now);
    });
  }

  async function toCommand(
    name: Exclude<CommandName, 'merge'>,
    body: Record<string, unknown>,
  ): Promise<Exclude<EventCommand, { type: 'report' }>> {
    switch (name) {
      case 'dispatch':
      case 'whistle': {
        const lead = await unitOrProblem(body.lead as string);
        const assisting = await Promise.all((body.assisting as string[]).map(unitOrProblem));
        return name === 'dispatch'
          ? { type: 'dispatch', lead, assisting }
          : { type: 'whistle', lead, assisting, reason: body.reason as string };
      }
      case 'locate':
        return locateCommand(body);
      case 'second-whistle':
        return { type: 'second_whistle', reason: body.reason as string };
      default:
        return { type: name, ...body } as Exclude<EventCommand, { type: 'report' }>;
    }
  }

  async function unitOrProblem(code: string) {
    const unit = await resolveUnitCode(db, code);
    if (unit) return unit;
    throw problems.invalidRequest({
      'zh-CN': `没有编码为 ${code} 的部门、街道科室或社区，或该单位已停用。`,
      en: `No department, street office or community has the code ${code}, or that unit was stood down.`,
    });
  }

  async function locateCommand(
    body: Record<string, unknown>,
  ): Promise<Exclude<EventCommand, { type: 'report' }>> {
    const location = body.location as { lng: number; lat: number } | undefined;
    if (location) {
      const placed = placeOnGrid(await areaLocator.current(), location);
      if (!placed) throw outsideEveryArea();
      return { type: 'locate', ...placed, location };
    }
    const area = typeof body.areaCode === 'string' ? await findArea(db, body.areaCode) : undefined;
    if (!area) {
      throw problems.invalidRequest({
        'zh-CN': '请给出 location（经纬度）或已有的 areaCode。',
        en: 'Give a location (longitude and latitude) or an existing areaCode.',
      });
    }
    if (!isGridLevel(area.level)) throw areaNotAGrid();
    return { type: 'locate', areaCode: area.code, areaPath: area.path, location: null };
  }
};

function outsideEveryArea(): Problem {
  return problems.invalidRequest({
    'zh-CN': '该位置不在本区任何网格内，请核对经纬度，或改用 areaCode 指定区域。',
    en: 'That point lies outside every grid of the district; check it, or name the area with areaCode.',
  });
}

function areaNotAGrid(): Problem {
  return problems.invalidRequest({
    'zh-CN': '事件须定位到网格或微网格：areaCode 请填写网格编码。',
    en: 'An event is placed on a grid or a micro-grid: give a grid code as areaCode.',
  });
}

function reportProblem(outcome: Exclude<Awaited<ReturnType<typeof reportEvent>>, { ok: true }>): Problem {
  if ('refusal' in outcome) return refusalProblem(outcome);
  switch (outcome.reason) {
    case 'idempotency_key_reused':
      return problems.conflict({
        'zh-CN': '该 Idempotency-Key 已用于另一份不同的上报，请为新的上报生成新的键。',
        en: 'This Idempotency-Key was used for a different report; use a new key for a new report.',
      });
    case 'unknown_catalogue_item':
      return problems.invalidRequest({
        'zh-CN': `事项清单中没有编码 ${outcome.detail} 的事项，可在 /api/v1/catalogue 查询。`,
        en: `The catalogue has no item ${outcome.detail}; look it up at /api/v1/catalogue.`,
      });
    case 'outside_every_area':
      return outsideEveryArea();
    case 'unknown_area':
      return problems.invalidRequest({
        'zh-CN': 'areaCode 指向的区域不存在。',
        en: 'The areaCode names no area.',
      });
    case 'area_not_a_grid':
      return areaNotAGrid();
    case 'no_place':
      return problems.invalidRequest({
        'zh-CN': '请给出事件位置：location（经纬度）或 areaCode。',
        en: 'Say where the event is: a location (longitude and latitude) or an areaCode.',
      });
    case 'attachments_not_yours':
      return problems.invalidRequest({
        'zh-CN': `只能附上自己上传的文件：${outcome.detail}`,
        en: `Only your own uploads can be attached: ${outcome.detail}`,
      });
  }
}
