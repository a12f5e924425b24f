import type { ChainedEntry, LogEntry, Seal, SealedEntry, SealHead } from '../../domain/audit-chain.ts';
import type { EventLogTable } from '../schema.ts';
import { type Executor, inBatches, type Write, writesInBatches } from './executor.ts';

export type { EventChainTip as EventLogTip } from '../../domain/audit-chain.ts';

/**
 * Appends chained entries, of one event or of several, in the caller's transaction. Nothing global is locked:
 * each entry takes its position from a sequence, and the database queues it for its seal.
 */
export function logEntryWrites(trx: Executor, entries: readonly ChainedEntry[]): Write[] {
  return writesInBatches(entries, 9, (batch) =>
    trx.insertInto('event_log').values(
      batch.map((entry) => ({
        event_id: entry.eventId,
        event_seq: entry.eventSeq,
        fact_type: entry.factType,
        fact: JSON.stringify(entry.fact),
        actor_user_id: entry.actorUserId,
        at: entry.at,
        prev_global_hash: null,
        prev_event_hash: entry.prevEventHash,
        hash: entry.hash,
      })),
    ),
  );
}

type LogRow = Pick<
  EventLogTable,
  | 'event_id'
  | 'event_seq'
  | 'fact_type'
  | 'actor_user_id'
  | 'at'
  | 'prev_global_hash'
  | 'prev_event_hash'
  | 'hash'
> & { position: number; fact: unknown; format: 1 | 2 };

function entryOfRow(row: LogRow): LogEntry {
  return {
    format: row.format,
    position: Number(row.position),
    eventId: row.event_id,
    eventSeq: row.event_seq,
    factType: row.fact_type,
    fact: row.fact,
    actorUserId: row.actor_user_id,
    at: row.at,
    prevGlobalHash: row.prev_global_hash,
    prevEventHash: row.prev_event_hash,
    hash: row.hash,
  };
}

const LOG_COLUMNS = [
  'l.position',
  'l.format',
  'l.event_id',
  'l.event_seq',
  'l.fact_type',
  'l.fact',
  'l.actor_user_id',
  'l.at',
  'l.prev_global_hash',
  'l.prev_event_hash',
  'l.hash',
] as const;

/**
 * Takes the sealer's head for the rest of the transaction, or undefined when another process is sealing now:
 * one sealer at a time, and the others pass by instead of queueing.
 */
export async function takeSealHead(trx: Executor): Promise<SealHead | undefined> {
  const head = await trx
    .selectFrom('event_log_head')
    .select(['position', 'hash'])
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return head && { position: Number(head.position), hash: head.hash };
}

/** Committed entries waiting for their seal, in log order. */
export async function entriesAwaitingSeal(
  trx: Executor,
  limit: number,
): Promise<{ position: number; hash: string }[]> {
  const rows = await trx
    .selectFrom('event_log_unsealed as u')
    .innerJoin('event_log as l', 'l.position', 'u.log_position')
    .select(['l.position', 'l.hash'])
    .orderBy('u.log_position')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ position: Number(row.position), hash: row.hash }));
}

/** Writes seals, takes their entries off the queue and moves the head, in the sealer's transaction. */
export async function writeSeals(trx: Executor, seals: readonly Seal[], head: SealHead): Promise<void> {
  for (const batch of inBatches(seals, 5000)) {
    await trx
      .insertInto('event_log_seals')
      .values(
        batch.map((seal) => ({
          seal_position: seal.sealPosition,
          log_position: seal.logPosition,
          entry_hash: seal.entryHash,
          prev_hash: seal.prevHash,
          hash: seal.hash,
        })),
      )
      .execute();
    await trx
      .deleteFrom('event_log_unsealed')
      .where(
        'log_position',
        'in',
        batch.map((seal) => seal.logPosition),
      )
      .execute();
  }
  await trx.updateTable('event_log_head').set({ position: head.position, hash: head.hash }).execute();
}

/** One page of the sealed log in seal order, each seal with the entry it names (null if that is gone). */
export async function readSealedPage(
  db: Executor,
  afterSealPosition: number,
  limit: number,
): Promise<SealedEntry[]> {
  const rows = await db
    .selectFrom('event_log_seals as s')
    .leftJoin('event_log as l', 'l.position', 's.log_position')
    .select(['s.seal_position', 's.log_position', 's.entry_hash', 's.prev_hash', 's.hash as seal_hash'])
    .select(LOG_COLUMNS)
    .where('s.seal_position', '>', afterSealPosition)
    .orderBy('s.seal_position')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seal: {
      sealPosition: Number(row.seal_position),
      logPosition: Number(row.log_position),
      entryHash: row.entry_hash,
      prevHash: row.prev_hash,
      hash: row.seal_hash,
    },
    entry: row.position === null ? null : entryOfRow(row as LogRow),
  }));
}

