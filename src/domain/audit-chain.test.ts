import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  chainEventEntries,
  hashLogEntry,
  hashSeal,
  type LogEntry,
  type Seal,
  type SealedEntry,
  sealEntries,
} from './audit-chain.ts';

/** A log of `steps` entries over two events, chained and sealed as the store chains and seals them. */
function sealedLog(steps: readonly { eventId: string; fact: unknown }[]): SealedEntry[] {
  const entries: LogEntry[] = [];
  const tips = new Map<string, { seq: number; hash: string }>();
  for (const [index, step] of steps.entries()) {
    const { entries: chained, tip } = chainEventEntries(step.eventId, tips.get(step.eventId) ?? null, [
      { factType: 'noted', fact: step.fact, actorUserId: 7, at: new Date(`2026-11-25T08:0${index}:00Z`) },
    ]);
    tips.set(step.eventId, tip);
    // Positions from a sequence: increasing, with gaps.
    entries.push({ ...chained[0]!, format: 2, position: 10 * (index + 1), prevGlobalHash: null });
  }
  const { seals } = sealEntries({ position: 0, hash: null }, entries);
  return seals.map((seal, index) => ({ seal, entry: entries[index]! }));
}

const LOG = sealedLog([
  { eventId: 'a', fact: { n: 1 } },
  { eventId: 'b', fact: { n: 2 } },
  { eventId: 'a', fact: { n: 3, text: '路灯不亮' } },
  { eventId: 'b', fact: { n: 4 } },
  { eventId: 'a', fact: { n: 5 } },
]);

const HEAD = { position: LOG.length, hash: LOG.at(-1)!.seal.hash };

function verify(log: readonly SealedEntry[], head = HEAD) {
  const verifier = new ChainVerifier();
  return verifier.check(log) ?? verifier.finish(head);
}

/** Replaces the entry at one seal position, leaving its seal as it was. */
function withEntry(position: number, change: (entry: LogEntry) => LogEntry): SealedEntry[] {
  return LOG.map((sealed) =>
    sealed.seal.sealPosition === position ? { ...sealed, entry: change(sealed.entry!) } : sealed,
  );
}

/** Seals the given entries again from the start: what someone who rewrote the whole table would do. */
function resealed(entries: readonly LogEntry[]): SealedEntry[] {
  const { seals } = sealEntries({ position: 0, hash: null }, entries);
  return seals.map((seal, index) => ({ seal, entry: entries[index]! }));
}

function rehashed(entry: LogEntry): LogEntry {
  return { ...entry, hash: hashLogEntry(entry) };
}

