/**
 * The working-day calendar (工作日历) that time limits are counted on. Pure: the calendar is plain data (the
 * working hours and the days that differ from the Monday–Friday week), every instant is passed in, and
 * nothing here reads the clock or knows where the official holidays come from (`src/calendar/` turns the
 * published arrangement into `CalendarOverrides`).
 *
 * All days and hours are China time. Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a
 * fixed +08:00 offset is exact for every date a case can have, and no time-zone database is needed.
 *
 * Conventions (tested by the dated tables in calendar.test.ts):
 * - A working day is Monday to Friday unless an override says otherwise: official holidays that fall on
 *   weekdays are 'holiday', make-up working days (调休补班) that fall on weekends are 'workday', and an
 *   administrator's own edits win over both (`mergeOverrides`).
 * - Working time is the time inside the working hours (by default 08:00–12:00 and 14:00–18:00) of working
 *   days; adding working time returns the earliest instant at which that much has passed, so 10:00 plus two
 *   working hours is 12:00 (not 14:00), and 11:30 plus one is 14:30.
 * - "N working days" follows the 12345 practice and the rule for legal time periods (期间开始的日不计算在期间内):
 *   the day a case is received is not counted, whatever the hour; the first counted day is the first working
 *   day after it, and the limit ends at the end of the working hours (18:00) of the Nth working day. So a case
 *   received on Monday at 10:00 with one working day is due on Tuesday at 18:00, and a case received on a
 *   Saturday, a holiday or after 18:00 starts counting on the next working day: one working day from
 *   Saturday is due on Monday at 18:00. A fraction of a day is that fraction of the next working day's
 *   working hours (1.5 working days from Monday: Wednesday 12:00).
 * - "N natural days" counts the same way with every day counted: the receipt day is not counted and the limit
 *   ends at midnight at the end of the Nth day (three natural days from 30 September at 10:00 end at
 *   4 October 00:00). Switching an item between working and natural days then changes only which days count,
 *   and a case received at 23:50 does not lose its first day.
 */

/** The only time zone the platform counts in; its offset is fixed (no daylight saving since 1991). */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A calendar whose overrides leave no working day for this long is broken, not merely festive. */
const LONGEST_REST_DAYS = 400;

/** What a date is on the calendar: a day people work, or a day they rest. */
export const DAY_KINDS = ['workday', 'holiday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

/** Days that differ from (or confirm) the Monday–Friday week, by China date 'YYYY-MM-DD'. */
export type CalendarOverrides = Readonly<Record<string, DayKind>>;

/** One stretch of working hours in a working day, 'HH:MM' China time; `end` may be '24:00'. */
export interface WorkingPeriod {
  start: string;
  end: string;
}

export interface WorkingCalendar {
  timeZone: typeof CHINA_TIME_ZONE;
  /** The working hours of every working day, in order, not overlapping. */
  workingHours: readonly WorkingPeriod[];
  overrides: CalendarOverrides;
}

/** The hours of the seeds' 数字城管 systems: 8–12 and 14–18, a two-hour lunch break between. */
export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '08:00', end: '12:00' },
  { start: '14:00', end: '18:00' },
];

/** Why a calendar cannot be used as it is; rendered into words at the edge. */
export type CalendarProblem =
  | { reason: 'wrong_time_zone'; timeZone: string }
  | { reason: 'no_working_hours' }
  | { reason: 'bad_time'; index: number; time: string }
  | { reason: 'empty_period'; index: number }
  | { reason: 'overlapping_periods'; index: number }
  | { reason: 'bad_date'; date: string }
  | { reason: 'bad_day_kind'; date: string; kind: string };

