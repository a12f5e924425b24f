import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;
let workerId: number;

async function signedIn(username: string, language = 'zh-CN'): Promise<TestClient> {
  const client = new TestClient(server.url, language);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.s1', 'administrator', { areaCode: 'S1' });
  await createPerson(store.db, 'head.s1', 'street_head', { areaCode: 'S1' });
  workerId = await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' });
  await createPerson(store.db, 'worker.g21', 'grid_worker', { areaCode: 'G21' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('people', () => {
  it('a street administrator adds a grid worker in their street, who can then sign in', async () => {
    const admin = await signedIn('admin.s1');
    const created = await admin.post('/api/v1/users', {
      username: 'wang.fang',
      displayName: '王芳',
      password: 'a long enough secret',
      roles: ['grid_worker'],
      areaCode: 'G12',
      phone: '138 0000 0000',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'wang.fang',
      roles: ['grid_worker'],
      area: { code: 'G12' },
    });
    const stored = await store.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'wang.fang')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const person = new TestClient(server.url);
    expect(
      (await person.post('/api/v1/session', { username: 'wang.fang', password: 'a long enough secret' }))
        .status,
    ).toBe(200);
  });

  it('refuses a taken username with 409, a short password and an unknown role with 400', async () => {
    const admin = await signedIn('admin.s1', 'en');
    const base = { displayName: 'x', roles: ['grid_worker'], areaCode: 'G12' };
    const taken = await admin.post('/api/v1/users', { ...base, username: 'worker.g11' });
    expect(taken.status).toBe(409);
    const short = await admin.post('/api/v1/users', { ...base, username: 'short.pw', password: 'abc' });
    expect(short.status).toBe(400);
    expect(short.body.detail).toContain('password');
    const role = await admin.post('/api/v1/users', { ...base, username: 'bad.role', roles: ['mayor'] });
    expect(role.status).toBe(400);
    expect(role.body.detail).toContain('roles');
  });

  it("may not place a person in another street's area", async () => {
    const admin = await signedIn('admin.s1', 'en');
    const answer = await admin.post('/api/v1/users', {
      username: 'elsewhere',
      displayName: 'x',
      roles: ['grid_worker'],
      areaCode: 'G21',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('areaCode');
  });

  it('a street head lists the people of their street only; a grid worker may not list people', async () => {
    const head = await signedIn('head.s1');
    const listed = await head.get('/api/v1/users');
    const names = listed.body.items.map((user: { username: string }) => user.username);
    expect(names).toContain('worker.g11');
    expect(names).not.toContain('worker.g21');
    const worker = await signedIn('worker.g11');
    expect((await worker.get('/api/v1/users')).status).toBe(403);
  });

  it('an administrator issues an API token that works once shown; other streets are out of sight', async () => {
    const admin = await signedIn('admin.s1');
    const issued = await admin.post(`/api/v1/users/${workerId}/api-tokens`, { name: 'patrol app' });
    expect(issued.status).toBe(201);
    const system = new TestClient(server.url);
    system.bearer = issued.body.token;
    expect((await system.get('/api/v1/me')).body.username).toBe('worker.g11');

    const otherStreetWorker = await store.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'worker.g21')
      .executeTakeFirstOrThrow();
    const refused = await admin.post(`/api/v1/users/${otherStreetWorker.id}/api-tokens`, { name: 'x' });
    expect(refused.status).toBe(404);
  });
});
