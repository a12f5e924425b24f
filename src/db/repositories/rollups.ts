import { type Expression, type RawBuilder, sql } from 'kysely';
import type { EventSource } from '../../domain/events.ts';
import type { FigureSight } from '../../domain/indicators.ts';
import type { EventFact, LoggedFact } from '../../domain/lifecycle/facts.ts';
import {
  DURATION_BUCKETS,
  emptyTotals,
  type Grain,
  ROLLUP_COUNTERS,
  type RollupCounter,
  type RollupRow,
  rowIdentity,
  sumRowsByKey,
  type Totals,
  type UnitKind,
} from '../../domain/rollup.ts';
import { belowPathPattern, type Executor, inBatches, type Write, writesInBatches } from './executor.ts';

const KEY_COLUMNS = [
  'grain',
  'period_start',
  'district_code',
  'street_code',
  'catalogue_class',
  'source',
  'unit_kind',
  'unit_code',
] as const;

const SUM_COLUMNS = [...ROLLUP_COUNTERS, 'accept_ms_sum', 'finish_ms_sum'] as const;

/** Adds two stored histograms bucket by bucket; the shorter one reads as zeros past its end. */
function addedHistograms(column: 'accept_histogram' | 'finish_histogram'): RawBuilder<number[]> {
  return sql<number[]>`array(
    select coalesce(a, 0) + coalesce(b, 0)
    from unnest(${sql.ref(`rollups.${column}`)}, ${sql.ref(`excluded.${column}`)}) with ordinality as t(a, b, n)
    order by n
  )`;
}

function columnsOfRow(row: RollupRow) {
  return {
    grain: row.grain,
    period_start: row.periodStart,
    district_code: row.key.districtCode,
    street_code: row.key.streetCode,
    catalogue_class: row.key.catalogueClass,
    source: row.key.source,
    unit_kind: row.key.unitKind,
    unit_code: row.key.unitCode,
    ...Object.fromEntries(ROLLUP_COUNTERS.map((name) => [name, row.totals[name]])),
    accept_ms_sum: Math.round(row.totals.acceptMsSum),
    finish_ms_sum: Math.round(row.totals.finishMsSum),
    accept_histogram: row.totals.acceptHistogram,
    finish_histogram: row.totals.finishHistogram,
  } as never;
}

/**
 * Adds rows of figures to the stored ones, in the caller's transaction: a new key is inserted, a known one has
 * every counter and histogram bucket added to. Rows go in one fixed order, so two writers lock them alike.
 */
export async function addRollupRows(trx: Executor, rows: readonly RollupRow[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => (rowIdentity(a) < rowIdentity(b) ? -1 : 1));
  for (const batch of inBatches(sorted, 1000)) {
    await trx
      .insertInto('rollups')
      .values(batch.map(columnsOfRow))
      .onConflict((conflict) =>
        conflict.columns([...KEY_COLUMNS]).doUpdateSet({
          ...(Object.fromEntries(
            SUM_COLUMNS.map((name) => [
              name,
              sql`${sql.ref(`rollups.${name}`)} + ${sql.ref(`excluded.${name}`)}`,
            ]),
          ) as unknown as Record<(typeof SUM_COLUMNS)[number], Expression<number>>),
          accept_histogram: addedHistograms('accept_histogram'),
          finish_histogram: addedHistograms('finish_histogram'),
        }),
      )
      .execute();
  }
}

/**
 * Appends what facts add to the figures, in the facts' transaction. Insert only: no report waits on the row of
 * its street and day; the folding job adds the deltas into the rollups later.
 */
export function rollupDeltaWrites(trx: Executor, rows: readonly RollupRow[]): Write[] {
  const values = rows.map(columnsOfRow);
  if (values.length === 0) return [];
  return writesInBatches(values, Object.keys(values[0]!).length, (batch) =>
    trx.insertInto('rollup_deltas').values(batch),
  );
}

