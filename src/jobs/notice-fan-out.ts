import { enqueueNotices } from '../commands/notices/enqueue-notices.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { takePendingNotices } from '../db/repositories/notifications.ts';
import { startLoop } from './loop.ts';

const FAN_OUT_BATCH = 500;

/**
 * Tells up to `batch` pending notices to their audiences and takes them off the queue, in one transaction: a
 * notice is told once, and never lost between its fact and its audience. Processes fanning out at once take
 * different notices (SKIP LOCKED). Returns how many it told.
 */
export async function fanOutNotices(db: Executor, now: Date, batch = FAN_OUT_BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const pending = await takePendingNotices(trx, batch);
    await enqueueNotices(trx, pending, now);
    return pending.length;
  });
}

/** Fans out every `intervalMs` in this process until stopped; safe in every app process at once. */
export function startNoticeFanOut(
  db: Executor,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): () => Promise<void> {
  return startLoop(() => fanOutNotices(db, new Date()), {
    ...options,
    again: (told) => told >= FAN_OUT_BATCH,
  });
}
