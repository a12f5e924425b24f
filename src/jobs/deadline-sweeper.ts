import { lockAndLoadEvents } from '../commands/events/load-event.ts';
import { deadlineColumnsOf, type EventChange, recordFacts } from '../commands/events/record-facts.ts';
import { loadWorkingCalendar } from '../commands/working-calendar.ts';
import { dueDeadlineEventIds, setEventDeadline } from '../db/repositories/events.ts';
import { type Executor, inBatches } from '../db/repositories/executor.ts';
import { overdueRuleOf } from '../domain/catalogue.ts';
import { factsForPassedDeadline, pointDue, recordedPoints } from '../domain/deadline-rules.ts';
import { currentDeadline } from '../domain/deadlines.ts';
import { startLoop } from './loop.ts';

export interface SweepOutcome {
  warned: number;
  passed: number;
  /** Due, but held by another transaction (a command or another sweeper): taken on a later sweep. */
  skipped: number;
}

/** How many due events one sweep reads, and how many of them one transaction records. */
const SWEEP_LIMIT = 1000;
const PER_TRANSACTION = 100;

/** The sweep's transactions at once on each kind of store (see `SweepOptions.transactionsAtOnce`). */
export const SWEEP_TRANSACTIONS_AT_ONCE = { embedded: 1, server: 4 } as const;

export interface SweepOptions {
  limit?: number;
  perTransaction?: number;
  /**
   * How many of a sweep's transactions run at once: one on the embedded store (one connection), a few on a
   * server, where each waits mostly on the store. Their events are disjoint, so they never wait for each other.
   */
  transactionsAtOnce?: number;
  /** Called inside each transaction, after its facts are written: for tracing, and for crash tests. */
  beforeCommit?: (points: readonly { eventId: string; point: 'warning' | 'limit' }[]) => Promise<void>;
}

/**
 * Records the passed deadline points of some due events in one transaction, each point only if it still is due
 * once its event is locked. The check is made again under the lock, from the log itself: whichever sweeper gets
 * a row first records the point, and any other finds it recorded or passes the row by. A sweeper that dies
 * mid-way rolls back and the points stay due.
 */
async function recordDuePoints(
  db: Executor,
  eventIds: readonly string[],
  now: Date,
  beforeCommit: SweepOptions['beforeCommit'],
): Promise<SweepOutcome> {
  return db.transaction().execute(async (trx): Promise<SweepOutcome> => {
    const events = await lockAndLoadEvents(trx, eventIds, { skipLocked: true });
    const outcome: SweepOutcome = { warned: 0, passed: 0, skipped: eventIds.length - events.length };
    if (events.length === 0) return outcome;
    const calendar = await loadWorkingCalendar(trx);
    const changes: EventChange[] = [];
    const points: { eventId: string; point: 'warning' | 'limit' }[] = [];
    for (const event of events) {
      const deadline = currentDeadline(calendar, event.state, event.catalogueItem.limits, event.log);
      const recorded = deadline && recordedPoints(event.log, deadline);
      const point =
        deadline && recorded
          ? pointDue(
              deadline,
              { warned: recorded.warnedAt !== null, passed: recorded.passedAt !== null },
              now,
            )
          : null;
      if (!deadline || !point) {
        // The row said due, the log says not (the calendar was edited since): correct the row, or it stays due.
        await setEventDeadline(trx, event.state.id, deadlineColumnsOf(calendar, event));
        continue;
      }
      const rule = overdueRuleOf(event.catalogueItem);
      changes.push({
        event,
        facts: factsForPassedDeadline(event.state, deadline.step, deadline.dueAt, point, rule),
        actorUserId: null,
      });
      points.push({ eventId: event.state.id, point });
      if (point === 'warning') outcome.warned++;
      else outcome.passed++;
    }
    if (changes.length > 0) await recordFacts(trx, changes, now, calendar);
    await beforeCommit?.(points);
    return outcome;
  });
}

/**
 * One sweep: the events whose warning or limit has come, at most `limit` of them, recorded `perTransaction` at
 * a time through the one door.
 */
export async function sweepDeadlines(
  db: Executor,
  now: Date,
  options: SweepOptions = {},
): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { warned: 0, passed: 0, skipped: 0 };
  const due = await dueDeadlineEventIds(db, now, options.limit ?? SWEEP_LIMIT);
  const batches = inBatches(due, options.perTransaction ?? PER_TRANSACTION);
  const sweeper = async () => {
    for (let ids = batches.shift(); ids; ids = batches.shift()) {
      const recorded = await recordDuePoints(db, ids, now, options.beforeCommit);
      outcome.warned += recorded.warned;
      outcome.passed += recorded.passed;
      outcome.skipped += recorded.skipped;
    }
  };
  await Promise.all(Array.from({ length: options.transactionsAtOnce ?? 1 }, sweeper));
  return outcome;
}

/**
 * Sweeps every `intervalMs` in this process until stopped; safe to run in every app process at once. A sweep
 * that finds a full batch runs again at once, so a backlog drains without waiting for the timer.
 */
export function startDeadlineSweeper(
  db: Executor,
  options: {
    intervalMs: number;
    transactionsAtOnce?: number;
    clock?: () => Date;
    onError?: (error: unknown) => void;
  },
): () => Promise<void> {
  const clock = options.clock ?? (() => new Date());
  const transactionsAtOnce = options.transactionsAtOnce ?? 1;
  return startLoop(() => sweepDeadlines(db, clock(), { transactionsAtOnce }), {
    ...options,
    again: (outcome) => outcome.warned + outcome.passed >= SWEEP_LIMIT,
  });
}
