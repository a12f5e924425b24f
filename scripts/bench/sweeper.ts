import { sql } from 'kysely';
import { installDefaultCatalogue } from '../../src/commands/install-default-catalogue.ts';
import { installDefaultScoreRules } from '../../src/commands/scores/install-default-score-rules.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openEmbeddedStore, openServerStore, type Store } from '../../src/db/store.ts';
import { SWEEP_TRANSACTIONS_AT_ONCE, sweepDeadlines } from '../../src/jobs/deadline-sweeper.ts';
import { dispatchedEvents, streetDispatcher } from '../../test/support/events.ts';
import { seedSmallDistrict } from '../../test/support/factories.ts';
import { benchDatabase, benchStores, format, record, STORE_LABEL, type StoreKind } from './support.ts';

const OPEN = 1_000_000;
const DUE = 1000;
interface SweeperFigures {
  filledSeconds: number;
  recorded: number;
  sweepMs: number;
  idleMs: number;
}

/** A fresh store of the kind asked for: an embedded one in memory, or a throwaway database on the server. */
async function freshStore(kind: StoreKind): Promise<{ store: Store; drop(): Promise<void> }> {
  if (kind === 'embedded') {
    const store = await openEmbeddedStore();
    return { store, drop: () => store.close() };
  }
  const database = await benchDatabase();
  const store = openServerStore(database.url);
  return {
    store,
    async drop() {
      await store.close();
      await database.drop();
    },
  };
}

/**
 * The sweeper's time for 1,000 due deadlines among a million open events. The due ones are real events (reported
 * and dispatched through the commands, with their logs); the million others are rows written straight into the
 * read table with deadlines far ahead, which is all the sweeper could ever look at of them.
 */
async function sweeperOn(kind: StoreKind): Promise<SweeperFigures> {
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
  const stores = await benchStores();
  const figures: SweeperFigures[] = [];
  for (const kind of stores) {
    const measured = await sweeperOn(kind);
    record('sweeper', 'open events written directly', measured.filledSeconds, 's', kind);
    record('sweeper', 'due deadlines recorded', measured.recorded, 'deadlines', kind);
    record(
      'sweeper',
      'time to record 1,000 due deadlines among 1,000,000 open',
      measured.sweepMs,
      'ms',
      kind,
    );
    record('sweeper', 'a sweep that finds nothing due', measured.idleMs, 'ms', kind);
    figures.push(measured);
  }
  const row = (label: string, pick: (figures: SweeperFigures) => string) =>
    console.log(`| ${label} | ${figures.map(pick).join(' | ')} |`);
  console.log(`| deadline sweeper | ${stores.map((kind) => STORE_LABEL[kind]).join(' | ')} |`);
  console.log(`|---|${stores.map(() => '---').join('|')}|`);
  row(
    `open events in the store (${format(OPEN)} written directly)`,
    (f) => `${format(OPEN + DUE)} (${format(f.filledSeconds)} s to write)`,
  );
  row('due deadlines recorded', (f) => format(f.recorded));
  row(
    'time to record them (100 a transaction: lock, replay logs, append facts, rows, deltas, notices, points)',
    (f) => `${format(f.sweepMs)} ms`,
  );
  row('a sweep that finds nothing due among them (median of 5)', (f) => `${f.idleMs.toFixed(1)} ms`);
  console.log(
    'Goals: under 3 s on the embedded store and under 1 s on the server; a sweep with nothing due under 5 ms.',
  );
}
