import { type SelectQueryBuilder, sql } from 'kysely';
import type { CatalogueItem } from '../../domain/catalogue.ts';
import type { EventSight } from '../../domain/event-sight.ts';
import { ENDED_STATES, type EventState, type EventStateName, OPEN_STATES } from '../../domain/events.ts';
import type { Database } from '../schema.ts';
import type { EventLogTip } from './event-log.ts';
import { belowPathPattern, type Executor, type Write, writesInBatches } from './executor.ts';

function columnsOf(state: EventState, tip: EventLogTip, now: Date) {
  return {
    state: state.state,
    level: state.level,
    source: state.source,
    catalogue_item_code: state.catalogueItemCode,
    description: state.description,
    area_code: state.areaCode,
    area_path: state.areaPath,
    lng: state.location?.lng ?? null,
    lat: state.location?.lat ?? null,
    address: state.address,
    reporter_user_id: state.reporterUserId,
    follower_user_ids: [
      ...(state.reporterUserId === null ? [] : [state.reporterUserId]),
      ...state.mergedReporterUserIds,
    ],
    lead_code: state.lead?.code ?? null,
    assisting_codes: state.assisting.map((unit) => unit.code),
    whistle: state.whistle,
    rework_count: state.reworkCount,
    rating: state.rating,
    reported_at: state.reportedAt,
    closed_at: state.closedAt,
    merged_into: state.mergedInto,
    last_seq: tip.seq,
    last_hash: tip.hash,
    snapshot: JSON.stringify(state),
    updated_at: now,
  };
}

export interface DeadlineColumns {
  deadline_step: 'accept' | 'handle' | 'verify' | null;
  deadline_started_at: Date | null;
  warn_at: Date | null;
  due_at: Date | null;
  warned_at: Date | null;
  passed_at: Date | null;
}

/** An event's read row as its facts leave it: the state's copy, its chain's tip and its running deadline. */
export interface EventRowToWrite {
  state: EventState;
  tip: EventLogTip;
  trackingCode: string;
  /** The item as filed: copied onto the event, so a later edit of the catalogue never alters an open event. */
  catalogueItem: CatalogueItem;
  deadline: DeadlineColumns;
}

/**
 * Writes the read rows of events, new or known, in the caller's transaction: the rows of events whose facts
 * were just appended to the log.
 */
export function eventRowWrites(trx: Executor, rows: readonly EventRowToWrite[], now: Date): Write[] {
  if (rows.length === 0) return [];
  const values = rows.map((row) => ({
    id: row.state.id,
    tracking_code: row.trackingCode,
    catalogue_item: JSON.stringify(row.catalogueItem),
    ...columnsOf(row.state, row.tip, now),
    ...row.deadline,
  }));
  const columns = Object.keys(values[0]!) as (keyof (typeof values)[number])[];
  const changing = columns.filter(
    (column) => column !== 'id' && column !== 'tracking_code' && column !== 'catalogue_item',
  );
  return writesInBatches(values, columns.length, (batch) =>
    trx
      .insertInto('events')
      .values(batch)
      .onConflict((conflict) =>
        conflict
          .column('id')
          .doUpdateSet(Object.fromEntries(changing.map((column) => [column, sql.ref(`excluded.${column}`)]))),
      ),
  );
}

/** A known event as its row holds it for a command: its chain's tip, the item as filed, its tracking code. */
export interface LockedEvent {
  id: string;
  tip: EventLogTip;
  catalogueItem: CatalogueItem;
  trackingCode: string;
}

/**
 * Locks events' rows for the rest of the transaction, in id order, so that two transactions locking the same
 * rows cannot wait on each other: commands on one event run one after another. With `skipLocked`, a row another
 * transaction holds is passed over instead of waited for.
 */
