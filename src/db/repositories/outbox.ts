import type { ChannelKind, DeliveryTarget, Notice } from '../../domain/notices.ts';
import { type Executor, inBatches } from './executor.ts';

export interface NewDelivery {
  notice: Notice;
  target: DeliveryTarget;
}

/** Writes deliveries in the caller's transaction: they exist exactly when the fact that caused them does. */
export async function insertOutboxRows(db: Executor, rows: readonly NewDelivery[], now: Date): Promise<void> {
  for (const batch of inBatches(rows, 1000)) {
    await db
      .insertInto('outbox')
      .values(
        batch.map(({ notice, target }) => ({
          notice: JSON.stringify(notice),
          channel: target.kind,
          target: JSON.stringify(target),
          created_at: now,
          available_at: now,
        })),
      )
      .execute();
  }
}

export interface ClaimedDelivery {
  id: number;
  notice: Notice;
  channel: ChannelKind;
  target: DeliveryTarget;
  attempts: number;
  createdAt: Date;
  leaseUntil: Date;
}

/**
 * Leases up to `limit` deliveries that are due and not leased by anyone else, in one statement: rows another
 * process is claiming at this moment are skipped (`FOR UPDATE SKIP LOCKED`), and rows it has claimed carry a
 * lease that has not run out. A lease that runs out (its holder crashed) makes the row due again.
 */
export async function claimDueOutbox(
  db: Executor,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('available_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('available_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await db
    .updateTable('outbox')
    .set({ lease_until: leaseUntil })
    .where('id', 'in', due)
    .returning(['id', 'notice', 'channel', 'target', 'attempts', 'created_at', 'lease_until'])
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      notice: row.notice,
      channel: row.channel,
      target: row.target,
      attempts: row.attempts,
      createdAt: row.created_at,
      leaseUntil: row.lease_until ?? leaseUntil,
    }))
    .sort((a, b) => a.id - b.id);
}

export async function markDelivered(db: Executor, id: number, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      delivered_at: now,
      lease_until: null,
      attempts: eb('attempts', '+', 1),
      last_error: null,
    }))
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .execute();
}

/**
 * Records a failed attempt by the holder of the lease: due again at `retryAt`, or failed for good when
 * `retryAt` is null. A holder whose lease ran out and was taken over records nothing.
 */
export async function markAttemptFailed(
  db: Executor,
  claimed: Pick<ClaimedDelivery, 'id' | 'attempts' | 'leaseUntil'>,
  outcome: { retryAt: Date | null; error: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      attempts: claimed.attempts + 1,
      lease_until: null,
      last_error: outcome.error,
      ...(outcome.retryAt === null ? { failed_at: now } : { available_at: outcome.retryAt }),
    })
    .where('id', '=', claimed.id)
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('lease_until', '=', claimed.leaseUntil)
    .execute();
}

/**
 * Deletes up to `limit` rows delivered before `before`, oldest first, and answers how many. Rows that failed for
 * good are kept: somebody has to look at them.
 */
export async function deleteDeliveredOutboxBefore(
  db: Executor,
  before: Date,
  limit: number,
): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where(
      'id',
      'in',
      db
        .selectFrom('outbox')
        .select('id')
        .where('delivered_at', '<', before)
        .orderBy('delivered_at')
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
