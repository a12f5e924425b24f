import type { SqlMigration } from './sql-migration.ts';

/**
 * Writes that no longer wait in one global queue (docs/architecture.md, "One door, no global queue").
 *
 * The event log: an entry takes its position from a sequence instead of from the locked head row, and new
 * entries (format 2) hash their event's chain only. The chain over the whole log is sealed after the fact by
 * one sealer at a time (src/jobs/log-sealer.ts), in batches: each seal names an entry and its hash and links to
 * the seal before it. Every inserted entry is queued for its seal by the database itself. The entries written
 * before this migration (format 1, with their inline global link) are queued too, in log order, so the seal
 * chain covers the whole log and the live stream's positions stay what they were.
 *
 * The figures: a fact appends its rollup deltas, and a folding job adds them into the rollups; readers sum the
 * rollups and the deltas not yet folded, so no report waits on the row of its street and day.
 */
export const unqueuedWrites: SqlMigration = {
  up: [
    'create sequence event_log_position_seq owned by event_log.position',
    `select setval('event_log_position_seq', greatest(position, 1), position > 0) from event_log_head`,
    `alter table event_log alter column position set default nextval('event_log_position_seq')`,
    'alter table event_log add column format smallint not null default 1 check (format in (1, 2))',
    'alter table event_log alter column format set default 2',
    `create table event_log_seals (
      seal_position bigint primary key,
      log_position bigint not null unique references event_log(position),
      entry_hash text not null,
      prev_hash text,
      hash text not null
    )`,
    `create trigger event_log_seals_append_only before update or delete on event_log_seals
      for each row execute function event_log_is_append_only()`,
    'create table event_log_unsealed (log_position bigint primary key references event_log(position))',
    `create function queue_log_entries_for_seal() returns trigger language plpgsql as $$
      begin
        insert into event_log_unsealed (log_position) select position from new_entries;
        return null;
      end
    $$`,
    `create trigger event_log_queue_for_seal after insert on event_log
      referencing new table as new_entries for each statement execute function queue_log_entries_for_seal()`,
    'insert into event_log_unsealed (log_position) select position from event_log',
    // The head now records the last seal; the sealer seals the old entries first, in their order.
    'update event_log_head set position = 0, hash = null',
    `create table rollup_deltas (
      id bigint generated always as identity primary key,
      like rollups including defaults
    )`,
  ],
  down: [
    'drop table rollup_deltas',
    'drop trigger event_log_queue_for_seal on event_log',
    'drop function queue_log_entries_for_seal',
    'drop table event_log_unsealed',
    'drop trigger event_log_seals_append_only on event_log_seals',
    'drop table event_log_seals',
    'alter table event_log drop column format',
    'alter table event_log alter column position drop default',
    'drop sequence event_log_position_seq',
  ],
};
