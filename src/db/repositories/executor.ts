import { type Compilable, type Kysely, type OperationNodeSource, sql } from 'kysely';
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

/** A write prepared for the caller's transaction and not yet sent, with the bind parameters it takes. */
export interface Write {
  query: Compilable & OperationNodeSource;
  parameters: number;
}

/** PostgreSQL's limit of bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * A write of rows in batches that each stay under the parameter limit on their own: `columns` parameters a row.
 */
export function writesInBatches<T>(
  rows: readonly T[],
  columns: number,
  query: (batch: T[]) => Compilable & OperationNodeSource,
): Write[] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  return inBatches(rows, size).map((batch) => ({ query: query(batch), parameters: batch.length * columns }));
}

/**
 * Sends writes to different tables in as few statements as the parameter limit allows, each statement one
 * `WITH` of data-modifying parts: a write costs a round trip, and a report's writes are one. The parts see the
 * same snapshot and none sees another's rows, so they must not depend on each other; foreign keys between them
 * are checked at the end of the statement.
 */
export async function writeTogether(trx: Executor, writes: readonly Write[]): Promise<void> {
  let statement: Write[] = [];
  let parameters = 0;
  const send = async () => {
    if (statement.length === 1) await trx.executeQuery(statement[0]!.query);
    if (statement.length > 1) {
      const parts = statement.map((write, index) => sql`${sql.raw(`w${index}`)} as (${write.query})`);
      await sql`with ${sql.join(parts)} select 1`.execute(trx);
    }
    statement = [];
    parameters = 0;
  };
  for (const write of writes) {
    if (parameters + write.parameters > MAX_PARAMETERS) await send();
    statement.push(write);
    parameters += write.parameters;
  }
  await send();
}
