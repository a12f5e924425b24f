import { sql } from 'kysely';
import type { CatalogueItem, CatalogueKind } from '../../domain/catalogue.ts';
import type { EventStateName } from '../../domain/events.ts';
import type { EventFact } from '../../domain/lifecycle.ts';
import type { Open311Source } from '../../domain/open311.ts';
import type { Role } from '../../domain/roles.ts';
import type { Executor } from './executor.ts';

/** A client as administrators see it: never its key, only the key's first characters. */
export interface Open311ClientRow {
  id: number;
  name: string;
  source: Open311Source;
  user_id: number;
  key_hint: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const CLIENT_COLUMNS = [
  'id',
  'name',
  'source',
  'user_id',
  'key_hint',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const;

export async function insertOpen311Client(
  db: Executor,
  client: {
    name: string;
    source: Open311Source;
    userId: number;
    keyHash: string;
    keyHint: string;
    createdBy: number | null;
  },
): Promise<Open311ClientRow> {
  return db
    .insertInto('open311_clients')
    .values({
      name: client.name,
      source: client.source,
      user_id: client.userId,
      key_hash: client.keyHash,
      key_hint: client.keyHint,
      created_by: client.createdBy,
    })
    .returning(CLIENT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Every client, the working ones first, newest first. */
export async function listOpen311Clients(db: Executor): Promise<Open311ClientRow[]> {
  return db
    .selectFrom('open311_clients')
    .select(CLIENT_COLUMNS)
    .orderBy(sql`revoked_at is not null`)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes a working key; false if there is no such client or its key was revoked already. */
export async function revokeOpen311Client(db: Executor, id: number, by: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('open311_clients')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findOpen311Client(db: Executor, id: number): Promise<Open311ClientRow | undefined> {
  return db.selectFrom('open311_clients').select(CLIENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A working client by its key's hash, with what its account acts as. */
export interface KeyHolder {
  clientId: number;
  name: string;
  source: Open311Source;
  userId: number;
  roles: Role[];
  areaPath: string | null;
}

export async function findKeyHolder(db: Executor, keyHash: string): Promise<KeyHolder | undefined> {
  const row = await db
    .selectFrom('open311_clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('areas as a', 'a.code', 'u.area_code')
    .select(['c.id', 'c.name', 'c.source', 'c.user_id', 'u.roles', 'a.path'])
    .where('c.key_hash', '=', keyHash)
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
  return (
    row && {
      clientId: row.id,
      name: row.name,
      source: row.source,
      userId: row.user_id,
      roles: row.roles,
      areaPath: row.path,
    }
  );
}

/** Notes that a key was used; written at most once a minute per client. */
export async function touchOpen311Client(db: Executor, id: number, now: Date): Promise<void> {
  await db
    .updateTable('open311_clients')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]),
    )
    .execute();
}

/** Remembers what a request brought beyond its event; a retried request finds it written and keeps it. */
export async function linkOpen311Request(
  db: Executor,
  link: { eventId: string; clientId: number; mediaUrl: string | null },
): Promise<void> {
  await db
    .insertInto('open311_requests')
    .values({ event_id: link.eventId, client_id: link.clientId, media_url: link.mediaUrl })
    .onConflict((conflict) => conflict.column('event_id').doNothing())
    .execute();
}

/** An event filed through Open311, as GET requests presents it. */
export interface Open311RequestRow {
  id: string;
  tracking_code: string;
  state: EventStateName;
  catalogue_item: unknown;
  catalogue_item_code: string;
  description: string;
  address: string | null;
  area_code: string | null;
  lng: number | null;
  lat: number | null;
  reported_at: Date;
  updated_at: Date;
  deadline_step: 'accept' | 'handle' | 'verify' | null;
  due_at: Date | null;
  agency: string | null;
  agency_en: string | null;
  merged_into_code: string | null;
  media_url: string | null;
}

export interface Open311RequestFilter {
  trackingCodes?: readonly string[];
  serviceCodes?: readonly string[];
  states?: readonly EventStateName[];
  reportedFrom?: Date;
  reportedTo?: Date;
  limit: number;
  offset: number;
}

/**
 * Events filed by Open311 clients (and only those: what came in through the hotline, a grid worker or a
 * resident's own screen stays behind sign-in), newest first.
 */
export async function listOpen311Requests(
  db: Executor,
  filter: Open311RequestFilter,
): Promise<Open311RequestRow[]> {
  let query = db
    .selectFrom('events as e')
    .innerJoin('open311_clients as c', 'c.user_id', 'e.reporter_user_id')
    .leftJoin('open311_requests as r', 'r.event_id', 'e.id')
    .leftJoin('events as m', 'm.id', 'e.merged_into')
    .leftJoin('departments as d', 'd.code', 'e.lead_code')
    .leftJoin('areas as a', 'a.code', 'e.lead_code')
    .select([
      'e.id',
      'e.tracking_code',
      'e.state',
      'e.catalogue_item',
      'e.catalogue_item_code',
      'e.description',
      'e.address',
      'e.area_code',
      'e.lng',
      'e.lat',
      'e.reported_at',
      'e.updated_at',
      'e.deadline_step',
      'e.due_at',
      (eb) => eb.fn.coalesce('d.name', 'a.name').as('agency'),
      (eb) => eb.fn.coalesce('d.name_en', 'a.name').as('agency_en'),
      'm.tracking_code as merged_into_code',
      'r.media_url',
    ]);
  if (filter.trackingCodes) query = query.where('e.tracking_code', 'in', [...filter.trackingCodes]);
  if (filter.serviceCodes) query = query.where('e.catalogue_item_code', 'in', [...filter.serviceCodes]);
  if (filter.states) query = query.where('e.state', 'in', [...filter.states]);
  if (filter.reportedFrom) query = query.where('e.reported_at', '>=', filter.reportedFrom);
  if (filter.reportedTo) query = query.where('e.reported_at', '<=', filter.reportedTo);
  return query
    .orderBy('e.reported_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

/** The service request id (tracking code) of an Open311 request by its token (the event's id). */
export async function trackingCodeOfToken(db: Executor, token: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('events as e')
    .innerJoin('open311_clients as c', 'c.user_id', 'e.reporter_user_id')
    .select('e.tracking_code')
    .where('e.id', '=', token)
    .executeTakeFirst();
  return row?.tracking_code;
}

/** The fact types that may become public updates (see `publicUpdateOf`): the rest are never read here. */
const PUBLIC_FACT_TYPES = [
  'escalated',
  'overdue_escalated',
  'return_approved',
  'dispatched',
  'whistled',
  'accepted',
  'handled',
  'verification_failed',
  'rework_ordered',
  'solved_on_the_spot',
  'verified',
  'closed',
  'reopened',
  'cancelled',
  'merged',
] as const satisfies readonly EventFact['type'][];

/** The facts of these events that may be public, each event's in order. */
export async function publicFactsOfEvents(
  db: Executor,
  eventIds: readonly string[],
): Promise<Map<string, EventFact[]>> {
  const facts = new Map<string, EventFact[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return facts;
  const rows = await db
    .selectFrom('event_log')
    .select(['event_id', 'fact'])
    .where('event_id', 'in', [...eventIds])
    .where('fact_type', 'in', [...PUBLIC_FACT_TYPES])
    .orderBy('event_id')
    .orderBy('event_seq')
    .execute();
  for (const row of rows) facts.get(row.event_id)?.push(row.fact as EventFact);
  return facts;
}

/** One public step of an Open311 request, for FixMyStreet's GET servicerequestupdates. */
export interface Open311UpdateRow {
  tracking_code: string;
  event_seq: number;
  fact: EventFact;
  at: string;
  merged_into_code: string | null;
}

/**
 * The public steps of Open311 requests recorded in [from, to), oldest first. Only events changed since `from`
 * can hold one, and an index finds those among the clients' events.
 */
export async function open311UpdatesBetween(
  db: Executor,
  from: Date,
  to: Date,
  limit: number,
): Promise<Open311UpdateRow[]> {
  const rows = await db
    .selectFrom('event_log as l')
    .innerJoin('events as e', 'e.id', 'l.event_id')
    .innerJoin('open311_clients as c', 'c.user_id', 'e.reporter_user_id')
    .leftJoin('events as m', 'm.id', 'e.merged_into')
    .select(['e.tracking_code', 'l.event_seq', 'l.fact', 'l.at', 'm.tracking_code as merged_into_code'])
    .where('e.updated_at', '>=', from)
    .where('l.at', '>=', from.toISOString())
    .where('l.at', '<', to.toISOString())
    .where('l.fact_type', 'in', [...PUBLIC_FACT_TYPES])
    .orderBy('l.at')
    .orderBy('e.tracking_code')
    .orderBy('l.event_seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, fact: row.fact as EventFact }));
}

/** One of this client's own requests, by its service request id. */
export async function findClientRequest(
  db: Executor,
  clientUserId: number,
  trackingCode: string,
): Promise<{ id: string; state: EventStateName } | undefined> {
  return db
    .selectFrom('events')
    .select(['id', 'state'])
    .where('tracking_code', '=', trackingCode)
    .where('reporter_user_id', '=', clientUserId)
    .executeTakeFirst();
}

export async function findInboundUpdate(
  db: Executor,
  clientId: number,
  updateId: string,
): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('open311_inbound_updates')
    .select('id')
    .where('client_id', '=', clientId)
    .where('update_id', '=', updateId)
    .executeTakeFirst();
}

/** Keeps an update a client sent; the same update sent again keeps the first (null here, then find it). */
export async function insertInboundUpdate(
  db: Executor,
  update: {
    clientId: number;
    updateId: string;
    eventId: string;
    status: string;
    description: string;
    updatedAt: Date;
    mediaUrl: string | null;
    withdrew: boolean;
  },
): Promise<number | null> {
  const row = await db
    .insertInto('open311_inbound_updates')
    .values({
      client_id: update.clientId,
      update_id: update.updateId,
      event_id: update.eventId,
      status: update.status,
      description: update.description,
      updated_at: update.updatedAt,
      media_url: update.mediaUrl,
      withdrew: update.withdrew,
    })
    .onConflict((conflict) => conflict.columns(['client_id', 'update_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** An item offered as an Open311 service, with the kind of its class (which decides its attributes). */
export interface Open311Service {
  item: CatalogueItem;
  kind: CatalogueKind;
  className: string;
  classNameEn: string;
}

function servicesQuery(db: Executor) {
  return db
    .selectFrom('catalogue_items as i')
    .innerJoin('catalogue_classes as k', 'k.code', 'i.class_code')
    .select(['i.definition', 'k.kind', 'k.name', 'k.name_en'])
    .where('i.active', '=', true);
}

function toService(row: { definition: CatalogueItem; kind: CatalogueKind; name: string; name_en: string }) {
  return { item: row.definition, kind: row.kind, className: row.name, classNameEn: row.name_en };
}

/** Every active catalogue item, by code: Open311's service list. */
export async function listOpen311Services(db: Executor): Promise<Open311Service[]> {
  return (await servicesQuery(db).orderBy('i.code').execute()).map(toService);
}

export async function findOpen311Service(db: Executor, code: string): Promise<Open311Service | undefined> {
  const row = await servicesQuery(db).where('i.code', '=', code).executeTakeFirst();
  return row && toService(row);
}
