import type { SqlMigration } from './sql-migration.ts';

/**
 * Request counters of the rate-limited routes (sign-in, resident sign-up), one row per route and address,
 * kept here so that every app process counts against the same limit.
 */
export const rateLimits: SqlMigration = {
  up: [
    `create table rate_limits (
      key text primary key check (length(key) between 1 and 400),
      count integer not null check (count > 0),
      resets_at timestamptz not null
    )`,
    'create index rate_limits_resets_at on rate_limits (resets_at)',
  ],
  down: ['drop table rate_limits'],
};
