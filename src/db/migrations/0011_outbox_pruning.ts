import type { SqlMigration } from './sql-migration.ts';

/** Delivered outbox rows by when they were delivered, so that old ones are found and deleted without a scan. */
export const outboxPruning: SqlMigration = {
  up: ['create index outbox_delivered on outbox (delivered_at) where delivered_at is not null'],
  down: ['drop index outbox_delivered'],
};
