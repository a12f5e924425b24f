import { linkAttachments } from '../../db/repositories/attachments.ts';
import { appendToLog, type EventLogTip } from '../../db/repositories/event-log.ts';
import { updateEventRow } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import type { EventState } from '../../domain/events.ts';
import { type EventFact, evolve } from '../../domain/lifecycle.ts';

export function attachmentIdsOf(facts: readonly EventFact[]): string[] {
  return facts.flatMap((fact) => ('attachmentIds' in fact ? fact.attachmentIds : []));
}

/** Appends decided facts to the log and brings the read row up to date, in the caller's transaction. */
export async function recordFacts(
  trx: Executor,
  state: EventState,
  tip: EventLogTip,
  facts: readonly EventFact[],
  actorUserId: number | null,
  now: Date,
): Promise<EventState> {
  const next = facts.reduce<EventState>(
    (current, fact) => evolve(current, { fact, at: now, actorUserId }),
    state,
  );
  const newTip = await appendToLog(
    trx,
    state.id,
    tip,
    facts.map((fact) => ({ factType: fact.type, fact, actorUserId, at: now })),
  );
  await updateEventRow(trx, next, newTip, now);
  await linkAttachments(trx, state.id, attachmentIdsOf(facts));
  return next;
}