/** A stored row as `rowOfStored` reads it: the key (its date as text), the sums and the histograms. */
const ROW_COLUMNS = [
  ...KEY_COLUMNS.filter((column) => column !== 'period_start'),
  sql<string>`period_start::text`.as('start'),
  ...SUM_COLUMNS,
  'accept_histogram',
  'finish_histogram',
] as const;

type StoredRow = {
  grain: Grain;
  start: string;
  district_code: string;
  street_code: string;
  catalogue_class: string;
  source: string;
  unit_kind: UnitKind;
  unit_code: string;
  accept_histogram: number[];
  finish_histogram: number[];
} & Record<(typeof SUM_COLUMNS)[number], number | string>;

function rowOfStored(row: StoredRow): RollupRow {
  const totals = emptyTotals();
  for (const name of ROLLUP_COUNTERS) totals[name] = Number(row[name]);
  totals.acceptMsSum = Number(row.accept_ms_sum);
  totals.finishMsSum = Number(row.finish_ms_sum);
  totals.acceptHistogram = row.accept_histogram.map(Number);
  totals.finishHistogram = row.finish_histogram.map(Number);
  return {
    grain: row.grain,
    periodStart: row.start,
    key: {
      districtCode: row.district_code,
      streetCode: row.street_code,
      catalogueClass: row.catalogue_class,
      source: row.source as EventSource,
      unitKind: row.unit_kind,
      unitCode: row.unit_code,
    },
    totals,
  };
}

/**
 * Takes up to `limit` deltas off the table, oldest first, passing over those another folder holds, in the
 * caller's transaction: the caller adds them into the rollups before it commits, so a reader sees each delta
 * either as a delta or inside its rollup, never both and never neither.
 */
export async function takeRollupDeltas(trx: Executor, limit: number): Promise<RollupRow[]> {
  const taken = await trx
    .deleteFrom('rollup_deltas')
    .where('id', 'in', (eb) =>
      eb.selectFrom('rollup_deltas').select('id').orderBy('id').limit(limit).forUpdate().skipLocked(),
    )
    .returning(ROW_COLUMNS)
    .execute();
  return (taken as unknown as StoredRow[]).map(rowOfStored);
}

/**
 * Stops every write of figures until the transaction ends (a fact's transaction waits at its deltas, before it
 * can commit), then empties the figures and the deltas: the caller recounts them from the log, which then holds
 * exactly the facts whose deltas were emptied.
 */
export async function lockAndClearFigures(trx: Executor): Promise<void> {
  await sql`lock table rollup_deltas in exclusive mode`.execute(trx);
  await trx.deleteFrom('rollup_deltas').execute();
  await trx.deleteFrom('rollups').execute();
}

export interface EventToRecount {
  id: string;
  catalogueClassCode: string;
  log: LoggedFact[];
}

