import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import {
  signedInClients,
  startTestServer,
  TestClient,
  type TestServer,
} from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);
const ids = new Map<string, number>();

async function patch(username: string, id: number | string, body: unknown, language?: string) {
  return (await as(username, language)).request('PATCH', `/api/v1/users/${id}`, body);
}

async function sessionsOf(userId: number): Promise<number> {
  const row = await store.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  for (const [username, role, place] of [
    ['admin.d', 'administrator', { areaCode: 'D' }],
    ['admin.s1', 'administrator', { areaCode: 'S1' }],
    ['head.s1', 'street_head', { areaCode: 'S1' }],
    ['worker.g11', 'grid_worker', { areaCode: 'G11' }],
    ['worker.g21', 'grid_worker', { areaCode: 'G21' }],
    ['leaving.g12', 'grid_worker', { areaCode: 'G12' }],
  ] as const) {
    ids.set(username, await createPerson(store.db, username, role, place));
  }
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('PATCH /api/v1/users/:id', () => {
  it('an administrator changes a person’s name, roles and area; only what is given changes', async () => {
    const answer = await patch('admin.s1', ids.get('worker.g11')!, {
      displayName: ' 王芳 ',
      roles: ['grid_worker', 'grid_leader'],
      areaCode: 'C1',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({
      id: ids.get('worker.g11'),
      username: 'worker.g11',
      displayName: '王芳',
      roles: ['grid_worker', 'grid_leader'],
      area: { code: 'C1', name: 'community C1', path: 'D/S1/C1' },
      department: null,
      active: true,
    });
    const renamed = await patch('admin.s1', ids.get('worker.g11')!, { displayName: '王芳芳' });
    expect(renamed.body).toMatchObject({ displayName: '王芳芳', roles: ['grid_worker', 'grid_leader'] });
    expect(renamed.body.area.code).toBe('C1');
  });

  it('moves a person into a department and out of any area, but never out of both', async () => {
    const id = ids.get('worker.g11')!;
    const moved = await patch('admin.d', id, {
      departmentCode: 'URBAN',
      areaCode: null,
      roles: ['department_officer'],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.department).toEqual({
      code: 'URBAN',
      name: '区城市管理委员会',
      nameEn: 'Urban Management',
    });
    const nowhere = await patch('admin.d', id, { departmentCode: null }, 'en');
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.detail).toContain('areaCode');
    expect(
      (await patch('admin.d', id, { departmentCode: null, areaCode: 'G11', roles: ['grid_worker'] })).status,
    ).toBe(200);
  });

  it('keeps a person inside the administrator’s own area', async () => {
    const id = ids.get('worker.g11')!;
    const away = await patch('admin.s1', id, { areaCode: 'G21' }, 'en');
    expect(away.status).toBe(400);
    expect(away.body.detail).toContain('areaCode');
    expect((await patch('admin.s1', id, { departmentCode: 'S2-LAW' })).status).toBe(400);
    expect((await patch('admin.s1', id, { areaCode: 'NOPE' })).status).toBe(400);
  });

  it('answers 404 for a person out of sight or unknown, 403 to someone who may not manage people', async () => {
    expect((await patch('admin.s1', ids.get('worker.g21')!, { displayName: '某人' })).status).toBe(404);
    expect((await patch('admin.s1', 999_999, { displayName: '某人' })).status).toBe(404);
    expect((await patch('head.s1', ids.get('worker.g11')!, { displayName: '某人' })).status).toBe(403);
  });

  it('refuses what is not a change it knows', async () => {
    const id = ids.get('worker.g11')!;
    for (const body of [
      {},
      { roles: [] },
      { roles: ['king'] },
      { displayName: '' },
      { displayName: '   ' },
      { password: 'a new secret' },
      { active: 'no' },
    ]) {
      expect((await patch('admin.d', id, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await patch('admin.d', 'someone', { displayName: '某人' })).status).toBe(400);
  });

  it('an administrator cannot take away their own administrator role nor disable themselves', async () => {
    const self = ids.get('admin.d')!;
    const role = await patch('admin.d', self, { roles: ['leader'] });
    expect(role.status).toBe(409);
    expect(role.body.reason).toBe('own_administrator_role');
    expect(role.body.detail).toContain('另一位管理员');
    const off = await patch('admin.d', self, { active: false }, 'en');
    expect(off.status).toBe(409);
    expect(off.body.detail).toContain('another administrator');
    const both = await patch('admin.d', self, { roles: ['administrator', 'leader'] });
    expect(both.status).toBe(200);
    expect(both.body.roles).toEqual(['administrator', 'leader']);
    // Another administrator may.
    expect((await patch('admin.d', ids.get('admin.s1')!, { roles: ['street_head'] })).status).toBe(200);
  });

  it('a disabled person cannot sign in and their sessions end; enabled again, they can', async () => {
    const id = ids.get('leaving.g12')!;
    const browser = new TestClient(server.url);
    await browser.signIn('leaving.g12', TEST_PASSWORD);
    expect((await browser.get('/api/v1/me')).status).toBe(200);
    const disabled = await patch('admin.d', id, { active: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect(await sessionsOf(id)).toBe(0);
    expect((await browser.get('/api/v1/me')).status).toBe(401);
    const again = await new TestClient(server.url).post('/api/v1/session', {
      username: 'leaving.g12',
      password: TEST_PASSWORD,
    });
    expect(again.status).toBe(401);
    const listed = async (query: string) =>
      (await (await as('admin.d')).get(`/api/v1/users?limit=500${query}`)).body.items.filter(
        (item: { id: number }) => item.id === id,
      );
    expect(await listed('')).toEqual([]);
    expect(await listed('&includeDisabled=true')).toEqual([expect.objectContaining({ id, active: false })]);
    const enabled = await patch('admin.d', id, { active: true });
    expect(enabled.body.active).toBe(true);
    expect((await new TestClient(server.url).signIn('leaving.g12', TEST_PASSWORD)).status).toBe(200);
  });
});
