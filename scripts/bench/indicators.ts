import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { indicatorTable, rankingTable } from '../../src/commands/figures/indicator-table.ts';
import { installDefaultCatalogue } from '../../src/commands/install-default-catalogue.ts';
import { loadDemoDistrict } from '../../src/commands/load-demo-district.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Executor } from '../../src/db/repositories/executor.ts';
import { openEmbeddedStore } from '../../src/db/store.ts';
import { EVENT_SOURCES } from '../../src/domain/events.ts';
import { type FigureSight, type PeriodKind, periodRange } from '../../src/domain/indicators.ts';
import { format, record } from './support.ts';

const SCALES = [1_000_000, 10_000_000] as const;
/** Three years of history: 2024-01-01 to 2026-12-31 (1,096 days, 36 months, 3 years). */
const DAYS = 1096;
const MONTHS = 36;
const YEARS = 3;
/** Daily rows are written for the last eight weeks only: no timed query but the week's reads older days. */
const DAILY_DAYS = 56;
const RUNS = 5;
const DISTRICT = '120106'; // 红桥区

/**
 * The rows a street's events leave in one period, if its events spread evenly over every key a street has:
 * 21 catalogue classes × 6 sources, each once under no unit (the report) and once under the unit that handles
 * it. An even spread is the pessimistic case: real events crowd into a few classes and sources, so fewer rows.
 * Each event touches about two keys (its report, and its unit's dispatch, acceptance and closure).
 */
function rowsPerStreetPeriod(keys: number, events: number): number {
  return Math.max(1, Math.round(keys * (1 - (1 - 1 / keys) ** (2 * events))));
}

/** Records each cell that is one figure (`26.9 ms`, `995,095`, `494 MB`) for the JSON results, per scale. */
function recordCells(label: string, cells: readonly string[]): void {
  cells.forEach((cell, index) => {
    const figure = /^([\d,]+(?:\.\d+)?)(?: (\S+))?$/.exec(cell);
    if (figure)
      record(
        'indicators',
        `${label}, ${format(SCALES[index]!)} events`,
        Number(figure[1]!.replaceAll(',', '')),
        figure[2] ?? '',
        'embedded',
      );
  });
}

