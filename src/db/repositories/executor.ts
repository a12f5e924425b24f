import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** The database or a transaction on it: repositories take either, so commands decide where work commits. */
export type Executor = Kysely<Database>;

/** Splits rows into batches that stay under PostgreSQL's 65,535 bind parameters per statement. */
export function inBatches<T>(rows: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += size) batches.push(rows.slice(start, start + size));
  return batches;
}

/** The LIKE pattern matching every path strictly below `path` (codes may hold '_', a LIKE wildcard). */
export function belowPathPattern(path: string): string {
  return `${path.replace(/[\\%_]/g, (character) => `\\${character}`)}/%`;
}

/**
 * Holds a named lock until the transaction ends: one-time work (installing the catalogue, loading the demo) that
 * several processes starting together must do once. The second waits here, then finds the work done.
 */
export async function holdAdvisoryLock(trx: Executor, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`huying:${name}`}))`.execute(trx);
}
