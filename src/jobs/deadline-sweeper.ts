import { lockAndLoadEvent } from '../commands/events/load-event.ts';
import { recordFacts, writeDeadline } from '../commands/events/record-facts.ts';
import { loadWorkingCalendar } from '../commands/working-calendar.ts';
import { dueDeadlineEventIds } from '../db/repositories/events.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { overdueRuleOf } from '../domain/catalogue.ts';
import { factsForPassedDeadline, pointDue, recordedPoints } from '../domain/deadline-rules.ts';
import { currentDeadline } from '../domain/deadlines.ts';

export interface SweepOutcome {
  warned: number;
  passed: number;
  /** Due, but held by another transaction (a command or another sweeper): taken on a later sweep. */
  skipped: number;
}

type PointRecorded = 'warning' | 'limit' | 'skipped' | 'nothing';

const SWEEP_BATCH = 200;

/**
 * Records one event's passed deadline point, if it still is due once the event is locked. The check is made
 * again under the lock, from the log itself: whichever sweeper gets the row first records the point, and any
 * other finds it recorded. A sweeper that dies mid-way rolls back and the point stays due.
 */
async function recordDuePoint(
  db: Executor,
  eventId: string,
  now: Date,
  beforeCommit: SweepOptions['beforeCommit'],
): Promise<PointRecorded> {
  return db.transaction().execute(async (trx): Promise<PointRecorded> => {
    const event = await lockAndLoadEvent(trx, eventId, { skipLocked: true });
    if (!event) return 'skipped';
    const calendar = await loadWorkingCalendar(trx);
    const deadline = currentDeadline(calendar, event.state, event.catalogueItem.limits, event.log);
    const recorded = deadline ? recordedPoints(event.log, deadline) : null;
    const point =
      deadline && recorded
        ? pointDue(deadline, { warned: recorded.warnedAt !== null, passed: recorded.passedAt !== null }, now)
        : null;
    if (!deadline || !point) {
      // The row said due, the log says not (the calendar was edited since): correct the row, or it stays due.
      await writeDeadline(trx, event, calendar);
      return 'nothing';
    }
    const rule = overdueRuleOf(event.catalogueItem);
    const facts = factsForPassedDeadline(event.state, deadline.step, deadline.dueAt, point, rule);
    await recordFacts(trx, event, facts, null, now, calendar);
    await beforeCommit?.(eventId, point);
    return point;
  });
}

export interface SweepOptions {
  batch?: number;
  /** Called inside each point's transaction, after its facts are written: for tracing, and for crash tests. */
  beforeCommit?: (eventId: string, point: 'warning' | 'limit') => Promise<void>;
}

/** One sweep: every event whose warning or limit has come, at most `batch` of them, each in its own transaction. */
export async function sweepDeadlines(
  db: Executor,
  now: Date,
  options: SweepOptions = {},
): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { warned: 0, passed: 0, skipped: 0 };
  for (const eventId of await dueDeadlineEventIds(db, now, options.batch ?? SWEEP_BATCH)) {
    const recorded = await recordDuePoint(db, eventId, now, options.beforeCommit);
    if (recorded === 'warning') outcome.warned++;
    else if (recorded === 'limit') outcome.passed++;
    else if (recorded === 'skipped') outcome.skipped++;
  }
  return outcome;
}

/**
 * Sweeps every `intervalMs` in this process until stopped; safe to run in every app process at once. A sweep
 * that finds a full batch runs again at once, so a backlog drains without waiting for the timer.
 */
export function startDeadlineSweeper(
  db: Executor,
  options: { intervalMs: number; clock?: () => Date; onError?: (error: unknown) => void },
): () => Promise<void> {
  const clock = options.clock ?? (() => new Date());
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = (async () => {
      try {
        let outcome: SweepOutcome;
        do {
          outcome = await sweepDeadlines(db, clock());
        } while (!stopped && outcome.warned + outcome.passed >= SWEEP_BATCH);
      } catch (error) {
        options.onError?.(error);
      }
      if (!stopped) {
        timer = setTimeout(tick, options.intervalMs);
        timer.unref();
      }
    })();
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