async function median(task: () => Promise<unknown>): Promise<number> {
  await task();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

/** Streets of the city with their district, their own offices and their district's departments. */
async function prepareStreets(db: Executor): Promise<number> {
  await sql`create table bench_streets as
    select row_number() over (order by s.code) - 1 as idx, s.code, s.parent_code as district_code,
      array(select d.code from departments d where d.area_code = s.code order by d.code) as offices,
      array(select d.code from departments d where d.area_code = s.parent_code and d.kind = 'district_department'
        order by d.code) as departments
    from areas s where s.level = 'street'`.execute(db);
  await sql`create table bench_classes as
    select row_number() over (order by code) - 1 as idx, code from catalogue_classes`.execute(db);
  const row = await sql<{ count: number }>`select count(*)::int as count from bench_streets`.execute(db);
  return row.rows[0]!.count;
}

/**
 * The keys a street has, numbered: 21 classes × 6 sources, once as a report (unit '') and once as the work of
 * the unit handling it (a district department for every third class, the street's own office for the rest).
 */
async function prepareKeys(db: Executor, classes: number): Promise<number> {
  const keys = classes * EVENT_SOURCES.length * 2;
  const sources = sql.raw(`array[${EVENT_SOURCES.map((source) => `'${source}'`).join(',')}]`);
  await sql`create table bench_keys as
    select g as combo, c.idx as class_idx, c.code as class_code,
      (${sources})[1 + (g % ${keys / 2}) % 6] as source,
      g >= ${keys / 2} as unit,
      array_fill(0, array[17 + g % 8]) as accept_zeros,
      array_fill(0, array[35 + g % 6]) as finish_zeros
    from generate_series(0, ${keys - 1}) g
    join bench_classes c on c.idx = (g % ${keys / 2}) / 6`.execute(db);
  return keys;
}

/**
 * Writes the rows of one grain in SQL (generate_series), not through the API: `perStreet` distinct keys per
 * street and period, about half of them reports (unit '') and half a unit's work with plausible counts, sums
 * and one-bucket histograms (accept around 2 hours, finish around 3 days).
 */
async function writeGrain(
  db: Executor,
  grain: 'day' | 'month' | 'year',
  periods: string,
  perStreet: number,
  eventsPerRow: number,
  keys: number,
): Promise<void> {
  await sql`
    insert into rollups (grain, period_start, district_code, street_code, catalogue_class, source, unit_kind,
      unit_code, reported, withdrawn, assigned, returned, accepted, handled, reworked, closed, closed_on_time,
      rated, satisfied, basically_satisfied, overdue, whistles, second_whistles, accept_ms_sum, finish_ms_sum,
      accept_histogram, finish_histogram)
    select ${grain}, r.start, r.district_code, r.code, k.class_code, k.source,
      case when not k.unit then '' when k.class_idx % 3 = 0 then 'district_department' else 'street_office' end,
      case when not k.unit then ''
        when k.class_idx % 3 = 0 then r.departments[1 + k.class_idx % cardinality(r.departments)]
        else r.offices[1 + k.class_idx % cardinality(r.offices)] end,
      case when k.unit then 0 else r.events end,
      case when k.unit then 0 else r.events / 50 end,
      case when k.unit then r.events else 0 end,
      case when k.unit then r.events / 40 else 0 end,
      case when k.unit then r.events else 0 end,
      case when k.unit then r.events else 0 end,
      case when k.unit then r.events / 30 else 0 end,
      case when k.unit then r.events - r.events / 30 else 0 end,
      case when k.unit then (r.events - r.events / 30) * 9 / 10 else 0 end,
      case when k.unit then r.events * 6 / 10 else 0 end,
      case when k.unit then r.events * 5 / 10 else 0 end,
      case when k.unit then r.events / 10 else 0 end,
      case when k.unit then r.events / 20 else 0 end,
      case when k.unit then r.events / 100 else 0 end,
      0,
      case when k.unit then r.events::bigint * 7200000 else 0 end,
      case when k.unit then r.events::bigint * 259200000 else 0 end,
      case when k.unit then k.accept_zeros || r.events else '{}' end,
      case when k.unit then k.finish_zeros || r.events else '{}' end
    from (
      select p.start, s.code, s.district_code, s.offices, s.departments,
        ((i * 5 + s.idx * 7919 + (p.start - date '2024-01-01') * 104729) % ${keys})::int as combo,
        greatest(1, round(${eventsPerRow} * (0.5 + ((i * 37 + s.idx) % 100) / 100.0)))::int as events
      from (${sql.raw(periods)}) as p(start)
      cross join bench_streets s
      cross join generate_series(0, ${perStreet - 1}) as i
    ) as r
    join bench_keys k on k.combo = r.combo
  `.execute(db);
}

/**
 * The indicator queries against rollups the size that one and ten million events over three years leave in
 * the city demo (10 districts, 100 streets): a district's streets for a month, its departments for a year,
 * a ranking, a week; and the same over the whole city. Rows are written in SQL, not by recording events.
 */
export async function benchIndicators(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'huying-bench-indicators-'));
  const store = await openEmbeddedStore({ dataDir });
  const lines: Record<string, string[]> = {};
  const add = (label: string, value: string) => {
    lines[label] = [...(lines[label] ?? []), value];
  };
  try {
    await migrateToLatest(store.db);
    await installDefaultCatalogue(store.db);
    const loadStarted = performance.now();
    await loadDemoDistrict(store.db, 'city');
    const loadMs = performance.now() - loadStarted;
    const streets = await prepareStreets(store.db);
    const classes = Number(
      (await sql<{ count: number }>`select count(*)::int as count from bench_classes`.execute(store.db))
        .rows[0]!.count,
    );
    const keys = await prepareKeys(store.db, classes);
    const district: FigureSight = { districtCode: DISTRICT, streetCode: null, unitCode: null };
    const city: FigureSight = { districtCode: null, streetCode: null, unitCode: null };
    const period = (kind: PeriodKind, anchor: string) => periodRange(kind, anchor)!;

    for (const events of SCALES) {
      await sql`truncate rollups`.execute(store.db);
      const started = performance.now();
      const grains = [
        [
          'year',
          YEARS,
          `select (date '2024-01-01' + make_interval(years => g))::date from generate_series(0, 2) g`,
        ],
        [
          'month',
          MONTHS,
          `select (date '2024-01-01' + make_interval(months => g))::date from generate_series(0, ${MONTHS - 1}) g`,
        ],
        ['day', DAYS, `select date '2026-12-31' - g from generate_series(0, ${DAILY_DAYS - 1}) g`],
      ] as const;
      const stored: string[] = [];
      for (const [grain, periods, periodSql] of grains) {
        const perStreetPeriod = events / streets / periods;
        const perStreet = rowsPerStreetPeriod(keys, perStreetPeriod);
        // Report rows hold the reports, unit rows the cases: each holds its half's events over its half's rows.
        await writeGrain(store.db, grain, periodSql, perStreet, perStreetPeriod / (perStreet / 2), keys);
        const full = grain === 'day' ? perStreet * streets * DAYS : perStreet * streets * periods;
        stored.push(
          `${grain}: ${format(perStreet * streets * (grain === 'day' ? DAILY_DAYS : periods))}` +
            (grain === 'day' ? ` (last ${DAILY_DAYS} days; ${format(full)} for all ${DAYS})` : ''),
        );
      }
      await sql`analyze rollups`.execute(store.db);
      const writeMs = performance.now() - started;
      const represented = await sql<{ reported: number }>`
        select sum(reported)::bigint as reported from rollups where grain = 'year'`.execute(store.db);
      add(
        'events represented (sum of reports in yearly rows)',
        format(Number(represented.rows[0]!.reported)),
      );
      add('rollup rows written', stored.join('; '));
      add('writing them (SQL generate_series) + analyze', `${format(writeMs / 1000)} s`);

      const month = period('month', '2026-11-15');
      const year = period('year', '2026-11-15');
      const week = period('week', '2026-12-10');
      for (const [label, sight] of [
        ['one district (10 streets)', district],
        ['the whole city', city],
      ] as const) {
        add(
          `GET indicators: ${label}, by street, one month`,
          `${(await median(() => indicatorTable(store.db, sight, month, 'street'))).toFixed(1)} ms`,
        );
        add(
          `GET indicators: ${label}, by department, one year`,
          `${(await median(() => indicatorTable(store.db, sight, year, 'department'))).toFixed(1)} ms`,
        );
        add(
          `GET rankings: ${label}, departments by on-time rate, one month`,
          `${(await median(() => rankingTable(store.db, sight, month, 'departments', 'onTimeRate'))).toFixed(1)} ms`,
        );
        add(
          `GET indicators: ${label}, by street, one week (daily rows)`,
          `${(await median(() => indicatorTable(store.db, sight, week, 'street'))).toFixed(1)} ms`,
        );
      }
      const size = await sql<{
        size: string;
      }>`select pg_size_pretty(pg_total_relation_size('rollups')) as size`.execute(store.db);
      add('rollups table on disk', size.rows[0]!.size);
    }
    console.log(
      `| indicators from rollups (embedded store, city demo: ${streets} streets, loaded in ${format(loadMs / 1000)} s; median of ${RUNS}) | ${SCALES.map((n) => `${format(n)} events, 3 years`).join(' | ')} |`,
    );
    console.log(`|---|${SCALES.map(() => '---').join('|')}|`);
    for (const [label, values] of Object.entries(lines)) {
      console.log(`| ${label} | ${values.join(' | ')} |`);
      recordCells(label, values);
    }
    console.log(
      '\nRollup rows are synthetic, written in SQL (generate_series) as the facts of that many events would leave ' +
        'them when spread evenly over 21 classes × 6 sources per street (the pessimistic case), not by recording ' +
        'events through the API. Month and year queries read only monthly and yearly rows; daily rows exist for ' +
        `the last ${DAILY_DAYS} days only, which holds every row the timed week reads.`,
    );
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
