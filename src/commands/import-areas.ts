import { storedAreasByCode, upsertAreas } from '../db/repositories/areas.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type AreaImportResult, readAreaImport } from '../domain/area-import.ts';

/**
 * Imports a GeoJSON FeatureCollection of area nodes, all inside `scopePath` (null: anywhere): the whole file
 * in one transaction, or nothing of it.
 */
export async function importAreas(
  db: Executor,
  featureCollection: unknown,
  scopePath: string | null,
): Promise<AreaImportResult> {
  return db.transaction().execute(async (trx) => {
    const result = readAreaImport(featureCollection, await storedAreasByCode(trx), scopePath);
    if (result.ok) await upsertAreas(trx, result.nodes);
    return result;
  });
}
