import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;

async function signedIn(username: string, language = 'zh-CN'): Promise<TestClient> {
  const client = new TestClient(server.url, language);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

const lampEdit = {
  classCode: '01',
  name: '路灯',
  nameEn: 'Street lamp',
  responsibleUnit: { kind: 'district_department', code: 'URBAN' },
  fallbackDepartment: 'URBAN',
  priority: 'high',
  limits: {
    accept: { unit: 'hours', amount: 2 },
    handle: { unit: 'working_days', amount: 1 },
    verify: { unit: 'working_days', amount: 1 },
  },
};

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('the catalogue', () => {
  it('is searchable by anyone signed in: 路灯 finds the street lamp first', async () => {
    const worker = await signedIn('worker.g11');
    const answer = await worker.get(`/api/v1/catalogue?q=${encodeURIComponent('路灯')}&limit=5`);
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]).toMatchObject({ code: '01037', name: '路灯' });
    expect(answer.body.items[0].standardRef).toContain('GB/T 47678.5');
    expect(answer.body.classes.length).toBeGreaterThan(10);
  });

  it('an edit changes new reports only: an event already reported keeps its copy of the item', async () => {
    const worker = await signedIn('worker.g11');
    const reported = await worker.post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description: '路灯不亮', location: { lng: 0.25, lat: 0.75 } },
      { 'idempotency-key': 'catalogue-edit-before' },
    );
    expect(reported.status).toBe(201);
    const before = await worker.get(`/api/v1/events/${reported.body.id}`);

    const admin = await signedIn('admin.d');
    const sevenHours = { unit: 'hours', amount: 7 };
    expect(before.body.filedItem.limits.accept).not.toEqual(sevenHours);
    const saved = await admin.request('PUT', '/api/v1/catalogue/items/01037', {
      ...lampEdit,
      name: '路灯（已改名）',
      limits: { ...lampEdit.limits, accept: sevenHours },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ code: '01037', name: '路灯（已改名）', revision: 2, active: true });
    expect(saved.body.standardRef).toContain('GB/T 47678.5');

    const after = await worker.get(`/api/v1/events/${reported.body.id}`);
    expect(after.body.catalogueItem).toEqual(before.body.catalogueItem);
    expect(after.body.catalogueItem.name).toBe('路灯');
    expect(after.body.filedItem).toEqual(before.body.filedItem);
    expect(after.body.filedItem.standardRef).toContain('GB/T 47678.5');

    const next = await worker.post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description: '又一盏路灯不亮', location: { lng: 0.3, lat: 0.75 } },
      { 'idempotency-key': 'catalogue-edit-after' },
    );
    const nextEvent = await worker.get(`/api/v1/events/${next.body.id}`);
    expect(nextEvent.body.catalogueItem.name).toBe('路灯（已改名）');
    expect(nextEvent.body.filedItem.limits.accept).toEqual(sevenHours);
  });

  it('an edit naming departments that do not exist is refused with each problem named', async () => {
    const admin = await signedIn('admin.d', 'en');
    const answer = await admin.request('PUT', '/api/v1/catalogue/items/01037', {
      ...lampEdit,
      fallbackDepartment: 'NOBODY',
      responsibleUnit: { kind: 'district_department', code: 'GHOST' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('the fallback department NOBODY does not exist');
    expect(answer.body.detail).toContain('the responsible department GHOST does not exist');
  });

  it('only administrators edit', async () => {
    const worker = await signedIn('worker.g11');
    expect((await worker.request('PUT', '/api/v1/catalogue/items/01037', lampEdit)).status).toBe(403);
  });

  it('a new item can be added under an existing class', async () => {
    const admin = await signedIn('admin.d');
    const answer = await admin.request('PUT', '/api/v1/catalogue/items/LOCAL01', {
      ...lampEdit,
      classCode: 'SG01',
      name: '楼道堆物',
      nameEn: 'Clutter in stairwells',
      responsibleUnit: { kind: 'community' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ code: 'LOCAL01', revision: 1, standardRef: null });
  });

  it('a stopped item leaves search and reports, stays listed for administrators, and can be started again', async () => {
    const admin = await signedIn('admin.d');
    const worker = await signedIn('worker.g11');
    const stop = await admin.request('PUT', '/api/v1/catalogue/items/LOCAL02', {
      ...lampEdit,
      classCode: 'SG01',
      name: '共享单车乱停',
      nameEn: 'Shared bikes parked anyhow',
      responsibleUnit: { kind: 'community' },
      active: false,
    });
    expect(stop.status).toBe(201);
    expect((await worker.get('/api/v1/catalogue?q=LOCAL02')).body.items).toEqual([]);
    const refused = await worker.post(
      '/api/v1/events',
      { catalogueItemCode: 'LOCAL02', description: '单车堵路', location: { lng: 0.25, lat: 0.75 } },
      { 'idempotency-key': 'stopped-item' },
    );
    expect(refused.status).toBe(400);

    const listed = await admin.get('/api/v1/catalogue?q=LOCAL02&includeInactive=true');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ code: 'LOCAL02', name: '共享单车乱停', active: false, revision: 1 }),
    ]);
    const all = await admin.get('/api/v1/catalogue?includeInactive=true');
    expect(all.body.items.find((item: { code: string }) => item.code === '01037')).toMatchObject({
      active: true,
    });
    expect((await worker.get('/api/v1/catalogue?includeInactive=true')).status).toBe(403);

    const { active: _stopped, revision: _revision, code: _code, ...definition } = listed.body.items[0];
    const started = await admin.request('PUT', '/api/v1/catalogue/items/LOCAL02', {
      ...definition,
      active: true,
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ active: true, revision: 2 });
    expect((await worker.get('/api/v1/catalogue?q=LOCAL02')).body.items).toHaveLength(1);
  });
});
