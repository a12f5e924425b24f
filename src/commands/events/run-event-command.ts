import { ownAttachmentIds } from '../../db/repositories/attachments.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { eventInSight } from '../../domain/event-sight.ts';
import type { EventState } from '../../domain/events.ts';
import { decide, type EventCommand, type Refusal } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { loadWorkingCalendar } from '../working-calendar.ts';
import { lockAndLoadEvent } from './load-event.ts';
import { recordFacts } from './record-facts.ts';

export type EventCommandOutcome =
  | { ok: true; event: EventState }
  | { ok: false; notFound: true }
  | { ok: false; refusal: Refusal }
  | { ok: false; attachmentsNotYours: string[] };

/** Evidence must be the person's own uploads: nobody attaches what someone else uploaded. */
async function foreignAttachments(db: Executor, command: EventCommand, actor: Actor): Promise<string[]> {
  const ids = 'attachmentIds' in command ? command.attachmentIds : [];
  const own = await ownAttachmentIds(db, ids, actor.userId);
  return ids.filter((id) => !own.has(id));
}

/**
 * One command on one event: lock its row, rebuild it from its log, check it is in the actor's sight, let the
 * lifecycle decide, then append the facts and update the read row, all in one transaction.
 */
export async function runEventCommand(
  db: Executor,
  eventId: string,
  command: Exclude<EventCommand, { type: 'report' }>,
  actor: Actor,
  now: Date,
): Promise<EventCommandOutcome> {
  return db.transaction().execute(async (trx): Promise<EventCommandOutcome> => {
    const event = await lockAndLoadEvent(trx, eventId);
    if (!event || !eventInSight(actor, event.state)) return { ok: false, notFound: true };
    const decision = decide(event.state, command, actor, now);
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const foreign = await foreignAttachments(trx, command, actor);
    if (foreign.length > 0) return { ok: false, attachmentsNotYours: foreign };
    const calendar = await loadWorkingCalendar(trx);
    return { ok: true, event: await recordFacts(trx, event, decision.facts, actor.userId, now, calendar) };
  });
}
