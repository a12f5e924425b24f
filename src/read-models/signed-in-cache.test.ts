import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict } from '../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../test/support/test-store.ts';
import { createApiToken } from '../commands/create-api-token.ts';
import { startSession } from '../commands/sign-in.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { hashSecretToken, newSecretToken } from '../security/tokens.ts';
import { type Credential, SIGNED_IN_CACHE_MS, SignedInCache } from './signed-in-cache.ts';

let store: TestStore;
/** The store as the cache sees it, counting every query it sends. */
let counted: Executor;
let queries = 0;
let workerId: number;
let otherId: number;
/** The cache's monotonic clock, moved by hand. */
let monotonic = 0;
const NOW = new Date('2026-12-03T09:00:00Z');

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  workerId = await createPerson(store.db, 'li.ming', 'grid_worker', { areaCode: 'G11' });
  otherId = await createPerson(store.db, 'wang.fang', 'grid_worker', { areaCode: 'G12' });
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  counted = store.db.withPlugin(counter);
});

afterAll(async () => {
  await store.close();
});

beforeEach(() => {
  monotonic = 0;
});

function cache(options: { maxEntries?: number; ttlMs?: number } = {}) {
  return new SignedInCache(counted, { monotonicNow: () => monotonic, ...options });
}

async function session(userId: number, hours = 12): Promise<Credential> {
  const { sessionToken } = await startSession(store.db, userId, NOW, hours);
  return { kind: 'session', tokenHash: hashSecretToken(sessionToken) };
}

/** The queries `work` sends to the store. */
async function queriesOf(work: () => Promise<unknown>): Promise<number> {
  const before = queries;
  await work();
  return queries - before;
}

