import { randomUUID } from 'node:crypto';
import { attachmentIdsNotUploadedBy } from '../../db/repositories/attachments.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { claimReportKey, findReportByKey } from '../../db/repositories/idempotency.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import type { EventSource, GeoPoint } from '../../domain/events.ts';
import { decide } from '../../domain/lifecycle.ts';
import { type Actor, authorize } from '../../domain/permissions.ts';
import { reportSource } from '../../domain/report-sources.ts';
import { type EventRefused, RefusedInTransaction, refusalsRolledBack } from './outcomes.ts';
import { recordFacts } from './record-facts.ts';
import { resolvePlace } from './resolve-place.ts';
import { newTrackingCode, retryOnTrackingCodeCollision } from './tracking-code.ts';

export interface ReportRequest {
  /** The client's key for this one report: the same report sent twice is one event. */
  idempotencyKey: string;
  /** A hash of the request as sent: the same key with another request is a mistake, not a retry. */
  requestHash: string;
  /** The source asked for; without one, the first the person's roles allow. */
  source?: EventSource;
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
  | EventRefused;

function refuse(outcome: EventRefused): never {
  throw new RefusedInTransaction(outcome);
}

async function replayed(db: Executor, actor: Actor, request: ReportRequest): Promise<ReportOutcome> {
  const earlier = await findReportByKey(db, actor.userId, request.idempotencyKey);
  if (!earlier) throw new Error('an idempotency key was taken by no report');
  if (earlier.requestHash !== request.requestHash) {
    return { ok: false, problem: { reason: 'idempotency_key_reused' } };
  }
  return { ok: true, eventId: earlier.eventId, trackingCode: earlier.trackingCode, replayed: true };
}

/**
 * Files a report (巡查报告), from a screen, an importer, a hotline or a camera alike: checks that the person may
 * report from that source, locates it on its grid, records it as the first fact of a new event through the one
 * door, and remembers it under its idempotency key. Two copies of one report racing each other: the second
 * waits on the key, then gets the first.
 */
export async function reportEvent(
  db: Executor,
  locator: AreaLocator,
  actor: Actor,
  request: ReportRequest,
  now: Date,
): Promise<ReportOutcome> {
  if (
    !authorize(actor, 'event:report', { areaPath: actor.areaPath, departmentCode: actor.departmentCode }).ok
  ) {
    return { ok: false, problem: { reason: 'not_permitted' } };
  }
  const source = reportSource(actor.roles, request.source);
  if (source === null) {
    return { ok: false, problem: { reason: 'source_not_permitted', source: request.source ?? '' } };
  }
  // A tracking code drawn twice (60 random bits a day) files the report again with a new one, whoever reports.
  return retryOnTrackingCodeCollision(() =>
    refusalsRolledBack(() =>
      db.transaction().execute(async (trx): Promise<ReportOutcome> => {
        const eventId = randomUUID();
        const { claimed, item } = await claimReportKey(trx, {
          userId: actor.userId,
          key: request.idempotencyKey,
          requestHash: request.requestHash,
          eventId,
          catalogueItemCode: request.catalogueItemCode,
        });
        if (!claimed) return replayed(trx, actor, request);
        if (!item)
          refuse({
            ok: false,
            problem: { reason: 'unknown_catalogue_item', code: request.catalogueItemCode },
          });
        const place = await resolvePlace(trx, locator, request);
        if ('problem' in place) refuse({ ok: false, problem: { reason: place.problem } });
        const foreign = await attachmentIdsNotUploadedBy(trx, request.attachmentIds, actor.userId);
        if (foreign.length > 0)
          refuse({ ok: false, problem: { reason: 'attachments_not_yours', ids: foreign } });

        const decision = decide(
          null,
          {
            type: 'report',
            eventId,
            source,
            catalogueItemCode: item.code,
            description: request.description,
            location: place.location,
            areaCode: place.areaCode,
            areaPath: place.areaPath,
            address: request.address,
            reporterUserId: actor.userId,
          },
          actor,
          now,
        );
        if (!decision.ok) refuse({ ok: false, refusal: decision.refusal });
        const trackingCode = newTrackingCode(now);
        const newEvent = { log: [], state: null, tip: null, catalogueItem: item, trackingCode } as const;
        await recordFacts(
          trx,
          [
            {
              event: newEvent,
              facts: decision.facts,
              actorUserId: actor.userId,
              attachmentIds: request.attachmentIds,
            },
          ],
          now,
        );
        return { ok: true, eventId, trackingCode, replayed: false };
      }),
    ),
  );
}
