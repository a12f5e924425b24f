/** `npm run migrate`: applies pending migrations to the configured store and exits. */
import { readConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openConfiguredStore } from '../src/db/open-configured-store.ts';

const store = await openConfiguredStore(readConfig());
try {
  const { applied } = await migrateToLatest(store.db);
  console.log(
    applied.length === 0 ? 'Nothing to apply: the store is up to date.' : `Applied: ${applied.join(', ')}`,
  );
} finally {
  await store.close();
}
