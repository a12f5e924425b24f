import type { SqlMigration } from './sql-migration.ts';

/**
 * Notices waiting to be told to their audiences: a fact's transaction writes one row per notice, and the fan-out
 * job (src/jobs/notice-fan-out.ts) turns it into the in-app notices and deliveries of each person and webhook,
 * in a transaction of its own that deletes the row. Finding the people is then no longer part of a report.
 */
export const noticeFanOut: SqlMigration = {
  up: [
    `create table pending_notices (
      id bigint generated always as identity primary key,
      notice jsonb not null,
      created_at timestamptz not null
    )`,
  ],
  down: ['drop table pending_notices'],
};
