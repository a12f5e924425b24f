import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadDemoDistrict } from '../../src/commands/load-demo-district.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openEmbeddedStore, openServerStore } from '../../src/db/store.ts';
import type { DemoScale } from '../../src/demo/district.ts';
import type { AreaNode } from '../../src/domain/areas.ts';
import { boundingBoxOf } from '../../src/domain/geometry.ts';
import { type AppProcess, freePort, spawnApp, waitHealthy } from '../../test/support/app-process.ts';

export const format = (value: number) => Math.round(value).toLocaleString('en-US');

/** One figure the bench printed, as written to `bench-results/<date>.json` so that two runs can be compared. */
export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  store?: StoreKind;
}

const figures: Figure[] = [];

/**
 * Records a printed figure for the JSON results. Call it beside the `console.log` that prints the figure, with
 * the same number: `record('locate', 'lookups in memory, district', memory, '/s')`.
 */
export function record(
  section: string,
  name: string,
  value: number,
  unit: string,
  store?: StoreKind,
): number {
  figures.push({ section, name, value, unit, ...(store ? { store } : {}) });
  return value;
}

export function recordedFigures(): readonly Figure[] {
  return figures;
}

/** The embedded PGlite store (a data folder), or the PostgreSQL server. */
export type StoreKind = 'embedded' | 'server';
export const STORE_LABEL: Record<StoreKind, string> = {
  embedded: 'embedded (PGlite)',
  server: 'PostgreSQL server',
};

/** Where the bench makes its throwaway databases (named `huying_bench_…`, dropped afterwards). */
export const BENCH_SERVER_URL =
  process.env.HUYING_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function databaseUrl(name: string): string {
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

/** Whether the PostgreSQL server answers; the bench then benches the embedded store only, and says so. */
export async function serverReachable(): Promise<boolean> {
  try {
    await onServer((client) => client.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The stores this run benches: the embedded one always, the server when it answers; `HUYING_BENCH_STORES`
 * (`embedded`, `server` or both, comma-separated) narrows it while one store's figures are being worked on.
 */
export async function benchStores(): Promise<StoreKind[]> {
  const asked = process.env.HUYING_BENCH_STORES?.split(',').filter((kind): kind is StoreKind =>
    Object.hasOwn(STORE_LABEL, kind),
  );
  if (asked && asked.length > 0) return asked;
  if (await serverReachable()) return ['embedded', 'server'];
  console.log(`(PostgreSQL server at ${BENCH_SERVER_URL} not reachable: embedded store only)`);
  return ['embedded'];
}

/** A fresh empty database on the server; `drop` removes it (with anything still connected to it). */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `huying_bench_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name}`));
  return {
    url: databaseUrl(name),
    drop: () =>
      onServer((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** A place for the store: an empty data folder, or an empty database on the server. */
export interface BenchStoreHandle {
  kind: StoreKind;
  /** The environment that points an app process at it. */
  env: Record<string, string>;
  /** The data folder (embedded) or the database URL (server). */
  location: string;
  remove(): Promise<void>;
}

export async function emptyStore(kind: StoreKind, label = 'store'): Promise<BenchStoreHandle> {
  if (kind === 'embedded') {
    const dataDir = await mkdtemp(join(tmpdir(), `huying-bench-${label}-`));
    return {
      kind,
      env: { HUYING_DATA_DIR: dataDir },
      location: dataDir,
      remove: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const database = await benchDatabase();
  // Each app process still needs a data folder of its own (attachments, outbox files).
  const dataDir = await mkdtemp(join(tmpdir(), `huying-bench-${label}-`));
  return {
    kind,
    env: { DATABASE_URL: database.url, HUYING_DATA_DIR: dataDir },
    location: database.url,
    async remove() {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The store migrated and holding the demo at a scale, written by this process before any app starts. */
export async function seededStore(kind: StoreKind, scale: DemoScale): Promise<BenchStoreHandle> {
  const handle = await emptyStore(kind, scale);
  const store =
    kind === 'embedded'
      ? await openEmbeddedStore({ dataDir: handle.location })
      : openServerStore(handle.location, 2);
  try {
    await migrateToLatest(store.db);
    await loadDemoDistrict(store.db, scale);
  } finally {
    await store.close();
  }
  return handle;
}

/** An app process serving a store. */
export async function startApp(
  store: BenchStoreHandle,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const app = spawnApp({ ...store.env, LOG_LEVEL: 'silent', ...env }, await freePort());
  await waitHealthy(app);
  return app;
}

export async function stopApp(app: AppProcess): Promise<void> {
  app.child.kill('SIGTERM');
  await app.exited;
}

/** Peak resident memory (VmHWM) of a running process, in bytes, from /proc; null where there is no /proc. */
export function peakMemoryOf(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The load average over the last minute, to say how busy the machine was beside a figure. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** A fixed pseudo-random sequence of points in the box of the given areas, so that runs are comparable. */
export function pointsInside(areas: readonly AreaNode[], count: number): [number, number][] {
  const boxes = areas.filter((area) => area.parentCode === null).map((area) => boundingBoxOf(area.boundary));
  const box = {
    minLng: Math.min(...boxes.map((b) => b.minLng)),
    minLat: Math.min(...boxes.map((b) => b.minLat)),
    maxLng: Math.max(...boxes.map((b) => b.maxLng)),
    maxLat: Math.max(...boxes.map((b) => b.maxLat)),
  };
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

export interface SeededApp {
  app: AppProcess;
  dataDir: string;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

/** The demo at a scale in a fresh embedded store, served by an app in a process of its own. */
export async function seededApp(scale: DemoScale): Promise<SeededApp> {
  const store = await seededStore('embedded', scale);
  const app = await startApp(store);
  return {
    app,
    dataDir: store.location,
    stop: () => stopApp(app),
    remove: () => store.remove(),
  };
}

/** Runs `task` over `count` items with `concurrency` in flight; returns the rate per second. */
export async function ratePerSecond(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<number> {
  let cursor = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (cursor < count) await task(cursor++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Runs a bench script in a child process and returns what it printed on stdout as JSON. */
export { runScript } from './child.ts';
