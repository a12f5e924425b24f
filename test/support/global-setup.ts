import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { installDefaultCatalogue } from '../../src/commands/install-default-catalogue.ts';
import { loadDemoDistrict } from '../../src/commands/load-demo-district.ts';
import { installDefaultScoreRules } from '../../src/commands/scores/install-default-score-rules.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { openEmbeddedStore, openServerStore } from '../../src/db/store.ts';
import { ensureFrontEndBuilt } from '../../src/front-end/build.ts';
import {
  DEMO_TEMPLATE_DATABASE,
  databaseUrlFor,
  serverUrl,
  TEMPLATE_DATABASE,
} from './test-store-settings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of the migrated embedded store (catalogue and score rules installed); '' on a server. */
    embeddedSnapshotPath: string;
    /** A tarball of that store with the demo district loaded, for each demo app's data folder; '' on a server. */
    embeddedDemoSnapshotPath: string;
  }
}

async function prepare(db: Kysely<Database>): Promise<void> {
  await migrateToLatest(db);
  await installDefaultCatalogue(db);
  await installDefaultScoreRules(db);
}

/**
 * Creating and migrating a store, and loading the demo district into it, take seconds to a minute on this kind
 * of machine; both are done once here. Every test file starts from a copy of the migrated store, and every
 * app process of the browser tests from a copy of the one with the demo district loaded.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every app process a test starts serves the front end; building it once here spares each a build.
  await ensureFrontEndBuilt();
  if (serverUrl) {
    const admin = openServerStore(serverUrl, 1);
    for (const name of [DEMO_TEMPLATE_DATABASE, TEMPLATE_DATABASE])
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    await sql`create database ${sql.id(TEMPLATE_DATABASE)}`.execute(admin.db);
    const template = openServerStore(databaseUrlFor(serverUrl, TEMPLATE_DATABASE), 1);
    await prepare(template.db);
    await template.close();
    await sql`create database ${sql.id(DEMO_TEMPLATE_DATABASE)} template ${sql.id(TEMPLATE_DATABASE)}`.execute(
      admin.db,
    );
    const demo = openServerStore(databaseUrlFor(serverUrl, DEMO_TEMPLATE_DATABASE), 1);
    await loadDemoDistrict(demo.db, 'district');
    await demo.close();
    await admin.close();
    project.provide('embeddedSnapshotPath', '');
    project.provide('embeddedDemoSnapshotPath', '');
    return async () => {};
  }
  const store = await openEmbeddedStore();
  await prepare(store.db);
  const snapshotPath = join(tmpdir(), `huying-test-snapshot-${process.pid}.tar`);
  await writeFile(snapshotPath, Buffer.from(await (await store.dumpDataDir()).arrayBuffer()));
  await loadDemoDistrict(store.db, 'district');
  const demoSnapshotPath = join(tmpdir(), `huying-test-demo-snapshot-${process.pid}.tar`);
  await writeFile(demoSnapshotPath, Buffer.from(await (await store.dumpDataDir()).arrayBuffer()));
  await store.close();
  project.provide('embeddedSnapshotPath', snapshotPath);
  project.provide('embeddedDemoSnapshotPath', demoSnapshotPath);
  return async () => {
    await rm(snapshotPath, { force: true });
    await rm(demoSnapshotPath, { force: true });
  };
}
