import { officialOverrides, officialYearsCovered } from '../calendar/official-holidays.ts';
import { calendarEdits } from '../db/repositories/calendar.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { mergeOverrides, type WorkingCalendar, workingCalendar } from '../domain/calendar.ts';

const covered = officialYearsCovered();
const official = officialOverrides(covered.from, covered.to);

/** The calendar in force: the official holidays and make-up days, with the administrator's edits on top. */
export async function loadWorkingCalendar(db: Executor): Promise<WorkingCalendar> {
  return workingCalendar({ overrides: mergeOverrides(official, await calendarEdits(db)) });
}
