import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOURLY_ITEM } from '../../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { saveCatalogueItem } from '../../../db/repositories/catalogue.ts';
import { listEventMapPoints } from '../../../db/repositories/events.ts';
import { eventSightOf } from '../../../domain/event-sight.ts';

let store: TestStore;
let server: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);

let now = new Date('2025-03-03T01:00:00.000Z');
const clock = () => new Date(now.getTime());

const IN_M111 = { lng: 0.25, lat: 0.25 };
const IN_G11_NORTH = { lng: 0.25, lat: 0.75 };
const IN_G12 = { lng: 0.75, lat: 0.5 };
const IN_G21 = { lng: 1.25, lat: 0.5 };

/** An item handled by the event's community, whose fallback department is in no register. */
const COMMUNITY_ITEM = {
  ...HOURLY_ITEM,
  code: 'T-COMMUNITY',
  name: '社区事项',
  responsibleUnit: { kind: 'community' as const },
  fallbackDepartment: 'NOWHERE',
};

interface Made {
  id: string;
  trackingCode: string;
}

async function report(
  username: string,
  body: { location?: { lng: number; lat: number }; areaCode?: string; source?: string; item?: string },
): Promise<Made> {
  now = new Date(now.getTime() + 60_000);
  const { item = HOURLY_ITEM.code, ...rest } = body;
  const answer = await (await as(username)).post(
    '/api/v1/events',
    { catalogueItemCode: item, description: '测试', ...rest },
    { 'idempotency-key': randomUUID() },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { id: answer.body.id, trackingCode: answer.body.trackingCode };
}

async function step(username: string, id: string, name: string, body: unknown) {
  const answer = await (await as(username)).post(`/api/v1/events/${id}/${name}`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

const made: Record<string, Made> = {};

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await saveCatalogueItem(store.db, HOURLY_ITEM, true);
  await saveCatalogueItem(store.db, COMMUNITY_ITEM, true);
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await createPerson(store.db, 'dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' });
  await createPerson(store.db, 'dispatcher.d', 'district_dispatcher', { areaCode: 'D' });
  await createPerson(store.db, 'resident.zhou', 'resident', { areaCode: 'G11' });
  await createPerson(store.db, 'resident.dai', 'resident', { areaCode: 'G11' });
  await createPerson(store.db, 'officer.s1law', 'department_officer', { departmentCode: 'S1-LAW' });
  server = await startTestServer(store, {}, clock);

  made.dispatched = await report('dispatcher.s1', { source: 'hotline', location: IN_M111 });
  await step('dispatcher.s1', made.dispatched.id, 'dispatch', { lead: 'S1-LAW' });
  made.waitingG12 = await report('dispatcher.s1', { source: 'hotline', location: IN_G12 });
  made.byResident = await report('resident.zhou', { location: IN_G11_NORTH, item: COMMUNITY_ITEM.code });
  made.inS2 = await report('dispatcher.s2', { source: 'hotline', location: IN_G21 });
  made.noPoint = await report('dispatcher.s1', { source: 'hotline', areaCode: 'G12' });
  made.cancelled = await report('dispatcher.s1', { source: 'hotline', location: IN_G11_NORTH });
  await step('dispatcher.s1', made.cancelled.id, 'cancel', { reason: '重复来电' });
  // Two hours on, the dispatched case has passed its one-hour accept limit.
  now = new Date(now.getTime() + 2 * 3_600_000);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('GET /api/v1/events/map', () => {
  async function mapOf(username: string, query = '') {
    const answer = await (await as(username)).get(`/api/v1/events/map${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as {
      items: { id: string; overdue: boolean; state: string }[];
      truncated: boolean;
    };
  }

  it('answers compact points of the located events in sight, newest first, with the red mark', async () => {
    const map = await mapOf('dispatcher.s1');
    expect(map.truncated).toBe(false);
    expect(map.items.map((item) => item.id)).toEqual([
      made.cancelled!.id,
      made.byResident!.id,
      made.waitingG12!.id,
      made.dispatched!.id,
    ]);
    expect(map.items.at(-1)).toEqual({
      id: made.dispatched!.id,
      trackingCode: made.dispatched!.trackingCode,
      state: 'dispatched',
      lng: 0.25,
      lat: 0.25,
      areaCode: 'M111',
      overdue: true,
      catalogueItemName: '测试事项',
    });
    expect(map.items.filter((item) => item.overdue).map((item) => item.id)).toEqual([made.dispatched!.id]);
  });

  it('takes the filters of the event list', async () => {
    expect((await mapOf('dispatcher.s1', '?state=dispatched')).items.map((item) => item.id)).toEqual([
      made.dispatched!.id,
    ]);
    expect((await mapOf('dispatcher.s1', '?area=G12')).items.map((item) => item.id)).toEqual([
      made.waitingG12!.id,
    ]);
    expect(
      (await mapOf('dispatcher.s1', '?state=reported&state=cancelled')).items
        .map((item) => item.state)
        .sort(),
    ).toEqual(['cancelled', 'reported', 'reported']);
    const to = new Date(now.getTime() - 2 * 3_600_000 - 3 * 60_000).toISOString();
    expect((await mapOf('dispatcher.s1', `?to=${to}`)).items.map((item) => item.id)).toEqual([
      made.waitingG12!.id,
      made.dispatched!.id,
    ]);
  });

  it('shows each person only what they see: a resident their own report, the district everything located', async () => {
    expect((await mapOf('resident.zhou')).items.map((item) => item.id)).toEqual([made.byResident!.id]);
    expect((await mapOf('resident.dai')).items).toEqual([]);
    expect((await mapOf('officer.s1law')).items.map((item) => item.id)).toEqual([made.dispatched!.id]);
    expect((await mapOf('dispatcher.d')).items).toHaveLength(5);
  });

  it('answers 404 for an area out of sight and 400 for a filter it does not know', async () => {
    expect((await (await as('dispatcher.s1')).get('/api/v1/events/map?area=S2')).status).toBe(404);
    const bad = await (await as('dispatcher.s1', 'en')).get('/api/v1/events/map?state=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('state');
    expect((await (await as('dispatcher.s1')).get('/api/v1/events/map?from=yesterday')).status).toBe(400);
    expect((await (await as('dispatcher.s1')).get('/api/v1/events/map?zoom=3')).status).toBe(400);
  });

  it('cuts off at the limit asked of the store, newest first, in one query', async () => {
    const sight = eventSightOf({
      userId: 0,
      roles: ['district_dispatcher'],
      areaPath: 'D',
      departmentCode: null,
    });
    const points = await listEventMapPoints(store.db, { sight }, clock(), 2);
    expect(points.map((point) => point.id)).toEqual([made.cancelled!.id, made.inS2!.id]);
  });
});

describe('GET /api/v1/areas/status', () => {
  async function statusOf(username: string, query: string) {
    const answer = await (await as(username)).get(`/api/v1/areas/status${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items;
  }

  it('counts the open and the overdue events in sight for each child area', async () => {
    expect(await statusOf('dispatcher.d', '?parent=D')).toEqual([
      { code: 'S1', open: 4, overdue: 1 },
      { code: 'S2', open: 1, overdue: 0 },
    ]);
    expect(await statusOf('dispatcher.d', '')).toEqual(await statusOf('dispatcher.d', '?parent=D'));
    expect(await statusOf('dispatcher.s1', '?parent=C1')).toEqual([
      { code: 'G11', open: 2, overdue: 1 },
      { code: 'G12', open: 2, overdue: 0 },
    ]);
    expect(await statusOf('dispatcher.s1', '?parent=G11')).toEqual([{ code: 'M111', open: 1, overdue: 1 }]);
  });

  it('counts every grid under the parent with level=grid, empty grids included', async () => {
    expect(await statusOf('dispatcher.d', '?parent=D&level=grid')).toEqual([
      { code: 'G11', open: 2, overdue: 1 },
      { code: 'G12', open: 2, overdue: 0 },
      { code: 'G21', open: 1, overdue: 0 },
      { code: 'G22', open: 0, overdue: 0 },
    ]);
  });

  it('counts only the events in the person’s sight', async () => {
    expect(await statusOf('officer.s1law', '?parent=S1')).toEqual([{ code: 'C1', open: 1, overdue: 1 }]);
    expect(await statusOf('resident.zhou', '?parent=G11')).toEqual([{ code: 'M111', open: 0, overdue: 0 }]);
  });

  it('answers 404 for a parent out of sight and 400 for a request it cannot answer', async () => {
    const dispatcher = await as('dispatcher.s1');
    expect((await dispatcher.get('/api/v1/areas/status?parent=S2')).status).toBe(404);
    expect((await dispatcher.get('/api/v1/areas/status?parent=D')).status).toBe(404);
    expect((await dispatcher.get('/api/v1/areas/status?parent=NOPE')).status).toBe(404);
    const grid = await (await as('dispatcher.s1', 'en')).get('/api/v1/areas/status?parent=G11&level=grid');
    expect(grid.status).toBe(400);
    expect(grid.body.detail).toContain('level=grid');
    expect((await dispatcher.get('/api/v1/areas/status?parent=S1&level=street')).status).toBe(400);
  });
});

describe('finding a report by its tracking code', () => {
  it('a resident finds their own report by its code, in any case of letters', async () => {
    const resident = await as('resident.zhou');
    const code = made.byResident!.trackingCode;
    for (const asked of [code, code.toLowerCase()]) {
      const answer = await resident.get(`/api/v1/events?trackingCode=${asked}`);
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((item: { id: string }) => item.id)).toEqual([made.byResident!.id]);
    }
  });

  it('the code of a report out of sight finds nothing', async () => {
    const answer = await (await as('resident.dai')).get(
      `/api/v1/events?trackingCode=${made.byResident!.trackingCode}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([]);
  });

  it('a code with characters no code has is refused', async () => {
    const answer = await (await as('resident.zhou', 'en')).get('/api/v1/events?trackingCode=HY%20261125');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('trackingCode');
  });
});

describe('suggested units on an event', () => {
  it("names the street's office of the item's kind and the fallback department", async () => {
    const answer = await (await as('dispatcher.s1')).get(`/api/v1/events/${made.waitingG12!.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.suggestedUnits).toEqual({
      responsible: { kind: 'street_office', code: 'S1-LAW', name: '综合执法大队', areaPath: 'D/S1' },
      fallback: { kind: 'district_department', code: 'URBAN', name: '区城市管理委员会', areaPath: 'D' },
    });
    const inS2 = await (await as('dispatcher.s2')).get(`/api/v1/events/${made.inS2!.id}`);
    expect(inS2.body.suggestedUnits.responsible.code).toBe('S2-LAW');
  });

  it("names the event's community, and no fallback when the register holds no such department", async () => {
    const answer = await (await as('dispatcher.s1')).get(`/api/v1/events/${made.byResident!.id}`);
    expect(answer.body.suggestedUnits).toEqual({
      responsible: { kind: 'community', code: 'C1', name: 'community C1', areaPath: 'D/S1/C1' },
      fallback: null,
    });
  });
});

describe('the units an event was sent to', () => {
  it('are named on its page, for a resident too, who may not list the register', async () => {
    const mine = await report('resident.zhou', { location: IN_G11_NORTH, item: COMMUNITY_ITEM.code });
    await createPerson(store.db, 'staff.c1', 'community_staff', { areaCode: 'C1' });
    await step('staff.c1', mine.id, 'escalate', { reason: '需街道协调' });
    await step('dispatcher.s1', mine.id, 'dispatch', { lead: 'S1-LAW', assisting: ['C1'] });
    const resident = await as('resident.zhou', 'en');
    expect((await resident.get('/api/v1/departments')).status).toBe(403);
    const answer = await resident.get(`/api/v1/events/${mine.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.unitNames).toEqual(
      expect.arrayContaining([
        { code: 'C1', name: 'community C1', nameEn: 'community C1' },
        { code: 'S1-LAW', name: '综合执法大队', nameEn: 'Law Enforcement Team' },
      ]),
    );
    expect(answer.body.unitNames).toHaveLength(2);
    const waiting = await (await as('dispatcher.s1')).get(`/api/v1/events/${made.waitingG12!.id}`);
    expect(waiting.body.unitNames).toEqual([]);
  });
});
