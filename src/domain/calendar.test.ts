import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { officialOverrides, officialYearsCovered } from '../calendar/official-holidays.ts';
import {
  addNaturalDays,
  addWorkingDays,
  addWorkingHours,
  addWorkingTime,
  type CalendarOverrides,
  calendarProblems,
  chinaDateOf,
  chinaDayBounds,
  DEFAULT_WORKING_HOURS,
  isWorkingDay,
  mergeOverrides,
  type WorkingCalendar,
  workingCalendar,
  workingTimeBetween,
  workingTimePerDay,
} from './calendar.ts';

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

/**
 * The official arrangement of 2026 as the State Council published it (国办发明电〔2025〕7号, gov.cn
 * content_7047091), reduced to the days that differ from Monday–Friday:
 * 元旦 1 Jan (Thu)–3 Jan, work Sun 4 Jan · 春节 15 Feb (Sun)–23 Feb (Mon), work Sat 14 Feb and Sat 28 Feb ·
 * 清明 4–6 Apr · 劳动节 1–5 May, work Sat 9 May · 端午 19–21 Jun · 中秋 25–27 Sep ·
 * 国庆 1 Oct (Thu)–7 Oct, work Sun 20 Sep and Sat 10 Oct.
 */
const OFFICIAL_2026: CalendarOverrides = {
  '2026-01-01': 'holiday',
  '2026-01-02': 'holiday',
  '2026-01-04': 'workday',
  '2026-02-14': 'workday',
  '2026-02-16': 'holiday',
  '2026-02-17': 'holiday',
  '2026-02-18': 'holiday',
  '2026-02-19': 'holiday',
  '2026-02-20': 'holiday',
  '2026-02-23': 'holiday',
  '2026-02-28': 'workday',
  '2026-04-06': 'holiday',
  '2026-05-01': 'holiday',
  '2026-05-04': 'holiday',
  '2026-05-05': 'holiday',
  '2026-05-09': 'workday',
  '2026-06-19': 'holiday',
  '2026-09-20': 'workday',
  '2026-09-25': 'holiday',
  '2026-10-01': 'holiday',
  '2026-10-02': 'holiday',
  '2026-10-05': 'holiday',
  '2026-10-06': 'holiday',
  '2026-10-07': 'holiday',
  '2026-10-10': 'workday',
};

/** The calendar every table below counts on: the default hours and the package's official days. */
const CALENDAR: WorkingCalendar = workingCalendar({ overrides: officialOverrides(2025, 2027) });

