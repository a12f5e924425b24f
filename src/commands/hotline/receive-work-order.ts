import { reportEvent } from '../../commands/events/report-event.ts';
import { runEventCommand } from '../../commands/events/run-event-command.ts';
import { findCatalogueItemDefinition } from '../../db/repositories/catalogue.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import {
  findOrder,
  forgetUrge,
  insertUrge,
  type SourceHolder,
  saveOrder,
  setLimitsOfUntriagedEvent,
} from '../../db/repositories/hotline.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import { type EventStateName, isOpenState } from '../../domain/events.ts';
import {
  changedFields,
  limitsForUrgency,
  orderDescription,
  REQUEST_TYPES,
  type WorkOrder,
} from '../../domain/hotline.ts';
import type { Actor } from '../../domain/permissions.ts';

/** The account a source acts as: its own, community staff at the district. */
export function actorOfSource(holder: SourceHolder): Actor {
  return { userId: holder.userId, roles: holder.roles, areaPath: holder.areaPath, departmentCode: null };
}

export type OrderOutcome =
  | {
      ok: true;
      eventId: string;
      trackingCode: string;
      outcome: 'created' | 'updated' | 'unchanged';
      changed: string[];
    }
  | { ok: false; reason: 'unknown_catalogue_item' | 'place' | 'refused'; detail: string };

/**
 * Files a work order as a report through `reportEvent`, the use case every report takes, keyed by the source's
 * order number: the same order sent again is the same event. A resend that changes the order updates its row
 * (the caller, the content, the urgency, the hotline's limit); while nobody has triaged the case yet, the
 * urgency's limits replace the item's on the event, and a new point or grid relocates it (`locate`).
 */
export async function receiveWorkOrder(
  db: Executor,
  locator: AreaLocator,
  holder: SourceHolder,
  order: WorkOrder,
  now: Date,
): Promise<OrderOutcome> {
  const actor = actorOfSource(holder);
  const stored = await findOrder(db, holder.sourceId, order.orderNo);
  const itemCode = order.catalogueItemCode ?? REQUEST_TYPES[order.requestType].item;
  const item = await findCatalogueItemDefinition(db, itemCode);
  if (!item) return { ok: false, reason: 'unknown_catalogue_item', detail: itemCode };
  const reported = await reportEvent(
    db,
    locator,
    actor,
    {
      idempotencyKey: `hotline:${holder.sourceId}:${order.orderNo}`,
      requestHash: `hotline:${holder.sourceId}:${order.orderNo}`,
      source: 'hotline',
      catalogueItemCode: item.code,
      description: orderDescription(order),
      location: order.location,
      areaCode: order.location ? null : order.areaCode,
      address: order.address,
      attachmentIds: [],
    },
    now,
  );
  if (!reported.ok) {
    const detail =
      'problem' in reported
        ? reported.problem.reason
        : 'refusal' in reported
          ? reported.refusal.reason
          : 'not_found';
    const reason = 'problem' in reported && /area|place/.test(reported.problem.reason) ? 'place' : 'refused';
    return { ok: false, reason, detail };
  }
  const changed = stored ? changedFields(stored, order) : [];
  await saveOrder(
    db,
    { eventId: reported.eventId, sourceId: holder.sourceId, order, changed: changed.length > 0 },
    now,
  );
  // No step runs before the dispatch, so the urgency's limits may still replace the item's.
  await setLimitsOfUntriagedEvent(
    db,
    reported.eventId,
    limitsForUrgency(item.limits, order.urgency, holder.urgencyLimits),
  );
  if (stored && stored.state === 'reported' && (order.location || order.areaCode)) {
    // A resend with a new place moves a case nobody has triaged yet; the same place records nothing.
    await runEventCommand(
      db,
      locator,
      reported.eventId,
      { type: 'locate', location: order.location, areaCode: order.location ? null : order.areaCode },
      actor,
      now,
    );
  }
  return {
    ok: true,
    eventId: reported.eventId,
    trackingCode: reported.trackingCode,
    outcome: !stored ? 'created' : changed.length > 0 ? 'updated' : 'unchanged',
    changed,
  };
}

export type UrgeOutcome =
  | { ok: true; eventId: string; replayed: boolean }
  | { ok: false; reason: 'unknown_order' | 'ended'; state?: EventStateName };

/**
 * 催办: the hotline presses an open order. It becomes the lifecycle's `urge` on the case, as its reporter, so
 * the holders hear of it and the log keeps it; the same urge id sent again records nothing more.
 */
export async function urgeWorkOrder(
  db: Executor,
  locator: AreaLocator,
  holder: SourceHolder,
  urge: { orderNo: string; urgeId: string; content: string },
  now: Date,
): Promise<UrgeOutcome> {
  const stored = await findOrder(db, holder.sourceId, urge.orderNo);
  if (!stored) return { ok: false, reason: 'unknown_order' };
  const state = stored.state as EventStateName;
  if (!isOpenState(state)) return { ok: false, reason: 'ended', state };
  const fresh = await insertUrge(
    db,
    { sourceId: holder.sourceId, urgeId: urge.urgeId, eventId: stored.eventId, content: urge.content },
    now,
  );
  if (!fresh) return { ok: true, eventId: stored.eventId, replayed: true };
  const outcome = await runEventCommand(
    db,
    locator,
    stored.eventId,
    { type: 'urge', text: urge.content },
    actorOfSource(holder),
    now,
  );
  if (!outcome.ok) {
    // Not urged after all (closed meanwhile): the hotline may send it again.
    await forgetUrge(db, holder.sourceId, urge.urgeId);
    return { ok: false, reason: 'ended' };
  }
  return { ok: true, eventId: stored.eventId, replayed: false };
}
