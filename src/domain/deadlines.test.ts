import { describe, expect, it } from 'vitest';
import { officialOverrides } from '../calendar/official-holidays.ts';
import { type WorkingCalendar, workingCalendar } from './calendar.ts';
import type { LimitUnit, StepLimit } from './catalogue.ts';
import {
  currentDeadline,
  deadlineStatus,
  dueAt,
  isOverdue,
  isWarned,
  type StepDeadline,
  type StepLimits,
  WARNING_FRACTION,
  warningAt,
} from './deadlines.ts';
import type { EventState, Unit } from './events.ts';
import { type EventFact, type LoggedFact, replay } from './lifecycle/facts.ts';

const HOUR = 60 * 60 * 1000;

/** An instant given in China time: '2026-09-30 10:00'. */
function china(time: string): Date {
  return new Date(`${time.replace(' ', 'T')}:00+08:00`);
}

/** An instant shown in China time, seconds only when there are any: '2026-09-30 10:00'. */
function inChina(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * HOUR).toISOString();
  const seconds = shifted.slice(16, 23);
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}${seconds === ':00.000' ? '' : seconds}`;
}

/** Official 2026 days from the package: 国庆 1–7 Oct, make-up Sun 20 Sep and Sat 10 Oct; 中秋 Fri 25 Sep. */
const CALENDAR: WorkingCalendar = workingCalendar({ overrides: officialOverrides(2025, 2027) });

const limit = (amount: number, unit: LimitUnit): StepLimit => ({ unit, amount });

describe('dueAt', () => {
  it.each([
    [
      limit(30, 'minutes'),
      '2026-03-14 23:50',
      '2026-03-15 00:20',
      'on the clock, over midnight of a weekend',
    ],
    [limit(24, 'hours'), '2026-09-30 10:00', '2026-10-01 10:00', 'on the clock, into National Day'],
    [limit(2.5, 'hours'), '2026-03-10 22:00', '2026-03-11 00:30', 'fractions of clock hours'],
    [limit(8, 'working_hours'), '2026-09-30 15:00', '2026-10-08 15:00', 'working hours skip the holiday'],
    [limit(1, 'working_hours'), '2026-03-10 11:30', '2026-03-10 14:30', 'working hours skip lunch'],
    [
      limit(3, 'working_days'),
      '2026-09-30 10:00',
      '2026-10-10 18:00',
      'working days: the make-up Saturday counts',
    ],
    [limit(3, 'working_days'), '2026-09-25 10:00', '2026-09-30 18:00', 'from the Friday before, 中秋 itself'],
    [limit(13, 'working_days'), '2026-03-09 10:00', '2026-03-26 18:00', 'the 投诉 limit of one city'],
    [limit(3, 'natural_days'), '2026-09-30 10:00', '2026-10-04 00:00', 'natural days: holidays count'],
  ])('%j from %s is due at %s (%s)', (stepLimit, start, due) => {
    expect(inChina(dueAt(CALENDAR, stepLimit, china(start)))).toBe(due);
  });

  it('refuses a negative limit', () => {
    expect(() => dueAt(CALENDAR, limit(-1, 'hours'), china('2026-03-10 10:00'))).toThrow(RangeError);
    expect(() => dueAt(CALENDAR, limit(-1, 'working_days'), china('2026-03-10 10:00'))).toThrow(RangeError);
  });
});

describe('warningAt', () => {
  it('warns at 80 % by default', () => {
    expect(WARNING_FRACTION).toBe(0.8);
  });

  it.each([
    [limit(10, 'hours'), '2026-03-10 08:00', '2026-03-10 16:00', '80 % of ten clock hours'],
    [limit(30, 'minutes'), '2026-03-10 10:00', '2026-03-10 10:24', '80 % of thirty minutes'],
    [limit(24, 'hours'), '2026-03-13 20:00', '2026-03-14 15:12', 'clock hours run on a Saturday too'],
    // Due Tue 18:00; 14 working hours from Mon 10:00 (6 on Monday, 8 on Tuesday); 80 % is 11 h 12 min.
    [limit(1, 'working_days'), '2026-03-09 10:00', '2026-03-10 15:12', 'working time, not clock time'],
    // Due Mon 18:00; the span is Monday's 8 hours; 80 % is 6 h 24 min of Monday.
    [limit(1, 'working_days'), '2026-03-14 10:00', '2026-03-16 16:24', 'received on a Saturday'],
    // Due Sat 10 Oct 18:00; 30 working hours (6 + 8 + 8 + 8); 80 % is 24 h: 10:00 on the make-up Saturday.
    [limit(3, 'working_days'), '2026-09-30 10:00', '2026-10-10 10:00', 'across National Day'],
    // Due Mon 18:00; 10 working hours; 80 % is 8 h: 2 on Friday, 6 on Monday.
    [limit(10, 'working_hours'), '2026-03-13 16:00', '2026-03-16 16:00', 'across a weekend'],
    // Due 4 Oct 00:00, 84 clock hours after; 80 % is 67 h 12 min.
    [limit(3, 'natural_days'), '2026-09-30 12:00', '2026-10-03 07:12', 'natural days are clock time'],
  ])('%j from %s warns at %s (%s)', (stepLimit, start, warn) => {
    expect(inChina(warningAt(CALENDAR, stepLimit, china(start)))).toBe(warn);
  });

  it('takes another share, from the start (0) to the due instant (1)', () => {
    const start = china('2026-03-09 10:00');
    const oneDay = limit(1, 'working_days');
    expect(inChina(warningAt(CALENDAR, oneDay, start, 0.5))).toBe('2026-03-10 09:00');
    expect(warningAt(CALENDAR, oneDay, start, 0)).toEqual(start);
    expect(warningAt(CALENDAR, oneDay, start, 1)).toEqual(dueAt(CALENDAR, oneDay, start));
    expect(() => warningAt(CALENDAR, oneDay, start, 1.2)).toThrow(RangeError);
    expect(() => warningAt(CALENDAR, oneDay, start, -0.1)).toThrow(RangeError);
  });
});

// One event's life around National Day 2026. Limits: accept within 24 clock hours (the seeds' 24 h),
// handle within 3 working days, verify within 1 working day.
const LIMITS: StepLimits = {
  accept: limit(24, 'hours'),
  handle: limit(3, 'working_days'),
  verify: limit(1, 'working_days'),
};
const DEPARTMENT: Unit = { kind: 'district_department', code: 'CGW', areaPath: 'D' };

const REPORTED: EventFact = {
  type: 'reported',
  eventId: 'E1',
  source: 'grid_worker',
  catalogueItemCode: '01037',
  description: '路灯不亮',
  location: { lng: 117.15, lat: 39.17 },
  areaCode: 'G11',
  areaPath: 'D/S1/C1/G11',
  address: null,
  reporterUserId: 2,
  level: 'grid',
};
const DISPATCHED: EventFact = { type: 'dispatched', level: 'street', lead: DEPARTMENT, assisting: [] };
const WHISTLED: EventFact = { type: 'whistled', lead: DEPARTMENT, assisting: [], reason: '多次反映未解决' };
const ACCEPTED: EventFact = { type: 'accepted' };
const HANDLED: EventFact = { type: 'handled', text: '已更换灯泡', attachmentIds: [] };
const extensionAsked = (extraHours: number): EventFact => ({
  type: 'extension_requested',
  reason: '需采购配件',
  extraHours,
  requestedBy: 7,
});
const extensionGranted = (extraHours: number): EventFact => ({ type: 'extension_approved', extraHours });

/** A log from [China time, fact] pairs, in the order recorded. */
function logOf(...entries: Array<[string, EventFact]>): LoggedFact[] {
  return entries.map(([time, fact]) => ({ fact, at: china(time), actorUserId: null }));
}

/** The start of every log below: reported and dispatched on Monday 28 September. */
const OPENING: Array<[string, EventFact]> = [
  ['2026-09-28 09:00', REPORTED],
  ['2026-09-28 10:00', DISPATCHED],
];
const UNTIL_ACCEPTED: Array<[string, EventFact]> = [...OPENING, ['2026-09-29 09:00', ACCEPTED]];
const UNTIL_HANDLED: Array<[string, EventFact]> = [...UNTIL_ACCEPTED, ['2026-10-09 16:00', HANDLED]];

type Shown = { step: StepDeadline['step']; startedAt: string; warnAt: string; dueAt: string } | null;

function shown(deadline: StepDeadline | null): Shown {
  if (deadline === null) return null;
  return {
    step: deadline.step,
    startedAt: inChina(deadline.startedAt),
    warnAt: inChina(deadline.warnAt),
    dueAt: inChina(deadline.dueAt),
  };
}

const step = (name: StepDeadline['step'], startedAt: string, warnAt: string, dueAt: string): Shown => ({
  step: name,
  startedAt,
  warnAt,
  dueAt,
});

/** Each row: what happened, the log, the running step (or null). */
const LOG_CASES: Array<[string, LoggedFact[], Shown]> = [
  ['only reported: nothing runs yet', logOf(['2026-09-28 09:00', REPORTED]), null],
  [
    'dispatched: the unit has 24 clock hours to accept',
    logOf(...OPENING),
    step('accept', '2026-09-28 10:00', '2026-09-29 05:12', '2026-09-29 10:00'),
  ],
  [
    'whistled to a district department: the same accept step',
    logOf(['2026-09-28 09:00', REPORTED], ['2026-09-28 11:00', WHISTLED]),
    step('accept', '2026-09-28 11:00', '2026-09-29 06:12', '2026-09-29 11:00'),
  ],
  [
    'a second whistle changes who watches, not the clock',
    logOf(...OPENING, ['2026-09-28 15:00', { type: 'second_whistled', reason: '未签收' }]),
    step('accept', '2026-09-28 10:00', '2026-09-29 05:12', '2026-09-29 10:00'),
  ],
  [
    // 31 working hours from Tue 09:00 to Fri 9 Oct 18:00 (7 + 8 + 8 + 8); 80 % is 24 h 48 min.
    'accepted: 3 working days to handle, over National Day',
    logOf(...UNTIL_ACCEPTED),
    step('handle', '2026-09-29 09:00', '2026-10-09 09:48', '2026-10-09 18:00'),
  ],
  [
    // 16 more working hours: the make-up Saturday and Monday 12 Oct; 80 % of 47 h is 37 h 36 min.
    'an approved extension of 16 working hours moves the due time and the warning',
    logOf(
      ...UNTIL_ACCEPTED,
      ['2026-10-08 10:00', extensionAsked(16)],
      ['2026-10-08 11:00', extensionGranted(16)],
    ),
    step('handle', '2026-09-29 09:00', '2026-10-10 16:36', '2026-10-12 18:00'),
  ],
  [
    'two approved extensions add up',
    logOf(
      ...UNTIL_ACCEPTED,
      ['2026-10-08 10:00', extensionAsked(8)],
      ['2026-10-08 11:00', extensionGranted(8)],
      ['2026-10-09 10:00', extensionAsked(8)],
      ['2026-10-09 11:00', extensionGranted(8)],
    ),
    step('handle', '2026-09-29 09:00', '2026-10-10 16:36', '2026-10-12 18:00'),
  ],
  [
    'a refused or pending extension moves nothing',
    logOf(
      ...UNTIL_ACCEPTED,
      ['2026-10-08 10:00', extensionAsked(16)],
      ['2026-10-08 11:00', { type: 'extension_refused', reason: '理由不充分' }],
      ['2026-10-08 14:00', extensionAsked(8)],
    ),
    step('handle', '2026-09-29 09:00', '2026-10-09 09:48', '2026-10-09 18:00'),
  ],
  [
    // 10 working hours from Fri 16:00 to Sat 10 Oct 18:00 (a make-up working day); 80 % is 8 h.
    'handled: one working day to verify on site',
    logOf(...UNTIL_HANDLED),
    step('verify', '2026-10-09 16:00', '2026-10-10 16:00', '2026-10-10 18:00'),
  ],
  [
    // 30 working hours from Mon 12 Oct 10:00 (6 + 8 + 8 + 8); 80 % is 24 h.
    'a failed verification restarts the handle step with a fresh limit and no old extension',
    logOf(
      ...UNTIL_ACCEPTED,
      ['2026-10-08 10:00', extensionAsked(16)],
      ['2026-10-08 11:00', extensionGranted(16)],
      ['2026-10-09 16:00', HANDLED],
      ['2026-10-12 10:00', { type: 'verification_failed', text: '灯仍不亮', attachmentIds: [] }],
    ),
    step('handle', '2026-10-12 10:00', '2026-10-15 10:00', '2026-10-15 18:00'),
  ],
  [
    'verified: no unit is on the clock',
    logOf(...UNTIL_HANDLED, ['2026-10-10 09:00', { type: 'verified', text: '已修复', attachmentIds: [] }]),
    null,
  ],
  [
    'rated: nothing runs',
    logOf(
      ...UNTIL_HANDLED,
      ['2026-10-10 09:00', { type: 'verified', text: '已修复', attachmentIds: [] }],
      ['2026-10-10 10:00', { type: 'rated', rating: 'dissatisfied', comment: '又坏了' }],
    ),
    null,
  ],
  [
    'rework after a dissatisfied rating: a fresh handle step from the order',
    logOf(
      ...UNTIL_HANDLED,
      ['2026-10-10 09:00', { type: 'verified', text: '已修复', attachmentIds: [] }],
      ['2026-10-10 10:00', { type: 'rated', rating: 'dissatisfied', comment: '又坏了' }],
      ['2026-10-10 11:00', { type: 'rework_ordered' }],
    ),
    // Day 1 is Monday 12 Oct (the make-up Saturday itself is the receipt day); 80 % of 29 h (5 on Saturday, 8 a day after) is 23 h 12 min.
    step('handle', '2026-10-10 11:00', '2026-10-14 10:12', '2026-10-14 18:00'),
  ],
  [
    'closed: nothing runs',
    logOf(
      ...UNTIL_HANDLED,
      ['2026-10-10 09:00', { type: 'verified', text: '已修复', attachmentIds: [] }],
      ['2026-10-10 12:00', { type: 'closed', text: '结案' }],
    ),
    null,
  ],
  [
    'a return sends the case back to triage: nothing runs',
    logOf(
      ...OPENING,
      ['2026-09-28 11:00', { type: 'return_requested', reason: '非本单位职责', requestedBy: 7 }],
      ['2026-09-28 14:00', { type: 'return_approved', level: 'street' }],
    ),
    null,
  ],
  [
    'dispatched again after a return: the accept step starts from the new dispatch',
    logOf(
      ...OPENING,
      ['2026-09-28 11:00', { type: 'return_requested', reason: '非本单位职责', requestedBy: 7 }],
      ['2026-09-28 14:00', { type: 'return_approved', level: 'street' }],
      ['2026-09-28 15:00', DISPATCHED],
    ),
    step('accept', '2026-09-28 15:00', '2026-09-29 10:12', '2026-09-29 15:00'),
  ],
  [
    'cancelled: nothing runs',
    logOf(['2026-09-28 09:00', REPORTED], ['2026-09-28 09:30', { type: 'cancelled', reason: '误报' }]),
    null,
  ],
  [
    'merged into another event: nothing runs',
    logOf(['2026-09-28 09:00', REPORTED], ['2026-09-28 09:30', { type: 'merged', intoEventId: 'E0' }]),
    null,
  ],
  [
    'solved on the spot: nothing runs',
    logOf(
      ['2026-09-28 09:00', REPORTED],
      ['2026-09-28 09:30', { type: 'solved_on_the_spot', text: '已清理', attachmentIds: [] }],
    ),
    null,
  ],
];

function eventOf(log: readonly LoggedFact[]): EventState {
  const event = replay(log);
  if (event === null) throw new Error('empty log');
  return event;
}

describe('currentDeadline', () => {
  it.each(LOG_CASES)('%s', (_name, log, expected) => {
    expect(shown(currentDeadline(CALENDAR, eventOf(log), LIMITS, log))).toEqual(expected);
  });

  it('takes another warning share', () => {
    const log = logOf(...OPENING);
    expect(shown(currentDeadline(CALENDAR, eventOf(log), LIMITS, log, 0.5))).toEqual(
      step('accept', '2026-09-28 10:00', '2026-09-28 22:00', '2026-09-29 10:00'),
    );
  });

  it('uses each step’s own limit', () => {
    const log = logOf(...UNTIL_ACCEPTED);
    const limits: StepLimits = { ...LIMITS, handle: limit(8, 'working_hours') };
    expect(currentDeadline(CALENDAR, eventOf(log), limits, log)?.dueAt).toEqual(china('2026-09-30 09:00'));
  });

  it('refuses a log that cannot be the event’s: accepted, with nothing that started the step', () => {
    const event = eventOf(logOf(...UNTIL_ACCEPTED));
    expect(() => currentDeadline(CALENDAR, event, LIMITS, logOf(...OPENING.slice(0, 1)))).toThrow(
      /Impossible log/,
    );
  });
});

describe('isOverdue, isWarned and deadlineStatus', () => {
  const deadline: StepDeadline = {
    step: 'handle',
    startedAt: china('2026-03-09 10:00'),
    warnAt: china('2026-03-10 15:12'),
    dueAt: china('2026-03-10 18:00'),
  };

  it.each([
    ['2026-03-10 15:11', false, false, 'on_time'],
    ['2026-03-10 15:12', true, false, 'warned'],
    ['2026-03-10 18:00', true, false, 'warned'],
    ['2026-03-10 18:01', true, true, 'overdue'],
  ] as const)('at %s: warned %s, overdue %s (%s)', (now, warned, overdue, status) => {
    expect(isWarned(deadline, china(now))).toBe(warned);
    expect(isOverdue(deadline, china(now))).toBe(overdue);
    expect(deadlineStatus(deadline, china(now))).toBe(status);
  });

  it('is on time at the very instant it is due, and overdue a millisecond later', () => {
    expect(isOverdue(deadline, deadline.dueAt)).toBe(false);
    expect(isOverdue(deadline, new Date(deadline.dueAt.getTime() + 1))).toBe(true);
  });
});
