import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openEmbeddedStore, openServerStore } from '../../src/db/store.ts';
import type { LoadResult } from './load.ts';
import {
  type BenchStoreHandle,
  benchStores,
  format,
  loadAverage,
  peakMemoryOf,
  record,
  runScript,
  STORE_LABEL,
  type StoreKind,
  seededStore,
  startApp,
  stopApp,
} from './support.ts';

const SECTION = 'intake';
const IN_FLIGHT = 16;
const SECONDS = 15;
const WARM_UP = 2;
const STORE_SECONDS = 10;
/** Longer than the load's: PGlite's WebAssembly is still being optimised in the first seconds of a process. */
const STORE_WARM_UP = 3;
const STORE_CLIENTS = 4;
const PROCESSES = 3;
const GOAL: Record<StoreKind, number> = { embedded: 0.3, server: 0.5 };
const P99_GOAL_MS = 50;
const MEMORY_GOAL_MB = 300;

interface Count {
  acknowledged: number;
  events: number;
  lost: number;
  doubled: number;
  unacknowledged: number;
}

interface StoreFigures {
  load: LoadResult;
  peakMemory: number | null;
  count: Count;
  store: { ratePerSecond: number };
  storeWithHead: { ratePerSecond: number };
  several?: { load: LoadResult; count: Count };
}

/** Runs the load process against the given app URLs; returns its figures and the keys it saw acknowledged. */
async function load(urls: readonly string[]): Promise<{ result: LoadResult; keys: string[] }> {
  const keysFile = join(tmpdir(), `huying-bench-keys-${process.pid}-${Date.now()}.txt`);
  try {
    const result = await runScript<LoadResult>('scripts/bench/load.ts', [
      `--targets=${urls.join(',')}`,
      `--in-flight=${IN_FLIGHT}`,
      `--warm-up=${WARM_UP}`,
      `--seconds=${SECONDS}`,
      `--keys=${keysFile}`,
    ]);
    const keys = (await readFile(keysFile, 'utf8')).split('\n').filter(Boolean);
    return { result, keys };
  } finally {
    await rm(keysFile, { force: true });
  }
}

/**
 * The events the load left in the store against the keys it saw acknowledged: lost (acknowledged, no event),
 * doubled (a key with more than one event), and events written for a request that was not acknowledged (a
 * timeout or an error after the commit; not an error in itself, but more events than acknowledgements).
 * The key is read from the description the load wrote, not from the app's idempotency table.
 */
async function countEvents(handle: BenchStoreHandle, keys: readonly string[]): Promise<Count> {
  const store =
    handle.kind === 'embedded'
      ? await openEmbeddedStore({ dataDir: handle.location })
      : openServerStore(handle.location, 1);
  try {
    const { rows } = await sql<{ key: string; events: number }>`
      select substr(description, length('路灯不亮 bench ') + 1) as key, count(*)::int as events
      from events where description like '路灯不亮 bench %' group by 1`.execute(store.db);
    const stored = new Map(rows.map((row) => [row.key, row.events]));
    const acknowledged = new Set(keys);
    return {
      acknowledged: keys.length,
      events: rows.reduce((sum, row) => sum + row.events, 0),
      lost: [...acknowledged].filter((key) => !stored.has(key)).length,
      doubled: rows.filter((row) => row.events > 1).reduce((sum, row) => sum + row.events - 1, 0),
      unacknowledged: rows.filter((row) => !acknowledged.has(row.key)).length,
    };
  } finally {
    await store.close();
  }
}

async function storeRate(handle: BenchStoreHandle, head: boolean): Promise<{ ratePerSecond: number }> {
  return runScript('scripts/bench/store-rate.ts', [
    `--store=${handle.kind}`,
    `--location=${handle.location}`,
    `--clients=${STORE_CLIENTS}`,
    `--warm-up=${STORE_WARM_UP}`,
    `--seconds=${STORE_SECONDS}`,
    ...(head ? ['--head'] : []),
  ]);
}

