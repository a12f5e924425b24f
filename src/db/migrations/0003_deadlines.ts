import type { SqlMigration } from './sql-migration.ts';

/**
 * The running deadline of each event lives on its read row, so that the sweeper finds due ones through two
 * partial indexes: its work grows with the deadlines that are due, not with the events that are open.
 * Administrators' calendar edits (holidays, make-up working days) sit beside the official ones.
 */
export const deadlines: SqlMigration = {
  up: [
    `alter table events
      add column deadline_step text check (deadline_step in ('accept','handle','verify')),
      add column deadline_started_at timestamptz,
      add column warn_at timestamptz,
      add column due_at timestamptz,
      add column warned_at timestamptz,
      add column passed_at timestamptz`,
    'create index events_warn_pending on events (warn_at) where warned_at is null and passed_at is null',
    'create index events_due_pending on events (due_at) where passed_at is null',
    'create index events_overdue on events (due_at) where passed_at is not null',
    `create table calendar_overrides (
      day date primary key,
      kind text not null check (kind in ('workday','holiday')),
      note text not null default '',
      updated_by bigint references users(id),
      updated_at timestamptz not null default now()
    )`,
  ],
  down: [
    'drop table calendar_overrides',
    'drop index events_overdue',
    'drop index events_due_pending',
    'drop index events_warn_pending',
    `alter table events drop column passed_at, drop column warned_at, drop column due_at, drop column warn_at,
      drop column deadline_started_at, drop column deadline_step`,
  ],
};
