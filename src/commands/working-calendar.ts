import { officialOverrides, officialYearsCovered } from '../calendar/official-holidays.ts';
import { calendarEdits } from '../db/repositories/calendar.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { mergeOverrides, type WorkingCalendar, workingCalendar } from '../domain/calendar.ts';

const covered = officialYearsCovered();
const official = officialOverrides(covered.from, covered.to);

/** The last calendar built, by the edits it was built from: building and checking one is the costly part. */
let built: { edits: string; calendar: WorkingCalendar } | null = null;

/**
 * The calendar in force: the official holidays and make-up days, with the administrator's edits on top. The
 * edits are read each time, so an edit counts from the next command on in every process.
 */
export async function loadWorkingCalendar(db: Executor): Promise<WorkingCalendar> {
  const edits = await calendarEdits(db);
  const key = JSON.stringify(Object.entries(edits).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (built?.edits !== key) {
    built = { edits: key, calendar: workingCalendar({ overrides: mergeOverrides(official, edits) }) };
  }
  return built.calendar;
}
