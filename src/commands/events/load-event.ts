import { readEventFacts, readFactsOfEvents, type StoredFact } from '../../db/repositories/event-log.ts';
import { lockEvents } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { type EventFact, type LoggedFact, replay } from '../../domain/lifecycle.ts';
import type { LoadedEvent } from './record-facts.ts';

function loggedFacts(rows: readonly StoredFact[]): LoggedFact[] {
  return rows.map((row) => ({
    fact: row.fact as EventFact,
    at: new Date(row.at),
    actorUserId: row.actorUserId,
  }));
}

/** The log of one event as the lifecycle reads it. */
export async function loadLoggedFacts(db: Executor, eventId: string): Promise<LoggedFact[]> {
  return loggedFacts(await readEventFacts(db, eventId));
}

/**
 * Locks events and rebuilds each from its log: the log is the record, the read row only a copy for queries.
 * An id with no event is missing from the answer, and so, with `skipLocked`, is one another transaction holds.
 */
export async function lockAndLoadEvents(
  trx: Executor,
  eventIds: readonly string[],
  options: { skipLocked?: boolean } = {},
): Promise<LoadedEvent[]> {
  const locked = await lockEvents(trx, eventIds, options);
  const logs = await readFactsOfEvents(
    trx,
    locked.map((event) => event.id),
  );
  const loaded: LoadedEvent[] = [];
  for (const event of locked) {
    const log = loggedFacts(logs.get(event.id) ?? []);
    const state = replay(log);
    if (state)
      loaded.push({
        log,
        state,
        tip: event.tip,
        catalogueItem: event.catalogueItem,
        trackingCode: event.trackingCode,
      });
  }
  return loaded;
}

/** One event locked and rebuilt from its log; undefined when there is no such event. */
export async function lockAndLoadEvent(trx: Executor, eventId: string): Promise<LoadedEvent | undefined> {
  return (await lockAndLoadEvents(trx, [eventId]))[0];
}
