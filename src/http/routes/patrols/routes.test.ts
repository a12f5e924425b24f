import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { PATROL_TRACK_MAX_POINTS } from '../../../domain/patrols.ts';

let store: TestStore;
let server: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);
const ids = new Map<string, number>();

/** Noon in China on 6 May 2026. */
const NOW = new Date('2026-05-06T04:00:00.000Z');
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

async function pointCount(): Promise<number> {
  const row = await store.db
    .selectFrom('patrol_points')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function record(username: string, points: unknown[], language?: string) {
  return (await as(username, language)).post('/api/v1/patrols/points', { points });
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  const people: [
    string,
    Parameters<typeof createPerson>[2],
    { areaCode?: string; departmentCode?: string },
  ][] = [
    ['worker.g11', 'grid_worker', { areaCode: 'G11' }],
    ['worker.g21', 'grid_worker', { areaCode: 'G21' }],
    ['leader.c1', 'grid_leader', { areaCode: 'C1' }],
    ['staff.c1', 'community_staff', { areaCode: 'C1' }],
    ['dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }],
    ['dispatcher.d', 'district_dispatcher', { areaCode: 'D' }],
    ['officer.urban', 'department_officer', { departmentCode: 'URBAN' }],
    ['resident.g11', 'resident', { areaCode: 'G11' }],
  ];
  for (const [username, role, place] of people)
    ids.set(username, await createPerson(store.db, username, role, place));
  server = await startTestServer(store, {}, () => new Date(NOW.getTime()));
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('POST /api/v1/patrols/points', () => {
  const first = [
    { at: minutesFromNow(-10), lng: 0.1, lat: 0.1, accuracy: 8.5 },
    { at: minutesFromNow(-5), lng: 0.2, lat: 0.2 },
    { at: minutesFromNow(0), lng: 0.3, lat: 0.3, accuracy: 12 },
  ];

  it('records a grid worker’s own points and keeps the accuracy', async () => {
    const answer = await record('worker.g11', first);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ accepted: 3, duplicates: 0 });
    const rows = await store.db
      .selectFrom('patrol_points')
      .select(['user_id', 'accuracy_m'])
      .orderBy('recorded_at')
      .execute();
    expect(rows).toEqual([
      { user_id: ids.get('worker.g11'), accuracy_m: 8.5 },
      { user_id: ids.get('worker.g11'), accuracy_m: null },
      { user_id: ids.get('worker.g11'), accuracy_m: 12 },
    ]);
  });

  it('a batch sent again adds only what is new, and counts the rest as duplicates', async () => {
    const again = await record('worker.g11', [...first, { at: minutesFromNow(1), lng: 0.31, lat: 0.31 }]);
    expect(again.body).toEqual({ accepted: 1, duplicates: 3 });
    const twice = { at: minutesFromNow(2), lng: 0.32, lat: 0.32 };
    expect((await record('worker.g11', [twice, twice])).body).toEqual({ accepted: 1, duplicates: 1 });
    expect(await pointCount()).toBe(5);
  });

  it('takes the same instant from two people as two points', async () => {
    expect((await record('leader.c1', [{ at: minutesFromNow(0), lng: 0.6, lat: 0.6 }])).body).toEqual({
      accepted: 1,
      duplicates: 0,
    });
  });

  it('refuses a whole batch with a point from the future or from more than a week ago, naming it', async () => {
    const before = await pointCount();
    const future = await record(
      'worker.g11',
      [
        { at: minutesFromNow(3), lng: 0.4, lat: 0.4 },
        { at: minutesFromNow(6), lng: 0.4, lat: 0.4 },
      ],
      'en',
    );
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ index: 1, reason: 'in_future' });
    expect(future.body.detail).toContain('Point 2');
    const old = await record('worker.g11', [{ at: minutesFromNow(-7 * 24 * 60 - 1), lng: 0.4, lat: 0.4 }]);
    expect(old.status).toBe(400);
    expect(old.body.reason).toBe('too_old');
    expect(old.body.detail).toContain('第 1 个点');
    expect(await pointCount()).toBe(before);
  });

  it('refuses a request that is not a batch of points', async () => {
    const point = { at: minutesFromNow(0), lng: 0.1, lat: 0.1 };
    const tooMany = Array.from({ length: 501 }, (_, index) => ({ ...point, at: minutesFromNow(-index) }));
    for (const points of [
      [],
      tooMany,
      [{ ...point, lng: 200 }],
      [{ lng: 0.1, lat: 0.1 }],
      [{ ...point, at: 'this morning' }],
      [{ ...point, accuracy: -1 }],
      [{ ...point, speed: 3 }],
    ]) {
      const answer = await record('worker.g11', points);
      expect(answer.status, JSON.stringify(points).slice(0, 100)).toBe(400);
    }
    const english = await record('worker.g11', [{ ...point, lng: 200 }], 'en');
    expect(english.body.detail).toContain('lng');
  });

  it('is for the grid’s own people: others are refused by role', async () => {
    const point = { at: minutesFromNow(0), lng: 0.1, lat: 0.1 };
    expect((await record('dispatcher.s1', [point])).status).toBe(403);
    expect((await record('resident.g11', [point])).status).toBe(403);
    expect((await record('officer.urban', [point])).status).toBe(403);
  });
});

