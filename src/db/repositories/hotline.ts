import { sql } from 'kysely';
import type { StepLimit } from '../../domain/catalogue.ts';
import type { HotlineCallback, HotlineUrgency, UrgencyLimits, WorkOrder } from '../../domain/hotline.ts';
import type { Notice } from '../../domain/notices.ts';
import type { Role } from '../../domain/roles.ts';
import type { HotlineSourceRow } from '../schema-hotline.ts';
import type { Executor } from './executor.ts';

export async function insertHotlineSource(
  db: Executor,
  source: {
    code: string;
    name: string;
    userId: number;
    tokenHash: string;
    tokenHint: string;
    signingSecret: string;
    callbackUrl: string | null;
    urgencyLimits: UrgencyLimits;
    createdBy: number | null;
  },
): Promise<HotlineSourceRow> {
  return db
    .insertInto('hotline_sources')
    .values({
      code: source.code,
      name: source.name,
      user_id: source.userId,
      token_hash: source.tokenHash,
      token_hint: source.tokenHint,
      signing_secret: source.signingSecret,
      callback_url: source.callbackUrl,
      urgency_limits: JSON.stringify(source.urgencyLimits),
      created_by: source.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listHotlineSources(db: Executor): Promise<HotlineSourceRow[]> {
  return db.selectFrom('hotline_sources').selectAll().orderBy('id').execute();
}

export async function findHotlineSource(db: Executor, id: number): Promise<HotlineSourceRow | undefined> {
  return db.selectFrom('hotline_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function codeTaken(db: Executor, code: string): Promise<boolean> {
  const row = await db.selectFrom('hotline_sources').select('id').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

/** What an administrator may change of a source without new credentials. */
export async function updateHotlineSource(
  db: Executor,
  id: number,
  change: { name?: string; callbackUrl?: string | null; urgencyLimits?: UrgencyLimits },
): Promise<void> {
  await db
    .updateTable('hotline_sources')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.callbackUrl !== undefined ? { callback_url: change.callbackUrl } : {}),
      ...(change.urgencyLimits !== undefined ? { urgency_limits: JSON.stringify(change.urgencyLimits) } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** New token and secret for a working source: the old ones stop at once. */
export async function replaceHotlineCredentials(
  db: Executor,
  id: number,
  credentials: { tokenHash: string; tokenHint: string; signingSecret: string },
): Promise<boolean> {
  const result = await db
    .updateTable('hotline_sources')
    .set({
      token_hash: credentials.tokenHash,
      token_hint: credentials.tokenHint,
      signing_secret: credentials.signingSecret,
    })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeHotlineSource(db: Executor, id: number, by: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('hotline_sources')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A working source by its path code, with its token's hash, its secret and what its account acts as. */
export interface SourceHolder {
  sourceId: number;
  code: string;
  name: string;
  tokenHash: string;
  signingSecret: string;
  urgencyLimits: UrgencyLimits;
  userId: number;
  roles: Role[];
  areaPath: string | null;
  areaCode: string | null;
}

export async function findSourceHolder(db: Executor, code: string): Promise<SourceHolder | undefined> {
  const row = await db
    .selectFrom('hotline_sources as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      's.id',
      's.code',
      's.name',
      's.token_hash',
      's.signing_secret',
      's.urgency_limits',
      's.user_id',
      'u.roles',
      'u.area_code',
      'a.path',
    ])
    .where('s.code', '=', code)
    .where('s.revoked_at', 'is', null)
    .executeTakeFirst();
  return (
    row && {
      sourceId: row.id,
      code: row.code,
      name: row.name,
      tokenHash: row.token_hash,
      signingSecret: row.signing_secret,
      urgencyLimits: row.urgency_limits,
      userId: row.user_id,
      roles: row.roles,
      areaPath: row.path,
      areaCode: row.area_code,
    }
  );
}

/** Notes that a source called; written at most once a minute per source. */
export async function touchHotlineSource(db: Executor, id: number, now: Date): Promise<void> {
  await db
    .updateTable('hotline_sources')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]),
    )
    .execute();
}

/** An order as stored, with the state of its event. */
export interface StoredOrderRow {
  eventId: string;
  trackingCode: string;
  state: string;
  requestType: string;
  urgency: HotlineUrgency;
  callerName: string | null;
  callerPhone: string | null;
  address: string | null;
  content: string;
  dueAt: Date | null;
  revision: number;
}

export async function findOrder(
  db: Executor,
  sourceId: number,
  orderNo: string,
): Promise<StoredOrderRow | undefined> {
  const row = await db
    .selectFrom('hotline_orders as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select([
      'o.event_id',
      'e.tracking_code',
      'e.state',
      'o.request_type',
      'o.urgency',
      'o.caller_name',
      'o.caller_phone',
      'o.address',
      'o.content',
      'o.due_at',
      'o.revision',
    ])
    .where('o.source_id', '=', sourceId)
    .where('o.order_no', '=', orderNo)
    .executeTakeFirst();
  return (
    row && {
      eventId: row.event_id,
      trackingCode: row.tracking_code,
      state: row.state,
      requestType: row.request_type,
      urgency: row.urgency,
      callerName: row.caller_name,
      callerPhone: row.caller_phone,
      address: row.address,
      content: row.content,
      dueAt: row.due_at,
      revision: row.revision,
    }
  );
}

/**
 * Writes an order as last sent: a new one, or the same order number's row brought up to date (its revision
 * counts the changes). A retry of a crashed first call finds the row absent and writes it then.
 */
export async function saveOrder(
  db: Executor,
  row: { eventId: string; sourceId: number; order: WorkOrder; changed: boolean },
  now: Date,
): Promise<void> {
  const { order } = row;
  const values = {
    request_type: order.requestType,
    urgency: order.urgency,
    caller_name: order.callerName,
    caller_phone: order.callerPhone,
    address: order.address,
    content: order.content,
    due_at: order.dueAt,
    updated_at: now,
  };
  await db
    .insertInto('hotline_orders')
    .values({
      ...values,
      event_id: row.eventId,
      source_id: row.sourceId,
      order_no: order.orderNo,
      received_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['source_id', 'order_no'])
        .doUpdateSet(
          row.changed
            ? { ...values, revision: sql<number>`hotline_orders.revision + 1` }
            : { updated_at: sql<Date>`hotline_orders.updated_at` },
        ),
    )
    .execute();
}

/**
 * Sets the limits of a case still waiting for triage to those of its order's urgency. The event's copy of its
 * catalogue item holds the limits every step runs on; no step runs before the dispatch, so no deadline moves.
 */
export async function setLimitsOfUntriagedEvent(
  db: Executor,
  eventId: string,
  limits: Record<string, StepLimit>,
): Promise<void> {
  await db
    .updateTable('events')
    .set({ catalogue_item: sql`jsonb_set(catalogue_item, '{limits}', ${JSON.stringify(limits)}::jsonb)` })
    .where('id', '=', eventId)
    .where('state', '=', 'reported')
    .execute();
}

/** Keeps an urge once by its id; answers whether it is new. */
export async function insertUrge(
  db: Executor,
  urge: { sourceId: number; urgeId: string; eventId: string; content: string },
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('hotline_urges')
    .values({
      source_id: urge.sourceId,
      urge_id: urge.urgeId,
      event_id: urge.eventId,
      content: urge.content,
      received_at: now,
    })
    .onConflict((oc) => oc.columns(['source_id', 'urge_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function forgetUrge(db: Executor, sourceId: number, urgeId: string): Promise<void> {
  await db
    .deleteFrom('hotline_urges')
    .where('source_id', '=', sourceId)
    .where('urge_id', '=', urgeId)
    .execute();
}

/** Of these events, the ones whose order came from a working source with a callback URL, and that source. */
export async function callbackSourcesOfEvents(
  db: Executor,
  eventIds: readonly string[],
): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('hotline_orders as o')
    .innerJoin('hotline_sources as s', 's.id', 'o.source_id')
    .select(['o.event_id', 'o.source_id'])
    .where('o.event_id', 'in', [...new Set(eventIds)])
    .where('s.callback_url', 'is not', null)
    .where('s.revoked_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.event_id, row.source_id]));
}

/** Where a callback goes, read when it is sent: a changed URL or a revoked source holds at once. */
export interface CallbackEndpoint {
  url: string | null;
  secret: string;
  active: boolean;
  sourceCode: string;
  orderNo: string;
  trackingCode: string;
}

export async function findCallbackEndpoint(
  db: Executor,
  sourceId: number,
  eventId: string,
): Promise<CallbackEndpoint | undefined> {
  const row = await db
    .selectFrom('hotline_orders as o')
    .innerJoin('hotline_sources as s', 's.id', 'o.source_id')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select(['s.callback_url', 's.signing_secret', 's.revoked_at', 's.code', 'o.order_no', 'e.tracking_code'])
    .where('o.source_id', '=', sourceId)
    .where('o.event_id', '=', eventId)
    .executeTakeFirst();
  return (
    row && {
      url: row.callback_url,
      secret: row.signing_secret,
      active: row.revoked_at === null,
      sourceCode: row.code,
      orderNo: row.order_no,
      trackingCode: row.tracking_code,
    }
  );
}

/** A callback in the outbox, as administrators see it. */
export interface CallbackRow {
  id: number;
  sourceId: number;
  orderNo: string | null;
  callback: HotlineCallback | null;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
}

/** A source's callbacks, newest first: all, or only those that failed for good. */
export async function listCallbacks(
  db: Executor,
  sourceId: number,
  options: { failedOnly: boolean; limit: number },
): Promise<CallbackRow[]> {
  let query = db
    .selectFrom('outbox as x')
    .leftJoin('hotline_orders as o', (join) =>
      join.on(
        sql<boolean>`o.event_id = (x.target->>'eventId')::uuid and o.source_id = (x.target->>'sourceId')::bigint`,
      ),
    )
    .select([
      'x.id',
      'x.notice',
      'x.attempts',
      'x.created_at',
      'x.delivered_at',
      'x.failed_at',
      'x.last_error',
      'o.order_no',
    ])
    .where('x.channel', '=', 'hotline')
    .where(sql<boolean>`(x.target->>'sourceId')::bigint = ${sourceId}`);
  if (options.failedOnly) query = query.where('x.failed_at', 'is not', null);
  const rows = await query.orderBy('x.id', 'desc').limit(options.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    sourceId,
    orderNo: row.order_no,
    callback: (row.notice as Notice).callback ?? null,
    attempts: row.attempts,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
  }));
}

/** Sends a failed callback again: due now, with its attempts kept. */
export async function retryFailedCallback(
  db: Executor,
  sourceId: number,
  id: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ failed_at: null, available_at: now, lease_until: null })
    .where('id', '=', id)
    .where('channel', '=', 'hotline')
    .where('failed_at', 'is not', null)
    .where(sql<boolean>`(target->>'sourceId')::bigint = ${sourceId}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The counts the hotline's three rates are made of, per source (see `hotlineRates` in indicators.ts). */
export interface HotlineCounts {
  sourceId: number;
  orders: number;
  responded: number;
  finished: number;
  resolved: number;
  partlyResolved: number;
  rated: number;
  satisfied: number;
}

/**
 * Counts each source's orders received in [from, to): responded (a unit took it, it was solved on the spot,
 * or it was handed back with a reason), finished (closed or returned), resolved and partly resolved among the
 * closed (by the rating that stands, as the result callback says), rated and satisfied.
 */
export async function hotlineCounts(db: Executor, from: Date, to: Date): Promise<HotlineCounts[]> {
  const rows = await db
    .selectFrom('hotline_orders as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .select([
      'o.source_id',
      sql<number>`count(*)::int`.as('orders'),
      sql<number>`count(*) filter (where e.state not in ('reported','dispatched'))::int`.as('responded'),
      sql<number>`count(*) filter (where e.state in ('closed','cancelled'))::int`.as('finished'),
      sql<number>`count(*) filter (where e.state = 'closed' and (e.rating is null or e.rating = 'satisfied'))::int`.as(
        'resolved',
      ),
      sql<number>`count(*) filter (where e.state = 'closed' and e.rating = 'basically_satisfied')::int`.as(
        'partly_resolved',
      ),
      sql<number>`count(*) filter (where e.rating is not null)::int`.as('rated'),
      sql<number>`count(*) filter (where e.rating = 'satisfied')::int`.as('satisfied'),
    ])
    .where('o.received_at', '>=', from)
    .where('o.received_at', '<', to)
    .groupBy('o.source_id')
    .execute();
  return rows.map((row) => ({
    sourceId: row.source_id,
    orders: row.orders,
    responded: row.responded,
    finished: row.finished,
    resolved: row.resolved,
    partlyResolved: row.partly_resolved,
    rated: row.rated,
    satisfied: row.satisfied,
  }));
}

/** The order behind an event, for its page. */
export async function findOrderOfEvent(db: Executor, eventId: string) {
  return db
    .selectFrom('hotline_orders as o')
    .innerJoin('hotline_sources as s', 's.id', 'o.source_id')
    .select([
      's.name as source_name',
      's.code as source_code',
      'o.order_no',
      'o.request_type',
      'o.urgency',
      'o.caller_name',
      'o.caller_phone',
      'o.address',
      'o.due_at',
      'o.received_at',
      'o.revision',
      sql<number>`(select count(*)::int from hotline_urges u where u.event_id = o.event_id)`.as('urges'),
    ])
    .where('o.event_id', '=', eventId)
    .executeTakeFirst();
}
