import { randomBytes } from 'node:crypto';
import { rootAreaCodes } from '../../db/repositories/areas.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { insertOpen311Client, type Open311ClientRow } from '../../db/repositories/open311.ts';
import { insertUser, updateUser } from '../../db/repositories/users.ts';
import { CLIENT_ROLE, type Open311Source } from '../../domain/open311.ts';
import { hashSecretToken, newSecretToken } from '../../security/tokens.ts';

export interface NewOpen311Client {
  name: string;
  source: Open311Source;
  /** Where the client's account sits: the issuing administrator's area, or the district. */
  areaCode: string | null;
  createdBy: number | null;
  /** The demo district's key is printed in the README; every other key is random. */
  key?: string;
  username?: string;
}

/** The key's first characters, enough to tell two keys apart on the administrators' screen. */
export function keyHint(key: string): string {
  return `${key.slice(0, 9)}…`;
}

/**
 * Creates a client with its account and key, in the caller's transaction. The account holds the one role that
 * may report under the client's source (`CLIENT_ROLE`), is disabled from the start (it never signs in: it acts
 * only through its key), and is the reporter of the client's events and the owner of its idempotency keys.
 */
export async function createOpen311Client(
  trx: Executor,
  client: NewOpen311Client,
  now: Date,
): Promise<{ client: Open311ClientRow; key: string }> {
  const key = client.key ?? newSecretToken('o311');
  const areaCode = client.areaCode ?? (await rootAreaCodes(trx, 1))[0] ?? null;
  if (areaCode === null) throw new Error('an Open311 client needs an area, and the store has none');
  // 40 random bits: two clients drawing the same name is not a case to handle, the unique index refuses it.
  const username = client.username ?? `open311-${randomBytes(5).toString('hex')}`;
  const userId = await insertUser(trx, {
    username,
    displayName: `Open311：${client.name}`.slice(0, 100),
    passwordHash: null,
    roles: [CLIENT_ROLE[client.source]],
    areaCode,
    departmentCode: null,
  });
  await updateUser(trx, userId, { disabledAt: now });
  const row = await insertOpen311Client(trx, {
    name: client.name,
    source: client.source,
    userId,
    keyHash: hashSecretToken(key),
    keyHint: keyHint(key),
    createdBy: client.createdBy,
  });
  return { client: row, key };
}

/** An administrator issues a key for a client: the key is shown this once, and only its hash is kept. */
export async function issueOpen311Key(
  db: Executor,
  client: Omit<NewOpen311Client, 'key' | 'username'>,
  now: Date,
): Promise<{ client: Open311ClientRow; key: string }> {
  return db.transaction().execute((trx) => createOpen311Client(trx, client, now));
}
