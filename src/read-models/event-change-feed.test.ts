import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchedEvents, streetDispatcher } from '../../test/support/events.ts';
import { seedSmallDistrict } from '../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../test/support/test-store.ts';
import { readLogHead } from '../db/repositories/event-log.ts';
import type { Actor } from '../domain/permissions.ts';
import { sealLog } from '../jobs/log-sealer.ts';
import { type EventChange, EventChangeFeed, type FeedSubscriber } from './event-change-feed.ts';

let store: TestStore;
let dispatcher: Actor;

function listener(cursor: number, sees: FeedSubscriber['sees'] = () => true) {
  const received: EventChange[] = [];
  const subscriber: FeedSubscriber = { cursor, sees, deliver: (change) => received.push(change) };
  return { subscriber, received };
}

async function until(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  dispatcher = await streetDispatcher(store.db);
});

afterAll(async () => {
  await store.close();
});

describe('the event change feed', () => {
  it('polls only while someone listens: from the first subscriber to the last, and never after close', async () => {
    const feed = new EventChangeFeed(store.db, { pollMs: 20 });
    expect(feed.polling).toBe(false);
    const stopFirst = feed.subscribe(listener(0).subscriber);
    const stopSecond = feed.subscribe(listener(0).subscriber);
    expect(feed.polling).toBe(true);
    stopFirst();
    expect(feed.polling).toBe(true);
    stopSecond();
    await until(() => !feed.polling);
    feed.subscribe(listener(0).subscriber);
    expect(feed.polling).toBe(true);
    await feed.close();
    expect(feed.polling).toBe(false);
    expect(() => feed.subscribe(listener(0).subscriber)).toThrow(/closed/);
  });

  it('delivers each new entry once, in log order, to those who see its event', async () => {
    const feed = new EventChangeFeed(store.db, { pollMs: 20 });
    await sealLog(store.db);
    const head = (await readLogHead(store.db)).position;
    const everything = listener(head);
    const nothing = listener(head, () => false);
    feed.subscribe(everything.subscriber);
    feed.subscribe(nothing.subscriber);
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, new Date('2026-05-06T01:00:00Z'));
    await until(() => everything.received.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(everything.received.map((change) => [change.eventId, change.type])).toEqual([
      [id, 'reported'],
      [id, 'dispatched'],
    ]);
    // The state is the event's when the entry was read: the report may have been read before the dispatch.
    expect(everything.received.at(-1)?.state).toBe('dispatched');
    expect(everything.received.map((change) => change.position)).toEqual([head + 1, head + 2]);
    expect(nothing.received).toEqual([]);
    expect(nothing.subscriber.cursor).toBe(head + 2);
    await feed.close();
  });

  it('serves a subscriber resuming from further back without holding back or repeating to the others', async () => {
    const feed = new EventChangeFeed(store.db, { pollMs: 20 });
    await dispatchedEvents(store.db, dispatcher, 1, new Date('2026-05-06T01:30:00Z'));
    await sealLog(store.db);
    const head = (await readLogHead(store.db)).position;
    expect(head).toBeGreaterThanOrEqual(4);
    const current = listener(head);
    feed.subscribe(current.subscriber);
    const behind = listener(head - 4);
    feed.subscribe(behind.subscriber);
    await dispatchedEvents(store.db, dispatcher, 1, new Date('2026-05-06T02:00:00Z'));
    await until(() => current.received.length === 2 && behind.received.length === 6);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(current.received.map((change) => change.position)).toEqual([head + 1, head + 2]);
    expect(behind.received.map((change) => change.position)).toEqual([
      head - 3,
      head - 2,
      head - 1,
      head,
      head + 1,
      head + 2,
    ]);
    await feed.close();
  });
});
