import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openEmbeddedStore, openServerStore, type Store } from '../../src/db/store.ts';
import { databaseUrlFor, serverUrl, TEMPLATE_DATABASE } from './test-store-settings.ts';

export interface TestStore extends Store {
  /** The PostgreSQL URL of this store, when it runs on a server (for tests that start app processes). */
  readonly databaseUrl: string | null;
}

/** A migrated, empty store of its own for one test file: a copy of the embedded snapshot or a cloned database. */
export async function openTestStore(): Promise<TestStore> {
  if (!serverUrl) {
    const tarball = await readFile(inject('embeddedSnapshotPath'));
    const store = await openEmbeddedStore({ loadDataDir: new Blob([tarball]) });
    return { ...store, databaseUrl: null };
  }
  const database = `huying_test_${randomBytes(6).toString('hex')}`;
  const admin = openServerStore(serverUrl, 1);
  await sql`create database ${sql.id(database)} template ${sql.id(TEMPLATE_DATABASE)}`.execute(admin.db);
  const databaseUrl = databaseUrlFor(serverUrl, database);
  const store = openServerStore(databaseUrl);
  return {
    ...store,
    databaseUrl,
    async close() {
      await store.close();
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}
