import {
  findCatalogueItemDefinition,
  readCatalogue,
  saveCatalogueItem,
} from '../db/repositories/catalogue.ts';
import { allDepartmentCodes } from '../db/repositories/departments.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type CatalogueItem, type CatalogueProblem, validateCatalogue } from '../domain/catalogue.ts';

export type SaveCatalogueItemResult =
  | { ok: true; item: CatalogueItem; revision: number; created: boolean }
  | { ok: false; problems: CatalogueProblem[] };

/**
 * An administrator's edit of one catalogue item. Events already reported keep the copy of the item they were
 * filed under, so an edit changes what happens to new reports only.
 */
export async function saveCatalogueItemEdit(
  db: Executor,
  edit: Omit<CatalogueItem, 'standardRef'> & { standardRef?: string | null },
  active: boolean,
): Promise<SaveCatalogueItemResult> {
  return db.transaction().execute(async (trx): Promise<SaveCatalogueItemResult> => {
    const existing = await findCatalogueItemDefinition(trx, edit.code);
    const item: CatalogueItem = { ...edit, standardRef: edit.standardRef ?? existing?.standardRef ?? null };
    const { classes } = await readCatalogue(trx);
    const problems = validateCatalogue({ classes, items: [item] }, await allDepartmentCodes(trx));
    if (problems.length > 0) return { ok: false, problems };
    const revision = await saveCatalogueItem(trx, item, active);
    return { ok: true, item, revision, created: existing === undefined };
  });
}
