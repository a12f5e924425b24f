import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  areaNode,
  createPerson,
  seedSmallDistrict,
  TEST_PASSWORD,
} from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;

async function signedIn(username: string, language = 'zh-CN'): Promise<TestClient> {
  const client = new TestClient(server.url, language);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

function featureOf(node: ReturnType<typeof areaNode>) {
  return {
    type: 'Feature',
    properties: { code: node.code, name: node.name, level: node.level, parentCode: node.parentCode },
    geometry: node.boundary,
  };
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.sun', 'administrator', { areaCode: 'D' });
  await createPerson(store.db, 'admin.s1', 'administrator', { areaCode: 'S1' });
  await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' });
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('locating a point', () => {
  it('names the micro-grid, grid, community, street and district that hold it', async () => {
    const worker = await signedIn('worker.g11');
    const answer = await worker.get('/api/v1/areas/locate?lng=0.25&lat=0.25');
    expect(answer.status).toBe(200);
    expect(answer.body.found).toBe(true);
    expect(answer.body.chain.map((area: { code: string }) => area.code)).toEqual([
      'D',
      'S1',
      'C1',
      'G11',
      'M111',
    ]);
    expect(answer.body.street.code).toBe('S1');
    expect(answer.body.grid.code).toBe('G11');
    expect(answer.body.microGrid.code).toBe('M111');
  });

  it('a point in a grid without micro-grids ends at the grid, even in another street', async () => {
    const worker = await signedIn('worker.g11');
    const answer = await worker.get('/api/v1/areas/locate?lng=1.75&lat=0.5');
    expect(answer.body.chain.map((area: { code: string }) => area.code)).toEqual(['D', 'S2', 'C2', 'G22']);
    expect(answer.body.microGrid).toBeNull();
  });

  it('a point outside every grid gets a clear answer, not an error', async () => {
    const worker = await signedIn('worker.g11', 'en');
    const answer = await worker.get('/api/v1/areas/locate?lng=5&lat=5');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ found: false, chain: [], grid: null });
    expect(answer.body.message).toMatch(/outside every area/);
  });

  it('a longitude out of range is refused with the field named', async () => {
    const worker = await signedIn('worker.g11', 'en');
    const answer = await worker.get('/api/v1/areas/locate?lng=200&lat=5');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('lng');
    const missing = await worker.get('/api/v1/areas/locate?lng=1');
    expect(missing.body.detail).toContain('lat');
  });
});

describe('seeing areas', () => {
  it('a street dispatcher lists only their own street subtree', async () => {
    const dispatcher = await signedIn('dispatcher.s1');
    const answer = await dispatcher.get('/api/v1/areas?limit=100');
    expect(answer.body.items.map((area: { code: string }) => area.code).sort()).toEqual([
      'C1',
      'G11',
      'G12',
      'M111',
      'S1',
    ]);
  });

  it("another street's area answers 404, exactly as a code that does not exist", async () => {
    const dispatcher = await signedIn('dispatcher.s1');
    const elsewhere = await dispatcher.get('/api/v1/areas/G21');
    const nowhere = await dispatcher.get('/api/v1/areas/NOPE');
    expect(elsewhere.status).toBe(404);
    expect(nowhere.status).toBe(404);
    expect(elsewhere.body.detail).toBe(nowhere.body.detail);
    const mine = await dispatcher.get('/api/v1/areas/G12');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ code: 'G12', path: 'D/S1/C1/G12', households: 200 });
    expect(mine.body.boundary.type).toBe('Polygon');
    expect(mine.body.permittedActions).toEqual(['area:locate', 'area:read']);
  });

  it('pages through a level with a cursor', async () => {
    const admin = await signedIn('admin.sun');
    const first = await admin.get('/api/v1/areas?level=grid&limit=3');
    expect(first.body.items.map((area: { code: string }) => area.code)).toEqual(['G11', 'G12', 'G21']);
    expect(first.body.nextAfter).toBe('G21');
    const second = await admin.get(`/api/v1/areas?level=grid&limit=3&after=${first.body.nextAfter}`);
    expect(second.body.items.map((area: { code: string }) => area.code)).toEqual(['G22']);
    expect(second.body.nextAfter).toBeNull();
  });
});

