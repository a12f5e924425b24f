import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * Counts one more request under `key` in its current window, opening a new window of `windowMs` when the last
 * one has passed; one statement, so concurrent requests through any app process each count once.
 */
export async function countRequest(
  db: Executor,
  key: string,
  windowMs: number,
): Promise<{ count: number; resetsAt: Date }> {
  const resetsAt = sql<Date>`clock_timestamp() + ${windowMs}::double precision * interval '1 millisecond'`;
  const expired = sql<boolean>`rate_limits.resets_at <= clock_timestamp()`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: 1, resets_at: resetsAt })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        count: sql`case when ${expired} then 1 else rate_limits.count + 1 end`,
        resets_at: sql`case when ${expired} then excluded.resets_at else rate_limits.resets_at end`,
      }),
    )
    .returning(['count', 'resets_at'])
    .executeTakeFirstOrThrow();
  return { count: row.count, resetsAt: row.resets_at };
}

/** The count of `key` in its current window, without counting; zero when none is open. */
export async function readRequestCount(
  db: Executor,
  key: string,
): Promise<{ count: number; resetsAt: Date | null }> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['count', 'resets_at'])
    .where('key', '=', key)
    .where(sql<boolean>`resets_at > clock_timestamp()`)
    .executeTakeFirst();
  return row ? { count: row.count, resetsAt: row.resets_at } : { count: 0, resetsAt: null };
}

/** Forgets windows that have passed; they would restart at one anyway. */
export async function deleteExpiredRequestCounts(db: Executor): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where(sql<boolean>`resets_at <= clock_timestamp()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
