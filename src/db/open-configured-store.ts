import type { Config } from '../config.ts';
import { openEmbeddedStore, openServerStore, type Store } from './store.ts';

/** DATABASE_URL when set, else the embedded store in the data folder. */
export async function openConfiguredStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Store> {
  return config.databaseUrl
    ? openServerStore(config.databaseUrl)
    : openEmbeddedStore({ dataDir: config.dataDir });
}