describe('the hash chains of the event log', () => {
  it('an untouched log verifies', () => {
    expect(verify(LOG)).toBeNull();
  });

  it('the hash does not depend on the order of keys in a fact', () => {
    const first = LOG[0]!.entry!;
    expect(hashLogEntry({ ...first, fact: { n: 1 } })).toBe(first.hash);
    expect(hashLogEntry({ ...first, fact: JSON.parse('{"n":1}') })).toBe(first.hash);
  });

  it('an entry written before the seals (format 1) hashes as it did then, position and global link included', () => {
    const legacy = {
      format: 1 as const,
      position: 2,
      eventId: 'a',
      eventSeq: 1,
      factType: 'noted',
      fact: { n: 1, text: '路灯不亮' },
      actorUserId: 7,
      at: '2026-11-25T08:00:00.000Z',
      prevGlobalHash: 'f00d',
      prevEventHash: null,
    };
    // The value the hash function of migration 0011's time gave for this entry.
    expect(hashLogEntry(legacy)).toBe('abcaa37709b49a669a8133ccf5e3ccaabd656b1e311609d0dd37387de337c499');
    expect(hashLogEntry({ ...legacy, position: 3 })).not.toBe(hashLogEntry(legacy));
    expect(hashLogEntry({ ...legacy, format: 2 })).not.toBe(hashLogEntry(legacy));
  });

  it('an edited fact is named by its place in the chain and in the log', () => {
    const edited = withEntry(3, (entry) => ({ ...entry, fact: { n: 3, text: '路灯已修好' } }));
    expect(verify(edited)).toEqual({ reason: 'hash_mismatch', position: 3, logPosition: 30 });
  });

  it("an edit whose own hash was recomputed no longer matches its seal's", () => {
    const edited = withEntry(3, (entry) => rehashed({ ...entry, actorUserId: 99 }));
    expect(verify(edited)).toEqual({ reason: 'hash_mismatch', position: 3, logPosition: 30 });
  });

  it('an edit whose hash and seal were both recomputed breaks the link of the next seal', () => {
    const entry = rehashed({ ...LOG[2]!.entry!, actorUserId: 99 });
    const content = { ...LOG[2]!.seal, entryHash: entry.hash };
    const seal: Seal = { ...content, hash: hashSeal(content) };
    const edited = LOG.map((sealed, index) => (index === 2 ? { seal, entry } : sealed));
    expect(verify(edited)).toEqual({ reason: 'global_link_broken', position: 4 });
  });

  it('a seal whose own content was changed is named', () => {
    const edited = LOG.map((sealed, index) =>
      index === 1 ? { ...sealed, seal: { ...sealed.seal, logPosition: 999 } } : sealed,
    );
    expect(verify(edited)).toEqual({ reason: 'seal_mismatch', position: 2 });
  });

  it('a deleted entry whose seal stays is a missing entry', () => {
    expect(verify(LOG.map((sealed, index) => (index === 1 ? { ...sealed, entry: null } : sealed)))).toEqual({
      reason: 'missing_entry',
      position: 2,
      logPosition: 20,
    });
  });

  it('a deleted entry with its seal is a gap in the seals', () => {
    expect(verify(LOG.filter((_, index) => index !== 1))).toEqual({
      reason: 'position_gap',
      position: 3,
      expected: 2,
    });
  });

  it('two entries swapped in the sealed order break the chain', () => {
    const swapped = [LOG[0]!, LOG[2]!, LOG[1]!, ...LOG.slice(3)];
    expect(verify(swapped)).toEqual({ reason: 'position_gap', position: 3, expected: 2 });
  });

  it('a deleted last entry is caught by the head', () => {
    expect(verify(LOG.slice(0, -1))).toEqual({ reason: 'head_mismatch', position: 5 });
  });

  it("an entry re-pointed at another event's chain breaks that event's link, even resealed", () => {
    const entries = LOG.map((sealed) => sealed.entry!);
    entries[4] = rehashed({ ...entries[4]!, eventId: 'b', eventSeq: 3 });
    const forged = resealed(entries);
    expect(verify(forged, { position: 5, hash: forged.at(-1)!.seal.hash })).toEqual({
      reason: 'event_link_broken',
      position: 5,
      logPosition: 50,
      eventId: 'b',
    });
  });

  it('a skipped sequence number within an event is named', () => {
    const entries = LOG.map((sealed) => sealed.entry!);
    entries[2] = rehashed({ ...entries[2]!, eventSeq: 3 });
    const forged = resealed(entries);
    expect(verify(forged, { position: 5, hash: forged.at(-1)!.seal.hash })).toEqual({
      reason: 'event_sequence_gap',
      position: 3,
      logPosition: 30,
      eventId: 'a',
      expected: 2,
    });
  });

  it('checks a log page by page as it would the whole', () => {
    const verifier = new ChainVerifier();
    expect(verifier.check(LOG.slice(0, 2))).toBeNull();
    expect(verifier.check(LOG.slice(2))).toBeNull();
    expect(verifier.finish(HEAD)).toBeNull();
    expect(verifier.checked).toBe(5);
  });

  it('seals continue from the head they are given', () => {
    const entries = LOG.map((sealed) => sealed.entry!);
    const first = sealEntries({ position: 0, hash: null }, entries.slice(0, 2));
    const rest = sealEntries(first.head, entries.slice(2));
    expect([...first.seals, ...rest.seals]).toEqual(LOG.map((sealed) => sealed.seal));
  });
});

describe('entries waiting for their seal', () => {
  const sealedPart = LOG.slice(0, 3);
  const head = { position: 3, hash: LOG[2]!.seal.hash };
  const waiting = LOG.slice(3).map((sealed) => ({ entry: sealed.entry!, queued: true }));

  function verifyWaiting(unsealed: readonly { entry: LogEntry; queued: boolean }[]) {
    const verifier = new ChainVerifier();
    return verifier.check(sealedPart) ?? verifier.finish(head) ?? verifier.checkUnsealed(unsealed);
  }

  it('carry on their events’ chains from the sealed part', () => {
    const verifier = new ChainVerifier();
    expect(verifier.check(sealedPart) ?? verifier.finish(head) ?? verifier.checkUnsealed(waiting)).toBeNull();
    expect(verifier.unsealedChecked).toBe(2);
  });

  it('an entry no seal names and no queue holds is named', () => {
    expect(verifyWaiting([waiting[0]!, { ...waiting[1]!, queued: false }])).toEqual({
      reason: 'never_sealed',
      position: 4,
      logPosition: 50,
    });
  });

  it('an edited entry waiting for its seal is named', () => {
    expect(verifyWaiting([{ ...waiting[0]!, entry: { ...waiting[0]!.entry, fact: { n: 0 } } }])).toEqual({
      reason: 'hash_mismatch',
      position: 4,
      logPosition: 40,
    });
  });
});
