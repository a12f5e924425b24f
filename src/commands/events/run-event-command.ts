import { attachmentIdsNotUploadedBy } from '../../db/repositories/attachments.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import { eventInSight } from '../../domain/event-sight.ts';
import type { GeoPoint, Unit } from '../../domain/events.ts';
import { decide, type EventCommand } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { lockAndLoadEvent } from './load-event.ts';
import {
  type EventCommandOutcome,
  type InputProblem,
  RefusedInTransaction,
  refusalsRolledBack,
} from './outcomes.ts';
import { recordFacts } from './record-facts.ts';
import { resolvePlace } from './resolve-place.ts';
import { resolveUnitCode } from './units.ts';

type Sends<T extends string> = Omit<Extract<EventCommand, { type: T }>, 'lead' | 'assisting'> & {
  /** Units by code: a department or street office by its code, a community by its area code. */
  lead: string;
  assisting: string[];
};

/**
 * A command on one event as a person or a system gives it: units named by their codes, a place by a point or
 * an area code. The use case resolves them, with the same checks for every caller.
 */
export type EventCommandRequest =
  | Exclude<EventCommand, { type: 'report' | 'dispatch' | 'whistle' | 'locate' }>
  | Sends<'dispatch'>
  | Sends<'whistle'>
  | { type: 'locate'; location: GeoPoint | null; areaCode: string | null };

function refuse(problem: InputProblem): never {
  throw new RefusedInTransaction({ ok: false, problem });
}

async function unitOf(db: Executor, code: string): Promise<Unit> {
  return (await resolveUnitCode(db, code)) ?? refuse({ reason: 'unknown_unit', code });
}

/** The command the lifecycle judges: units and place resolved from what was asked. */
async function resolved(
  db: Executor,
  locator: AreaLocator,
  request: EventCommandRequest,
): Promise<Exclude<EventCommand, { type: 'report' }>> {
  switch (request.type) {
    case 'dispatch':
    case 'whistle': {
      const lead = await unitOf(db, request.lead);
      const assisting: Unit[] = [];
      for (const code of request.assisting) assisting.push(await unitOf(db, code));
      return { ...request, lead, assisting };
    }
    case 'locate': {
      const place = await resolvePlace(db, locator, request);
      if ('problem' in place) refuse({ reason: place.problem });
      return { type: 'locate', ...place };
    }
    default:
      return request;
  }
}

/** Evidence must be the person's own uploads: nobody attaches what someone else uploaded. */
async function ensureOwnAttachments(db: Executor, command: EventCommandRequest, actor: Actor): Promise<void> {
  const ids = 'attachmentIds' in command ? command.attachmentIds : [];
  const foreign = await attachmentIdsNotUploadedBy(db, ids, actor.userId);
  if (foreign.length > 0) refuse({ reason: 'attachments_not_yours', ids: foreign });
}

/**
 * One command on one event, from a screen, an importer or a device alike: lock its row, rebuild it from its
 * log, check it is in the actor's sight, resolve the units and place asked for, let the lifecycle decide, then
 * record the facts through the one door, all in one transaction.
 */
export async function runEventCommand(
  db: Executor,
  locator: AreaLocator,
  eventId: string,
  request: EventCommandRequest,
  actor: Actor,
  now: Date,
): Promise<EventCommandOutcome> {
  return refusalsRolledBack(() =>
    db.transaction().execute(async (trx): Promise<EventCommandOutcome> => {
      const event = await lockAndLoadEvent(trx, eventId);
      if (!event || !eventInSight(actor, event.state)) return { ok: false, notFound: true };
      const command = await resolved(trx, locator, request);
      const decision = decide(event.state, command, actor, now);
      if (!decision.ok) return { ok: false, refusal: decision.refusal };
      await ensureOwnAttachments(trx, request, actor);
      const [next] = await recordFacts(
        trx,
        [{ event, facts: decision.facts, actorUserId: actor.userId }],
        now,
      );
      return { ok: true, event: next! };
    }),
  );
}
