import { insertApiToken } from '../db/repositories/credentials.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { hashSecretToken, newSecretToken } from '../security/tokens.ts';

/** Issues a token for a system acting as `userId`; the secret is shown once and only its hash is kept. */
export async function createApiToken(
  db: Executor,
  userId: number,
  name: string,
): Promise<{ id: number; token: string }> {
  const token = newSecretToken('hyt');
  const id = await insertApiToken(db, userId, name, hashSecretToken(token));
  return { id, token };
}
