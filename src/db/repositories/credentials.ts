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

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a person: each of their browsers must sign in again. */
export async function deleteSessionsOf(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
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
