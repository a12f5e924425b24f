import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { createApiToken } from '../../../commands/create-api-token.ts';
import { SIGNED_IN_CACHE_MS } from '../../../read-models/signed-in-cache.ts';
import { hashSecretToken } from '../../../security/tokens.ts';

let store: TestStore;
let server: TestServer;
let systemUserId: number;

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'li.ming', 'grid_worker', { areaCode: 'G11' });
  systemUserId = await createPerson(store.db, 'hotline-12345', 'district_dispatcher', { areaCode: 'D' });
  await createPerson(store.db, 'officer.yang', 'department_officer', { departmentCode: 'URBAN' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('sign-in', () => {
  it('a right password sets an httpOnly session cookie and answers who I am', async () => {
    const client = new TestClient(server.url);
    const answer = await client.post('/api/v1/session', { username: 'li.ming', password: TEST_PASSWORD });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ username: 'li.ming', roles: ['grid_worker'], area: { code: 'G11' } });
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^huying_session=hys_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.area).toEqual({ code: 'G11', name: 'grid G11', path: 'D/S1/C1/G11' });
  });

  it('a department officer sees their department, and the area it serves', async () => {
    const client = new TestClient(server.url);
    await client.signIn('officer.yang', TEST_PASSWORD);
    const me = await client.get('/api/v1/me');
    expect(me.body.department).toEqual({
      code: 'URBAN',
      name: '区城市管理委员会',
      nameEn: 'Urban Management',
    });
    expect(me.body.area.code).toBe('D');
  });

  it('a wrong password and an unknown user get the same 401 problem, in the asked language', async () => {
    const english = new TestClient(server.url, 'en-US,en;q=0.9');
    const wrong = await english.post('/api/v1/session', { username: 'li.ming', password: 'not it at all' });
    const unknown = await english.post('/api/v1/session', {
      username: 'nobody.here',
      password: 'not it at all',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(wrong.body.title).toBe('Wrong username or password');
    expect(unknown.body.detail).toBe(wrong.body.detail);

    const chinese = new TestClient(server.url, 'zh-CN');
    const inChinese = await chinese.post('/api/v1/session', {
      username: 'li.ming',
      password: 'not it at all',
    });
    expect(inChinese.body.title).toBe('用户名或密码错误');
  });

  it('unknown fields are refused with the field named', async () => {
    const client = new TestClient(server.url, 'en');
    const answer = await client.post('/api/v1/session', {
      username: 'li.ming',
      password: 'x',
      remember: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('remember');
    expect(answer.body.detail).toContain('must NOT have additional properties');
  });

  it('sign-in is rate limited per address, counted across every app process and a restart', async () => {
    await store.db.deleteFrom('rate_limits').execute();
    const one = await startTestServer(store, { signInRateLimitPerMinute: 5 });
    const two = await startTestServer(store, { signInRateLimitPerMinute: 5 });
    const guess = (through: TestServer) =>
      new TestClient(through.url, 'en').post('/api/v1/session', {
        username: 'li.ming',
        password: 'guess guess',
      });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++)
      statuses.push((await guess(attempt % 2 ? two : one)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await guess(one);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body.detail).toMatch(/try again in \d+ seconds/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await one.close();
    await two.close();
    const restarted = await startTestServer(store, { signInRateLimitPerMinute: 5 });
    expect((await guess(restarted)).status).toBe(429);
    await restarted.close();
  });
});

describe('session and tokens', () => {
  it('without a session, /me answers 401', async () => {
    const answer = await new TestClient(server.url).get('/api/v1/me');
    expect(answer.status).toBe(401);
    expect(answer.body.title).toBe('需要登录');
  });

  it('sign-out ends the session on the server, not only in the browser', async () => {
    const client = new TestClient(server.url);
    await client.signIn('li.ming', TEST_PASSWORD);
    const sessionCookie = client.cookie;
    const out = await client.request('DELETE', '/api/v1/session');
    expect(out.status).toBe(204);
    const replayed = await new TestClient(server.url).get('/api/v1/me', { cookie: sessionCookie ?? '' });
    expect(replayed.status).toBe(401);
  });

  it('an API token acts as its user; a wrong one is refused', async () => {
    const { token } = await createApiToken(store.db, systemUserId, '12345 hotline bridge');
    const system = new TestClient(server.url);
    system.bearer = token;
    const me = await system.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('hotline-12345');

    const stored = await store.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(token);

    system.bearer = `${token}x`;
    expect((await system.get('/api/v1/me')).status).toBe(401);
  });
});

describe('each app process remembers who is signed in for at most 2 s', () => {
  // Two app processes on one store, as behind a load balancer: A keeps the real clock, B's memory runs on a clock
  // moved by hand, so that what B still answers from memory, and when it stops, is shown without waiting.
  let a: TestServer;
  let b: TestServer;
  let bClock = 0;
  let adminA: TestClient;

  beforeAll(async () => {
    await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
    a = server;
    b = await startTestServer(store, { signedInCache: { monotonicNow: () => bClock } });
    adminA = new TestClient(a.url);
    await adminA.signIn('admin.d', TEST_PASSWORD);
  });

  afterAll(async () => {
    await b.close();
  });

  /** The status of GET /me on a server with a given session cookie or bearer token. */
  async function me(through: TestServer, credential: { cookie?: string; bearer?: string }) {
    const client = new TestClient(through.url);
    client.cookie = credential.cookie ?? null;
    client.bearer = credential.bearer ?? null;
    return client.get('/api/v1/me');
  }

  it('states a lifetime of 2 s, under the 5 s that any change may take to reach every process', () => {
    expect(SIGNED_IN_CACHE_MS).toBe(2000);
  });

  it('a sign-out through A refuses the session on A at once, and on B once B’s 2 s have passed, not before', async () => {
    const browser = new TestClient(a.url);
    await browser.signIn('li.ming', TEST_PASSWORD);
    const cookie = browser.cookie ?? '';
    expect((await me(a, { cookie })).status).toBe(200);
    const readByB = bClock;
    expect((await me(b, { cookie })).status).toBe(200);

    expect((await browser.request('DELETE', '/api/v1/session')).status).toBe(204);
    expect((await me(a, { cookie })).status).toBe(401);
    expect((await me(b, { cookie })).status).toBe(200);
    bClock = readByB + SIGNED_IN_CACHE_MS - 1;
    expect((await me(b, { cookie })).status).toBe(200);
    bClock = readByB + SIGNED_IN_CACHE_MS;
    expect((await me(b, { cookie })).status).toBe(401);
  });

  it('disabling a person through A refuses them on A at once, and on B once B’s 2 s have passed', async () => {
    const id = await createPerson(store.db, 'leaving.g12', 'grid_worker', { areaCode: 'G12' });
    const browser = new TestClient(a.url);
    await browser.signIn('leaving.g12', TEST_PASSWORD);
    const cookie = browser.cookie ?? '';
    expect((await me(a, { cookie })).status).toBe(200);
    const readByB = bClock;
    expect((await me(b, { cookie })).status).toBe(200);

    const disabled = await adminA.request('PATCH', `/api/v1/users/${id}`, { active: false });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect((await me(a, { cookie })).status).toBe(401);
    expect((await me(b, { cookie })).status).toBe(200);
    bClock = readByB + SIGNED_IN_CACHE_MS;
    expect((await me(b, { cookie })).status).toBe(401);
  });

  it('a role changed through A holds on A at once, and on B once B’s 2 s have passed', async () => {
    const id = await createPerson(store.db, 'rising.g11', 'grid_worker', { areaCode: 'G11' });
    const browser = new TestClient(a.url);
    await browser.signIn('rising.g11', TEST_PASSWORD);
    const cookie = browser.cookie ?? '';
    expect((await me(a, { cookie })).body.roles).toEqual(['grid_worker']);
    const readByB = bClock;
    expect((await me(b, { cookie })).body.roles).toEqual(['grid_worker']);

    const promoted = await adminA.request('PATCH', `/api/v1/users/${id}`, {
      roles: ['grid_worker', 'grid_leader'],
    });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    expect((await me(a, { cookie })).body.roles).toEqual(['grid_worker', 'grid_leader']);
    expect((await me(b, { cookie })).body.roles).toEqual(['grid_worker']);
    bClock = readByB + SIGNED_IN_CACHE_MS;
    expect((await me(b, { cookie })).body.roles).toEqual(['grid_worker', 'grid_leader']);
  });

  it('a revoked API token is refused on B once B’s 2 s have passed', async () => {
    const { token } = await createApiToken(store.db, systemUserId, 'revoked bridge');
    const readByB = bClock;
    expect((await me(b, { bearer: token })).status).toBe(200);
    await store.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashSecretToken(token))
      .execute();
    expect((await me(b, { bearer: token })).status).toBe(200);
    bClock = readByB + SIGNED_IN_CACHE_MS;
    expect((await me(b, { bearer: token })).status).toBe(401);
  });

  it('a session that expires is refused from that moment, though its process still holds it', async () => {
    let now = Date.parse('2026-12-03T09:00:00Z');
    const timed = await startTestServer(
      store,
      { sessionHours: 1, signedInCache: { monotonicNow: () => 0 } },
      () => new Date(now),
    );
    try {
      const browser = new TestClient(timed.url);
      await browser.signIn('li.ming', TEST_PASSWORD);
      now += 3_600_000 - 1;
      expect((await browser.get('/api/v1/me')).status).toBe(200);
      now += 1;
      expect((await browser.get('/api/v1/me')).status).toBe(401);
    } finally {
      await timed.close();
    }
  });

  it('with the real clock, B refuses a session signed out through A within 2 s', async () => {
    const real = await startTestServer(store);
    try {
      const browser = new TestClient(a.url);
      await browser.signIn('li.ming', TEST_PASSWORD);
      const cookie = browser.cookie ?? '';
      expect((await me(real, { cookie })).status).toBe(200);
      const readAt = performance.now();
      expect((await browser.request('DELETE', '/api/v1/session')).status).toBe(204);
      while ((await me(real, { cookie })).status === 200) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(performance.now() - readAt).toBeLessThan(SIGNED_IN_CACHE_MS + 1000);
    } finally {
      await real.close();
    }
  });

  it('a signed-in request reads nothing from the store to know who is asking', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = await startTestServer({
      kind: store.kind,
      db: store.db.withPlugin(counter),
      isReachable: () => store.isReachable(),
      close: async () => {},
    });
    try {
      const browser = new TestClient(counted.url);
      await browser.signIn('officer.yang', TEST_PASSWORD);
      const first = queries;
      expect((await browser.get('/api/v1/me')).status).toBe(200);
      expect(queries - first, 'the first request reads the session').toBe(1);
      const cached = queries;
      for (let request = 0; request < 5; request++) {
        expect((await browser.get('/api/v1/me')).body.username).toBe('officer.yang');
      }
      expect(queries - cached).toBe(0);
    } finally {
      await counted.close();
    }
  });
});
