import { DEMO_PASSWORD } from '../../src/commands/load-demo-district.ts';
import { buildDemoDistrict } from '../../src/demo/district.ts';
import { buildAreaLocator } from '../../src/domain/area-locator.ts';
import { TestClient } from '../../test/support/test-server.ts';
import { format, pointsInside, ratePerSecond, record, seededApp } from './support.ts';

/** Point-location lookups per second over the demo district and the city scale, in memory and over HTTP. */
export async function benchLocate(): Promise<void> {
  console.log('| point location | district (红桥区) | city (10 districts) |');
  console.log('|---|---|---|');
  const rows: Record<'areas' | 'memory' | 'http', string[]> = { areas: [], memory: [], http: [] };
  for (const scale of ['district', 'city'] as const) {
    const demo = buildDemoDistrict(scale);
    const started = performance.now();
    const locator = buildAreaLocator(demo.areas);
    rows.areas.push(
      `${format(record('locate', `areas in the spatial index, ${scale}`, demo.areas.length, 'nodes'))} nodes, index built in ${format(record('locate', `index built, ${scale}`, performance.now() - started, 'ms'))} ms`,
    );
    const points = pointsInside(demo.areas, 200_000);
    let found = 0;
    const memory = await ratePerSecond(points.length, 1, async (index) => {
      const [lng, lat] = points[index]!;
      if (locator.locate(lng, lat)?.some((area) => area.level === 'grid')) found++;
    });
    rows.memory.push(
      `${format(record('locate', `lookups in memory, ${scale}`, memory, '/s'))} /s (${((found / points.length) * 100).toFixed(1)} % in a grid)`,
    );

    const served = await seededApp(scale);
    try {
      const client = new TestClient(served.app.url);
      await client.signIn('demo-grid-worker', DEMO_PASSWORD);
      const requests = pointsInside(demo.areas, 5000);
      const http = await ratePerSecond(requests.length, 16, async (index) => {
        const [lng, lat] = requests[index]!;
        const answer = await client.get(`/api/v1/areas/locate?lng=${lng}&lat=${lat}`);
        if (answer.status !== 200) throw new Error(`locate answered ${answer.status}`);
      });
      rows.http.push(
        `${format(record('locate', `GET /api/v1/areas/locate, ${scale}`, http, '/s', 'embedded'))} /s`,
      );
    } finally {
      await served.stop();
      await served.remove();
    }
  }
  console.log(`| areas in the spatial index | ${rows.areas.join(' | ')} |`);
  console.log(`| lookups in memory (200,000 points, one core) | ${rows.memory.join(' | ')} |`);
  console.log(
    `| GET /api/v1/areas/locate, signed in (5,000 requests, 16 in flight, client in another process) | ${rows.http.join(' | ')} |`,
  );
}