describe('official holidays (the chinese-days adapter)', () => {
  it('covers 2004 to at least 2026', () => {
    const years = officialYearsCovered();
    expect(years.from).toBe(2004);
    expect(years.to).toBeGreaterThanOrEqual(2026);
  });

  it('gives the 2026 arrangement as published, only where it differs from Monday–Friday', () => {
    expect(officialOverrides(2026, 2026)).toEqual(OFFICIAL_2026);
  });

  it.each([
    ['2026-10-01', 'holiday'], // National Day, a Thursday
    ['2026-10-10', 'workday'], // make-up Saturday after National Day
    ['2026-09-20', 'workday'], // make-up Sunday before it
    ['2026-02-16', 'holiday'], // Spring Festival, a Monday
    ['2025-01-01', 'holiday'], // New Year's Day 2025, a Wednesday
    ['2025-01-26', 'workday'], // make-up Sunday before Spring Festival 2025
    ['2024-02-18', 'workday'], // make-up Sunday after Spring Festival 2024
    ['2004-10-01', 'holiday'], // the first year the package holds
  ])('%s is a %s', (date, kind) => {
    const year = Number(date.slice(0, 4));
    expect(officialOverrides(year, year)[date]).toBe(kind);
  });

  it('leaves out holidays that fall on a weekend anyway', () => {
    const overrides = officialOverrides(2026, 2026);
    expect(overrides['2026-10-03']).toBeUndefined(); // Saturday of National Day
    expect(overrides['2026-02-15']).toBeUndefined(); // Sunday, the first day of Spring Festival
  });

  it('keeps to the years asked for, and gives nothing for years the package does not hold', () => {
    const dates = Object.keys(officialOverrides(2025, 2026));
    expect(dates.every((date) => date.startsWith('2025-') || date.startsWith('2026-'))).toBe(true);
    const after = officialYearsCovered().to + 1;
    expect(officialOverrides(after, after + 5)).toEqual({});
    expect(officialOverrides(1990, 2003)).toEqual({});
  });

  it('refuses a span that is not one', () => {
    expect(() => officialOverrides(2027, 2026)).toThrow(RangeError);
    expect(() => officialOverrides(2026.5, 2027)).toThrow(RangeError);
  });

  // The package's own functions read dates in the process's time zone and are a day off west of UTC (see
  // the adapter); the tests run in UTC (vitest.config.ts), where they are right, and the data file the
  // adapter reads must agree with them day by day.
  it("agrees with the package's isWorkday on every day of 2024–2026", () => {
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
    const chineseDays = createRequire(import.meta.url)('chinese-days') as {
      isWorkday: (date: Date) => boolean;
    };
    const calendar = workingCalendar({ overrides: officialOverrides(2024, 2026) });
    for (let day = new Date(2024, 0, 1); day.getFullYear() <= 2026; day.setDate(day.getDate() + 1)) {
      const noonInChina = china(
        `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')} 12:00`,
      );
      expect(isWorkingDay(calendar, noonInChina), chinaDateOf(noonInChina)).toBe(chineseDays.isWorkday(day));
    }
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-16 10:00', true, 'a plain Monday'],
    ['2026-03-14 10:00', false, 'a plain Saturday'],
    ['2026-10-01 10:00', false, 'National Day, a Thursday'],
    ['2026-10-10 10:00', true, 'the make-up Saturday after National Day'],
    ['2026-09-20 10:00', true, 'the make-up Sunday before National Day'],
    ['2026-02-14 10:00', true, 'the make-up Saturday before Spring Festival'],
    ['2026-02-23 10:00', false, 'the last day of Spring Festival, a Monday'],
    [
      '2026-10-08 00:30',
      true,
      'just after midnight in China, while it is still 7 October (a holiday) in UTC',
    ],
    ['2026-10-01 07:59', false, 'early on National Day, while it is still 30 September in UTC'],
  ])('%s is a working day: %s (%s)', (time, expected) => {
    expect(isWorkingDay(CALENDAR, china(time))).toBe(expected);
  });

  it('reads the date in China time', () => {
    expect(chinaDateOf(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(chinaDateOf(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
  });

  it('gives the instants a China date runs between, and nothing for a date that does not exist', () => {
    expect(chinaDayBounds('2026-10-01')).toEqual({
      start: new Date('2026-09-30T16:00:00Z'),
      end: new Date('2026-10-01T16:00:00Z'),
    });
    expect(chinaDayBounds('2026-02-30')).toBeNull();
    expect(chinaDayBounds('2026-2-3')).toBeNull();
  });

  it('follows Monday–Friday where nothing is overridden', () => {
    const plain = workingCalendar();
    expect(isWorkingDay(plain, china('2026-10-01 10:00'))).toBe(true);
    expect(isWorkingDay(plain, china('2026-10-10 10:00'))).toBe(false);
  });
});

/**
 * N working days: the receipt day never counts; the limit ends at 18:00 of the Nth working day after it.
 * Each row: received (China time), working days, due (China time), why.
 */
const WORKING_DAY_CASES: Array<[string, number, string, string]> = [
  ['2026-03-09 10:00', 1, '2026-03-10 18:00', 'Monday during hours: Tuesday is day 1'],
  ['2026-03-09 07:00', 1, '2026-03-10 18:00', 'Monday before hours: the receipt day still does not count'],
  ['2026-03-09 19:30', 1, '2026-03-10 18:00', 'Monday after hours: counting starts on the next working day'],
  ['2026-03-09 10:00', 3, '2026-03-12 18:00', 'three plain days'],
  ['2026-03-13 10:00', 1, '2026-03-16 18:00', 'Friday: the weekend does not count'],
  ['2026-03-14 10:00', 1, '2026-03-16 18:00', 'received on a Saturday: Monday is day 1'],
  ['2026-03-15 23:59', 3, '2026-03-18 18:00', 'received late on a Sunday'],
  // National Day 2026: 中秋 Fri 25 Sep (holiday), 国庆 Thu 1 – Wed 7 Oct, make-up Sun 20 Sep and Sat 10 Oct.
  ['2026-09-25 10:00', 3, '2026-09-30 18:00', 'the Friday before National Day is 中秋, itself a holiday'],
  [
    '2026-09-18 16:00',
    3,
    '2026-09-22 18:00',
    'the last working Friday before: make-up Sunday 20 Sep is day 1',
  ],
  ['2026-09-30 10:00', 3, '2026-10-10 18:00', 'the eve of National Day: 8, 9 and make-up Saturday 10 Oct'],
  ['2026-09-30 10:00', 4, '2026-10-12 18:00', 'four days: over the make-up Saturday and the Sunday after'],
  ['2026-10-01 10:00', 1, '2026-10-08 18:00', 'received on National Day'],
  ['2026-09-29 10:00', 1, '2026-09-30 18:00', 'the day before the eve: unaffected'],
  // Spring Festival 2026: Sun 15 – Mon 23 Feb, make-up Sat 14 Feb and Sat 28 Feb.
  [
    '2026-02-13 10:00',
    3,
    '2026-02-25 18:00',
    'Friday before Spring Festival: make-up Sat 14, then 24 and 25',
  ],
  ['2026-02-14 10:00', 1, '2026-02-24 18:00', 'received on the make-up Saturday: it was a working day'],
  ['2026-02-12 10:00', 5, '2026-02-26 18:00', 'five days across the whole festival'],
  ['2026-02-25 10:00', 3, '2026-02-28 18:00', 'the make-up Saturday after the festival is day 3'],
  ['2026-02-20 10:00', 1, '2026-02-24 18:00', 'received during the festival'],
  // Fractions are that share of the next working day's hours; zero adds nothing.
  ['2026-03-09 10:00', 1.5, '2026-03-11 12:00', 'one and a half days: noon of the second day'],
  ['2026-03-09 10:00', 0, '2026-03-09 10:00', 'zero days'],
];

describe('addWorkingDays', () => {
  it.each(WORKING_DAY_CASES)('%s + %s working days = %s (%s)', (received, days, due) => {
    expect(inChina(addWorkingDays(CALENDAR, china(received), days))).toBe(due);
  });

  it('counts in the calendar’s own hours: the day ends when its last period ends', () => {
    const calendar = workingCalendar({ workingHours: [{ start: '09:00', end: '17:30' }] });
    expect(inChina(addWorkingDays(calendar, china('2026-03-13 10:00'), 1))).toBe('2026-03-16 17:30');
  });

  it('refuses a negative or endless count', () => {
    expect(() => addWorkingDays(CALENDAR, china('2026-03-09 10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(CALENDAR, china('2026-03-09 10:00'), Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
  });
});

/** Working hours: only 08–12 and 14–18 of working days count. Each row: from, hours, to, why. */
const WORKING_HOUR_CASES: Array<[string, number, string, string]> = [
  ['2026-03-10 11:30', 1, '2026-03-10 14:30', 'across lunch'],
  ['2026-03-10 10:00', 2, '2026-03-10 12:00', 'ending as the morning ends, not after lunch'],
  ['2026-03-10 08:00', 8, '2026-03-10 18:00', 'a whole day ends at 18:00, not the next morning'],
  ['2026-03-10 12:30', 1, '2026-03-10 15:00', 'started over lunch: counting waits for 14:00'],
  ['2026-03-10 07:00', 1, '2026-03-10 09:00', 'started before hours'],
  ['2026-03-10 19:00', 0.5, '2026-03-11 08:30', 'started in the evening'],
  ['2026-03-13 17:00', 3, '2026-03-16 10:00', 'across the evening and a weekend'],
  ['2026-03-14 10:00', 1, '2026-03-16 09:00', 'started on a Saturday'],
  ['2026-09-30 15:00', 8, '2026-10-08 15:00', 'across National Day'],
  ['2026-10-09 17:00', 2, '2026-10-10 09:00', 'the make-up Saturday counts'],
  ['2026-10-10 17:00', 2, '2026-10-12 09:00', 'but the Sunday after it does not'],
  ['2026-03-10 10:00', 0, '2026-03-10 10:00', 'nothing added'],
  ['2026-03-10 22:00', 0, '2026-03-10 22:00', 'nothing added, even out of hours'],
];

describe('addWorkingHours', () => {
  it.each(WORKING_HOUR_CASES)('%s + %s working hours = %s (%s)', (from, hours, to) => {
    expect(inChina(addWorkingHours(CALENDAR, china(from), hours))).toBe(to);
  });

  it('uses the configured hours', () => {
    const calendar = workingCalendar({ workingHours: [{ start: '09:00', end: '17:00' }] });
    expect(inChina(addWorkingHours(calendar, china('2026-03-10 16:00'), 2))).toBe('2026-03-11 10:00');
    expect(workingTimePerDay(calendar)).toBe(8 * HOUR);
    expect(workingTimePerDay(CALENDAR)).toBe(8 * HOUR);
  });

  it('refuses a negative amount', () => {
    expect(() => addWorkingHours(CALENDAR, china('2026-03-10 10:00'), -2)).toThrow(RangeError);
    expect(() => addWorkingTime(CALENDAR, china('2026-03-10 10:00'), Number.NaN)).toThrow(RangeError);
  });

  it('fails, rather than searching for ever, on a calendar with no working day in sight', () => {
    const closed: Record<string, 'holiday'> = {};
    for (let day = 0; day < 500; day++) {
      closed[chinaDateOf(new Date(china('2026-03-09 12:00').getTime() + day * 24 * HOUR))] = 'holiday';
    }
    const calendar = workingCalendar({ overrides: closed });
    expect(() => addWorkingHours(calendar, china('2026-03-09 10:00'), 1)).toThrow(/no working day/);
  });
});

describe('addNaturalDays', () => {
  it.each([
    ['2026-09-30 10:00', 3, '2026-10-04 00:00', 'holidays count: the end of 3 October'],
    ['2026-09-30 23:50', 3, '2026-10-04 00:00', 'received late: the receipt day still is not counted'],
    ['2026-10-01 00:10', 3, '2026-10-05 00:00', 'received just after midnight'],
    ['2026-03-13 10:00', 1, '2026-03-15 00:00', 'a Friday: Saturday is day 1'],
    ['2026-09-30 10:00', 0.5, '2026-10-01 12:00', 'half a day: noon of the first day'],
    ['2026-09-30 10:00', 0, '2026-09-30 10:00', 'zero days'],
  ])('%s + %s natural days = %s (%s)', (received, days, due) => {
    expect(inChina(addNaturalDays(CALENDAR, china(received), days))).toBe(due);
  });
});

describe('workingTimeBetween', () => {
  it.each([
    ['2026-03-10 11:30', '2026-03-10 14:30', 1, 'across lunch'],
    ['2026-03-13 17:00', '2026-03-16 10:00', 3, 'across the evening and a weekend'],
    ['2026-09-30 08:00', '2026-10-08 08:00', 8, 'across National Day'],
    ['2026-10-09 08:00', '2026-10-12 08:00', 16, 'Friday and the make-up Saturday'],
    ['2026-03-14 09:00', '2026-03-15 17:00', 0, 'a weekend'],
    ['2026-03-10 14:00', '2026-03-10 12:00', 0, 'backwards'],
    ['2026-03-10 10:00', '2026-03-10 10:00', 0, 'no time at all'],
  ])('%s → %s: %s working hours (%s)', (from, to, hours) => {
    expect(workingTimeBetween(CALENDAR, china(from), china(to))).toBe(hours * HOUR);
  });

  it('undoes addWorkingTime', () => {
    const starts = ['2026-03-10 11:30', '2026-03-13 17:45', '2026-09-30 23:00', '2026-02-13 09:15'];
    const amounts = [1, 37 * 60 * 1000, 2.5 * HOUR, 8 * HOUR, 30 * HOUR, 200 * HOUR];
    for (const start of starts) {
      for (const amount of amounts) {
        const end = addWorkingTime(CALENDAR, china(start), amount);
        expect(workingTimeBetween(CALENDAR, china(start), end), `${start} + ${amount} ms`).toBe(amount);
      }
    }
  });
});

describe('an administrator’s own days', () => {
  it('a weekday turned into a holiday does not count', () => {
    const calendar = workingCalendar({
      overrides: mergeOverrides(officialOverrides(2026, 2026), { '2026-03-11': 'holiday' }),
    });
    expect(isWorkingDay(calendar, china('2026-03-11 10:00'))).toBe(false);
    expect(inChina(addWorkingDays(calendar, china('2026-03-10 10:00'), 1))).toBe('2026-03-12 18:00');
    expect(inChina(addWorkingHours(calendar, china('2026-03-10 17:00'), 2))).toBe('2026-03-12 09:00');
    expect(workingTimeBetween(calendar, china('2026-03-10 08:00'), china('2026-03-12 08:00'))).toBe(8 * HOUR);
  });

  it('an official holiday turned back into a working day counts', () => {
    const calendar = workingCalendar({
      overrides: mergeOverrides(officialOverrides(2026, 2026), { '2026-10-02': 'workday' }),
    });
    expect(inChina(addWorkingDays(calendar, china('2026-09-30 10:00'), 1))).toBe('2026-10-02 18:00');
  });

  it('the later layer wins, and no layer is changed', () => {
    const official: CalendarOverrides = { '2026-10-01': 'holiday', '2026-10-10': 'workday' };
    const first: CalendarOverrides = { '2026-10-10': 'holiday', '2026-03-11': 'holiday' };
    const second: CalendarOverrides = { '2026-03-11': 'workday' };
    expect(mergeOverrides(official, first, second)).toEqual({
      '2026-10-01': 'holiday',
      '2026-10-10': 'holiday',
      '2026-03-11': 'workday',
    });
    expect(official).toEqual({ '2026-10-01': 'holiday', '2026-10-10': 'workday' });
    expect(first['2026-03-11']).toBe('holiday');
  });
});

describe('the calendar’s data', () => {
  it('defaults to 08–12 and 14–18 and Asia/Shanghai', () => {
    const calendar = workingCalendar();
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect(calendar.workingHours).toEqual(DEFAULT_WORKING_HOURS);
    expect(calendar.overrides).toEqual({});
  });

  it('names every problem', () => {
    const broken = {
      timeZone: 'Europe/Paris',
      workingHours: [
        { start: '8:00', end: '12:00' },
        { start: '14:00', end: '13:00' },
        { start: '09:00', end: '10:00' },
        { start: '16:00', end: '24:30' },
      ],
      overrides: { '2026-02-30': 'holiday', '2026-03-11': 'day_off' },
    } as unknown as WorkingCalendar;
    expect(calendarProblems(broken)).toEqual([
      { reason: 'wrong_time_zone', timeZone: 'Europe/Paris' },
      { reason: 'bad_time', index: 0, time: '8:00' },
      { reason: 'empty_period', index: 1 },
      { reason: 'bad_time', index: 3, time: '24:30' },
      { reason: 'bad_date', date: '2026-02-30' },
      { reason: 'bad_day_kind', date: '2026-03-11', kind: 'day_off' },
    ]);
    expect(calendarProblems({ ...workingCalendar(), workingHours: [] })).toEqual([
      { reason: 'no_working_hours' },
    ]);
    expect(
      calendarProblems({
        ...workingCalendar(),
        workingHours: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '18:00' },
        ],
      }),
    ).toEqual([{ reason: 'overlapping_periods', index: 1 }]);
  });

  it('refuses to build an unusable calendar, and refuses to count on one built by hand', () => {
    expect(() => workingCalendar({ workingHours: [] })).toThrow(RangeError);
    expect(() => workingCalendar({ overrides: { tomorrow: 'holiday' } })).toThrow(RangeError);
    const handMade: WorkingCalendar = {
      timeZone: 'Asia/Shanghai',
      workingHours: [{ start: '14:00', end: '12:00' }],
      overrides: {},
    };
    expect(() => addWorkingHours(handMade, china('2026-03-10 10:00'), 1)).toThrow(RangeError);
  });

  it('allows a period to run to midnight', () => {
    const calendar = workingCalendar({ workingHours: [{ start: '20:00', end: '24:00' }] });
    expect(inChina(addWorkingHours(calendar, china('2026-03-10 23:00'), 2))).toBe('2026-03-11 21:00');
  });
});
