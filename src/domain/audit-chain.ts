import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * The record no one can quietly alter (the seeds' "blockchain" sharing, done soundly): every fact appended to
 * the event log carries the hash of the entry before it in the whole log and of the entry before it for the same
 * event. Editing or deleting any entry breaks a link that a verifier names.
 */
export interface LogEntryContent {
  /** 1, 2, 3, … over the whole log, without gaps. */
  position: number;
  eventId: string;
  /** 1, 2, 3, … within one event. */
  eventSeq: number;
  factType: string;
  fact: unknown;
  actorUserId: number | null;
  /** ISO 8601, as stored. */
  at: string;
  prevGlobalHash: string | null;
  prevEventHash: string | null;
}

export interface LogEntry extends LogEntryContent {
  hash: string;
}

/** SHA-256 over the RFC 8785 canonical JSON of the entry: the same bytes whichever store or process wrote it. */
export function hashLogEntry(content: LogEntryContent): string {
  const canonical = canonicalJson({
    position: content.position,
    eventId: content.eventId,
    eventSeq: content.eventSeq,
    factType: content.factType,
    fact: content.fact,
    actorUserId: content.actorUserId,
    at: content.at,
    prevGlobalHash: content.prevGlobalHash,
    prevEventHash: content.prevEventHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export type ChainBreak =
  | { reason: 'hash_mismatch'; position: number }
  | { reason: 'position_gap'; position: number; expected: number }
  | { reason: 'global_link_broken'; position: number }
  | { reason: 'event_link_broken'; position: number; eventId: string }
  | { reason: 'event_sequence_gap'; position: number; eventId: string; expected: number }
  | { reason: 'head_mismatch'; position: number };

/**
 * Checks a log read in position order, a page at a time: feed every page to `check`, then `finish` with the
 * head the store says it ended at. The first broken entry is named; nothing after it is trusted.
 */
export class ChainVerifier {
  #expectedPosition = 1;
  #lastGlobalHash: string | null = null;
  #lastByEvent = new Map<string, { seq: number; hash: string }>();
  #broken: ChainBreak | null = null;

  get checked(): number {
    return this.#expectedPosition - 1;
  }

  get lastHash(): string | null {
    return this.#lastGlobalHash;
  }

  check(entries: readonly LogEntry[]): ChainBreak | null {
    for (const entry of entries) {
      if (this.#broken) return this.#broken;
      this.#broken = this.#checkOne(entry);
    }
    return this.#broken;
  }

  /** The head row records the last position and hash: a deleted tail shows up here. */
  finish(head: { position: number; hash: string | null }): ChainBreak | null {
    if (this.#broken) return this.#broken;
    if (head.position !== this.checked || head.hash !== this.#lastGlobalHash) {
      this.#broken = { reason: 'head_mismatch', position: Math.min(head.position, this.checked) + 1 };
    }
    return this.#broken;
  }

  #checkOne(entry: LogEntry): ChainBreak | null {
    if (entry.position !== this.#expectedPosition) {
      return { reason: 'position_gap', position: entry.position, expected: this.#expectedPosition };
    }
    if (hashLogEntry(entry) !== entry.hash) return { reason: 'hash_mismatch', position: entry.position };
    if (entry.prevGlobalHash !== this.#lastGlobalHash)
      return { reason: 'global_link_broken', position: entry.position };
    const previous = this.#lastByEvent.get(entry.eventId);
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.eventSeq !== expectedSeq) {
      return {
        reason: 'event_sequence_gap',
        position: entry.position,
        eventId: entry.eventId,
        expected: expectedSeq,
      };
    }
    if (entry.prevEventHash !== (previous?.hash ?? null)) {
      return { reason: 'event_link_broken', position: entry.position, eventId: entry.eventId };
    }
    this.#lastByEvent.set(entry.eventId, { seq: entry.eventSeq, hash: entry.hash });
    this.#lastGlobalHash = entry.hash;
    this.#expectedPosition++;
    return null;
  }
}
