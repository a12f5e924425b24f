import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { installDefaultCatalogue } from '../../src/commands/install-default-catalogue.ts';
import { installDefaultScoreRules } from '../../src/commands/scores/install-default-score-rules.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openEmbeddedStore, openServerStore, type Store } from '../../src/db/store.ts';
import { SWEEP_TRANSACTIONS_AT_ONCE, sweepDeadlines } from '../../src/jobs/deadline-sweeper.ts';
import { dispatchedEvents, streetDispatcher } from '../../test/support/events.ts';
import { seedSmallDistrict } from '../../test/support/factories.ts';
import { format } from './support.ts';

const OPEN = 1_000_000;
const DUE = 1000;
const SERVER = process.env.HUYING_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface SweeperFigures {
  filledSeconds: number;
  recorded: number;
  sweepMs: number;
  idleMs: number;
}

/** A fresh store of the kind asked for: an embedded one in memory, or a throwaway database on the server. */
async function freshStore(kind: 'embedded' | 'server'): Promise<{ store: Store; drop(): Promise<void> }> {
  if (kind === 'embedded') {
    const store = await openEmbeddedStore();
    return { store, drop: () => store.close() };
  }
  const database = `huying_bench_${randomBytes(4).toString('hex')}`;
  const admin = openServerStore(SERVER, 1);
  await sql`create database ${sql.id(database)}`.execute(admin.db);
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const store = openServerStore(url.toString());
  return {
    store,
    async drop() {
      await store.close();
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}

/**
 * The sweeper's time for 1,000 due deadlines among a million open events. The due ones are real events (reported
 * and dispatched through the commands, with their logs); the million others are rows written straight into the
 * read table with deadlines far ahead, which is all the sweeper could ever look at of them.
 */
async function sweeperOn(kind: 'embedded' | 'server'): Promise<SweeperFigures> {
  const { store, drop } = await freshStore(kind);
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
    const filledSeconds = (performance.now() - started) / 1000;
    await sql`analyze events`.execute(store.db);
    const sweepAt = new Date(dispatchedAt.getTime() + 2 * 3_600_000);
    const sweepStarted = performance.now();
    let recorded = 0;
    for (;;) {
      const outcome = await sweepDeadlines(store.db, sweepAt, {
        transactionsAtOnce: SWEEP_TRANSACTIONS_AT_ONCE[store.kind],
      });
      recorded += outcome.passed + outcome.warned;
      if (outcome.passed + outcome.warned === 0) break;
    }
    const sweepMs = performance.now() - sweepStarted;
    const idle: number[] = [];
    for (let round = 0; round < 5; round++) {
      const idleStarted = performance.now();
      await sweepDeadlines(store.db, sweepAt);
      idle.push(performance.now() - idleStarted);
    }
    idle.sort((a, b) => a - b);
    return { filledSeconds, recorded, sweepMs, idleMs: idle[2]! };
  } finally {
    await drop();
  }
}

export async function benchSweeper(): Promise<void> {
  const embedded = await sweeperOn('embedded');
  const server = await sweeperOn('server');
  const both = (pick: (figures: SweeperFigures) => string) => `${pick(embedded)} | ${pick(server)}`;
  console.log('| deadline sweeper | embedded store | PostgreSQL server |');
  console.log('|---|---|---|');
  console.log(
    `| open events in the store (${format(OPEN)} written directly) | ${both((f) => `${format(OPEN + DUE)} (${format(f.filledSeconds)} s to write)`)} |`,
  );
  console.log(`| due deadlines recorded | ${both((f) => format(f.recorded))} |`);
  console.log(
    `| time to record them (100 a transaction: lock, replay logs, append facts, rows, deltas, notices, points) | ${both((f) => `${format(f.sweepMs)} ms`)} |`,
  );
  console.log(
    `| a sweep that finds nothing due among them (median of 5) | ${both((f) => `${f.idleMs.toFixed(1)} ms`)} |`,
  );
}
