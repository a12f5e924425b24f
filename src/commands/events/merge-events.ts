import type { Executor } from '../../db/repositories/executor.ts';
import { eventInSight } from '../../domain/event-sight.ts';
import { decideMerge } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { lockAndLoadEvents } from './load-event.ts';
import type { EventCommandOutcome } from './outcomes.ts';
import { recordFacts } from './record-facts.ts';

/**
 * Folds a duplicate into the event it repeats. Both rows are locked in id order, so two merges crossing the same
 * pair cannot wait on each other forever; both events' facts enter through the one door together.
 */
export async function mergeEvents(
  db: Executor,
  duplicateId: string,
  targetId: string,
  actor: Actor,
  now: Date,
): Promise<EventCommandOutcome> {
  return db.transaction().execute(async (trx): Promise<EventCommandOutcome> => {
    const loaded = await lockAndLoadEvents(trx, [duplicateId, targetId]);
    const duplicate = loaded.find((event) => event.state.id === duplicateId);
    const target = loaded.find((event) => event.state.id === targetId);
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
    const [merged] = await recordFacts(
      trx,
      [
        { event: duplicate, facts: decision.duplicateFacts, actorUserId: actor.userId },
        { event: target, facts: decision.targetFacts, actorUserId: actor.userId },
      ],
      now,
    );
    return { ok: true, event: merged! };
  });
}
