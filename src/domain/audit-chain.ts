import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * The record no one can quietly alter (the seeds' "blockchain" sharing, done soundly), in two chains:
 * - every entry of the event log carries the hash of the entry before it for the same event, written in the
 *   command's own transaction (the event's row lock orders them);
 * - every entry is then sealed into the chain over the whole log, in batches by one sealer at a time: a seal
 *   names the entry and its hash and carries the hash of the seal before it (as Certificate Transparency logs
 *   integrate queued entries). No command waits for another event's command to append.
 * Editing, deleting or reordering any entry breaks a link that a verifier names.
 *
 * Entries written before the seals existed (format 1) also hash their log position and the entry before them
 * in the whole log; they are sealed like the others, so one chain covers the whole log.
 */
export interface LogEntryContent {
  format: 1 | 2;
  /** The entry's place in the log table; part of the hash only in format 1. */
  position: number;
  eventId: string;
  /** 1, 2, 3, … within one event. */
  eventSeq: number;
  factType: string;
  fact: unknown;
  actorUserId: number | null;
  /** ISO 8601, as stored. */
  at: string;
  /** Format 1 only: the hash of the entry before this one in the whole log. */
  prevGlobalHash: string | null;
  prevEventHash: string | null;
}

export interface LogEntry extends LogEntryContent {
  hash: string;
}

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** SHA-256 over the RFC 8785 canonical JSON of the entry: the same bytes whichever store or process wrote it. */
export function hashLogEntry(content: LogEntryContent): string {
  const common = {
    eventId: content.eventId,
    eventSeq: content.eventSeq,
    factType: content.factType,
    fact: content.fact,
    actorUserId: content.actorUserId,
    at: content.at,
    prevEventHash: content.prevEventHash,
  };
  return content.format === 1
    ? sha256({ ...common, position: content.position, prevGlobalHash: content.prevGlobalHash })
    : sha256({ ...common, format: 2 });
}

/** The last entry of one event's chain: what its next entry links to. */
export interface EventChainTip {
  seq: number;
  hash: string;
}

export interface FactToChain {
  factType: string;
  fact: unknown;
  actorUserId: number | null;
  at: Date;
}

/** A format-2 entry as its command writes it; the log gives it a position when it is inserted. */
export type ChainedEntry = Omit<LogEntry, 'position' | 'format' | 'prevGlobalHash'>;

/** Links facts onto the end of their event's chain, each entry hashing the one before it. */
export function chainEventEntries(
  eventId: string,
  tip: EventChainTip | null,
  facts: readonly FactToChain[],
): { entries: ChainedEntry[]; tip: EventChainTip } {
  const entries: ChainedEntry[] = [];
  let last = tip;
  for (const { factType, fact, actorUserId, at } of facts) {
    const content = {
      eventId,
      eventSeq: (last?.seq ?? 0) + 1,
      factType,
      // Hashed as it will read back from jsonb: plain JSON values only.
      fact: JSON.parse(JSON.stringify(fact)) as unknown,
      actorUserId,
      at: at.toISOString(),
      prevEventHash: last?.hash ?? null,
    };
    const hash = hashLogEntry({ ...content, format: 2, position: 0, prevGlobalHash: null });
    entries.push({ ...content, hash });
    last = { seq: content.eventSeq, hash };
  }
  if (last === null || entries.length === 0) throw new Error('nothing to chain');
  return { entries, tip: last };
}

export interface SealContent {
  /** 1, 2, 3, … over the whole log, without gaps: the order of the chain over the whole log. */
  sealPosition: number;
  logPosition: number;
  entryHash: string;
  prevHash: string | null;
}

export interface Seal extends SealContent {
  hash: string;
}

export function hashSeal(content: SealContent): string {
  return sha256({
    sealPosition: content.sealPosition,
    logPosition: content.logPosition,
    entryHash: content.entryHash,
    prevHash: content.prevHash,
  });
}

/** The head of the sealed chain: its last seal's position and hash (0 and null before the first). */
export interface SealHead {
  position: number;
  hash: string | null;
}

/** Seals entries after the head, in the order given. */
export function sealEntries(
  head: SealHead,
  entries: readonly { position: number; hash: string }[],
): { seals: Seal[]; head: SealHead } {
  const seals: Seal[] = [];
  let last = head;
  for (const entry of entries) {
    const content = {
      sealPosition: last.position + 1,
      logPosition: entry.position,
      entryHash: entry.hash,
      prevHash: last.hash,
    };
    const seal = { ...content, hash: hashSeal(content) };
    seals.push(seal);
    last = { position: seal.sealPosition, hash: seal.hash };
  }
  return { seals, head: last };
}

