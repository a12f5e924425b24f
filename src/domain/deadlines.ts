/**
 * Deadlines (时限): when a step's time limit runs out, when its yellow card (预警) is due, and which step of
 * an event is running now. Pure: the calendar, the limits and the event's log are passed in, and so is `now`.
 *
 * Conventions (tested in deadlines.test.ts):
 * - `minutes` and `hours` run on the clock, nights and holidays included: urgent work does not wait.
 * - `working_hours` count only working hours of working days; `working_days` end at the close of the Nth
 *   working day after the day the step started; `natural_days` end at midnight at the end of the Nth day
 *   after it (the receipt day is not counted in either; see calendar.ts).
 * - The warning falls at a share (80 % by default) of the step's span, measured in the limit's own kind of
 *   time: of the working time between start and due for working units, of the clock time for the others.
 * - A step is overdue only after its due instant (work reported at 18:00:00 of an 18:00 deadline is on
 *   time), and warned from its warning instant on, overdue included.
 */
import {
  addNaturalDays,
  addWorkingDays,
  addWorkingHours,
  addWorkingTime,
  type WorkingCalendar,
  workingTimeBetween,
} from './calendar.ts';
import type { LimitStep, LimitUnit, StepLimit } from './catalogue.ts';
import type { EventState, EventStateName } from './events.ts';
import type { EventFact, LoggedFact } from './lifecycle/facts.ts';

/** The yellow card comes when this share of a step's time is spent. */
export const WARNING_FRACTION = 0.8;

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/** The step an event is in, since when, and when it is warned and overdue. */
export interface StepDeadline {
  step: LimitStep;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
}

export type StepLimits = Readonly<Record<LimitStep, StepLimit>>;

/** When a step started at `start` under `limit` runs out. */
export function dueAt(calendar: WorkingCalendar, limit: StepLimit, start: Date): Date {
  switch (limit.unit) {
    case 'minutes':
      return afterClockTime(start, limit.amount * MINUTE_MS);
    case 'hours':
      return afterClockTime(start, limit.amount * HOUR_MS);
    case 'working_hours':
      return addWorkingHours(calendar, start, limit.amount);
    case 'working_days':
      return addWorkingDays(calendar, start, limit.amount);
    case 'natural_days':
      return addNaturalDays(calendar, start, limit.amount);
  }
}

/**
 * The yellow-card instant: `fraction` of the way from `start` to the limit's due instant, in working time
 * for working units and clock time for the others.
 */
export function warningAt(
  calendar: WorkingCalendar,
  limit: StepLimit,
  start: Date,
  fraction: number = WARNING_FRACTION,
): Date {
  return warningBetween(calendar, limit.unit, start, dueAt(calendar, limit, start), fraction);
}

/**
 * The step the event is in now and its deadline, read from the event's log (in the order it was recorded);
 * null when no unit's step is running (reported, verified, rated, closed, cancelled, merged).
 * - `dispatched` and `whistled` start the accept step: the unit must accept (接单).
 * - `accepted` starts the handle step; `verification_failed` and `rework_ordered` start it again, with a
 *   fresh limit: rework (返工) is new work, and an extension granted for the first attempt is spent.
 * - Each `extension_approved` of the running handle step moves its due instant on by its `extraHours`
 *   working hours; the warning moves with it, to the same share of the longer span.
 * - `handled` starts the verify step (核查).
 */
export function currentDeadline(
  calendar: WorkingCalendar,
  event: EventState,
  limits: StepLimits,
  log: readonly LoggedFact[],
  fraction: number = WARNING_FRACTION,
): StepDeadline | null {
  const step = RUNNING_STEP[event.state];
  if (step === null) return null;
  const startIndex = log.findLastIndex((logged) => STARTS[logged.fact.type] === step);
  const started = log[startIndex];
  if (started === undefined) {
    throw new Error(
      `Impossible log: event ${event.id} is ${event.state} but nothing started its ${step} step`,
    );
  }
  const limit = limits[step];
  const startedAt = started.at;
  let due = dueAt(calendar, limit, startedAt);
  if (step === 'handle') {
    const extraHours = log
      .slice(startIndex + 1)
      .reduce((sum, { fact }) => sum + (fact.type === 'extension_approved' ? fact.extraHours : 0), 0);
    if (extraHours > 0) due = addWorkingHours(calendar, due, extraHours);
  }
  return {
    step,
    startedAt: new Date(startedAt.getTime()),
    warnAt: warningBetween(calendar, limit.unit, startedAt, due, fraction),
    dueAt: due,
  };
}

/** Whether an event in this state has a step running against a time limit. */
export function hasRunningStep(event: Pick<EventState, 'state'>): boolean {
  return RUNNING_STEP[event.state] !== null;
}

/** Past the due instant: the red card (超期). */
export function isOverdue(deadline: StepDeadline, now: Date): boolean {
  return now.getTime() > deadline.dueAt.getTime();
}

/** At or past the warning instant: the yellow card (预警); an overdue step is warned too. */
export function isWarned(deadline: StepDeadline, now: Date): boolean {
  return now.getTime() >= deadline.warnAt.getTime();
}

/** The light a step shows now: green, yellow or red (for lists and the big screen). */
export function deadlineStatus(deadline: StepDeadline, now: Date): 'on_time' | 'warned' | 'overdue' {
  if (isOverdue(deadline, now)) return 'overdue';
  return isWarned(deadline, now) ? 'warned' : 'on_time';
}

/** Which step runs in each state of the loop; the others wait for no unit. */
const RUNNING_STEP: Readonly<Record<EventStateName, LimitStep | null>> = {
  reported: null,
  dispatched: 'accept',
  accepted: 'handle',
  handled: 'verify',
  verified: null,
  rated: null,
  closed: null,
  cancelled: null,
  merged: null,
};

/** The facts that start a step: the last of them in the log is when the running step started. */
const STARTS: Partial<Readonly<Record<EventFact['type'], LimitStep>>> = {
  dispatched: 'accept',
  whistled: 'accept',
  accepted: 'handle',
  verification_failed: 'handle',
  rework_ordered: 'handle',
  handled: 'verify',
};

const WORKING_UNITS: readonly LimitUnit[] = ['working_hours', 'working_days'];

function warningBetween(
  calendar: WorkingCalendar,
  unit: LimitUnit,
  start: Date,
  due: Date,
  fraction: number,
): Date {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new RangeError(`A warning share must be between 0 and 1, not ${fraction}`);
  }
  if (WORKING_UNITS.includes(unit)) {
    return addWorkingTime(calendar, start, fraction * workingTimeBetween(calendar, start, due));
  }
  return afterClockTime(start, fraction * (due.getTime() - start.getTime()));
}

function afterClockTime(start: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Cannot add ${ms} ms: the amount must be a finite number, zero or more`);
  }
  return new Date(start.getTime() + Math.round(ms));
}