/** A page of events in id order with their whole logs, to count the figures again. */
export async function pageEventsWithLogs(
  db: Executor,
  afterId: string | null,
  limit: number,
): Promise<EventToRecount[]> {
  let query = db
    .selectFrom('events')
    .select(['id', sql<string>`coalesce(catalogue_item->>'classCode', '')`.as('class_code')])
    .orderBy('id')
    .limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  const events = await query.execute();
  if (events.length === 0) return [];
  const entries = await db
    .selectFrom('event_log')
    .select(['event_id', 'fact', 'at', 'actor_user_id'])
    .where(
      'event_id',
      'in',
      events.map((event) => event.id),
    )
    .orderBy('event_id')
    .orderBy('event_seq')
    .execute();
  const logs = new Map<string, LoggedFact[]>(events.map((event) => [event.id, []]));
  for (const entry of entries) {
    logs.get(entry.event_id)?.push({
      fact: entry.fact as EventFact,
      at: new Date(entry.at),
      actorUserId: entry.actor_user_id,
    });
  }
  return events.map((event) => ({
    id: event.id,
    catalogueClassCode: event.class_code,
    log: logs.get(event.id) ?? [],
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Reading.

export const ROLLUP_GROUPINGS = ['street', 'department', 'class', 'source', 'day', 'month', 'all'] as const;
export type RollupGrouping = (typeof ROLLUP_GROUPINGS)[number];

export interface RollupQuery {
  grain: Grain;
  /** [from, to) in China-time days, YYYY-MM-DD: the periods of the grain that start in it. */
  from: string;
  to: string;
  sight: FigureSight;
  groupBy: RollupGrouping;
}

export interface RollupGroup {
  /** The street, unit, class or source code, the day, the month (YYYY-MM), or '' for `all`. */
  code: string;
  /** For units: their kind; '' otherwise. */
  unitKind: UnitKind;
  totals: Totals;
}

const UNIT_KINDS_OF_DEPARTMENTS = ['district_department', 'street_office'] as const;

function groupExpression(groupBy: RollupGrouping): RawBuilder<string> {
  switch (groupBy) {
    case 'street':
      return sql<string>`street_code`;
    case 'department':
      return sql<string>`unit_code`;
    case 'class':
      return sql<string>`catalogue_class`;
    case 'source':
      return sql<string>`source`;
    case 'day':
      return sql<string>`period_start::text`;
    case 'month':
      return sql<string>`to_char(period_start, 'YYYY-MM')`;
    case 'all':
      return sql<string>`''`;
  }
}

/** The figures as readers see them: the rollups and the deltas not yet folded into them. */
const STORED = sql.join(
  [...KEY_COLUMNS, ...SUM_COLUMNS, 'accept_histogram', 'finish_histogram'].map((name) => sql.ref(name)),
);

const BUCKET_NUMBERS = DURATION_BUCKETS.map((_, index) => index + 1);

/**
 * The figures of a period summed by one grouping, within a sight: one row per street, unit, class, source, day
 * or month that has any. The work is proportional to the stored rows of the period's grain, never to the
 * history.
 */
export async function readRollupGroups(db: Executor, query: RollupQuery): Promise<RollupGroup[]> {
  const group = groupExpression(query.groupBy);
  const unitKind = query.groupBy === 'department' ? sql<string>`unit_kind` : sql<string>`''`;
  const sums = [
    ...SUM_COLUMNS.map((name) => sql`coalesce(sum(${sql.ref(name)}), 0)::bigint as ${sql.ref(name)}`),
    ...BUCKET_NUMBERS.map(
      (n) => sql`coalesce(sum(accept_histogram[${sql.lit(n)}]), 0)::bigint as ${sql.ref(`a${n}`)}`,
    ),
    ...BUCKET_NUMBERS.map(
      (n) => sql`coalesce(sum(finish_histogram[${sql.lit(n)}]), 0)::bigint as ${sql.ref(`f${n}`)}`,
    ),
  ];
  const conditions = [
    sql`grain = ${query.grain}`,
    sql`period_start >= ${query.from}::date`,
    sql`period_start < ${query.to}::date`,
    ...(query.sight.districtCode !== null ? [sql`district_code = ${query.sight.districtCode}`] : []),
    ...(query.sight.streetCode !== null ? [sql`street_code = ${query.sight.streetCode}`] : []),
    ...(query.sight.unitCode !== null
      ? [
          sql`unit_code = ${query.sight.unitCode}`,
          sql`unit_kind in (${sql.join(UNIT_KINDS_OF_DEPARTMENTS.map((kind) => sql.lit(kind)))})`,
        ]
      : []),
    ...(query.groupBy === 'department' ? [sql`unit_code <> ''`] : []),
  ];
  const result = await sql<Record<string, number | string>>`
    select ${group} as code, ${unitKind} as unit_kind, ${sql.join(sums)}
    from (select ${STORED} from rollups union all select ${STORED} from rollup_deltas) as r
    where ${sql.join(conditions, sql` and `)}
    group by 1, 2
    order by 1, 2`.execute(db);
  return result.rows.map((row) => ({
    code: String(row.code),
    unitKind: String(row.unit_kind) as UnitKind,
    totals: totalsOfRow(row),
  }));
}

function trimmed(histogram: number[]): number[] {
  while (histogram.length > 0 && histogram.at(-1) === 0) histogram.pop();
  return histogram;
}

function totalsOfRow(row: Record<string, number | string>): Totals {
  const totals = emptyTotals();
  for (const name of ROLLUP_COUNTERS) totals[name as RollupCounter] = Number(row[name]);
  totals.acceptMsSum = Number(row.accept_ms_sum);
  totals.finishMsSum = Number(row.finish_ms_sum);
  totals.acceptHistogram = trimmed(BUCKET_NUMBERS.map((n) => Number(row[`a${n}`])));
  totals.finishHistogram = trimmed(BUCKET_NUMBERS.map((n) => Number(row[`f${n}`])));
  return totals;
}

/** Every stored row with the deltas not yet folded into it, in key order: for checks that a recount matches. */
export async function readAllRollupRows(db: Executor): Promise<RollupRow[]> {
  const folded = await db.selectFrom('rollups').select(ROW_COLUMNS).execute();
  const pending = await db.selectFrom('rollup_deltas').select(ROW_COLUMNS).execute();
  return sumRowsByKey([...folded, ...pending].map((row) => rowOfStored(row as unknown as StoredRow)));
}

// ---------------------------------------------------------------------------------------------------------
// Names, and who should appear even with nothing counted.

export interface NamedCode {
  code: string;
  name: string;
  kind: UnitKind;
}

/** The streets of a district (or the one street of a sight narrowed to it), in code order. */
export async function streetsInSight(db: Executor, sight: FigureSight): Promise<NamedCode[]> {
  if (sight.unitCode !== null || sight.districtCode === null) return [];
  let query = db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('level', '=', 'street')
    .where('parent_code', '=', sight.districtCode);
  if (sight.streetCode !== null) query = query.where('code', '=', sight.streetCode);
  const rows = await query.orderBy('code').execute();
  return rows.map((row) => ({ ...row, kind: '' }));
}

/**
 * The departments and street offices whose figures a sight holds even when they counted nothing: a
 * district's own departments and its streets' offices, a street's offices, or the one unit itself.
 */
export async function unitsInSight(db: Executor, sight: FigureSight): Promise<NamedCode[]> {
  let query = db
    .selectFrom('departments as d')
    .innerJoin('areas as a', 'a.code', 'd.area_code')
    .select(['d.code', 'd.name', 'd.kind']);
  if (sight.unitCode !== null) {
    query = query.where('d.code', '=', sight.unitCode);
  } else if (sight.districtCode === null) {
    return [];
  } else {
    const path = sight.streetCode === null ? sight.districtCode : `${sight.districtCode}/${sight.streetCode}`;
    query = query.where((eb) =>
      eb.or([eb('a.path', '=', path), eb('a.path', 'like', belowPathPattern(path))]),
    );
  }
  const rows = await query.orderBy('d.code').execute();
  return rows.map((row) => ({ code: row.code, name: row.name, kind: row.kind }));
}

/** Names of streets (and other areas: communities acting as units), departments and catalogue classes. */
export async function namesOf(
  db: Executor,
  codes: { areas?: readonly string[]; departments?: readonly string[]; classes?: readonly string[] },
): Promise<{ areas: Map<string, string>; departments: Map<string, string>; classes: Map<string, string> }> {
  const lookup = async (
    table: 'areas' | 'departments' | 'catalogue_classes',
    wanted: readonly string[] | undefined,
  ): Promise<Map<string, string>> => {
    const unique = [...new Set(wanted ?? [])].filter((code) => code !== '');
    if (unique.length === 0) return new Map();
    const rows = await db.selectFrom(table).select(['code', 'name']).where('code', 'in', unique).execute();
    return new Map(rows.map((row) => [row.code, row.name]));
  };
  return {
    areas: await lookup('areas', codes.areas),
    departments: await lookup('departments', codes.departments),
    classes: await lookup('catalogue_classes', codes.classes),
  };
}

/** The name of a district (an area with no parent), if there is one by that code. */
export async function findDistrictName(db: Executor, code: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('areas')
    .select('name')
    .where('code', '=', code)
    .where('level', '=', 'district')
    .executeTakeFirst();
  return row?.name;
}