/** A seal with the entry it names, as the store joins them (null when that entry is gone). */
export interface SealedEntry {
  seal: Seal;
  entry: LogEntry | null;
}

/** Where the chain breaks. `position` is the place in the sealed chain; `logPosition` names the entry. */
export type ChainBreak =
  | { reason: 'position_gap'; position: number; expected: number }
  | { reason: 'seal_mismatch'; position: number }
  | { reason: 'global_link_broken'; position: number }
  | { reason: 'missing_entry'; position: number; logPosition: number }
  | { reason: 'hash_mismatch'; position: number; logPosition: number }
  | { reason: 'event_link_broken'; position: number; logPosition: number; eventId: string }
  | { reason: 'event_sequence_gap'; position: number; logPosition: number; eventId: string; expected: number }
  | { reason: 'head_mismatch'; position: number }
  | { reason: 'never_sealed'; position: number; logPosition: number };

/**
 * Checks the log in seal order, a page at a time: feed every page to `check`, then `finish` with the head the
 * store says the seals end at, then `checkUnsealed` with the entries written since the last seal. The first
 * broken link is named; nothing after it is trusted.
 */
export class ChainVerifier {
  #expectedPosition = 1;
  #lastSealHash: string | null = null;
  #lastByEvent = new Map<string, EventChainTip>();
  #broken: ChainBreak | null = null;
  #unsealedChecked = 0;

  /** Sealed entries checked. */
  get checked(): number {
    return this.#expectedPosition - 1;
  }

  /** Entries checked that wait for their seal. */
  get unsealedChecked(): number {
    return this.#unsealedChecked;
  }

  get lastHash(): string | null {
    return this.#lastSealHash;
  }

  check(page: readonly SealedEntry[]): ChainBreak | null {
    for (const sealed of page) {
      if (this.#broken) return this.#broken;
      this.#broken = this.#checkSealed(sealed);
    }
    return this.#broken;
  }

  /** The head row records the last seal: a deleted tail of seals shows up here. */
  finish(head: SealHead): ChainBreak | null {
    if (this.#broken) return this.#broken;
    if (head.position !== this.checked || head.hash !== this.#lastSealHash) {
      this.#broken = { reason: 'head_mismatch', position: Math.min(head.position, this.checked) + 1 };
    }
    return this.#broken;
  }

  /**
   * The entries no seal names yet, in log order: each must wait in the sealer's queue, hash to itself and carry
   * on its event's chain from where the sealed part left it.
   */
  checkUnsealed(entries: readonly { entry: LogEntry; queued: boolean }[]): ChainBreak | null {
    for (const { entry, queued } of entries) {
      if (this.#broken) return this.#broken;
      const position = this.checked + 1;
      this.#broken = queued
        ? this.#checkEntry(entry, position)
        : { reason: 'never_sealed', position, logPosition: entry.position };
      if (!this.#broken) this.#unsealedChecked++;
    }
    return this.#broken;
  }

  #checkSealed({ seal, entry }: SealedEntry): ChainBreak | null {
    const position = seal.sealPosition;
    if (position !== this.#expectedPosition) {
      return { reason: 'position_gap', position, expected: this.#expectedPosition };
    }
    if (hashSeal(seal) !== seal.hash) return { reason: 'seal_mismatch', position };
    if (seal.prevHash !== this.#lastSealHash) return { reason: 'global_link_broken', position };
    if (entry === null) return { reason: 'missing_entry', position, logPosition: seal.logPosition };
    if (entry.hash !== seal.entryHash)
      return { reason: 'hash_mismatch', position, logPosition: entry.position };
    const broken = this.#checkEntry(entry, position);
    if (broken) return broken;
    this.#lastSealHash = seal.hash;
    this.#expectedPosition++;
    return null;
  }

  #checkEntry(entry: LogEntry, position: number): ChainBreak | null {
    const logPosition = entry.position;
    if (hashLogEntry(entry) !== entry.hash) return { reason: 'hash_mismatch', position, logPosition };
    const previous = this.#lastByEvent.get(entry.eventId);
    const expected = (previous?.seq ?? 0) + 1;
    if (entry.eventSeq !== expected) {
      return { reason: 'event_sequence_gap', position, logPosition, eventId: entry.eventId, expected };
    }
    if (entry.prevEventHash !== (previous?.hash ?? null)) {
      return { reason: 'event_link_broken', position, logPosition, eventId: entry.eventId };
    }
    this.#lastByEvent.set(entry.eventId, { seq: entry.eventSeq, hash: entry.hash });
    return null;
  }
}
