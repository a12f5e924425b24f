/**
 * `npm run bench`: prints the figures the issues ask for. Not a test: nothing here passes or fails.
 * - point-location lookups per second (in memory, and through HTTP) over the demo district and the city scale
 * - start-up time to the first /healthz 200 on an empty embedded store, and on a restart
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, loadDemoDistrict } from '../src/commands/load-demo-district.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openEmbeddedStore } from '../src/db/store.ts';
import { buildDemoDistrict, type DemoScale } from '../src/demo/district.ts';
import { type AreaLocator, buildAreaLocator } from '../src/domain/area-locator.ts';
import { boundingBoxOf } from '../src/domain/geometry.ts';
import { freePort, spawnApp, waitHealthy } from '../test/support/app-process.ts';
import { TestClient } from '../test/support/test-server.ts';

/** A fixed pseudo-random sequence, so that runs are comparable. */
function pointsInside(box: ReturnType<typeof boundingBoxOf>, count: number): [number, number][] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () => [
    box.minLng + next() * (box.maxLng - box.minLng),
    box.minLat + next() * (box.maxLat - box.minLat),
  ]);
}

function cityBox(areas: ReturnType<typeof buildDemoDistrict>['areas']) {
  const boxes = areas.filter((area) => area.level === 'district').map((area) => boundingBoxOf(area.boundary));
  return {
    minLng: Math.min(...boxes.map((b) => b.minLng)),
    minLat: Math.min(...boxes.map((b) => b.minLat)),
    maxLng: Math.max(...boxes.map((b) => b.maxLng)),
    maxLat: Math.max(...boxes.map((b) => b.maxLat)),
  };
}

function measureInMemory(
  locator: AreaLocator,
  points: [number, number][],
): { perSecond: number; found: number } {
  for (const [lng, lat] of points.slice(0, 2000)) locator.locate(lng, lat);
  let found = 0;
  const started = performance.now();
  for (const [lng, lat] of points)
    if (locator.locate(lng, lat)?.some((area) => area.level === 'grid')) found++;
  return { perSecond: points.length / ((performance.now() - started) / 1000), found };
}

/** The app in a process of its own on a seeded store; this process is only the client. */
async function measureHttp(scale: DemoScale, requests: number, concurrency: number) {
  const dataDir = await mkdtemp(join(tmpdir(), `huying-bench-${scale}-`));
  try {
    const store = await openEmbeddedStore({ dataDir });
    await migrateToLatest(store.db);
    await loadDemoDistrict(store.db, scale);
    await store.close();
    const app = spawnApp({ HUYING_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, await freePort());
    await waitHealthy(app);
    const client = new TestClient(app.url);
    await client.signIn('demo-grid-worker', DEMO_PASSWORD);
    const demo = buildDemoDistrict(scale);
    const points = pointsInside(cityBox(demo.areas), requests);
    await client.get(`/api/v1/areas/locate?lng=${points[0]![0]}&lat=${points[0]![1]}`);
    let cursor = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (cursor < points.length) {
          const [lng, lat] = points[cursor++]!;
          const answer = await client.get(`/api/v1/areas/locate?lng=${lng}&lat=${lat}`);
          if (answer.status !== 200) throw new Error(`locate answered ${answer.status}`);
        }
      }),
    );
    const perSecond = requests / ((performance.now() - started) / 1000);
    app.child.kill('SIGTERM');
    await app.exited;
    return perSecond;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measureStartUp(): Promise<{ first: number; restart: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'huying-bench-'));
  try {
    const timeOnce = async () => {
      const app = spawnApp({ HUYING_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, await freePort());
      const started = performance.now();
      await waitHealthy(app);
      const elapsed = performance.now() - started;
      app.child.kill('SIGTERM');
      await app.exited;
      return elapsed;
    };
    return { first: await timeOnce(), restart: await timeOnce() };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');
console.log(
  `Huying bench — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`,
);
console.log('');
console.log('| figure | district (红桥区) | city (10 districts) |');
console.log('|---|---|---|');
const rows: Record<string, string[]> = { areas: [], memory: [], http: [] };
for (const scale of ['district', 'city'] as const) {
  const demo = buildDemoDistrict(scale);
  const started = performance.now();
  const locator = buildAreaLocator(demo.areas);
  const buildMs = performance.now() - started;
  const points = pointsInside(cityBox(demo.areas), 200_000);
  const memory = measureInMemory(locator, points);
  rows.areas!.push(`${format(demo.areas.length)} nodes, index built in ${format(buildMs)} ms`);
  rows.memory!.push(
    `${format(memory.perSecond)} /s (${((memory.found / points.length) * 100).toFixed(1)} % in a grid)`,
  );
  rows.http!.push(`${format(await measureHttp(scale, 5000, 16))} /s`);
}
console.log(`| areas in the spatial index | ${rows.areas!.join(' | ')} |`);
console.log(`| point lookups in memory (200,000 points) | ${rows.memory!.join(' | ')} |`);
console.log(
  `| GET /api/v1/areas/locate over HTTP, signed in (5,000 requests, 16 at a time, client in another process) | ${rows.http!.join(' | ')} |`,
);
const startUp = await measureStartUp();
console.log('');
console.log(`| start-up to first /healthz 200 | ms |`);
console.log('|---|---|');
console.log(`| empty embedded store (initdb, migrations, demo district) | ${format(startUp.first)} |`);
console.log(`| restart on the same store | ${format(startUp.restart)} |`);
