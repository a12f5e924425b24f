import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Flatbush from 'flatbush';
import { DEMO_PASSWORD } from '../../src/commands/load-demo-district.ts';
import { buildDemoDistrict } from '../../src/demo/district.ts';
import { buildAreaLocator } from '../../src/domain/area-locator.ts';
import type { AreaNode } from '../../src/domain/areas.ts';
import { TestClient } from '../../test/support/test-server.ts';
import { format, pointsInside, record, seededApp } from './support.ts';

const IN_FLIGHT = 16;
const HTTP_REQUESTS = 20_000;
const ROUNDS = 3;

/**
 * The floor to measure the locator against: one flatbush over the leaf polygons (the areas without children, the
 * ones the locator tests first), each a flat array, and the first that a plain ray cast says holds the point. No
 * chain, no edge rule, no fallback to parents: only the R-tree and the polygon test.
 */
function bareLocator(areas: readonly AreaNode[]): (lng: number, lat: number) => number {
  const parents = new Set(areas.map((area) => area.parentCode));
  const leaves = areas.filter((area) => !parents.has(area.code));
  const rings = leaves.map((area) =>
    (area.boundary.type === 'Polygon' ? area.boundary.coordinates : area.boundary.coordinates.flat()).map(
      (ring) => Float64Array.from(ring.flat()),
    ),
  );
  const tree = new Flatbush(leaves.length);
  for (const polygon of rings) {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of polygon) {
      for (let at = 0; at < ring.length; at += 2) {
        minX = Math.min(minX, ring[at]!);
        maxX = Math.max(maxX, ring[at]!);
        minY = Math.min(minY, ring[at + 1]!);
        maxY = Math.max(maxY, ring[at + 1]!);
      }
    }
    tree.add(minX, minY, maxX, maxY);
  }
  tree.finish();
  const holds = (polygon: Float64Array[], x: number, y: number) => {
    let inside = false;
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        const yi = ring[i + 1]!;
        const yj = ring[j + 1]!;
        if (yi > y !== yj > y && x < ((ring[j]! - ring[i]!) * (y - yi)) / (yj - yi) + ring[i]!)
          inside = !inside;
      }
    }
    return inside;
  };
  return (lng, lat) => {
    for (const candidate of tree.search(lng, lat, lng, lat))
      if (holds(rings[candidate]!, lng, lat)) return candidate;
    return -1;
  };
}

/** Lookups per second of a synchronous loop over the points. */
function lookupsPerSecond(
  points: readonly [number, number][],
  lookup: (lng: number, lat: number) => unknown,
) {
  const started = performance.now();
  for (const [lng, lat] of points) lookup(lng, lat);
  return points.length / ((performance.now() - started) / 1000);
}

/** Requests per second from a load client in a process of its own (scripts/bench/locate-client.ts). */
async function httpRate(url: string, cookie: string, points: readonly [number, number][]): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'huying-bench-locate-'));
  try {
    const file = join(folder, 'points.json');
    await writeFile(file, JSON.stringify(points));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench/locate-client.ts', url, file, String(IN_FLIGHT)],
      { env: { ...process.env, HUYING_BENCH_COOKIE: cookie }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the load client exited with ${code}: ${output}`);
    return (JSON.parse(output) as { perSecond: number }).perSecond;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Point location over the demo district and the city scale: the locator against a bare flatbush and ray cast over
 * the same leaf polygons and points, in the same run (best of three interleaved rounds each, one core), and
 * GET /api/v1/areas/locate over HTTP from a client process of its own.
 */
export async function benchLocate(): Promise<void> {
  console.log('| point location | district (红桥区) | city (10 districts) |');
  console.log('|---|---|---|');
  const rows: Record<'areas' | 'memory' | 'bare' | 'ratio' | 'http', string[]> = {
    areas: [],
    memory: [],
    bare: [],
    ratio: [],
    http: [],
  };
  for (const scale of ['district', 'city'] as const) {
    const demo = buildDemoDistrict(scale);
    const started = performance.now();
    const locator = buildAreaLocator(demo.areas);
    rows.areas.push(
      `${format(record('locate', `areas in the spatial index, ${scale}`, demo.areas.length, 'nodes'))} nodes, index built in ${format(record('locate', `index built, ${scale}`, performance.now() - started, 'ms'))} ms`,
    );
    const bare = bareLocator(demo.areas);
    const points = pointsInside(demo.areas, 200_000);
    const inGrid = points.filter(([lng, lat]) =>
      locator.locate(lng, lat)?.some((area) => area.level === 'grid'),
    ).length;
    const bareFound = points.filter(([lng, lat]) => bare(lng, lat) >= 0).length;
    let bestLocator = 0;
    let bestBare = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bestLocator = Math.max(bestLocator, lookupsPerSecond(points, locator.locate));
      bestBare = Math.max(bestBare, lookupsPerSecond(points, bare));
    }
    rows.memory.push(
      `${format(bestLocator)} /s (${((inGrid / points.length) * 100).toFixed(1)} % in a grid)`,
    );
    rows.bare.push(`${format(bestBare)} /s (${((bareFound / points.length) * 100).toFixed(1)} % in a leaf)`);
    record('locate', `locator lookups in memory, ${scale}`, bestLocator, '/s');
    record('locate', `bare flatbush + ray cast, ${scale}`, bestBare, '/s');
    rows.ratio.push(record('locate', `locator ÷ bare, ${scale}`, bestLocator / bestBare, 'ratio').toFixed(2));

    const served = await seededApp(scale);
    try {
      const client = new TestClient(served.app.url);
      await client.signIn('demo-grid-worker', DEMO_PASSWORD);
      const requests = pointsInside(demo.areas, HTTP_REQUESTS);
      const rate = await httpRate(served.app.url, client.cookie ?? '', requests);
      rows.http.push(`${format(record('locate', `GET /api/v1/areas/locate, ${scale}`, rate, '/s'))} /s`);
    } finally {
      await served.stop();
      await served.remove();
    }
  }
  console.log(`| areas in the spatial index | ${rows.areas.join(' | ')} |`);
  console.log(`| locator lookups in memory (200,000 points, one core) | ${rows.memory.join(' | ')} |`);
  console.log(`| bare flatbush + ray cast, same leaf polygons and points | ${rows.bare.join(' | ')} |`);
  console.log(`| locator ÷ bare | ${rows.ratio.join(' | ')} |`);
  console.log(
    `| GET /api/v1/areas/locate, signed in (${format(HTTP_REQUESTS)} requests, the first tenth a warm-up, ${IN_FLIGHT} in flight, load client in a process of its own) | ${rows.http.join(' | ')} |`,
  );
}
