import { type Kysely, type Migration, sql } from 'kysely';

/**
 * A migration is a list of SQL statements each way, run one by one: PGlite's extended protocol takes one
 * statement per query, and plain SQL reads the same on PostgreSQL 15 (server) and 18 (PGlite).
 */
export interface SqlMigration {
  up: readonly string[];
  down: readonly string[];
}

async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export function toKyselyMigration(migration: SqlMigration): Migration {
  return {
    up: (db) => runStatements(db, migration.up),
    down: (db) => runStatements(db, migration.down),
  };
}
