/** `npm run seed -- --scale district|city [--replace]`: loads the demo into the configured store. */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadDemoDistrict } from '../src/commands/load-demo-district.ts';
import { readConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openConfiguredStore } from '../src/db/open-configured-store.ts';
import type { DemoScale } from '../src/demo/district.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'district' }, replace: { type: 'boolean', default: false } },
});
if (values.scale !== 'district' && values.scale !== 'city') {
  console.error(`--scale must be "district" or "city", not "${values.scale}".`);
  process.exit(2);
}
const scale: DemoScale = values.scale;

const store = await openConfiguredStore(readConfig());
try {
  await migrateToLatest(store.db);
  if (values.replace) {
    await sql`truncate sessions, api_tokens, users, departments, areas`.execute(store.db);
  }
  const started = performance.now();
  const loaded = await loadDemoDistrict(store.db, scale);
  if (!loaded) {
    console.error('The store already holds areas: nothing was loaded. Use --replace to empty it first.');
    process.exitCode = 1;
  } else {
    console.log(`Loaded the ${scale} demo in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }
} finally {
  await store.close();
}
