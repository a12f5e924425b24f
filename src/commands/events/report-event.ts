import { randomUUID } from 'node:crypto';
import { findArea } from '../../db/repositories/areas.ts';
import { linkAttachments, ownAttachmentIds } from '../../db/repositories/attachments.ts';
import { findActiveCatalogueItem } from '../../db/repositories/catalogue.ts';
import { appendToLog } from '../../db/repositories/event-log.ts';
import { insertEventRow } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { findIdempotencyKey, insertIdempotencyKey } from '../../db/repositories/idempotency.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import { isGridLevel } from '../../domain/areas.ts';
import type { EventSource, GeoPoint } from '../../domain/events.ts';
import { decide, evolve, type Refusal } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { recordFigures } from '../figures/record-figures.ts';
import { enqueueNotices, noticesForFacts } from '../notices/enqueue-notices.ts';
import { newTrackingCode } from './tracking-code.ts';

export interface ReportRequest {
  /** The client's key for this one report: the same report sent twice is one event. */
  idempotencyKey: string;
  /** A hash of the request body: the same key with another body is a mistake, not a retry. */
  requestHash: string;
  source: EventSource;
  catalogueItemCode: string;
  description: string;
  location: GeoPoint | null;
  /** Where the event is when no point is given (a hotline call with an address the dispatcher placed). */
  areaCode: string | null;
  address: string | null;
  attachmentIds: string[];
}

export type ReportOutcome =
  | { ok: true; eventId: string; trackingCode: string; replayed: boolean }
  | {
      ok: false;
      reason:
        | 'idempotency_key_reused'
        | 'unknown_catalogue_item'
        | 'outside_every_area'
        | 'unknown_area'
        | 'area_not_a_grid'
        | 'no_place'
        | 'attachments_not_yours';
      detail?: string;
    }
  | { ok: false; refusal: Refusal };

const UNIQUE_VIOLATION = '23505';

async function replayed(db: Executor, actor: Actor, request: ReportRequest): Promise<ReportOutcome | null> {
  const existing = await findIdempotencyKey(db, actor.userId, request.idempotencyKey);
  if (!existing) return null;
  if (existing.request_hash !== request.requestHash) return { ok: false, reason: 'idempotency_key_reused' };
  const row = await db
    .selectFrom('events')
    .select('tracking_code')
    .where('id', '=', existing.event_id)
    .executeTakeFirstOrThrow();
  return { ok: true, eventId: existing.event_id, trackingCode: row.tracking_code, replayed: true };
}

type PlaceProblem = 'outside_every_area' | 'unknown_area' | 'area_not_a_grid' | 'no_place';

async function placeOf(
  db: Executor,
  locator: AreaLocator,
  request: ReportRequest,
): Promise<{ areaCode: string; areaPath: string } | { problem: PlaceProblem }> {
  if (request.location) {
    const placed = placeOnGrid(locator, request.location);
    return placed ?? { problem: 'outside_every_area' };
  }
  if (request.areaCode) {
    const area = await findArea(db, request.areaCode);
    if (!area) return { problem: 'unknown_area' };
    return isGridLevel(area.level)
      ? { areaCode: area.code, areaPath: area.path }
      : { problem: 'area_not_a_grid' };
  }
  return { problem: 'no_place' };
}

/** The grid (or micro-grid) holding a point, with its path; null outside every grid. */
export function placeOnGrid(
  locator: AreaLocator,
  point: GeoPoint,
): { areaCode: string; areaPath: string } | null {
  const chain = locator.locate(point.lng, point.lat);
  const deepest = chain?.at(-1);
  if (!chain || !deepest || !isGridLevel(deepest.level)) return null;
  return { areaCode: deepest.code, areaPath: chain.map((area) => area.code).join('/') };
}

async function reportOnce(
  db: Executor,
  locator: AreaLocator,
  actor: Actor,
  request: ReportRequest,
  now: Date,
): Promise<ReportOutcome> {
  return db.transaction().execute(async (trx): Promise<ReportOutcome> => {
    const earlier = await replayed(trx, actor, request);
    if (earlier) return earlier;
    const item = await findActiveCatalogueItem(trx, request.catalogueItemCode);
    if (!item) return { ok: false, reason: 'unknown_catalogue_item', detail: request.catalogueItemCode };
    const place = await placeOf(trx, locator, request);
    if ('problem' in place) return { ok: false, reason: place.problem };
    const own = await ownAttachmentIds(trx, request.attachmentIds, actor.userId);
    const foreign = request.attachmentIds.filter((id) => !own.has(id));
    if (foreign.length > 0) return { ok: false, reason: 'attachments_not_yours', detail: foreign.join(', ') };

    const eventId = randomUUID();
    const decision = decide(
      null,
      {
        type: 'report',
        eventId,
        source: request.source,
        catalogueItemCode: item.code,
        description: request.description,
        location: request.location,
        areaCode: place.areaCode,
        areaPath: place.areaPath,
        address: request.address,
        reporterUserId: actor.userId,
      },
      actor,
      now,
    );
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const state = decision.facts.reduce<ReturnType<typeof evolve> | null>(
      (current, fact) => evolve(current, { fact, at: now, actorUserId: actor.userId }),
      null,
    )!;
    // The key first: a concurrent copy of this report stops here, before it writes anything else.
    await insertIdempotencyKey(trx, {
      userId: actor.userId,
      key: request.idempotencyKey,
      requestHash: request.requestHash,
      eventId,
    });
    const trackingCode = newTrackingCode(now);
    const tip = await appendToLog(
      trx,
      eventId,
      null,
      decision.facts.map((fact) => ({ factType: fact.type, fact, actorUserId: actor.userId, at: now })),
    );
    // The catalogue item is copied onto the event: a later edit of the catalogue never alters an open event.
    await insertEventRow(trx, state, tip, { trackingCode, catalogueItem: item }, now);
    const logged = decision.facts.map((fact) => ({ fact, at: now, actorUserId: actor.userId }));
    await recordFigures(trx, null, logged, item.classCode);
    await linkAttachments(trx, eventId, request.attachmentIds);
    await enqueueNotices(trx, noticesForFacts(null, decision.facts, now), now);
    return { ok: true, eventId, trackingCode, replayed: false };
  });
}

/**
 * Files a report (巡查报告): located on its grid, recorded as the first fact of a new event, remembered under its
 * idempotency key. Two copies of one report racing each other: the second waits on the key, then gets the first.
 */
export async function reportEvent(
  db: Executor,
  locator: AreaLocator,
  actor: Actor,
  request: ReportRequest,
  now: Date,
): Promise<ReportOutcome> {
  try {
    return await reportOnce(db, locator, actor, request, now);
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    const earlier = await replayed(db, actor, request);
    if (earlier) return earlier;
    throw error;
  }
}