describe('import and export', () => {
  it('exports a subtree as GeoJSON that imports back unchanged', async () => {
    const admin = await signedIn('admin.sun');
    const exported = await admin.get('/api/v1/areas/export?root=S2');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(exported.body.type).toBe('FeatureCollection');
    expect(exported.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([
      'S2',
      'C2',
      'G21',
      'G22',
    ]);
    expect(exported.body.features[2].properties).toEqual({
      code: 'G21',
      name: 'grid G21',
      level: 'grid',
      parentCode: 'C2',
      households: 250,
      population: 600,
    });
    const reimported = await admin.post('/api/v1/areas/import', exported.body);
    expect(reimported.status).toBe(200);
    expect(reimported.body).toEqual({ imported: 4 });
    const again = await admin.get('/api/v1/areas/export?root=S2');
    expect(again.body).toEqual(exported.body);
  });

  it('imports new grids, and locating finds them at once', async () => {
    const admin = await signedIn('admin.sun');
    const micro = areaNode('M121', 'micro_grid', 'G12', [0.5, 0.5, 1, 1], {
      households: 60,
      population: 150,
    });
    const answer = await admin.post('/api/v1/areas/import', {
      type: 'FeatureCollection',
      features: [featureOf(micro)],
    });
    expect(answer.status).toBe(200);
    const located = await admin.get('/api/v1/areas/locate?lng=0.75&lat=0.75');
    expect(located.body.microGrid.code).toBe('M121');
  });

  it('a faulty file is refused whole, naming the feature and the reason, and nothing of it is written', async () => {
    const admin = await signedIn('admin.sun', 'en');
    const good = areaNode('G13', 'grid', 'C1', [0, 0, 0.1, 0.1]);
    const bad = areaNode('G14', 'grid', 'S1', [0.1, 0, 0.2, 0.1]);
    const answer = await admin.post('/api/v1/areas/import', {
      type: 'FeatureCollection',
      features: [featureOf(good), featureOf(bad)],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.feature).toBe(2);
    expect(answer.body.detail).toBe('Feature 2: the parent S1 is a street; it must be a community');
    expect((await admin.get('/api/v1/areas/G13')).status).toBe(404);

    const inChinese = await signedIn('admin.sun', 'zh-CN');
    const zh = await inChinese.post('/api/v1/areas/import', {
      type: 'FeatureCollection',
      features: [featureOf(good), featureOf(bad)],
    });
    expect(zh.body.detail).toBe('第 2 个要素：上级 S1 的层级是 street，应为 community');
  });

  it('an administrator of one street may not import into another', async () => {
    const streetAdmin = await signedIn('admin.s1');
    const intruder = areaNode('G23', 'grid', 'C2', [1, 0, 1.1, 0.1]);
    const answer = await streetAdmin.post('/api/v1/areas/import', {
      type: 'FeatureCollection',
      features: [featureOf(intruder)],
    });
    expect(answer.status).toBe(403);
    expect(answer.body.detail).toContain('G23');
  });

  it('only administrators import', async () => {
    const worker = await signedIn('worker.g11');
    const answer = await worker.post('/api/v1/areas/import', {
      type: 'FeatureCollection',
      features: [featureOf(areaNode('G15', 'grid', 'C1', [0, 0, 0.1, 0.1]))],
    });
    expect(answer.status).toBe(403);
  });

  it('unknown top-level fields of the file are refused', async () => {
    const admin = await signedIn('admin.sun', 'en');
    const answer = await admin.post('/api/v1/areas/import', {
      type: 'FeatureCollection',
      features: [featureOf(areaNode('G16', 'grid', 'C1', [0, 0, 0.1, 0.1]))],
      style: 'red',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('style');
  });
});
