import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOURLY_ITEM } from '../../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { saveCatalogueItem } from '../../../db/repositories/catalogue.ts';

let store: TestStore;
let server: TestServer;

async function signedIn(username: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

const codes = (answer: { body: { items: { code: string }[] } }) => answer.body.items.map((item) => item.code);

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await createPerson(store.db, 'leader.d', 'leader', { areaCode: 'D' });
  await createPerson(store.db, 'officer.water', 'department_officer', { departmentCode: 'WATER' });
  await createPerson(store.db, 'resident.g11', 'resident', { areaCode: 'G11' });
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  await createPerson(store.db, 'admin.s1', 'administrator', { areaCode: 'S1' });
  await saveCatalogueItem(store.db, HOURLY_ITEM, true);
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('departments in sight', () => {
  it("a street dispatcher sees the district's departments and their own street's offices, not another street's", async () => {
    const dispatcher = await signedIn('dispatcher.s1');
    expect(codes(await dispatcher.get('/api/v1/departments'))).toEqual(['URBAN', 'WATER', 'S1-LAW']);
    expect(codes(await dispatcher.get('/api/v1/departments?kind=street_office'))).toEqual(['S1-LAW']);
    expect((await dispatcher.get('/api/v1/departments/S2-LAW')).status).toBe(404);
    expect((await dispatcher.get('/api/v1/departments/WATER')).body).toEqual({
      code: 'WATER',
      name: '区水务局',
      nameEn: 'Water Affairs',
      kind: 'district_department',
      areaCode: 'D',
      officeKind: null,
      active: true,
    });
  });

  it('a district leader sees every department and office', async () => {
    const leader = await signedIn('leader.d');
    expect(codes(await leader.get('/api/v1/departments'))).toEqual(['URBAN', 'WATER', 'S1-LAW', 'S2-LAW']);
  });

  it('a department officer sees the departments of the district their department serves', async () => {
    const officer = await signedIn('officer.water');
    expect(codes(await officer.get('/api/v1/departments'))).toContain('WATER');
  });

  it('a resident may not list departments', async () => {
    const resident = await signedIn('resident.g11');
    expect((await resident.get('/api/v1/departments')).status).toBe(403);
  });

  it('an unknown kind is refused', async () => {
    const leader = await signedIn('leader.d');
    const answer = await leader.get('/api/v1/departments?kind=bureau');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('kind');
  });
});

describe('administrators keep the register', () => {
  async function put(username: string, code: string, body: unknown, language = 'zh-CN') {
    const client = new TestClient(server.url, language);
    await client.signIn(username, TEST_PASSWORD);
    return client.request('PUT', `/api/v1/departments/${code}`, body);
  }

  it('a district administrator adds a district department at their district, then changes it', async () => {
    const created = await put('admin.d', 'ENV', {
      name: '区生态环境局',
      nameEn: 'Ecology',
      kind: 'district_department',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      code: 'ENV',
      name: '区生态环境局',
      nameEn: 'Ecology',
      kind: 'district_department',
      areaCode: 'D',
      officeKind: null,
      active: true,
    });
    const changed = await put('admin.d', 'ENV', {
      name: '区生态环境分局',
      nameEn: 'Ecology Branch',
      kind: 'district_department',
    });
    expect(changed.status).toBe(200);
    expect((await (await signedIn('leader.d')).get('/api/v1/departments/ENV')).body.name).toBe(
      '区生态环境分局',
    );
  });

  it('a street office gets the kind its name tells, or the kind it is given', async () => {
    const byName = await put('admin.d', 'S1-CITY', {
      name: '城市管理办公室',
      kind: 'street_office',
      areaCode: 'S1',
    });
    expect(byName.status).toBe(201);
    expect(byName.body).toMatchObject({ areaCode: 'S1', officeKind: 'urban_management', nameEn: '' });
    const given = await put('admin.d', 'S1-CITY', {
      name: '城管科',
      kind: 'street_office',
      officeKind: 'public_safety',
    });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ areaCode: 'S1', officeKind: 'public_safety' });
  });

  it('refuses a unit in the wrong place or of the wrong shape, saying what is wrong', async () => {
    const noStreet = await put('admin.d', 'S1-NEW', { name: '新科室', kind: 'street_office' }, 'en');
    expect(noStreet.status).toBe(400);
    expect(noStreet.body.detail).toContain('areaCode');
    const community = await put(
      'admin.d',
      'S1-NEW',
      { name: '新科室', kind: 'street_office', areaCode: 'C1' },
      'en',
    );
    expect(community.status).toBe(400);
    expect(community.body.detail).toContain('must name a street');
    const atStreet = await put('admin.d', 'NEW', {
      name: '新部门',
      kind: 'district_department',
      areaCode: 'S1',
    });
    expect(atStreet.status).toBe(400);
    expect(atStreet.body.reason).toBe('area_wrong_level');
    const officeKind = await put('admin.d', 'NEW', {
      name: '新部门',
      kind: 'district_department',
      officeKind: 'law_enforcement',
    });
    expect(officeKind.status).toBe(400);
    expect(officeKind.body.detail).toContain('officeKind');
    const kind = await put(
      'admin.d',
      'WATER',
      { name: '区水务局', kind: 'street_office', areaCode: 'S1' },
      'en',
    );
    expect(kind.status).toBe(409);
    expect(kind.body.detail).toContain('keeps its kind');
    for (const body of [
      { name: '   ', kind: 'district_department' },
      { name: '部门', kind: 'bureau' },
      { name: '部门', kind: 'district_department', phone: '1' },
      { name: '部门', kind: 'street_office', areaCode: 'S1', officeKind: 'fire_brigade' },
    ]) {
      expect((await put('admin.d', 'NEW', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await put('admin.d', 'a b', { name: '部门', kind: 'district_department' })).status).toBe(400);
    const written = await store.db
      .selectFrom('departments')
      .select('code')
      .where('code', 'in', ['NEW', 'S1-NEW'])
      .execute();
    expect(written).toEqual([]);
  });

  it('a street administrator manages only their street’s offices', async () => {
    expect(
      (await put('admin.s1', 'S1-NEW', { name: '应急管理办公室', kind: 'street_office', areaCode: 'S1' }))
        .status,
    ).toBe(201);
    expect((await put('admin.s1', 'WATER', { name: '区水务局', kind: 'district_department' })).status).toBe(
      404,
    );
    expect(
      (await put('admin.s1', 'S2-LAW', { name: '综合执法大队', kind: 'street_office', areaCode: 'S2' }))
        .status,
    ).toBe(404);
    const elsewhere = await put('admin.s1', 'S1-MOVED', {
      name: '综合执法大队',
      kind: 'street_office',
      areaCode: 'S2',
    });
    expect(elsewhere.status).toBe(400);
    const district = await put('admin.s1', 'D-NEW', { name: '新部门', kind: 'district_department' });
    expect(district.status).toBe(400);
  });

  it('other roles may not: 403 for a unit in sight, 404 for one out of it', async () => {
    expect(
      (await put('dispatcher.s1', 'S1-LAW', { name: '综合执法大队', kind: 'street_office', areaCode: 'S1' }))
        .status,
    ).toBe(403);
    expect(
      (await put('dispatcher.s1', 'S2-LAW', { name: '综合执法大队', kind: 'street_office', areaCode: 'S2' }))
        .status,
    ).toBe(404);
    expect((await put('leader.d', 'NEW', { name: '新部门', kind: 'district_department' })).status).toBe(403);
  });

  it('a unit stood down is listed as such, no longer suggested, and no longer dispatched to', async () => {
    const dispatcher = await signedIn('dispatcher.s1');
    const reported = await dispatcher.post(
      '/api/v1/events',
      { catalogueItemCode: HOURLY_ITEM.code, description: '占道经营', areaCode: 'G11', source: 'hotline' },
      { 'idempotency-key': randomUUID() },
    );
    expect(reported.status).toBe(201);
    const suggested = async () =>
      (await dispatcher.get(`/api/v1/events/${reported.body.id}`)).body.suggestedUnits.responsible;
    expect((await suggested())?.code).toBe('S1-LAW');

    const down = await put('admin.d', 'S1-LAW', {
      name: '综合执法大队',
      kind: 'street_office',
      active: false,
    });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ areaCode: 'S1', active: false, officeKind: 'law_enforcement' });
    expect(codes(await dispatcher.get('/api/v1/departments?active=true'))).not.toContain('S1-LAW');
    expect(codes(await dispatcher.get('/api/v1/departments?active=false'))).toEqual(['S1-LAW']);
    expect(await suggested()).toBeNull();
    const refused = await dispatcher.post(`/api/v1/events/${reported.body.id}/dispatch`, { lead: 'S1-LAW' });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('已停用');

    expect(
      (await put('admin.d', 'S1-LAW', { name: '综合执法大队', kind: 'street_office' })).body.active,
    ).toBe(true);
    expect((await suggested())?.code).toBe('S1-LAW');
  });
});
