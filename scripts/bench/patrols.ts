import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { patrolPointsWithin } from '../../src/db/repositories/patrols.ts';
import { openEmbeddedStore } from '../../src/db/store.ts';
import { PATROL_TRACK_MAX_POINTS, PATROLLING_ROLES } from '../../src/domain/patrols.ts';
import { createPerson, seedSmallDistrict } from '../../test/support/factories.ts';
import { format, record } from './support.ts';

const WORKERS = 300;
/** A point every 30 seconds for eight hours. */
const POINTS_EACH = 960;

/**
 * The district's patrol map of a day: 300 grid workers who each recorded 960 points, read for the whole district
 * as every point (what the map was sent before sampling) and as the sampled tracks it is sent now.
 */
export async function benchPatrols(): Promise<void> {
  const store = await openEmbeddedStore();
  try {
    await migrateToLatest(store.db);
    await seedSmallDistrict(store.db);
    const grids = ['G11', 'G12', 'G21'];
    for (let index = 0; index < WORKERS; index++)
      await createPerson(store.db, `bench.worker${index}`, 'grid_worker', { areaCode: grids[index % 3] });
    const dayStart = new Date('2026-05-06T01:00:00Z');
    await sql`
      insert into patrol_points (user_id, recorded_at, lng, lat)
      select u.id, ${dayStart}::timestamptz + n * interval '30 seconds', 0.1 + n * 0.0001, 0.1
      from users u cross join generate_series(0, ${POINTS_EACH - 1}) as n
      where u.username like 'bench.worker%'`.execute(store.db);
    await sql`analyze patrol_points`.execute(store.db);
    const read = async (maxPerPerson: number) => {
      const started = performance.now();
      const rows = await patrolPointsWithin(store.db, {
        withinPath: 'D',
        roles: PATROLLING_ROLES,
        from: new Date('2026-05-05T16:00:00Z'),
        to: new Date('2026-05-06T16:00:00Z'),
        maxPerPerson,
      });
      const ms = performance.now() - started;
      const bytes = Buffer.byteLength(
        JSON.stringify(rows.map((row) => ({ at: row.recorded_at, lng: row.lng, lat: row.lat }))),
      );
      return { rows: rows.length, ms, bytes };
    };
    await read(PATROL_TRACK_MAX_POINTS); // warm the cache and the plan
    const every = await read(2 ** 31 - 1);
    const sampled = await read(PATROL_TRACK_MAX_POINTS);
    console.log(
      `## Patrol map of a day (${WORKERS} grid workers × ${POINTS_EACH} points, whole district, PGlite)`,
    );
    console.log('');
    console.log('| read | points sent | query ms | points JSON |');
    console.log('|---|---:|---:|---:|');
    console.log(
      `| every point | ${format(record('patrols', 'every point: points sent', every.rows, 'points', 'embedded'))} | ${format(record('patrols', 'every point: query', every.ms, 'ms', 'embedded'))} | ${format(record('patrols', 'every point: points JSON', every.bytes / 1024, 'KiB', 'embedded'))} KiB |`,
    );
    console.log(
      `| sampled (≤ ${PATROL_TRACK_MAX_POINTS} a person) | ${format(record('patrols', 'sampled: points sent', sampled.rows, 'points', 'embedded'))} | ${format(record('patrols', 'sampled: query', sampled.ms, 'ms', 'embedded'))} | ${format(record('patrols', 'sampled: points JSON', sampled.bytes / 1024, 'KiB', 'embedded'))} KiB |`,
    );
  } finally {
    await store.close();
  }
}
