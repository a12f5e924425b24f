import { hashLogEntry, type LogEntry } from '../../domain/audit-chain.ts';
import type { Executor } from './executor.ts';

export interface FactToAppend {
  factType: string;
  fact: unknown;
  actorUserId: number | null;
  at: Date;
}

export interface EventLogTip {
  seq: number;
  hash: string;
}

/**
 * Appends facts to the log inside the caller's transaction. The head row is locked first, so appends from every
 * process are chained one after another; the caller holds the event's own row lock for the per-event chain.
 */
export async function appendToLog(
  trx: Executor,
  eventId: string,
  previous: EventLogTip | null,
  facts: readonly FactToAppend[],
): Promise<EventLogTip> {
  const head = await trx
    .selectFrom('event_log_head')
    .select(['position', 'hash'])
    .forUpdate()
    .executeTakeFirstOrThrow();
  let position = Number(head.position);
  let globalHash = head.hash;
  let tip = previous;
  const rows: LogEntry[] = [];
  for (const { factType, fact, actorUserId, at } of facts) {
    position += 1;
    const content = {
      position,
      eventId,
      eventSeq: (tip?.seq ?? 0) + 1,
      factType,
      // Hashed as it will read back from jsonb: plain JSON values only.
      fact: JSON.parse(JSON.stringify(fact)) as unknown,
      actorUserId,
      at: at.toISOString(),
      prevGlobalHash: globalHash,
      prevEventHash: tip?.hash ?? null,
    };
    const hash = hashLogEntry(content);
    rows.push({ ...content, hash });
    globalHash = hash;
    tip = { seq: content.eventSeq, hash };
  }
  if (rows.length === 0 || tip === null) throw new Error('nothing to append');
  await trx
    .insertInto('event_log')
    .values(
      rows.map((row) => ({
        position: row.position,
        event_id: row.eventId,
        event_seq: row.eventSeq,
        fact_type: row.factType,
        fact: JSON.stringify(row.fact),
        actor_user_id: row.actorUserId,
        at: row.at,
        prev_global_hash: row.prevGlobalHash,
        prev_event_hash: row.prevEventHash,
        hash: row.hash,
      })),
    )
    .execute();
  await trx.updateTable('event_log_head').set({ position, hash: globalHash }).execute();
  return tip;
}

/** One page of the log in position order, for verification. */
export async function readLogPage(db: Executor, afterPosition: number, limit: number): Promise<LogEntry[]> {
  const rows = await db
    .selectFrom('event_log')
    .selectAll()
    .where('position', '>', afterPosition)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
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
  }));
}

export async function readLogHead(db: Executor): Promise<{ position: number; hash: string | null }> {
  const head = await db.selectFrom('event_log_head').select(['position', 'hash']).executeTakeFirstOrThrow();
  return { position: Number(head.position), hash: head.hash };
}

/** The facts of one event in order, to rebuild its state. */
export async function readEventFacts(
  db: Executor,
  eventId: string,
): Promise<
  { factType: string; fact: unknown; actorUserId: number | null; at: string; seq: number; hash: string }[]
> {
  const rows = await db
    .selectFrom('event_log')
    .select(['fact_type', 'fact', 'actor_user_id', 'at', 'event_seq', 'hash'])
    .where('event_id', '=', eventId)
    .orderBy('event_seq')
    .execute();
  return rows.map((row) => ({
    factType: row.fact_type,
    fact: row.fact,
    actorUserId: row.actor_user_id,
    at: row.at,
    seq: row.event_seq,
    hash: row.hash,
  }));
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

/** One entry of the log with what its event's read row says now: what a live stream announces. */
export interface LoggedChange {
  position: number;
  eventId: string;
  factType: string;
  at: string;
  trackingCode: string;
  snapshot: unknown;
}

/**
 * The entries after `afterPosition` in position order, each with its event's row. Appends are chained under the
 * head row's lock, so an entry becomes visible only after every entry before it: reading after the last position
 * seen misses nothing, whichever process wrote it.
 */
export async function readChangesAfter(
  db: Executor,
  afterPosition: number,
  limit: number,
): Promise<LoggedChange[]> {
  const rows = await db
    .selectFrom('event_log as l')
    .innerJoin('events as e', 'e.id', 'l.event_id')
    .select(['l.position', 'l.event_id', 'l.fact_type', 'l.at', 'e.tracking_code', 'e.snapshot'])
    .where('l.position', '>', afterPosition)
    .orderBy('l.position')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    position: Number(row.position),
    eventId: row.event_id,
    factType: row.fact_type,
    at: row.at,
    trackingCode: row.tracking_code,
    snapshot: row.snapshot,
  }));
}
