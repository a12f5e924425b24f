import { readEventFacts } from '../../db/repositories/event-log.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import type { EventState } from '../../domain/events.ts';
import { type EventFact, type LoggedFact, replay } from '../../domain/lifecycle.ts';

/** The log of one event as the lifecycle reads it. */
export async function loadLoggedFacts(db: Executor, eventId: string): Promise<LoggedFact[]> {
  const rows = await readEventFacts(db, eventId);
  return rows.map((row) => ({
    fact: row.fact as EventFact,
    at: new Date(row.at),
    actorUserId: row.actorUserId,
  }));
}

/** An event's state, rebuilt from its log: the log is the record, the read table only a copy for queries. */
export async function loadEventState(db: Executor, eventId: string): Promise<EventState | null> {
  return replay(await loadLoggedFacts(db, eventId));
}