export async function lockEvents(
  trx: Executor,
  ids: readonly string[],
  options: { skipLocked?: boolean } = {},
): Promise<LockedEvent[]> {
  if (ids.length === 0) return [];
  const query = trx
    .selectFrom('events')
    .select(['id', 'last_seq', 'last_hash', 'catalogue_item', 'tracking_code'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate();
  const rows = await (options.skipLocked ? query.skipLocked() : query).execute();
  return rows.map((row) => ({
    id: row.id,
    tip: { seq: row.last_seq, hash: row.last_hash },
    catalogueItem: row.catalogue_item as CatalogueItem,
    trackingCode: row.tracking_code,
  }));
}

/** Corrects the running deadline on an event's row (the calendar changed since it was written). */
export async function setEventDeadline(trx: Executor, id: string, columns: DeadlineColumns): Promise<void> {
  await trx.updateTable('events').set(columns).where('id', '=', id).execute();
}

/**
 * Events whose warning or limit has come and is not yet recorded, soonest first: one statement, each half
 * served by its partial index, so a sweep that finds nothing costs one round trip.
 */
export async function dueDeadlineEventIds(db: Executor, now: Date, limit: number): Promise<string[]> {
  const passed = db
    .selectFrom('events')
    .select(['id', 'due_at as at'])
    .where('passed_at', 'is', null)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit);
  const warned = db
    .selectFrom('events')
    .select(['id', 'warn_at as at'])
    .where('warned_at', 'is', null)
    .where('passed_at', 'is', null)
    .where('warn_at', '<=', now)
    .orderBy('warn_at')
    .limit(limit);
  const rows = await db
    .selectFrom(passed.as('passed'))
    .selectAll()
    .unionAll(db.selectFrom(warned.as('warned')).selectAll())
    .execute();
  const soonest = new Map<string, number>();
  for (const row of rows) {
    const at = row.at?.getTime() ?? 0;
    soonest.set(row.id, Math.min(soonest.get(row.id) ?? at, at));
  }
  return [...soonest.entries()]
    .sort((a, b) => a[1] - b[1])
    .slice(0, limit)
    .map(([id]) => id);
}

export interface EventRow {
  id: string;
  tracking_code: string;
  catalogue_item: unknown;
  snapshot: unknown;
  updated_at: Date;
  deadline_step: 'accept' | 'handle' | 'verify' | null;
  warn_at: Date | null;
  due_at: Date | null;
}

const EVENT_ROW_COLUMNS = [
  'id',
  'tracking_code',
  'catalogue_item',
  'snapshot',
  'updated_at',
  'deadline_step',
  'warn_at',
  'due_at',
] as const;

export async function findEventRow(db: Executor, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').select(EVENT_ROW_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findEventIdByTrackingCode(
  db: Executor,
  trackingCode: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('events')
    .select('id')
    .where('tracking_code', '=', trackingCode)
    .executeTakeFirst();
  return row?.id;
}

export interface EventFilter {
  /** What the person sees: their area subtree, their department's cases, their own reports. */
  sight: EventSight;
  states?: readonly string[];
  /** Only events whose running step is past its limit (true), or not (false), at `now`. */
  overdue?: { now: Date; value: boolean };
  /** Only events inside this area's subtree. */
  withinAreaPath?: string;
  catalogueItemCode?: string;
  source?: string;
  departmentCode?: string;
  reportedFrom?: Date;
  reportedTo?: Date;
  /** Exactly this tracking code (a resident following their report). */
  trackingCode?: string;
}

export interface EventListFilter extends EventFilter {
  /** Cursor: the (reported_at, id) of the last row of the previous page. */
  before?: { reportedAt: Date; id: string };
  /** Oldest first instead of newest first; the cursor then means after, not before. */
  oldestFirst?: boolean;
  limit: number;
}

type EventQuery<O> = SelectQueryBuilder<Database, 'events', O>;

/** Events in a person's sight: their area subtree, their department's cases, the reports they follow. */
function whereInSight<O>(query: EventQuery<O>, sight: EventSight): EventQuery<O> {
  return query.where((eb) =>
    eb.or([
      ...(sight.areaPath
        ? [eb('area_path', '=', sight.areaPath), eb('area_path', 'like', belowPathPattern(sight.areaPath))]
        : []),
      ...(sight.departmentCode
        ? [
            eb('lead_code', '=', sight.departmentCode),
            eb(sql.val(sight.departmentCode), '=', eb.fn.any('assisting_codes')),
          ]
        : []),
      eb(sql.val(sight.userId), '=', eb.fn.any('follower_user_ids')),
    ]),
  );
}

/** Whether the running step of an event is past its limit at `now`: the red mark of lists, maps and counts. */
function isOverdue(now: Date) {
  return sql<boolean>`coalesce(due_at < ${now}, false)`;
}

/** The list's filters (sight first) as a WHERE clause: shared by the list, the map and the area counts. */
function whereFilter<O>(query: EventQuery<O>, filter: EventFilter): EventQuery<O> {
  let filtered = whereInSight(query, filter.sight);
  if (filter.states?.length) filtered = filtered.where('state', 'in', [...filter.states] as never);
  if (filter.withinAreaPath) {
    const path = filter.withinAreaPath;
    filtered = filtered.where((eb) =>
      eb.or([eb('area_path', '=', path), eb('area_path', 'like', belowPathPattern(path))]),
    );
  }
  if (filter.overdue) {
    const { now, value } = filter.overdue;
    // The same test as `isOverdue`, written so that the planner may use an index on due_at.
    filtered = value
      ? filtered.where('due_at', '<', now)
      : filtered.where((eb) => eb.or([eb('due_at', 'is', null), eb('due_at', '>=', now)]));
  }
  if (filter.trackingCode) filtered = filtered.where('tracking_code', '=', filter.trackingCode);
  if (filter.catalogueItemCode)
    filtered = filtered.where('catalogue_item_code', '=', filter.catalogueItemCode);
  if (filter.source) filtered = filtered.where('source', '=', filter.source as never);
  if (filter.departmentCode) {
    const code = filter.departmentCode;
    filtered = filtered.where((eb) =>
      eb.or([eb('lead_code', '=', code), eb(sql.val(code), '=', eb.fn.any('assisting_codes'))]),
    );
  }
  if (filter.reportedFrom) filtered = filtered.where('reported_at', '>=', filter.reportedFrom);
  if (filter.reportedTo) filtered = filtered.where('reported_at', '<', filter.reportedTo);
  return filtered;
}

export async function listEventRows(
  db: Executor,
  filter: EventListFilter,
): Promise<(EventRow & { reported_at: Date })[]> {
  let query = whereFilter(db.selectFrom('events').select([...EVENT_ROW_COLUMNS, 'reported_at']), filter);
  if (filter.before) {
    const { reportedAt, id } = filter.before;
    const past = filter.oldestFirst ? '>' : '<';
    query = query.where((eb) =>
      eb.or([
        eb('reported_at', past, reportedAt),
        eb.and([eb('reported_at', '=', reportedAt), eb('id', past, id)]),
      ]),
    );
  }
  const direction = filter.oldestFirst ? 'asc' : 'desc';
  return query.orderBy('reported_at', direction).orderBy('id', direction).limit(filter.limit).execute();
}

/** An event as the map draws it: a point with its state, its red mark and what it is about. */
export interface EventMapPoint {
  id: string;
  tracking_code: string;
  state: EventStateName;
  lng: number;
  lat: number;
  area_code: string | null;
  overdue: boolean;
  catalogue_item_name: string;
}

/** The newest `limit` located events matching the filter, in one query. */
export async function listEventMapPoints(
  db: Executor,
  filter: EventFilter,
  now: Date,
  limit: number,
): Promise<EventMapPoint[]> {
  const rows = await whereFilter(
    db
      .selectFrom('events')
      .select([
        'id',
        'tracking_code',
        'state',
        'lng',
        'lat',
        'area_code',
        isOverdue(now).as('overdue'),
        sql<string>`catalogue_item->>'name'`.as('catalogue_item_name'),
      ]),
    filter,
  )
    .where('lng', 'is not', null)
    .where('lat', 'is not', null)
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, lng: row.lng as number, lat: row.lat as number }));
}

