import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoDistrict } from '../../src/commands/load-demo-district.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openEmbeddedStore } from '../../src/db/store.ts';
import type { DemoScale } from '../../src/demo/district.ts';
import type { AreaNode } from '../../src/domain/areas.ts';
import { boundingBoxOf } from '../../src/domain/geometry.ts';
import { type AppProcess, freePort, spawnApp, waitHealthy } from '../../test/support/app-process.ts';

export const format = (value: number) => Math.round(value).toLocaleString('en-US');

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
  const dataDir = await mkdtemp(join(tmpdir(), `huying-bench-${scale}-`));
  const store = await openEmbeddedStore({ dataDir });
  await migrateToLatest(store.db);
  await loadDemoDistrict(store.db, scale);
  await store.close();
  const app = spawnApp({ HUYING_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, await freePort());
  await waitHealthy(app);
  return {
    app,
    dataDir,
    async stop() {
      app.child.kill('SIGTERM');
      await app.exited;
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
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
