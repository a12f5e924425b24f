import { lockEvent } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { eventInSight } from '../../domain/event-sight.ts';
import type { EventState } from '../../domain/events.ts';
import { decideMerge } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { loadEventState } from './load-event.ts';
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
    const tips = new Map<string, Awaited<ReturnType<typeof lockEvent>>>();
    for (const id of [duplicateId, targetId].sort()) tips.set(id, await lockEvent(trx, id));
    const states = new Map<string, EventState | null>();
    for (const id of tips.keys()) states.set(id, tips.get(id) ? await loadEventState(trx, id) : null);
    const duplicate = states.get(duplicateId);
    const target = states.get(targetId);
    if (!duplicate || !target || !eventInSight(actor, duplicate) || !eventInSight(actor, target)) {
      return { ok: false, notFound: true };
    }
    const decision = decideMerge(duplicate, target, actor, now);
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const merged = await recordFacts(
      trx,
      duplicate,
      tips.get(duplicateId)!,
      decision.duplicateFacts,
      actor.userId,
      now,
    );
    await recordFacts(trx, target, tips.get(targetId)!, decision.targetFacts, actor.userId, now);
    return { ok: true, event: merged };
  });
}
