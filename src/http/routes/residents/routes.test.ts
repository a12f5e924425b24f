import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaNode, seedSmallDistrict } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { upsertAreas } from '../../../db/repositories/areas.ts';
import { insertUser } from '../../../db/repositories/users.ts';

let store: TestStore;
let server: TestServer;

function signUp(body: unknown, language = 'zh-CN', url = server.url) {
  const client = new TestClient(url, language);
  return { client, answer: client.post('/api/v1/residents', body) };
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await insertUser(store.db, {
    username: 'staff.with.phone',
    displayName: '有手机号的员工',
    passwordHash: null,
    roles: ['community_staff'],
    areaCode: 'C1',
    departmentCode: null,
    phone: '13900000000',
  });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('POST /api/v1/residents', () => {
  it('makes a resident account named by the mobile number and signs it in', async () => {
    const { client, answer } = signUp({
      phone: '13812345678',
      displayName: ' 周女士 ',
      password: '12345678',
    });
    const created = await answer;
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      username: '13812345678',
      displayName: '周女士',
      roles: ['resident'],
      area: { code: 'D', name: 'district D', path: 'D' },
      department: null,
    });
    expect(created.headers.get('set-cookie')).toMatch(/^huying_session=.*HttpOnly/i);
    expect((await client.get('/api/v1/me')).body.username).toBe('13812345678');

    const reported = await client.post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description: '楼下路灯不亮', location: { lng: 0.25, lat: 0.25 } },
      { 'idempotency-key': randomUUID() },
    );
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const found = await client.get(`/api/v1/events?trackingCode=${reported.body.trackingCode}`);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([reported.body.id]);

    const later = new TestClient(server.url);
    expect(
      (await later.post('/api/v1/session', { username: '13812345678', password: '12345678' })).status,
    ).toBe(200);
  });

  it('a number that already has an account is 409, telling the person to sign in', async () => {
    const again = await signUp({ phone: '13812345678', displayName: '另一个人', password: 'another secret' })
      .answer;
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('登录');
    const english = await signUp(
      { phone: '13900000000', displayName: 'Someone', password: 'a secret!' },
      'en',
    ).answer;
    expect(english.status).toBe(409);
    expect(english.body.detail).toContain('sign in');
  });

  it('places the resident where they say they live', async () => {
    const answer = await signUp({
      phone: '15011112222',
      displayName: '戴先生',
      password: 'abcdefgh',
      areaCode: 'G11',
    }).answer;
    expect(answer.status).toBe(201);
    expect(answer.body.area.code).toBe('G11');
    const unknown = await signUp({
      phone: '15011113333',
      displayName: '某人',
      password: 'abcdefgh',
      areaCode: 'NOPE',
    }).answer;
    expect(unknown.status).toBe(400);
  });

  it('refuses what is not a mainland mobile number, a short password or anything more than asked', async () => {
    const good = { phone: '18600001111', displayName: '某人', password: 'abcdefgh' };
    for (const [body, field] of [
      [{ ...good, phone: '12812345678' }, 'phone'],
      [{ ...good, phone: '1381234567' }, 'phone'],
      [{ ...good, phone: '+8613812345678' }, 'phone'],
      [{ ...good, phone: '138-1234-5678' }, 'phone'],
      [{ ...good, password: '1234567' }, 'password'],
      [{ ...good, displayName: '   ' }, 'displayName'],
      [{ ...good, roles: ['administrator'] }, 'roles'],
      [{ phone: good.phone, password: good.password }, 'displayName'],
    ] as const) {
      const answer = await signUp(body, 'en').answer;
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.detail).toContain(field);
    }
    const written = await store.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', good.phone)
      .execute();
    expect(written).toEqual([]);
  });

  it('is rate limited like sign-in', async () => {
    // The count is kept in the store for every app process: the sign-ups above used this minute's window.
    await store.db.deleteFrom('rate_limits').execute();
    const strict = await startTestServer(store, { signInRateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const phone = `1770000000${attempt}`;
      statuses.push(
        (await signUp({ phone, displayName: '某人', password: 'abcdefgh' }, 'en', strict.url).answer).status,
      );
    }
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    await strict.close();
  });

  it('where the platform serves several districts, asks where the resident lives', async () => {
    await upsertAreas(store.db, [areaNode('D2', 'district', null, [5, 5, 6, 6])]);
    const answer = await signUp({ phone: '13300001111', displayName: '某人', password: 'abcdefgh' }, 'en')
      .answer;
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('areaCode');
  });
});