/** Every problem of a calendar, in order: time zone, working hours, overrides. Empty means usable. */
export function calendarProblems(calendar: WorkingCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (calendar.timeZone !== CHINA_TIME_ZONE) {
    problems.push({ reason: 'wrong_time_zone', timeZone: String(calendar.timeZone) });
  }
  if (calendar.workingHours.length === 0) problems.push({ reason: 'no_working_hours' });
  let previousEnd = 0;
  calendar.workingHours.forEach((period, index) => {
    const start = minutesOf(period.start);
    const end = minutesOf(period.end);
    if (start === null) problems.push({ reason: 'bad_time', index, time: String(period.start) });
    if (end === null) problems.push({ reason: 'bad_time', index, time: String(period.end) });
    if (start === null || end === null) return;
    if (end <= start) {
      problems.push({ reason: 'empty_period', index });
      return;
    }
    if (start < previousEnd) problems.push({ reason: 'overlapping_periods', index });
    previousEnd = Math.max(previousEnd, end);
  });
  for (const [date, kind] of Object.entries(calendar.overrides)) {
    if (dayNumberOfDate(date) === null) problems.push({ reason: 'bad_date', date });
    if (!(DAY_KINDS as readonly string[]).includes(kind)) {
      problems.push({ reason: 'bad_day_kind', date, kind: String(kind) });
    }
  }
  return problems;
}

/**
 * A calendar from its data, checked: the default working hours unless given, no overrides unless given.
 * Throws a RangeError naming the first problem, since a calendar that cannot count must not start counting.
 */
export function workingCalendar(
  spec: { workingHours?: readonly WorkingPeriod[]; overrides?: CalendarOverrides } = {},
): WorkingCalendar {
  const calendar: WorkingCalendar = {
    timeZone: CHINA_TIME_ZONE,
    workingHours: (spec.workingHours ?? DEFAULT_WORKING_HOURS).map((period) => ({ ...period })),
    overrides: { ...spec.overrides },
  };
  const problem = calendarProblems(calendar)[0];
  if (problem) throw new RangeError(`Unusable working calendar: ${JSON.stringify(problem)}`);
  return calendar;
}

/**
 * The official arrangement with an administrator's edits laid over it: for a date in several layers the
 * later layer wins, so a district can turn an official holiday back into a working day or close for a
 * local event.
 */
export function mergeOverrides(
  official: CalendarOverrides,
  ...administratorEdits: CalendarOverrides[]
): CalendarOverrides {
  return Object.assign({}, official, ...administratorEdits);
}

/** The China date of an instant, 'YYYY-MM-DD'. */
export function chinaDateOf(instant: Date): string {
  return dateOfDayNumber(dayNumberOf(instant.getTime()));
}

/** The instants a China date 'YYYY-MM-DD' runs between, [start, end); null for a date that does not exist. */
export function chinaDayBounds(date: string): { start: Date; end: Date } | null {
  const day = dayNumberOfDate(date);
  return day === null ? null : { start: new Date(midnightOf(day)), end: new Date(midnightOf(day + 1)) };
}

/** Whether the China date of `instant` is a working day. */
export function isWorkingDay(calendar: WorkingCalendar, instant: Date): boolean {
  return isWorkingDayNumber(calendar, dayNumberOf(instant.getTime()));
}

/** How much working time one working day holds (8 hours by default), in milliseconds. */
export function workingTimePerDay(calendar: WorkingCalendar): number {
  return periodsOf(calendar).reduce((sum, period) => sum + period.end - period.start, 0);
}

/**
 * The earliest instant at which `ms` of working time has passed since `start`; time outside working hours
 * and on rest days does not count. Adding nothing returns `start` itself, even outside working hours.
 */
export function addWorkingTime(calendar: WorkingCalendar, start: Date, ms: number): Date {
  requireNonNegative('working time', ms);
  let remaining = Math.round(ms);
  const from = start.getTime();
  if (remaining === 0) return new Date(from);
  const periods = periodsOf(calendar);
  let restDays = 0;
  for (let day = dayNumberOf(from); ; day++) {
    if (!isWorkingDayNumber(calendar, day)) {
      restDays++;
      if (restDays > LONGEST_REST_DAYS) throw noWorkingDay(day);
      continue;
    }
    restDays = 0;
    const midnight = midnightOf(day);
    for (const period of periods) {
      const periodEnd = midnight + period.end;
      if (periodEnd <= from) continue;
      const countedFrom = Math.max(midnight + period.start, from);
      const available = periodEnd - countedFrom;
      if (remaining <= available) return new Date(countedFrom + remaining);
      remaining -= available;
    }
  }
}

