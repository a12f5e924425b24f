import { sql } from 'kysely';
import type { EventState } from '../../domain/events.ts';
import type { EventLogTip } from './event-log.ts';
import { belowPathPattern, type Executor } from './executor.ts';

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

export async function insertEventRow(
  trx: Executor,
  state: EventState,
  tip: EventLogTip,
  extra: { trackingCode: string; catalogueItem: unknown },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('events')
    .values({
      id: state.id,
      tracking_code: extra.trackingCode,
      catalogue_item: JSON.stringify(extra.catalogueItem),
      ...columnsOf(state, tip, now),
    })
    .execute();
}

export async function updateEventRow(
  trx: Executor,
  state: EventState,
  tip: EventLogTip,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('events')
    .set(columnsOf(state, tip, now))
    .where('id', '=', state.id)
    .execute();
}

/** Locks the event's row for the rest of the transaction: commands on one event run one after another. */
export async function lockEvent(trx: Executor, id: string): Promise<EventLogTip | undefined> {
  const row = await trx
    .selectFrom('events')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? { seq: row.last_seq, hash: row.last_hash } : undefined;
}

export interface EventRow {
  id: string;
  tracking_code: string;
  catalogue_item: unknown;
  snapshot: unknown;
  updated_at: Date;
}

export async function findEventRow(db: Executor, id: string): Promise<EventRow | undefined> {
  return db
    .selectFrom('events')
    .select(['id', 'tracking_code', 'catalogue_item', 'snapshot', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
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

export interface EventListFilter {
  /** What the person sees: their area subtree, their department's cases, their own reports. */
  sight: { areaPath: string | null; departmentCode: string | null; userId: number };
  states?: readonly string[];
  /** Only events inside this area's subtree. */
  withinAreaPath?: string;
  catalogueItemCode?: string;
  source?: string;
  departmentCode?: string;
  reportedFrom?: Date;
  reportedTo?: Date;
  /** Cursor: the (reported_at, id) of the last row of the previous page. */
  before?: { reportedAt: Date; id: string };
  limit: number;
}

export async function listEventRows(db: Executor, filter: EventListFilter): Promise<EventRow[]> {
  const { sight } = filter;
  let query = db
    .selectFrom('events')
    .select(['id', 'tracking_code', 'catalogue_item', 'snapshot', 'updated_at', 'reported_at'])
    .where((eb) =>
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
  if (filter.states?.length) query = query.where('state', 'in', [...filter.states] as never);
  if (filter.withinAreaPath) {
    const path = filter.withinAreaPath;
    query = query.where((eb) =>
      eb.or([eb('area_path', '=', path), eb('area_path', 'like', belowPathPattern(path))]),
    );
  }
  if (filter.catalogueItemCode) query = query.where('catalogue_item_code', '=', filter.catalogueItemCode);
  if (filter.source) query = query.where('source', '=', filter.source as never);
  if (filter.departmentCode) {
    const code = filter.departmentCode;
    query = query.where((eb) =>
      eb.or([eb('lead_code', '=', code), eb(sql.val(code), '=', eb.fn.any('assisting_codes'))]),
    );
  }
  if (filter.reportedFrom) query = query.where('reported_at', '>=', filter.reportedFrom);
  if (filter.reportedTo) query = query.where('reported_at', '<', filter.reportedTo);
  if (filter.before) {
    const { reportedAt, id } = filter.before;
    query = query.where((eb) =>
      eb.or([
        eb('reported_at', '<', reportedAt),
        eb.and([eb('reported_at', '=', reportedAt), eb('id', '<', id)]),
      ]),
    );
  }
  return query.orderBy('reported_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
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
  return db
    .selectFrom('events')
    .select(['id', 'tracking_code', 'catalogue_item', 'snapshot', 'updated_at'])
    .where('catalogue_item_code', '=', filter.catalogueItemCode)
    .where('state', 'not in', ['closed', 'cancelled', 'merged'])
    .where('reported_at', '>=', filter.from)
    .where('reported_at', '<=', filter.to)
    .where('lng', '>=', filter.box.minLng)
    .where('lng', '<=', filter.box.maxLng)
    .where('lat', '>=', filter.box.minLat)
    .where('lat', '<=', filter.box.maxLat)
    .limit(100)
    .execute();
}

/** Open events in a person's sight, newest first: the pool their to-do is chosen from. */
export async function listOpenEventRowsInSight(
  db: Executor,
  sight: EventListFilter['sight'],
  limit: number,
): Promise<EventRow[]> {
  return listEventRows(db, {
    sight,
    states: ['reported', 'dispatched', 'accepted', 'handled', 'verified', 'rated'],
    limit,
  });
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
