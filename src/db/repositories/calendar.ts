import { sql } from 'kysely';
import type { CalendarOverrides, DayKind } from '../../domain/calendar.ts';
import type { Executor } from './executor.ts';

/** The administrator's own calendar edits, by China date. */
export async function calendarEdits(db: Executor): Promise<CalendarOverrides> {
  const rows = await db
    .selectFrom('calendar_overrides')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind'])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.day, row.kind as DayKind]));
}

export async function saveCalendarEdit(
  db: Executor,
  edit: { day: string; kind: DayKind; note: string; userId: number },
): Promise<void> {
  await db
    .insertInto('calendar_overrides')
    .values({ day: edit.day, kind: edit.kind, note: edit.note, updated_by: edit.userId })
    .onConflict((conflict) =>
      conflict
        .column('day')
        .doUpdateSet({ kind: edit.kind, note: edit.note, updated_by: edit.userId, updated_at: new Date() }),
    )
    .execute();
}

export async function calendarEditsWithNotes(
  db: Executor,
): Promise<{ day: string; kind: DayKind; note: string }[]> {
  const rows = await db
    .selectFrom('calendar_overrides')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind', 'note'])
    .orderBy('day')
    .execute();
  return rows.map((row) => ({ day: row.day, kind: row.kind as DayKind, note: row.note }));
}
