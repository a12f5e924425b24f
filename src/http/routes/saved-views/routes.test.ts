import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import {
  signedInClients,
  startTestServer,
  TestClient,
  type TestServer,
} from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { insertSavedView } from '../../../db/repositories/saved-views.ts';

let store: TestStore;
let server: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);
const ids = new Map<string, number>();

async function save(username: string, body: unknown, language?: string) {
  return (await as(username, language)).post('/api/v1/saved-views', body);
}

async function names(username: string): Promise<string[]> {
  const answer = await (await as(username)).get('/api/v1/saved-views');
  expect(answer.status).toBe(200);
  return answer.body.items.map((item: { name: string }) => item.name);
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  for (const [username, role, place] of [
    ['dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }],
    ['dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' }],
    ['resident.g11', 'resident', { areaCode: 'G11' }],
    ['officer.water', 'department_officer', { departmentCode: 'WATER' }],
    ['busy.d', 'district_dispatcher', { areaCode: 'D' }],
  ] as const) {
    ids.set(username, await createPerson(store.db, username, role, place));
  }
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('saving a view of the event list', () => {
  it('keeps a named set of the list’s filters and answers it', async () => {
    const filter = {
      state: ['dispatched', 'accepted'],
      area: 'G11',
      overdue: true,
      from: '2026-05-01T00:00:00.000Z',
      trackingCode: 'HY-260501-7K3M9Q',
    };
    const answer = await save('dispatcher.s1', { name: '  G11 逾期  ', filter });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(Number),
      name: 'G11 逾期',
      filter,
      createdAt: expect.any(String),
    });
    expect(answer.headers.get('location')).toBe(`/api/v1/saved-views/${answer.body.id}`);
    const listed = await (await as('dispatcher.s1')).get('/api/v1/saved-views');
    expect(listed.body.items).toEqual([answer.body]);
  });

  it('the kept filter is one the event list takes as it is', async () => {
    const [view] = (await (await as('dispatcher.s1')).get('/api/v1/saved-views')).body.items;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(view.filter)) {
      for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
    }
    expect((await (await as('dispatcher.s1')).get(`/api/v1/events?${query}`)).status).toBe(200);
  });

  it('refuses a second view of the same name with 409, saying what to do; another person may use the name', async () => {
    const again = await save('dispatcher.s1', { name: 'G11 逾期', filter: {} });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('G11 逾期');
    expect(again.body.reason).toBe('name_taken');
    const english = await save('dispatcher.s1', { name: 'G11 逾期', filter: {} }, 'en');
    expect(english.body.detail).toContain('choose another name');
    expect((await save('dispatcher.s2', { name: 'G11 逾期', filter: {} })).status).toBe(201);
    expect(await names('dispatcher.s1')).toEqual(['G11 逾期']);
  });

  it('takes a name of 50 characters and no longer', async () => {
    expect((await save('dispatcher.s1', { name: '长'.repeat(50), filter: {} })).status).toBe(201);
    const long = await save('dispatcher.s1', { name: '长'.repeat(51), filter: {} }, 'en');
    expect(long.status).toBe(400);
    expect(long.body.detail).toContain('name');
  });

  it('refuses filters the event list would not take, and names the field', async () => {
    for (const [filter, field] of [
      [{ state: ['lost'] }, 'state'],
      [{ from: 'yesterday' }, 'from'],
      [{ zoom: 3 }, 'zoom'],
      [{ area: 'no such code!' }, 'area'],
      [{ trackingCode: 'HY 1' }, 'trackingCode'],
    ] as const) {
      const answer = await save('dispatcher.s1', { name: `坏 ${field}`, filter }, 'en');
      expect(answer.status, JSON.stringify(filter)).toBe(400);
      expect(answer.body.detail).toContain(field);
    }
    expect((await save('dispatcher.s1', { name: '无过滤' })).status).toBe(400);
    expect((await save('dispatcher.s1', { name: '   ', filter: {} })).status).toBe(400);
    expect((await save('dispatcher.s1', { name: '', filter: {} })).status).toBe(400);
  });

  it('refuses an area the person does not see, so that no view opens onto a 404', async () => {
    const answer = await save('dispatcher.s1', { name: '别的街道', filter: { area: 'S2' } });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('filter.area');
    expect((await save('dispatcher.s1', { name: '没有的区域', filter: { area: 'NOPE' } })).status).toBe(400);
  });

  it('everyone keeps their own views: a resident and a department officer too', async () => {
    expect((await save('resident.g11', { name: '我的上报', filter: { state: ['reported'] } })).status).toBe(
      201,
    );
    expect((await save('officer.water', { name: '待接单', filter: { department: 'WATER' } })).status).toBe(
      201,
    );
    expect(await names('resident.g11')).toEqual(['我的上报']);
  });

  it(`keeps at most 100 views a person`, async () => {
    for (let index = 0; index < 100; index++) {
      await insertSavedView(store.db, ids.get('busy.d')!, { name: `视图 ${index}`, filter: {} });
    }
    const answer = await save('busy.d', { name: '第 101 个', filter: {} });
    expect(answer.status).toBe(409);
    expect(answer.body.reason).toBe('too_many');
  });

  it('answers 401 to someone not signed in', async () => {
    expect((await new TestClient(server.url).get('/api/v1/saved-views')).status).toBe(401);
    expect(
      (await new TestClient(server.url).post('/api/v1/saved-views', { name: 'x', filter: {} })).status,
    ).toBe(401);
  });
});

describe('deleting a saved view', () => {
  it('deletes one’s own view; someone else’s is not found and stays', async () => {
    const mine = (await save('dispatcher.s2', { name: '要删的', filter: {} })).body.id;
    const theirs = (await save('dispatcher.s1', { name: '别人的', filter: {} })).body.id;
    const s2 = await as('dispatcher.s2');
    expect((await s2.request('DELETE', `/api/v1/saved-views/${theirs}`)).status).toBe(404);
    expect(await names('dispatcher.s1')).toContain('别人的');
    expect((await s2.request('DELETE', `/api/v1/saved-views/${mine}`)).status).toBe(204);
    expect(await names('dispatcher.s2')).not.toContain('要删的');
    expect((await s2.request('DELETE', `/api/v1/saved-views/${mine}`)).status).toBe(404);
    expect((await s2.request('DELETE', '/api/v1/saved-views/first')).status).toBe(400);
  });
});
