import type { Migration, MigrationProvider } from 'kysely';
import { foundation } from './0001_foundation.ts';
import { events } from './0002_events.ts';
import { deadlines } from './0003_deadlines.ts';
import { notifications } from './0004_notifications.ts';
import { indicators } from './0005_indicators.ts';
import { scores } from './0006_scores.ts';
import { patrols } from './0007_patrols.ts';
import { savedViews } from './0008_saved_views.ts';
import { departmentRegister } from './0009_department_register.ts';
import { rateLimits } from './0010_rate_limits.ts';
import { outboxPruning } from './0011_outbox_pruning.ts';
import { unqueuedWrites } from './0012_unqueued_writes.ts';
import { noticeFanOut } from './0013_notice_fan_out.ts';
import { open311 } from './0014_open311.ts';
import { hotline } from './0016_hotline.ts';
import { toKyselyMigration } from './sql-migration.ts';

/** Ordered by name. Never edit a migration that has landed: add the next number. */
const migrations: Record<string, Migration> = {
  '0001_foundation': toKyselyMigration(foundation),
  '0002_events': toKyselyMigration(events),
  '0003_deadlines': toKyselyMigration(deadlines),
  '0004_notifications': toKyselyMigration(notifications),
  '0005_indicators': toKyselyMigration(indicators),
  '0006_scores': toKyselyMigration(scores),
  '0007_patrols': toKyselyMigration(patrols),
  '0008_saved_views': toKyselyMigration(savedViews),
  '0009_department_register': toKyselyMigration(departmentRegister),
  '0010_rate_limits': toKyselyMigration(rateLimits),
  '0011_outbox_pruning': toKyselyMigration(outboxPruning),
  '0012_unqueued_writes': toKyselyMigration(unqueuedWrites),
  '0013_notice_fan_out': toKyselyMigration(noticeFanOut),
  '0014_open311': toKyselyMigration(open311),
  '0016_hotline': toKyselyMigration(hotline),
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
