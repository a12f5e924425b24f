import type { Executor } from './executor.ts';

export async function insertSession(
  db: Executor,
  tokenHash: string,
  userId: number,
  expiresAt: Date,
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt })
    .execute();
}

export async function findSessionUserId(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.user_id;
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function insertApiToken(
  db: Executor,
  userId: number,
  name: string,
  tokenHash: string,
): Promise<number> {
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: tokenHash, last_used_at: null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findApiTokenUserId(db: Executor, tokenHash: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.user_id;
}
