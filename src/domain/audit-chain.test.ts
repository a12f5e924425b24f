import { describe, expect, it } from 'vitest';
import { ChainVerifier, hashLogEntry, type LogEntry, type LogEntryContent } from './audit-chain.ts';

/** A log of `steps` entries over two events, chained as the store chains them. */
function chain(steps: readonly { eventId: string; fact: unknown }[]): LogEntry[] {
  const entries: LogEntry[] = [];
  const lastByEvent = new Map<string, LogEntry>();
  for (const [index, step] of steps.entries()) {
    const previous = lastByEvent.get(step.eventId);
    const content: LogEntryContent = {
      position: index + 1,
      eventId: step.eventId,
      eventSeq: (previous?.eventSeq ?? 0) + 1,
      factType: 'noted',
      fact: step.fact,
      actorUserId: 7,
      at: `2026-11-25T08:0${index}:00.000Z`,
      prevGlobalHash: entries.at(-1)?.hash ?? null,
      prevEventHash: previous?.hash ?? null,
    };
    const entry = { ...content, hash: hashLogEntry(content) };
    entries.push(entry);
    lastByEvent.set(step.eventId, entry);
  }
  return entries;
}

const LOG = chain([
  { eventId: 'a', fact: { n: 1 } },
  { eventId: 'b', fact: { n: 2 } },
  { eventId: 'a', fact: { n: 3, text: '路灯不亮' } },
  { eventId: 'b', fact: { n: 4 } },
  { eventId: 'a', fact: { n: 5 } },
]);

function verify(entries: readonly LogEntry[], head = { position: LOG.length, hash: LOG.at(-1)!.hash }) {
  const verifier = new ChainVerifier();
  return verifier.check(entries) ?? verifier.finish(head);
}

describe('the hash chains of the event log', () => {
  it('an untouched log verifies', () => {
    expect(verify(LOG)).toBeNull();
  });

  it('the hash does not depend on the order of keys in a fact', () => {
    const [first] = LOG;
    const reordered = { ...first!, fact: { ...(first!.fact as object) } };
    expect(hashLogEntry({ ...reordered, fact: { n: 1 } })).toBe(first!.hash);
    expect(hashLogEntry({ ...reordered, fact: JSON.parse('{"n":1}') })).toBe(first!.hash);
  });

  it('an edited fact is named by its position', () => {
    const edited = LOG.map((entry) =>
      entry.position === 3 ? { ...entry, fact: { n: 3, text: '路灯已修好' } } : entry,
    );
    expect(verify(edited)).toEqual({ reason: 'hash_mismatch', position: 3 });
  });

  it('an edit whose own hash was recomputed still breaks the next link', () => {
    const edited = LOG.map((entry) => {
      if (entry.position !== 3) return entry;
      const content = { ...entry, actorUserId: 99 };
      return { ...content, hash: hashLogEntry(content) };
    });
    expect(verify(edited)).toEqual({ reason: 'global_link_broken', position: 4 });
  });

  it('a deleted entry in the middle is a gap in positions', () => {
    expect(verify(LOG.filter((entry) => entry.position !== 2))).toEqual({
      reason: 'position_gap',
      position: 3,
      expected: 2,
    });
  });

  it('a deleted last entry is caught by the head', () => {
    expect(verify(LOG.slice(0, -1))).toEqual({ reason: 'head_mismatch', position: 5 });
  });

  it("an entry re-pointed at another event's chain breaks that event's link", () => {
    const edited = LOG.map((entry) => {
      if (entry.position !== 5) return entry;
      const content = { ...entry, eventId: 'b', eventSeq: 3 };
      return { ...content, hash: hashLogEntry(content) };
    });
    expect(verify(edited, { position: 5, hash: edited.at(-1)!.hash })).toEqual({
      reason: 'event_link_broken',
      position: 5,
      eventId: 'b',
    });
  });

  it('a skipped sequence number within an event is named', () => {
    const rebuilt = chain([
      { eventId: 'a', fact: { n: 1 } },
      { eventId: 'a', fact: { n: 2 } },
    ]);
    const second = { ...rebuilt[1]!, eventSeq: 3 };
    const forged = { ...second, hash: hashLogEntry(second) };
    expect(verify([rebuilt[0]!, forged], { position: 2, hash: forged.hash })).toEqual({
      reason: 'event_sequence_gap',
      position: 2,
      eventId: 'a',
      expected: 2,
    });
  });

  it('checks a log page by page as it would the whole', () => {
    const verifier = new ChainVerifier();
    expect(verifier.check(LOG.slice(0, 2))).toBeNull();
    expect(verifier.check(LOG.slice(2))).toBeNull();
    expect(verifier.finish({ position: 5, hash: LOG.at(-1)!.hash })).toBeNull();
    expect(verifier.checked).toBe(5);
  });
});