/** Entries no seal names, in log order, each saying whether it waits in the sealer's queue. */
export async function readUnsealedEntries(db: Executor): Promise<{ entry: LogEntry; queued: boolean }[]> {
  const rows = await db
    .selectFrom('event_log as l')
    .leftJoin('event_log_seals as s', 's.log_position', 'l.position')
    .leftJoin('event_log_unsealed as u', 'u.log_position', 'l.position')
    .select(LOG_COLUMNS)
    .select('u.log_position as queued_position')
    .where('s.seal_position', 'is', null)
    .orderBy('l.position')
    .execute();
  return rows.map((row) => ({ entry: entryOfRow(row as LogRow), queued: row.queued_position !== null }));
}

/** The last seal's position and hash. */
export async function readLogHead(db: Executor): Promise<SealHead> {
  const head = await db.selectFrom('event_log_head').select(['position', 'hash']).executeTakeFirstOrThrow();
  return { position: Number(head.position), hash: head.hash };
}

export interface StoredFact {
  factType: string;
  fact: unknown;
  actorUserId: number | null;
  at: string;
  seq: number;
  hash: string;
}

/** The facts of one event in order, to rebuild its state. */
export async function readEventFacts(db: Executor, eventId: string): Promise<StoredFact[]> {
  return (await readFactsOfEvents(db, [eventId])).get(eventId) ?? [];
}

/** The facts of several events, each event's in order, in one query. */
export async function readFactsOfEvents(
  db: Executor,
  eventIds: readonly string[],
): Promise<Map<string, StoredFact[]>> {
  const facts = new Map<string, StoredFact[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return facts;
  const rows = await db
    .selectFrom('event_log')
    .select(['event_id', 'fact_type', 'fact', 'actor_user_id', 'at', 'event_seq', 'hash'])
    .where('event_id', 'in', [...eventIds])
    .orderBy('event_id')
    .orderBy('event_seq')
    .execute();
  for (const row of rows) {
    facts.get(row.event_id)?.push({
      factType: row.fact_type,
      fact: row.fact,
      actorUserId: row.actor_user_id,
      at: row.at,
      seq: row.event_seq,
      hash: row.hash,
    });
  }
  return facts;
}

/** Events whose read row does not end where their log ends: the read table was changed behind the log's back. */
export async function eventsOutOfStepWithLog(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('events as e')
    .select('e.id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('event_log as l')
            .select('l.position')
            .whereRef('l.event_id', '=', 'e.id')
            .whereRef('l.event_seq', '=', 'e.last_seq')
            .whereRef('l.hash', '=', 'e.last_hash'),
        ),
      ),
    )
    .execute();
  return rows.map((row) => row.id);
}

/** One sealed entry of the log with what its event's read row says now: what a live stream announces. */
export interface LoggedChange {
  /** The entry's place in the sealed chain. */
  position: number;
  eventId: string;
  factType: string;
  at: string;
  trackingCode: string;
  snapshot: unknown;
}

/**
 * The sealed entries after `afterSealPosition` in seal order, each with its event's row. One sealer at a time
 * seals under the head's lock, so a seal becomes visible only after every seal before it: reading after the
 * last position seen misses nothing, whichever process wrote the entry.
 */
export async function readChangesAfter(
  db: Executor,
  afterSealPosition: number,
  limit: number,
): Promise<LoggedChange[]> {
  const rows = await db
    .selectFrom('event_log_seals as s')
    .innerJoin('event_log as l', 'l.position', 's.log_position')
    .innerJoin('events as e', 'e.id', 'l.event_id')
    .select(['s.seal_position', 'l.event_id', 'l.fact_type', 'l.at', 'e.tracking_code', 'e.snapshot'])
    .where('s.seal_position', '>', afterSealPosition)
    .orderBy('s.seal_position')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    position: Number(row.seal_position),
    eventId: row.event_id,
    factType: row.fact_type,
    at: row.at,
    trackingCode: row.tracking_code,
    snapshot: row.snapshot,
  }));
}
