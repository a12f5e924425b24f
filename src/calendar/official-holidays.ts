/**
 * The State Council's published holiday arrangements (国务院办公厅关于节假日安排的通知), as the npm package
 * `chinese-days` carries them, turned into the plain `CalendarOverrides` the domain's working calendar takes.
 *
 * Why the package's data file and not its functions (`isWorkday`, `getDayDetail`…): the functions build
 * their tables when the package loads, from dates parsed as UTC midnight but read back in the process's
 * local time zone. In a zone west of UTC every holiday lands a day early (with TZ=America/New_York,
 * 2004-01-01 is a working day and 2003-12-31 a holiday). `dist/chinese-days.json` is the same arrangement
 * written out once when the package was built, keyed by China date, and reads the same in every zone; the
 * tests check that it agrees with the functions where they are right.
 *
 * Why `createRequire`: the package is CommonJS, and a JSON file cannot be imported from ESM without an
 * import attribute that Node 20 still flags as experimental.
 */
import { createRequire } from 'node:module';
import type { DayKind } from '../domain/calendar.ts';

/** The data file's shape: date → 'English name,中文名,number' for each kind of day. */
interface PublishedArrangements {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const published = readPublished(createRequire(import.meta.url)('chinese-days/dist/chinese-days.json'));

/**
 * The first and last year whose arrangement the installed package holds (2004–2026 in chinese-days 1.5.7).
 * A later year is no error: it has no official days yet and counts as a plain Monday–Friday week until the
 * package is updated or an administrator enters that year's arrangement, so a caller should warn about it.
 */
export function officialYearsCovered(): { from: number; to: number } {
  return { ...published.years };
}

/**
 * The official days of `fromYear`…`toYear` (inclusive) that differ from the Monday–Friday week: holidays
 * that fall on weekdays, and make-up working days (调休补班) that fall on weekends. Holidays already on a
 * weekend are left out, since the default week rests on them anyway. Years outside `officialYearsCovered()`
 * contribute nothing.
 */
export function officialOverrides(fromYear: number, toYear: number): Record<string, DayKind> {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`Not a span of years: ${fromYear}–${toYear}`);
  }
  const overrides: Record<string, DayKind> = {};
  const wanted = (date: string) => {
    const year = Number(date.slice(0, 4));
    return year >= fromYear && year <= toYear;
  };
  for (const date of Object.keys(published.holidays).filter(wanted)) {
    if (!isWeekend(date)) overrides[date] = 'holiday';
  }
  for (const date of Object.keys(published.workdays).filter(wanted)) {
    if (isWeekend(date)) overrides[date] = 'workday';
  }
  return Object.fromEntries(Object.entries(overrides).sort(([a], [b]) => a.localeCompare(b)));
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Checks the file's shape, so that a package update that changes it fails at start, not in a deadline. */
function readPublished(data: unknown): PublishedArrangements & { years: { from: number; to: number } } {
  const holidays = datesOf(data, 'holidays');
  const workdays = datesOf(data, 'workdays');
  const clash = Object.keys(workdays).find((date) => Object.hasOwn(holidays, date));
  if (clash !== undefined) throw new Error(`chinese-days has ${clash} both as a holiday and a working day`);
  const years = Object.keys(holidays).map((date) => Number(date.slice(0, 4)));
  if (years.length === 0) throw new Error('chinese-days holds no holiday arrangement');
  return { holidays, workdays, years: { from: Math.min(...years), to: Math.max(...years) } };
}

function datesOf(data: unknown, key: keyof PublishedArrangements): Record<string, string> {
  const table = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : null;
  if (typeof table !== 'object' || table === null) {
    throw new Error(`chinese-days/dist/chinese-days.json has no '${key}' table`);
  }
  for (const [date, name] of Object.entries(table)) {
    const ms = Date.parse(`${date}T00:00:00Z`);
    const real =
      /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date);
    if (!real || typeof name !== 'string') {
      throw new Error(`chinese-days/dist/chinese-days.json has a bad '${key}' entry: ${date}`);
    }
  }
  return table as Record<string, string>;
}
