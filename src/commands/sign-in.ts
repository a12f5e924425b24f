import { deleteSession, insertSession } from '../db/repositories/credentials.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { findPasswordHash } from '../db/repositories/users.ts';
import { verifyPassword } from '../security/passwords.ts';
import { hashSecretToken, newSecretToken } from '../security/tokens.ts';

export interface SignedIn {
  sessionToken: string;
  userId: number;
  expiresAt: Date;
}

export async function signIn(
  db: Executor,
  credentials: { username: string; password: string },
  now: Date,
  sessionHours: number,
): Promise<SignedIn | null> {
  const user = await findPasswordHash(db, credentials.username);
  const matches = await verifyPassword(user?.password_hash ?? null, credentials.password);
  if (!user?.password_hash || !matches) return null;
  return startSession(db, user.id, now, sessionHours);
}

/** Opens a session for a person whose identity is already settled (a password checked, an account just made). */
export async function startSession(
  db: Executor,
  userId: number,
  now: Date,
  sessionHours: number,
): Promise<SignedIn> {
  const sessionToken = newSecretToken('hys');
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
  await insertSession(db, hashSecretToken(sessionToken), userId, expiresAt);
  return { sessionToken, userId, expiresAt };
}

export async function signOut(db: Executor, sessionToken: string): Promise<void> {
  await deleteSession(db, hashSecretToken(sessionToken));
}
