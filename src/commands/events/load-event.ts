import { readEventFacts } from '../../db/repositories/event-log.ts';
import { lockEvent } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { type EventFact, type LoggedFact, replay } from '../../domain/lifecycle.ts';
import type { LoadedEvent } from './record-facts.ts';

/** The log of one event as the lifecycle reads it. */
export async function loadLoggedFacts(db: Executor, eventId: string): Promise<LoggedFact[]> {
  const rows = await readEventFacts(db, eventId);
  return rows.map((row) => ({
    fact: row.fact as EventFact,
    at: new Date(row.at),
    actorUserId: row.actorUserId,
  }));
}

/**
 * Locks an event and rebuilds it from its log: the log is the record, the read row only a copy for queries.
 * Undefined when there is no such event (or, with `skipLocked`, when another transaction holds it).
 */
export async function lockAndLoadEvent(
  trx: Executor,
  eventId: string,
  options: { skipLocked?: boolean } = {},
): Promise<LoadedEvent | undefined> {
  const locked = await lockEvent(trx, eventId, options);
  if (!locked) return undefined;
  const log = await loadLoggedFacts(trx, eventId);
  const state = replay(log);
  if (!state) return undefined;
  return { log, state, tip: locked.tip, catalogueItem: locked.catalogueItem };
}