/**
 * Open events in sight below `parentPath`, counted by the code at `depth` of their area path (1 is the root:
 * 2 a street, 3 a community, 4 a grid), with how many of them are overdue at `now`. One query.
 */
export async function countOpenEventsBelow(
  db: Executor,
  sight: EventSight,
  parentPath: string,
  depth: number,
  now: Date,
): Promise<Map<string, { open: number; overdue: number }>> {
  const rows = await whereFilter(
    db
      .selectFrom('events')
      .select([
        sql<string>`split_part(area_path, '/', ${sql.lit(depth)})`.as('code'),
        (eb) => eb.fn.countAll<number>().as('open'),
        sql<number>`count(*) filter (where ${isOverdue(now)})`.as('overdue'),
      ]),
    { sight, states: OPEN_STATES },
  )
    .where('area_path', 'like', belowPathPattern(parentPath))
    .groupBy(sql`split_part(area_path, '/', ${sql.lit(depth)})`)
    .execute();
  return new Map(rows.map((row) => [row.code, { open: Number(row.open), overdue: Number(row.overdue) }]));
}

/** Open events of one item whose point lies in a box and whose report falls in a time window. */
export async function findNearbyOpenEventRows(
  db: Executor,
  filter: {
    catalogueItemCode: string;
    box: { minLng: number; maxLng: number; minLat: number; maxLat: number };
    from: Date;
    to: Date;
  },
): Promise<EventRow[]> {
  return (
    db
      .selectFrom('events')
      .select(EVENT_ROW_COLUMNS)
      .where('catalogue_item_code', '=', filter.catalogueItemCode)
      // Written as the partial index `events_open_by_item` is, so that the planner may use it.
      .where('state', 'not in', [...ENDED_STATES])
      .where('reported_at', '>=', filter.from)
      .where('reported_at', '<=', filter.to)
      .where('lng', '>=', filter.box.minLng)
      .where('lng', '<=', filter.box.maxLng)
      .where('lat', '>=', filter.box.minLat)
      .where('lat', '<=', filter.box.maxLat)
      .orderBy('reported_at', 'desc')
      .limit(100)
      .execute()
  );
}

/**
 * The open events in a person's sight, oldest first, read a page at a time as the caller asks for more: the
 * pool their to-do is chosen from, so that the longest waiting case is never cut off.
 */
export async function* openEventRowsInSightOldestFirst(
  db: Executor,
  sight: EventSight,
  pageSize = 500,
): AsyncGenerator<EventRow & { reported_at: Date }> {
  let after: { reportedAt: Date; id: string } | undefined;
  for (;;) {
    const page = await listEventRows(db, {
      sight,
      states: OPEN_STATES,
      ...(after ? { before: after } : {}),
      oldestFirst: true,
      limit: pageSize,
    });
    yield* page;
    const last = page.at(-1);
    if (page.length < pageSize || !last) return;
    after = { reportedAt: last.reported_at, id: last.id };
  }
}

/** The read row's copy of the state, with its dates made dates again. */
export function stateOfRow(row: Pick<EventRow, 'snapshot'>): EventState {
  const snapshot = row.snapshot as EventState & { reportedAt: string; closedAt: string | null };
  return {
    ...snapshot,
    reportedAt: new Date(snapshot.reportedAt),
    closedAt: snapshot.closedAt === null ? null : new Date(snapshot.closedAt),
  };
}