async function benchStore(kind: StoreKind): Promise<StoreFigures> {
  const handle = await seededStore(kind, 'district');
  try {
    const app = await startApp(handle);
    let run: Awaited<ReturnType<typeof load>>;
    let peakMemory: number | null;
    try {
      run = await load([app.url]);
      peakMemory = app.child.pid ? peakMemoryOf(app.child.pid) : null;
    } finally {
      await stopApp(app);
    }
    const count = await countEvents(handle, run.keys);
    const store = await storeRate(handle, false);
    const storeWithHead = await storeRate(handle, true);
    const figures: StoreFigures = { load: run.result, peakMemory, count, store, storeWithHead };
    if (kind === 'server') figures.several = await severalProcesses();
    return figures;
  } finally {
    await handle.remove();
  }
}

/** Three app processes on one fresh database, each under the same load as the single one. */
async function severalProcesses(): Promise<{ load: LoadResult; count: Count }> {
  const handle = await seededStore('server', 'district');
  try {
    const apps = await Promise.all(Array.from({ length: PROCESSES }, () => startApp(handle)));
    let run: Awaited<ReturnType<typeof load>>;
    try {
      run = await load(apps.map((app) => app.url));
    } finally {
      await Promise.all(apps.map(stopApp));
    }
    return { load: run.result, count: await countEvents(handle, run.keys) };
  } finally {
    await handle.remove();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '—');
const verdict = (ok: boolean) => (ok ? '✓' : '✗');

/**
 * Reports per second through `POST /api/v1/events` from a load process of its own, beside the store's own rate
 * for the same rows; memory; and three app processes on one PostgreSQL database, counted for lost and doubled
 * reports.
 */
export async function benchIntake(): Promise<void> {
  const stores = await benchStores();
  const loadBefore = loadAverage();
  const figures = new Map<StoreKind, StoreFigures>();
  for (const kind of stores) figures.set(kind, await benchStore(kind));
  const loadAfter = loadAverage();

  const rows: [string, (kind: StoreKind, f: StoreFigures) => string][] = [
    [
      `POST /api/v1/events, one app process (${IN_FLIGHT} in flight, ${SECONDS} s after ${WARM_UP} s warm-up)`,
      (kind, f) =>
        `${format(record(SECTION, 'reports per second, one app process', f.load.ratePerSecond, '/s', kind))} /s`,
    ],
    [
      'latency p50',
      (kind, f) => ms(record(SECTION, 'latency p50, one app process', f.load.targets[0]!.p50Ms, 'ms', kind)),
    ],
    [
      `latency p99 (goal on the server: < ${P99_GOAL_MS} ms)`,
      (kind, f) => {
        const p99 = record(SECTION, 'latency p99, one app process', f.load.targets[0]!.p99Ms, 'ms', kind);
        return kind === 'server' ? `${ms(p99)} ${verdict(p99 < P99_GOAL_MS)}` : ms(p99);
      },
    ],
    [
      'answers other than 201',
      (_kind, f) =>
        Object.entries(f.load.targets[0]!.statuses)
          .filter(([status]) => status !== '201')
          .map(([status, n]) => `${n} × ${status}`)
          .join(', ') || 'none',
    ],
    [
      `store's own rate: a report's rows (key, event, log entry, 3 figure deltas, pending notice), bare SQL in one statement, 1 transaction each, ${STORE_CLIENTS} clients`,
      (kind, f) =>
        `${format(record(SECTION, 'store rate, bare rows', f.store.ratePerSecond, '/s', kind))} /s`,
    ],
    [
      '… the same, each also updating one shared row as its last write (the log head before migration 0012)',
      (kind, f) =>
        `${format(record(SECTION, 'store rate, bare rows with one shared row updated last', f.storeWithHead.ratePerSecond, '/s', kind))} /s`,
    ],
    [
      `ratio intake / store (goal: ≥ ${GOAL.embedded} embedded, ≥ ${GOAL.server} server)`,
      (kind, f) => {
        const ratio = record(
          SECTION,
          'ratio intake / store',
          f.load.ratePerSecond / f.store.ratePerSecond,
          '',
          kind,
        );
        return `${ratio.toFixed(2)} ${verdict(ratio >= GOAL[kind])}`;
      },
    ],
    [
      `peak memory of the app process, VmHWM (goal < ${MEMORY_GOAL_MB} MB)`,
      (kind, f) => {
        if (f.peakMemory === null) return 'no /proc';
        const mb = record(
          SECTION,
          'peak memory of the app process (VmHWM)',
          f.peakMemory / 2 ** 20,
          'MB',
          kind,
        );
        return `${format(mb)} MB ${verdict(mb < MEMORY_GOAL_MB)}`;
      },
    ],
    [
      'acknowledged (201) / events in the store / lost / doubled',
      (kind, f) => {
        record(SECTION, 'lost, one app process', f.count.lost, 'reports', kind);
        record(SECTION, 'doubled, one app process', f.count.doubled, 'reports', kind);
        return `${format(f.count.acknowledged)} / ${format(f.count.events)} / ${f.count.lost} / ${f.count.doubled} ${verdict(f.count.lost === 0 && f.count.doubled === 0)}`;
      },
    ],
  ];
  console.log(
    `| intake, demo district (load ${loadBefore} before, ${loadAfter} after) | ${stores.map((kind) => STORE_LABEL[kind]).join(' | ')} |`,
  );
  console.log(`|---|${stores.map(() => '---:').join('|')}|`);
  for (const [label, cell] of rows)
    console.log(`| ${label} | ${stores.map((kind) => cell(kind, figures.get(kind)!)).join(' | ')} |`);

  const several = figures.get('server')?.several;
  if (several) {
    const single = figures.get('server')!.load.ratePerSecond;
    console.log('');
    console.log(
      `| ${PROCESSES} app processes on one PostgreSQL database, ${IN_FLIGHT} in flight each, ${SECONDS} s | figure |`,
    );
    console.log('|---|---:|');
    several.load.targets.forEach((target, index) => {
      record(
        SECTION,
        `reports per second, process ${index + 1} of ${PROCESSES}`,
        target.ratePerSecond,
        '/s',
        'server',
      );
      console.log(
        `| process ${index + 1}: reports, p50, p99 | ${format(target.ratePerSecond)} /s, ${ms(target.p50Ms)}, ${ms(target.p99Ms)} |`,
      );
    });
    const sum = record(
      SECTION,
      `reports per second, sum of ${PROCESSES} processes`,
      several.load.ratePerSecond,
      '/s',
      'server',
    );
    console.log(
      `| sum of the ${PROCESSES} / one process alone | ${format(sum)} /s / ${format(single)} /s (× ${(sum / single).toFixed(2)}) |`,
    );
    const failed = several.load.targets.flatMap((target) =>
      Object.entries(target.statuses)
        .filter(([status]) => status !== '201')
        .map(([status, n]) => `${n} × ${status}`),
    );
    console.log(`| answers other than 201 | ${failed.join(', ') || 'none'} |`);
    const count = several.count;
    record(SECTION, `acknowledged reports, ${PROCESSES} processes`, count.acknowledged, 'reports', 'server');
    record(SECTION, `events in the store, ${PROCESSES} processes`, count.events, 'events', 'server');
    record(SECTION, `lost, ${PROCESSES} processes`, count.lost, 'reports', 'server');
    record(SECTION, `doubled, ${PROCESSES} processes`, count.doubled, 'reports', 'server');
    console.log(
      `| acknowledged (every 201 the load saw) / events in the store | ${format(count.acknowledged)} / ${format(count.events)} |`,
    );
    console.log(
      `| lost (acknowledged, no event) / doubled (extra events for one key) | ${count.lost} / ${count.doubled} ${verdict(count.lost === 0 && count.doubled === 0)} |`,
    );
    if (count.unacknowledged > 0)
      console.log(
        `| events for a request the load saw no 201 for (error or timeout after the commit) | ${count.unacknowledged} |`,
      );
  }
}