/** `addWorkingTime` in hours (fractions allowed): 11:30 plus one working hour is 14:30. */
export function addWorkingHours(calendar: WorkingCalendar, start: Date, hours: number): Date {
  requireNonNegative('working hours', hours);
  return addWorkingTime(calendar, start, hours * HOUR_MS);
}

/**
 * The end of the working hours of the `days`th working day after the day of `start` (see the convention at
 * the top of this file); a fractional part is that share of the next working day's working hours. Zero days
 * is `start` itself.
 */
export function addWorkingDays(calendar: WorkingCalendar, start: Date, days: number): Date {
  requireNonNegative('working days', days);
  if (days === 0) return new Date(start.getTime());
  // Counting from the midnight that ends the receipt day leaves that day out; N whole days of working time
  // from there end at the close of the Nth working day, because a working day holds exactly that much.
  const dayAfterReceipt = new Date(midnightOf(dayNumberOf(start.getTime()) + 1));
  return addWorkingTime(calendar, dayAfterReceipt, days * workingTimePerDay(calendar));
}

/**
 * Midnight (China time) at the end of the `days`th natural day after the day of `start`; holidays count.
 * A fraction is that share of a day after that midnight. Zero days is `start` itself.
 */
export function addNaturalDays(_calendar: WorkingCalendar, start: Date, days: number): Date {
  requireNonNegative('natural days', days);
  if (days === 0) return new Date(start.getTime());
  return new Date(midnightOf(dayNumberOf(start.getTime()) + 1) + Math.round(days * DAY_MS));
}

/**
 * The working time between two instants, in milliseconds: for timers that pause (挂账) and for reporting
 * how long a unit really had. Zero when `to` is not after `from`.
 */
export function workingTimeBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  const periods = periodsOf(calendar);
  let total = 0;
  for (let day = dayNumberOf(start); day <= dayNumberOf(end); day++) {
    if (!isWorkingDayNumber(calendar, day)) continue;
    const midnight = midnightOf(day);
    for (const period of periods) {
      const overlap = Math.min(end, midnight + period.end) - Math.max(start, midnight + period.start);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

// Days are counted as whole days since 1970-01-01 in China time ("day numbers"), which makes the weekday,
// the date and the instant of midnight plain arithmetic.

function dayNumberOf(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant of China midnight that starts the day. */
function midnightOf(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a real date 'YYYY-MM-DD'; null for anything else ('2026-02-30', '2026-2-3'). */
function dayNumberOfDate(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

function isWorkingDayNumber(calendar: WorkingCalendar, day: number): boolean {
  const date = dateOfDayNumber(day);
  if (Object.hasOwn(calendar.overrides, date)) return calendar.overrides[date] === 'workday';
  // 1970-01-01 was a Thursday: day 0 has weekday 4 (Sunday 0 … Saturday 6).
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday >= 1 && weekday <= 5;
}

/** 'HH:MM' → minutes after midnight, '24:00' included; null for anything else. */
function minutesOf(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** The working periods as milliseconds after midnight; a calendar with problems is refused here. */
function periodsOf(calendar: WorkingCalendar): Array<{ start: number; end: number }> {
  const periods = calendar.workingHours.map((period) => ({
    start: (minutesOf(period.start) ?? Number.NaN) * MINUTE_MS,
    end: (minutesOf(period.end) ?? Number.NaN) * MINUTE_MS,
  }));
  const broken = periods.some(
    (period, index) =>
      !(period.start < period.end) || (index > 0 && period.start < (periods[index - 1]?.end ?? 0)),
  );
  if (periods.length === 0 || broken) {
    throw new RangeError(`Unusable working hours: ${JSON.stringify(calendar.workingHours)}`);
  }
  return periods;
}

function requireNonNegative(what: string, amount: number): void {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`Cannot add ${amount} ${what}: the amount must be a finite number, zero or more`);
  }
}

function noWorkingDay(day: number): Error {
  return new RangeError(
    `The calendar has no working day in the ${LONGEST_REST_DAYS} days before ${dateOfDayNumber(day)}`,
  );
}
