import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPerson,
  rectangle,
  seedSmallDistrict,
  TEST_PASSWORD,
} from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { areaTreeVersion } from '../../../db/repositories/areas.ts';

let store: TestStore;
let server: TestServer;
let other: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);

async function put(username: string, code: string, body: unknown, language?: string) {
  return (await as(username, language)).request('PUT', `/api/v1/areas/${code}/boundary`, body);
}

async function storedBoundary(code: string): Promise<unknown> {
  const row = await store.db
    .selectFrom('areas')
    .select('boundary')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.boundary;
}

/** The deepest area holding a point, as a process answers it. */
async function deepestAt(url: string, lng: number, lat: number): Promise<string | undefined> {
  const client = (await as('admin.d')).cookie ?? '';
  const response = await fetch(`${url}/api/v1/areas/locate?lng=${lng}&lat=${lat}`, {
    headers: { cookie: client },
  });
  const body = (await response.json()) as { chain: { code: string }[] };
  return body.chain.at(-1)?.code;
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  await createPerson(store.db, 'admin.s1', 'administrator', { areaCode: 'S1' });
  await createPerson(store.db, 'head.s1', 'street_head', { areaCode: 'S1' });
  server = await startTestServer(store);
  other = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await other.close();
  await store.close();
});

describe('PUT /api/v1/areas/:code/boundary', () => {
  it('redraws a boundary; point location follows at once here and within seconds in another process', async () => {
    expect(await deepestAt(server.url, 0.75, 0.8)).toBe('G12');
    expect(await deepestAt(other.url, 0.75, 0.8)).toBe('G12');
    const version = await areaTreeVersion(store.db);
    const shrunk = rectangle(0.5, 0, 1, 0.6);
    const answer = await put('admin.s1', 'G12', shrunk);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ code: 'G12', bbox: [0.5, 0, 1, 0.6], boundary: shrunk });
    expect(await storedBoundary('G12')).toEqual(shrunk);
    expect(await areaTreeVersion(store.db)).toBe(version + 1);
    expect(await deepestAt(server.url, 0.75, 0.8)).toBe('C1');
    const started = Date.now();
    while ((await deepestAt(other.url, 0.75, 0.8)) !== 'C1') {
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('takes a MultiPolygon, and drops a bbox given with it', async () => {
    const twoParts = {
      type: 'MultiPolygon',
      coordinates: [rectangle(0.5, 0, 1, 0.3).coordinates, rectangle(0.5, 0.4, 1, 1).coordinates],
      bbox: [0, 0, 9, 9],
    };
    const answer = await put('admin.d', 'G12', twoParts);
    expect(answer.status).toBe(200);
    expect(answer.body.bbox).toEqual([0.5, 0, 1, 1]);
    expect(await storedBoundary('G12')).toEqual({ type: 'MultiPolygon', coordinates: twoParts.coordinates });
  });

  it('refuses a faulty geometry with the import’s own words, and writes nothing', async () => {
    const before = await storedBoundary('G11');
    const version = await areaTreeVersion(store.db);
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
          [0, 1],
        ],
      ],
    };
    const cases: [unknown, string, string][] = [
      [open, 'bad_ring', '闭合'],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [0.5, 0],
              [0.5, 1],
              [0, 1],
              [0, 0.5],
            ],
          ],
        },
        'bad_ring',
        '闭合',
      ],
      [{ type: 'Point', coordinates: [0.25, 0.5] }, 'bad_geometry_type', 'Point'],
      [rectangle(0, 0, 200, 1), 'bad_ring', 'WGS84'],
      [{ type: 'Polygon', coordinates: [] }, 'bad_ring', '4'],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              ['a', 'b'],
              [0, 0],
              [1, 1],
              ['a', 'b'],
            ],
          ],
        },
        'bad_ring',
        '经度',
      ],
    ];
    for (const [geometry, reason, words] of cases) {
      const answer = await put('admin.d', 'G11', geometry);
      expect(answer.status, JSON.stringify(geometry)).toBe(400);
      expect(answer.body).toMatchObject({ reason, written: 0 });
      expect(answer.body.detail).toContain(words);
    }
    const english = await put('admin.d', 'G11', open, 'en');
    expect(english.body.detail).toBe('a boundary ring must end where it starts (closed)');
    expect((await put('admin.d', 'G11', { type: 'Polygon' })).status).toBe(400);
    expect((await put('admin.d', 'G11', { ...rectangle(0, 0, 1, 1), properties: {} })).status).toBe(400);
    expect(await storedBoundary('G11')).toEqual(before);
    expect(await areaTreeVersion(store.db)).toBe(version);
  });

  it('answers 404 for an area out of sight or unknown, 403 to someone who may not manage areas', async () => {
    expect((await put('admin.s1', 'G21', rectangle(1, 0, 1.5, 1))).status).toBe(404);
    expect((await put('admin.d', 'NOPE', rectangle(1, 0, 1.5, 1))).status).toBe(404);
    expect((await put('head.s1', 'G11', rectangle(0, 0, 0.5, 1))).status).toBe(403);
  });
});
