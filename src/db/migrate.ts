import { type Kysely, Migrator, sql } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Whether the store has applied exactly the migrations this version knows, read in one query: the common case
 * of a restart, answered without the Migrator's table checks and lock (a few hundred ms of every start). Any
 * difference (a missing table, a pending migration, one this version does not know) goes to the Migrator,
 * which applies or reports it.
 */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const known = Object.keys(await migrationProvider.getMigrations());
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/** Applies every pending migration in order; safe to call from several processes at once (Kysely takes a lock). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  if (await upToDate(db)) return { applied: [] };
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).map((result) => result.migrationName) };
}
