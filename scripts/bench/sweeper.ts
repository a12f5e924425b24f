import { sql } from 'kysely';
import { installDefaultCatalogue } from '../../src/commands/install-default-catalogue.ts';
import { installDefaultScoreRules } from '../../src/commands/scores/install-default-score-rules.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openEmbeddedStore } from '../../src/db/store.ts';
import { sweepDeadlines } from '../../src/jobs/deadline-sweeper.ts';
import { dispatchedEvents, streetDispatcher } from '../../test/support/events.ts';
import { seedSmallDistrict } from '../../test/support/factories.ts';
import { format, record } from './support.ts';

const OPEN = 1_000_000;
const DUE = 1000;

/**
 * The sweeper's time for 1,000 due deadlines among a million open events. The due ones are real events (reported
 * and dispatched through the commands, with their logs); the million others are rows written straight into the
 * read table with deadlines far ahead, which is all the sweeper could ever look at of them.
 */
export async function benchSweeper(): Promise<void> {
  const store = await openEmbeddedStore();
  try {
    await migrateToLatest(store.db);
    await installDefaultCatalogue(store.db);
    await installDefaultScoreRules(store.db);
    await seedSmallDistrict(store.db);
    const dispatchedAt = new Date('2026-11-25T02:00:00Z');
    await dispatchedEvents(store.db, await streetDispatcher(store.db), DUE, dispatchedAt);
    const started = performance.now();
    await sql`
      insert into events (id, tracking_code, state, level, source, catalogue_item_code, catalogue_item, description,
        area_code, area_path, assisting_codes, follower_user_ids, reported_at, last_seq, last_hash, snapshot,
        updated_at, deadline_step, deadline_started_at, warn_at, due_at)
      select gen_random_uuid(), 'BENCH-' || n, 'dispatched', 'street', 'hotline', 'T-HOURLY', '{}'::jsonb, 'bench',
        'G12', 'D/S1/C1/G12', '{}', '{}', now(), 1, 'x', '{}'::jsonb, now(), 'accept', now(),
        ${new Date('2027-01-01T00:00:00Z')}::timestamptz + n * interval '1 second',
        ${new Date('2027-01-02T00:00:00Z')}::timestamptz + n * interval '1 second'
      from generate_series(1, ${OPEN}) as n`.execute(store.db);
    const filled = performance.now() - started;
    await sql`analyze events`.execute(store.db);
    const sweepAt = new Date(dispatchedAt.getTime() + 2 * 3_600_000);
    const sweepStarted = performance.now();
    let passed = 0;
    for (;;) {
      const outcome = await sweepDeadlines(store.db, sweepAt);
      passed += outcome.passed;
      if (outcome.passed + outcome.warned === 0) break;
    }
    const sweepMs = performance.now() - sweepStarted;
    const idleStarted = performance.now();
    await sweepDeadlines(store.db, sweepAt);
    const idleMs = performance.now() - idleStarted;
    console.log('| deadline sweeper (embedded store) | figure |');
    console.log('|---|---|');
    console.log(
      `| open events in the store | ${format(record('sweeper', 'open events in the store', OPEN + DUE, 'events', 'embedded'))} (${format(OPEN)} written directly in ${format(record('sweeper', 'open events written directly', filled / 1000, 's', 'embedded'))} s) |`,
    );
    console.log(
      `| due deadlines recorded in one sweep | ${format(record('sweeper', 'due deadlines recorded in one sweep', passed, 'deadlines', 'embedded'))} |`,
    );
    console.log(
      `| time to record them (each: lock, replay log, append facts, notices, points) | ${format(record('sweeper', 'time to record the due deadlines', sweepMs, 'ms', 'embedded'))} ms |`,
    );
    console.log(
      `| a sweep that finds nothing due among them | ${record('sweeper', 'a sweep that finds nothing due', idleMs, 'ms', 'embedded').toFixed(1)} ms |`,
    );
  } finally {
    await store.close();
  }
}
