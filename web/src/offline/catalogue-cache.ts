import { createStore, get, set } from 'idb-keyval';
import { api, NetworkError } from '../api/client.ts';
import type { CatalogueItemView } from '../api/types.ts';

export interface CatalogueClass {
  code: string;
  name: string;
  nameEn: string;
}

export interface Catalogue {
  classes: CatalogueClass[];
  items: (CatalogueItemView & { keywords?: string[] })[];
}

const store = createStore('huying-catalogue', 'catalogue');
const KEY = 'all';

/**
 * Searches the catalogue (事项清单) on the server, and when there is no network, in the copy kept on the
 * phone from the last search that had one: a report made offline still needs its item.
 */
export async function searchCatalogue(words: string, limit: number): Promise<Catalogue> {
  try {
    const found = await api.get<Catalogue>('/api/v1/catalogue', { q: words, limit });
    void keepCatalogueCopy();
    return found;
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    const copy = await get<Catalogue>(KEY, store);
    if (!copy) throw error;
    const needle = words.toLowerCase();
    const matches = (text: string) => text.toLowerCase().includes(needle);
    const items = copy.items.filter(
      (item) =>
        matches(item.code) ||
        matches(item.name) ||
        matches(item.nameEn) ||
        (item.keywords ?? []).some(matches),
    );
    return { classes: copy.classes, items: items.slice(0, limit) };
  }
}

let kept = false;

/** Keeps the whole catalogue on the phone, once per visit. */
export async function keepCatalogueCopy(): Promise<void> {
  if (kept) return;
  kept = true;
  try {
    await set(KEY, await api.get<Catalogue>('/api/v1/catalogue'), store);
  } catch {
    kept = false;
  }
}
