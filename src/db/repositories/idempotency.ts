import { sql } from 'kysely';
import type { CatalogueItem } from '../../domain/catalogue.ts';
import type { Executor } from './executor.ts';

/**
 * Takes a report's idempotency key for a new event, first in the report's transaction, and reads the active
 * catalogue item it names, in one round trip: `claimed` is false when the key is taken already. A copy of the
 * report racing this one waits here until the first commits or rolls back.
 */
export async function claimReportKey(
  trx: Executor,
  row: { userId: number; key: string; requestHash: string; eventId: string; catalogueItemCode: string },
): Promise<{ claimed: boolean; item: CatalogueItem | undefined }> {
  const claim = trx
    .insertInto('idempotency_keys')
    .values({ user_id: row.userId, key: row.key, request_hash: row.requestHash, event_id: row.eventId })
    .onConflict((conflict) => conflict.columns(['user_id', 'key']).doNothing())
    .returning('event_id');
  const { rows } = await sql<{ claimed: boolean; item: CatalogueItem | null }>`
    with claim as (${claim})
    select exists (select from claim) as claimed,
      (select definition from catalogue_items where code = ${row.catalogueItemCode} and active) as item`.execute(
    trx,
  );
  const [result] = rows;
  return { claimed: result?.claimed === true, item: result?.item ?? undefined };
}

/** The report a person filed under a key: the hash of its request, its event and tracking code. */
export async function findReportByKey(
  db: Executor,
  userId: number,
  key: string,
): Promise<{ requestHash: string; eventId: string; trackingCode: string } | undefined> {
  const row = await db
    .selectFrom('idempotency_keys as k')
    .innerJoin('events as e', 'e.id', 'k.event_id')
    .select(['k.request_hash', 'k.event_id', 'e.tracking_code'])
    .where('k.user_id', '=', userId)
    .where('k.key', '=', key)
    .executeTakeFirst();
  return row && { requestHash: row.request_hash, eventId: row.event_id, trackingCode: row.tracking_code };
}
