import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openEmbeddedStore, openServerStore, type Store, type StoreKind } from '../../src/db/store.ts';
import {
  DEMO_TEMPLATE_DATABASE,
  databaseUrlFor,
  serverUrl,
  TEMPLATE_DATABASE,
} from './test-store-settings.ts';

const run = promisify(execFile);

export interface TestStore extends Store {
  /** The PostgreSQL URL of this store, when it runs on a server (for tests that start app processes). */
  readonly databaseUrl: string | null;
  /** What a child process needs in its environment to open this same store (on-disk or server stores only). */
  readonly childEnv: Record<string, string>;
  /** Opens the store again after `close` (an on-disk embedded store that another process used meanwhile). */
  reopen(): Promise<TestStore>;
}

async function snapshot(demo = false): Promise<Blob> {
  return new Blob([await readFile(inject(demo ? 'embeddedDemoSnapshotPath' : 'embeddedSnapshotPath'))]);
}

async function embeddedTestStore(dataDir: string | null, loadDataDir: Blob | undefined): Promise<TestStore> {
  const store = await openEmbeddedStore({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  return {
    ...store,
    databaseUrl: null,
    childEnv: dataDir ? { HUYING_DATA_DIR: dataDir } : {},
    reopen: () => {
      if (!dataDir) throw new Error('an in-memory store cannot be reopened');
      return embeddedTestStore(dataDir, undefined);
    },
    async close() {
      await store.close();
    },
  };
}

/**
 * A migrated store of its own for one test file: a copy of the embedded snapshot (in memory, or in a folder of
 * its own with `onDisk`, for tests that hand it to another process) or a database cloned from the template.
 * With `demo`, the copy holds the demo district too (its areas, departments and one account per role).
 */
export async function openTestStore(options: { onDisk?: boolean; demo?: boolean } = {}): Promise<TestStore> {
  if (!serverUrl) {
    const dataDir = options.onDisk ? await mkdtemp(join(tmpdir(), 'huying-test-store-')) : null;
    return embeddedTestStore(dataDir, await snapshot(options.demo));
  }
  const database = `huying_test_${randomBytes(6).toString('hex')}`;
  const template = options.demo ? DEMO_TEMPLATE_DATABASE : TEMPLATE_DATABASE;
  const admin = openServerStore(serverUrl, 1);
  await sql`create database ${sql.id(database)} template ${sql.id(template)}`.execute(admin.db);
  const databaseUrl = databaseUrlFor(serverUrl, database);
  const store = openServerStore(databaseUrl);
  const testStore: TestStore = {
    ...store,
    databaseUrl,
    childEnv: { DATABASE_URL: databaseUrl },
    reopen: async () => testStore,
    async close() {
      await store.close();
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
  return testStore;
}

/** A store of its own for an app process that a test starts; the test itself holds no connection to it. */
export interface AppStore {
  readonly kind: StoreKind;
  /** The PostgreSQL URL of this store, when it runs on a server. */
  readonly databaseUrl: string | null;
  /** What the app process needs in its environment to open this store. */
  readonly childEnv: Record<string, string>;
  /** Drops the database or removes the folder (after the app process has stopped). */
  close(): Promise<void>;
}

/**
 * A store for an app process: `empty` is a new data folder (the app creates and migrates it, as a first
 * `npm start` does) or, on a server, a database cloned from the migrated template; `demo` is a copy of the
 * global setup's store with the demo district loaded (a folder copy, or a database cloned from the demo
 * template), so the app starts as on its second day instead of creating the district again.
 */
export async function openAppStore(from: 'empty' | 'demo'): Promise<AppStore> {
  if (!serverUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'huying-app-store-'));
    // The tarball is the data folder itself (PGlite's dumpDataDir), so unpacking it makes a store on disk.
    if (from === 'demo') await run('tar', ['-xf', inject('embeddedDemoSnapshotPath'), '-C', dataDir]);
    return {
      kind: 'embedded',
      databaseUrl: null,
      childEnv: { HUYING_DATA_DIR: dataDir },
      close: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const database = `huying_test_${randomBytes(6).toString('hex')}`;
  const template = from === 'demo' ? DEMO_TEMPLATE_DATABASE : TEMPLATE_DATABASE;
  const admin = openServerStore(serverUrl, 1);
  await sql`create database ${sql.id(database)} template ${sql.id(template)}`.execute(admin.db);
  const databaseUrl = databaseUrlFor(serverUrl, database);
  return {
    kind: 'server',
    databaseUrl,
    childEnv: { DATABASE_URL: databaseUrl },
    async close() {
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}

/** Removes an on-disk embedded store's folder. */
export async function removeStoreFolder(store: TestStore): Promise<void> {
  const folder = store.childEnv.HUYING_DATA_DIR;
  if (folder) await rm(folder, { recursive: true, force: true });
}
