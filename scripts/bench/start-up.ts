import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppProcess, freePort, spawnApp } from '../../test/support/app-process.ts';
import {
  type BenchStoreHandle,
  benchStores,
  emptyStore,
  format,
  loadAverage,
  record,
  STORE_LABEL,
  type StoreKind,
  stopApp,
} from './support.ts';

const SECTION = 'start-up';
const RESTARTS = 3;
const FIRST_START_GOAL_MS = 15_000;
const RESTART_GOAL_MS = 3_000;

/** Polls /healthz every 20 ms from the spawn; the time to its first 200. */
async function timeToHealthy(app: AppProcess, timeoutMs = 180_000): Promise<number> {
  const started = performance.now();
  let exited: number | null | undefined;
  void app.exited.then((code) => {
    exited = code;
  });
  while (performance.now() - started < timeoutMs) {
    if (exited !== undefined)
      throw new Error(`the app exited (${exited}) before it was healthy:\n${app.output()}`);
    try {
      const response = await fetch(`${app.url}/healthz`);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the app was not healthy within ${timeoutMs} ms:\n${app.output()}`);
}

interface Start {
  ms: number;
  /** CPU time the app process had used when it first answered (user + system, all its threads). */
  cpuMs: number | null;
  /** The phases main.ts printed (`Started in … ms: open store 812 ms, …`). */
  phases: string;
}

async function timeStart(store: BenchStoreHandle, env: Record<string, string> = {}): Promise<Start> {
  const app = spawnApp({ ...store.env, LOG_LEVEL: 'silent', ...env }, await freePort());
  try {
    const ms = await timeToHealthy(app);
    const cpuMs = app.child.pid ? cpuTimeOf(app.child.pid) : null;
    // The phases line comes just after listening; give it a moment to arrive.
    for (let wait = 0; wait < 50 && !/Started in/.test(app.output()); wait++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const phases = /Started in [^\n]*?: ([^\n]*)/.exec(app.output())?.[1] ?? '';
    return { ms, cpuMs, phases };
  } finally {
    await stopApp(app);
  }
}

/** User + system CPU time of a live process from /proc, in ms: a figure the machine's other load moves less. */
function cpuTimeOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Time from spawning `npm start`'s `node scripts/start.mjs` to its first /healthz 200, on each store: the first start on an empty
 * store (migrations, catalogue, demo district; the front end already built), restarts on the same store (the
 * median of three), and on the embedded store the first start with no front-end build at all (it builds web/
 * first, into a folder of its own so that this checkout's build is left alone).
 */
export async function benchStartUp(): Promise<void> {
  const stores = await benchStores();
  const loadBefore = loadAverage();
  const first = new Map<StoreKind, Start>();
  const restart = new Map<StoreKind, { ms: number; all: number[]; cpuMs: number | null; phases: string }>();
  for (const kind of stores) {
    const store = await emptyStore(kind, 'start');
    try {
      first.set(kind, await timeStart(store));
      const restarts: Start[] = [];
      for (let run = 0; run < RESTARTS; run++) restarts.push(await timeStart(store));
      const ms = median(restarts.map((start) => start.ms));
      const middle = restarts.find((start) => start.ms === ms);
      restart.set(kind, {
        ms,
        all: restarts.map((start) => start.ms),
        cpuMs: middle?.cpuMs ?? null,
        phases: middle?.phases ?? '',
      });
    } finally {
      await store.remove();
    }
  }
  let unbuilt: Start | null = null;
  const buildDir = await mkdtemp(join(tmpdir(), 'huying-bench-web-'));
  const store = await emptyStore('embedded', 'start-unbuilt');
  try {
    unbuilt = await timeStart(store, { HUYING_WEB_BUILD_DIR: join(buildDir, 'web') });
  } finally {
    await store.remove();
    await rm(buildDir, { recursive: true, force: true });
  }
  const loadAfter = loadAverage();

  const verdict = (ms: number, goal: number) => (ms < goal ? '✓' : '✗');
  console.log(
    `| start-up to first /healthz 200 (load ${loadBefore} before, ${loadAfter} after) | ${stores.map((kind) => STORE_LABEL[kind]).join(' | ')} |`,
  );
  console.log(`|---|${stores.map(() => '---:').join('|')}|`);
  console.log(
    `| first start on an empty store, front end built (goal < ${format(FIRST_START_GOAL_MS)} ms) | ${stores
      .map((kind) => {
        const ms = record(
          SECTION,
          'first start, empty store, front end built',
          first.get(kind)!.ms,
          'ms',
          kind,
        );
        return `${format(ms)} ms ${verdict(ms, FIRST_START_GOAL_MS)}`;
      })
      .join(' | ')} |`,
  );
  console.log(
    `| restart on the same store, demo loaded (median of ${RESTARTS}; goal < ${format(RESTART_GOAL_MS)} ms) | ${stores
      .map((kind) => {
        const { ms, all } = restart.get(kind)!;
        record(SECTION, 'restart, demo loaded (median)', ms, 'ms', kind);
        return `${format(ms)} ms ${verdict(ms, RESTART_GOAL_MS)} (${all.map(format).join(', ')})`;
      })
      .join(' | ')} |`,
  );
  const cpu = (kind: StoreKind, start: { cpuMs: number | null }, name: string) =>
    start.cpuMs === null ? '—' : `${format(record(SECTION, name, start.cpuMs, 'ms', kind))} ms`;
  console.log(
    `| CPU time the app process had used at that first 200: first start / restart | ${stores
      .map(
        (kind) =>
          `${cpu(kind, first.get(kind)!, 'first start, CPU time')} / ${cpu(kind, restart.get(kind)!, 'restart, CPU time')}`,
      )
      .join(' | ')} |`,
  );
  if (unbuilt) {
    const ms = record(SECTION, 'first start, empty store, no front-end build', unbuilt.ms, 'ms', 'embedded');
    console.log(
      `| first start on an empty store with no front-end build (builds web/ first) | ${stores
        .map((kind) => (kind === 'embedded' ? `${format(ms)} ms` : '—'))
        .join(' | ')} |`,
    );
  }
  console.log('');
  console.log(
    'Where the time went, as main.ts reports it (before listening; the process start and imports not included):',
  );
  for (const kind of stores) {
    console.log(`- ${STORE_LABEL[kind]}, first start: ${first.get(kind)!.phases || '(not printed)'}`);
    console.log(`- ${STORE_LABEL[kind]}, restart: ${restart.get(kind)!.phases || '(not printed)'}`);
  }
  if (unbuilt)
    console.log(`- embedded, first start without a front-end build: ${unbuilt.phases || '(not printed)'}`);
}
