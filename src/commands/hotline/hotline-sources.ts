import { randomBytes } from 'node:crypto';
import { rootAreaCodes } from '../../db/repositories/areas.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { insertHotlineSource, replaceHotlineCredentials } from '../../db/repositories/hotline.ts';
import { insertUser, updateUser } from '../../db/repositories/users.ts';
import type { HotlineSourceRow } from '../../db/schema-hotline.ts';
import { DEFAULT_URGENCY_LIMITS, type UrgencyLimits } from '../../domain/hotline.ts';
import { hashSecretToken, newSecretToken } from '../../security/tokens.ts';

export interface NewHotlineSource {
  code: string;
  name: string;
  callbackUrl: string | null;
  urgencyLimits?: UrgencyLimits;
  createdBy: number | null;
}

/** What a source is given once: its bearer token and the secret its requests and our callbacks are signed with. */
export interface HotlineCredentials {
  token: string;
  signingSecret: string;
}

function newCredentials() {
  const token = newSecretToken('hl');
  const signingSecret = randomBytes(32).toString('base64url');
  return {
    shown: { token, signingSecret },
    stored: { tokenHash: hashSecretToken(token), tokenHint: `${token.slice(0, 7)}…`, signingSecret },
  };
}

/**
 * An administrator connects a hotline platform: its own account (community staff at the district, the narrowest
 * role that files hotline reports; disabled, it never signs in) is the reporter of its orders. The token is
 * shown once and only its hash is kept; the signing secret is kept, since checking and signing need it.
 */
export async function createHotlineSource(
  db: Executor,
  source: NewHotlineSource,
  now: Date,
): Promise<{ source: HotlineSourceRow; credentials: HotlineCredentials }> {
  return db.transaction().execute((trx) => insertSourceWithAccount(trx, source, newCredentials(), now));
}

/**
 * The demo district's source, in the demo's own transaction: its account is `username` (a `demo-` one, so a
 * production start refuses to run while it exists) and its token and secret are the ones printed in the README.
 */
export async function createKnownHotlineSource(
  trx: Executor,
  source: NewHotlineSource & { username: string; credentials: HotlineCredentials },
  now: Date,
): Promise<HotlineSourceRow> {
  const { token, signingSecret } = source.credentials;
  const credentials = {
    shown: { token, signingSecret },
    stored: { tokenHash: hashSecretToken(token), tokenHint: `${token.slice(0, 7)}…`, signingSecret },
  };
  return (await insertSourceWithAccount(trx, source, credentials, now, source.username)).source;
}

async function insertSourceWithAccount(
  trx: Executor,
  source: NewHotlineSource,
  { shown, stored }: ReturnType<typeof newCredentials>,
  now: Date,
  username = `hotline-${source.code}-${randomBytes(3).toString('hex')}`,
): Promise<{ source: HotlineSourceRow; credentials: HotlineCredentials }> {
  const areaCode = (await rootAreaCodes(trx, 1))[0] ?? null;
  if (areaCode === null) throw new Error('a hotline source needs an area, and the store has none');
  const userId = await insertUser(trx, {
    username,
    displayName: `12345：${source.name}`.slice(0, 100),
    passwordHash: null,
    roles: ['community_staff'],
    areaCode,
    departmentCode: null,
  });
  await updateUser(trx, userId, { disabledAt: now });
  const row = await insertHotlineSource(trx, {
    code: source.code,
    name: source.name,
    userId,
    ...stored,
    callbackUrl: source.callbackUrl,
    urgencyLimits: source.urgencyLimits ?? DEFAULT_URGENCY_LIMITS,
    createdBy: source.createdBy,
  });
  return { source: row, credentials: shown };
}

/** New token and secret for a working source; the old ones are refused from now on. Null if it was revoked. */
export async function renewHotlineCredentials(db: Executor, id: number): Promise<HotlineCredentials | null> {
  const { shown, stored } = newCredentials();
  return (await replaceHotlineCredentials(db, id, stored)) ? shown : null;
}