describe('GET /api/v1/patrols', () => {
  beforeAll(async () => {
    // Either side of midnight in China: 23:30 on 5 May and 00:30 on 6 May.
    await record('worker.g11', [
      { at: '2026-05-05T15:30:00.000Z', lng: 0.05, lat: 0.05 },
      { at: '2026-05-05T16:30:00.000Z', lng: 0.06, lat: 0.06 },
    ]);
    await record('worker.g21', [{ at: minutesFromNow(-1), lng: 1.2, lat: 0.5 }]);
  });

  async function tracks(username: string, query: string) {
    const answer = await (await as(username)).get(`/api/v1/patrols${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.tracks as { user: { id: number }; areaCode: string; points: { at: string }[] }[];
  }

  it('answers the tracks of a China day of the patrolling people of an area, points in time order', async () => {
    const found = await tracks('dispatcher.s1', '?day=2026-05-06&area=S1');
    expect(found).toEqual([
      {
        user: { id: ids.get('worker.g11'), displayName: 'worker.g11' },
        areaCode: 'G11',
        recordedPoints: 6,
        points: [
          { at: '2026-05-05T16:30:00.000Z', lng: 0.06, lat: 0.06 },
          { at: minutesFromNow(-10), lng: 0.1, lat: 0.1 },
          { at: minutesFromNow(-5), lng: 0.2, lat: 0.2 },
          { at: minutesFromNow(0), lng: 0.3, lat: 0.3 },
          { at: minutesFromNow(1), lng: 0.31, lat: 0.31 },
          { at: minutesFromNow(2), lng: 0.32, lat: 0.32 },
        ],
      },
      {
        user: { id: ids.get('leader.c1'), displayName: 'leader.c1' },
        areaCode: 'C1',
        recordedPoints: 1,
        points: [{ at: minutesFromNow(0), lng: 0.6, lat: 0.6 }],
      },
    ]);
    expect(await tracks('dispatcher.s1', '')).toEqual(found);
    expect(await tracks('staff.c1', '?area=G11')).toEqual(found.slice(0, 1));
  });

  it('a grid worker reads their own track of a day, every point, and nobody else’s', async () => {
    const mine = await (await as('worker.g11')).get('/api/v1/patrols/mine');
    expect(mine.status).toBe(200);
    const [seen] = await tracks('dispatcher.s1', '?day=2026-05-06&area=G11');
    expect(mine.body.points).toEqual(seen!.points);
    const before = await (await as('worker.g11')).get('/api/v1/patrols/mine?day=2026-05-05');
    expect(before.body.points.map((point: { at: string }) => point.at)).toEqual(['2026-05-05T15:30:00.000Z']);
    expect((await (await as('worker.g21')).get('/api/v1/patrols/mine?day=2026-05-05')).body.points).toEqual(
      [],
    );
    expect((await (await as('dispatcher.s1')).get('/api/v1/patrols/mine')).status).toBe(403);
    expect((await (await as('resident.g11')).get('/api/v1/patrols/mine')).status).toBe(403);
    expect((await (await as('worker.g11')).get('/api/v1/patrols/mine?day=2026-02-30')).status).toBe(400);
  });

  it('reads the day in China time', async () => {
    const day = await tracks('dispatcher.s1', '?day=2026-05-05');
    expect(day.map((track) => track.points.map((point) => point.at))).toEqual([['2026-05-05T15:30:00.000Z']]);
    expect(await tracks('dispatcher.s1', '?day=2026-05-07')).toEqual([]);
  });

  it('the district sees every street’s grid workers', async () => {
    const found = await tracks('dispatcher.d', '?area=D');
    expect(found.map((track) => track.areaCode)).toEqual(['G11', 'G21', 'C1']);
  });

  it('answers 404 for an area out of sight and 403 for roles that do not watch patrols', async () => {
    expect((await (await as('dispatcher.s1')).get('/api/v1/patrols?area=S2')).status).toBe(404);
    expect((await (await as('dispatcher.s1')).get('/api/v1/patrols?area=NOPE')).status).toBe(404);
    expect((await (await as('leader.c1')).get('/api/v1/patrols?area=C1')).status).toBe(200);
    expect((await (await as('worker.g11')).get('/api/v1/patrols')).status).toBe(403);
    expect((await (await as('officer.urban')).get('/api/v1/patrols?area=S1')).status).toBe(403);
    expect((await (await as('resident.g11')).get('/api/v1/patrols')).status).toBe(403);
  });

  it('samples a long day evenly, keeping its first and last points', async () => {
    // 09:00 China time on 4 May, a point every 30 seconds for 8 h 20 min: a thousand points, in two batches.
    const start = Date.parse('2026-05-04T01:00:00.000Z');
    const long = Array.from({ length: 1000 }, (_, index) => ({
      at: new Date(start + index * 30_000).toISOString(),
      lng: 1.2 + index * 0.0001,
      lat: 0.5,
    }));
    expect((await record('worker.g21', long.slice(0, 500))).status).toBe(200);
    expect((await record('worker.g21', long.slice(500))).status).toBe(200);
    const [track] = await tracks('dispatcher.d', '?day=2026-05-04&area=G21');
    expect(track).toMatchObject({ areaCode: 'G21', recordedPoints: 1000 });
    // Every fifth point from the first (ceil(1000 / 240) = 5), then the last.
    const expected = [...long.filter((_, index) => index % 5 === 0), long[999]];
    expect(track!.points).toEqual(expected);
    expect(track!.points.length).toBeLessThanOrEqual(PATROL_TRACK_MAX_POINTS);
  });

  it('refuses a day that does not exist', async () => {
    const answer = await (await as('dispatcher.s1', 'en')).get('/api/v1/patrols?day=2026-02-30');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('2026-02-30');
    expect((await (await as('dispatcher.s1')).get('/api/v1/patrols?day=6%20May')).status).toBe(400);
  });
});
