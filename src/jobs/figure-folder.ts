import type { Executor } from '../db/repositories/executor.ts';
import { addRollupRows, takeRollupDeltas } from '../db/repositories/rollups.ts';
import { sumRowsByKey } from '../domain/rollup.ts';
import { startLoop } from './loop.ts';

const FOLD_BATCH = 5000;

/**
 * Adds up to `batch` deltas into the rollups and removes them, in one transaction. Folders in several processes
 * take different deltas (SKIP LOCKED); readers sum rollups and deltas, so folding changes no figure anyone
 * reads. Returns how many deltas it folded.
 */
export async function foldFigures(db: Executor, batch = FOLD_BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const taken = await takeRollupDeltas(trx, batch);
    if (taken.length > 0) await addRollupRows(trx, sumRowsByKey(taken));
    return taken.length;
  });
}

/** Folds every `intervalMs` in this process until stopped; safe in every app process at once. */
export function startFigureFolder(
  db: Executor,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): () => Promise<void> {
  return startLoop(() => foldFigures(db), { ...options, again: (folded) => folded >= FOLD_BATCH });
}