describe('SignedInCache', () => {
  it('reads a session from the store once, then answers from memory until its lifetime is over', async () => {
    const signedIn = cache();
    const credential = await session(workerId);
    expect(await queriesOf(() => signedIn.userOf(credential, NOW))).toBe(1);
    let user: unknown;
    expect(await queriesOf(async () => (user = await signedIn.userOf(credential, NOW)))).toBe(0);
    expect(user).toMatchObject({ id: workerId, username: 'li.ming', area_path: 'D/S1/C1/G11' });
    expect(user).not.toHaveProperty('expires_at');
    monotonic = SIGNED_IN_CACHE_MS - 1;
    expect(await queriesOf(() => signedIn.userOf(credential, NOW))).toBe(0);
    monotonic = SIGNED_IN_CACHE_MS;
    expect(await queriesOf(() => signedIn.userOf(credential, NOW))).toBe(1);
  });

  it('keeps answering for a session ended elsewhere until its lifetime is over, and not a moment after', async () => {
    const signedIn = cache();
    const credential = await session(workerId);
    expect(await signedIn.userOf(credential, NOW)).not.toBeNull();
    await store.db.deleteFrom('sessions').where('token_hash', '=', credential.tokenHash).execute();
    monotonic = SIGNED_IN_CACHE_MS - 1;
    expect(await signedIn.userOf(credential, NOW)).not.toBeNull();
    monotonic = SIGNED_IN_CACHE_MS;
    expect(await signedIn.userOf(credential, NOW)).toBeNull();
  });

  it('refuses a session from the moment it expires by the request’s clock, held or not', async () => {
    const signedIn = cache();
    const credential = await session(workerId, 1);
    const expiry = NOW.getTime() + 3_600_000;
    expect(await signedIn.userOf(credential, new Date(expiry - 1))).not.toBeNull();
    expect(await queriesOf(() => signedIn.userOf(credential, new Date(expiry - 1)))).toBe(0);
    expect(await signedIn.userOf(credential, new Date(expiry))).toBeNull();
  });

  it('stops an API token revoked elsewhere within its lifetime', async () => {
    const signedIn = cache();
    const { token } = await createApiToken(store.db, otherId, 'bridge');
    const credential: Credential = { kind: 'api_token', tokenHash: hashSecretToken(token) };
    expect(await signedIn.userOf(credential, NOW)).toMatchObject({ id: otherId });
    await store.db
      .updateTable('api_tokens')
      .set({ revoked_at: NOW })
      .where('token_hash', '=', credential.tokenHash)
      .execute();
    expect(await queriesOf(() => signedIn.userOf(credential, NOW))).toBe(0);
    monotonic = SIGNED_IN_CACHE_MS;
    expect(await signedIn.userOf(credential, NOW)).toBeNull();
  });

  it('keeps nothing of a token the store does not know, so random tokens do not fill memory', async () => {
    const signedIn = cache();
    for (let attempt = 0; attempt < 50; attempt++) {
      const unknown: Credential = { kind: 'session', tokenHash: hashSecretToken(newSecretToken('hys')) };
      expect(await signedIn.userOf(unknown, NOW)).toBeNull();
    }
    expect(signedIn.size).toBe(0);
  });

  it('holds at most its number of entries, dropping the longest held first', async () => {
    const signedIn = cache({ maxEntries: 3 });
    const credentials = await Promise.all([1, 2, 3, 4, 5].map(() => session(workerId)));
    for (const credential of credentials) await signedIn.userOf(credential, NOW);
    expect(signedIn.size).toBe(3);
    expect(await queriesOf(() => signedIn.userOf(credentials[4]!, NOW))).toBe(0);
    expect(await queriesOf(() => signedIn.userOf(credentials[0]!, NOW))).toBe(1);
  });

  it('forgets a signed-out session at once', async () => {
    const signedIn = cache();
    const credential = await session(workerId);
    await signedIn.userOf(credential, NOW);
    await store.db.deleteFrom('sessions').where('token_hash', '=', credential.tokenHash).execute();
    signedIn.forget(credential);
    expect(await signedIn.userOf(credential, NOW)).toBeNull();
  });

  it('forgets every session and token of a changed person at once, and no one else’s', async () => {
    const signedIn = cache();
    const mine = [await session(workerId), await session(workerId)];
    const { token } = await createApiToken(store.db, workerId, 'mine');
    mine.push({ kind: 'api_token', tokenHash: hashSecretToken(token) });
    const theirs = await session(otherId);
    for (const credential of [...mine, theirs]) await signedIn.userOf(credential, NOW);
    signedIn.forgetUser(workerId);
    for (const credential of mine) expect(await queriesOf(() => signedIn.userOf(credential, NOW))).toBe(1);
    expect(await queriesOf(() => signedIn.userOf(theirs, NOW))).toBe(0);
  });

  it('does not keep what a read started before a forget brought back', async () => {
    const signedIn = cache();
    const credential = await session(workerId);
    const before = signedIn.userOf(credential, NOW);
    signedIn.forgetUser(workerId);
    expect(await before).not.toBeNull();
    expect(signedIn.size).toBe(0);
  });

  it('does not let an ask after a forget share a read started before it', async () => {
    const signedIn = cache();
    const credential = await session(workerId);
    const reads = await queriesOf(async () => {
      const before = signedIn.userOf(credential, NOW);
      signedIn.forget(credential);
      await Promise.all([before, signedIn.userOf(credential, NOW)]);
    });
    expect(reads).toBe(2);
  });

  it('lets requests asking at once about one session share one read', async () => {
    const signedIn = cache();
    const credential = await session(workerId);
    const reads = await queriesOf(() =>
      Promise.all(Array.from({ length: 8 }, () => signedIn.userOf(credential, NOW))),
    );
    expect(reads).toBe(1);
  });

  it('never trusts a read for more than 5 seconds, whatever it is told', async () => {
    const signedIn = cache({ ttlMs: 60_000 });
    const credential = await session(workerId);
    await signedIn.userOf(credential, NOW);
    monotonic = 5000;
    expect(await queriesOf(() => signedIn.userOf(credential, NOW))).toBe(1);
  });
});
