import { DEFAULT_CATALOGUE } from '../catalogue/default-catalogue.ts';
import { countCatalogueClasses, insertCatalogue } from '../db/repositories/catalogue.ts';
import { type Executor, holdAdvisoryLock } from '../db/repositories/executor.ts';

/**
 * A store without a catalogue gets the default one (GB/T 47678.5 components and matters, the seeds'
 * social-governance classes, the 12345 request kinds). Administrators edit it from there.
 */
export async function installDefaultCatalogue(db: Executor): Promise<boolean> {
  if ((await countCatalogueClasses(db)) > 0) return false;
  return db.transaction().execute(async (trx) => {
    await holdAdvisoryLock(trx, 'install-default-catalogue');
    if ((await countCatalogueClasses(trx)) > 0) return false;
    await insertCatalogue(trx, DEFAULT_CATALOGUE);
    return true;
  });
}
