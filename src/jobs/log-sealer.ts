import { entriesAwaitingSeal, takeSealHead, writeSeals } from '../db/repositories/event-log.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { sealEntries } from '../domain/audit-chain.ts';
import { startLoop } from './loop.ts';

const SEAL_BATCH = 5000;

/**
 * Seals the entries committed since the last seal into the chain over the whole log, up to `batch` of them, in
 * one short transaction. One sealer at a time: a process that finds another sealing passes by. Returns how many
 * it sealed.
 */
export async function sealLog(db: Executor, batch = SEAL_BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await takeSealHead(trx);
    if (!head) return 0;
    const waiting = await entriesAwaitingSeal(trx, batch);
    if (waiting.length === 0) return 0;
    const sealed = sealEntries(head, waiting);
    await writeSeals(trx, sealed.seals, sealed.head);
    return sealed.seals.length;
  });
}

/** Seals every `intervalMs` in this process until stopped; safe in every app process at once. */
export function startLogSealer(
  db: Executor,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): () => Promise<void> {
  return startLoop(() => sealLog(db), { ...options, again: (sealed) => sealed >= SEAL_BATCH });
}
