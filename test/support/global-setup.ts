import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { installDefaultCatalogue } from '../../src/commands/install-default-catalogue.ts';
import { installDefaultScoreRules } from '../../src/commands/scores/install-default-score-rules.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openEmbeddedStore, openServerStore } from '../../src/db/store.ts';
import { ensureFrontEndBuilt } from '../../src/front-end/build.ts';
import { databaseUrlFor, serverUrl, TEMPLATE_DATABASE } from './test-store-settings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedSnapshotPath: string;
  }
}

/** Creating and migrating a store takes seconds; it is done once here and every test file starts from a copy. */
export default async function setup(project: TestProject): Promise<void> {
  // Every app process a test starts serves the front end; building it once here spares each a build.
  await ensureFrontEndBuilt();
  if (serverUrl) {
    const admin = openServerStore(serverUrl, 1);
    await sql`drop database if exists ${sql.id(TEMPLATE_DATABASE)} with (force)`.execute(admin.db);
    await sql`create database ${sql.id(TEMPLATE_DATABASE)}`.execute(admin.db);
    await admin.close();
    const template = openServerStore(databaseUrlFor(serverUrl, TEMPLATE_DATABASE), 1);
    await migrateToLatest(template.db);
    await installDefaultCatalogue(template.db);
    await installDefaultScoreRules(template.db);
    await template.close();
    project.provide('embeddedSnapshotPath', '');
    return;
  }
  const store = await openEmbeddedStore();
  await migrateToLatest(store.db);
  await installDefaultCatalogue(store.db);
  await installDefaultScoreRules(store.db);
  const snapshotPath = join(tmpdir(), `huying-test-snapshot-${process.pid}.tar`);
  await writeFile(snapshotPath, Buffer.from(await (await store.dumpDataDir()).arrayBuffer()));
  await store.close();
  project.provide('embeddedSnapshotPath', snapshotPath);
}
