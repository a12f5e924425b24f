import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../src/commands/load-demo-district.ts';
import { openEmbeddedStore } from '../../src/db/store.ts';
import { buildDemoDistrict } from '../../src/demo/district.ts';
import { TestClient } from '../../test/support/test-server.ts';
import { format, pointsInside, ratePerSecond, seededApp } from './support.ts';

const REPORTS = 2000;
const IN_FLIGHT = 16;

/**
 * Events reported per second through HTTP (located, log appended with both hash links, read row written, all
 * in one transaction), against the same number of plain single-row inserts into the same store.
 */
export async function benchEvents(): Promise<void> {
  const demo = buildDemoDistrict('district');
  const served = await seededApp('district');
  let reported: number;
  try {
    const client = new TestClient(served.app.url);
    await client.signIn('demo-grid-worker', DEMO_PASSWORD);
    const points = pointsInside(demo.areas, REPORTS);
    reported = await ratePerSecond(REPORTS, IN_FLIGHT, async (index) => {
      const [lng, lat] = points[index]!;
      const answer = await client.post(
        '/api/v1/events',
        { catalogueItemCode: '01037', description: `路灯不亮 #${index}`, location: { lng, lat } },
        { 'idempotency-key': randomUUID() },
      );
      if (answer.status !== 201)
        throw new Error(`report answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    });
  } finally {
    await served.stop();
  }
  const store = await openEmbeddedStore({ dataDir: served.dataDir });
  let inserted: number;
  try {
    await sql`create table bench_plain (id bigint generated always as identity primary key, payload jsonb not null)`.execute(
      store.db,
    );
    inserted = await ratePerSecond(REPORTS, IN_FLIGHT, async (index) => {
      await sql`insert into bench_plain (payload) values (${JSON.stringify({ index })})`.execute(store.db);
    });
    await sql`drop table bench_plain`.execute(store.db);
  } finally {
    await store.close();
    await served.remove();
  }
  console.log('| reporting events (embedded store, district demo) | per second |');
  console.log('|---|---|');
  console.log(
    `| POST /api/v1/events over HTTP (${format(REPORTS)} reports, ${IN_FLIGHT} in flight) | ${format(reported)} |`,
  );
  console.log(`| plain single-row inserts into the same store (${format(REPORTS)}) | ${format(inserted)} |`);
  console.log(
    `| ratio: a reported event costs as much as | ${(inserted / reported).toFixed(1)} plain inserts |`,
  );
}
