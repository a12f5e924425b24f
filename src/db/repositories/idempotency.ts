import type { Executor } from './executor.ts';

export async function findIdempotencyKey(
  db: Executor,
  userId: number,
  key: string,
): Promise<{ request_hash: string; event_id: string } | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'event_id'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertIdempotencyKey(
  db: Executor,
  row: { userId: number; key: string; requestHash: string; eventId: string },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ user_id: row.userId, key: row.key, request_hash: row.requestHash, event_id: row.eventId })
    .execute();
}
