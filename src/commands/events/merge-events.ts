import type { Executor } from '../../db/repositories/executor.ts';
import { eventInSight } from '../../domain/event-sight.ts';
import { decideMerge } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { loadWorkingCalendar } from '../working-calendar.ts';
import { lockAndLoadEvent } from './load-event.ts';
import type { LoadedEvent } from './record-facts.ts';
import { recordFacts } from './record-facts.ts';
import type { EventCommandOutcome } from './run-event-command.ts';

/**
 * Folds a duplicate into the event it repeats. Both rows are locked in id order, so two merges crossing the same
 * pair cannot wait on each other forever.
 */
export async function mergeEvents(
  db: Executor,
  duplicateId: string,
  targetId: string,
  actor: Actor,
  now: Date,
): Promise<EventCommandOutcome> {
  return db.transaction().execute(async (trx): Promise<EventCommandOutcome> => {
    const loaded = new Map<string, LoadedEvent | undefined>();
    for (const id of [duplicateId, targetId].sort()) loaded.set(id, await lockAndLoadEvent(trx, id));
    const duplicate = loaded.get(duplicateId);
    const target = loaded.get(targetId);
    if (
      !duplicate ||
      !target ||
      !eventInSight(actor, duplicate.state) ||
      !eventInSight(actor, target.state)
    ) {
      return { ok: false, notFound: true };
    }
    const decision = decideMerge(duplicate.state, target.state, actor, now);
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const calendar = await loadWorkingCalendar(trx);
    const merged = await recordFacts(trx, duplicate, decision.duplicateFacts, actor.userId, now, calendar);
    await recordFacts(trx, target, decision.targetFacts, actor.userId, now, calendar);
    return { ok: true, event: merged };
  });
}
