import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/support/test-store.ts';
import { claimDueOutbox, insertOutboxRows, markAttemptFailed } from '../db/repositories/outbox.ts';
import type { ChannelKind, DeliveryTarget, Notice } from '../domain/notices.ts';
import { type Channel, type Delivery, PermanentDeliveryError } from '../integrations/channels/channel.ts';
import {
  deliverDueOutbox,
  LEASE_MS,
  MAX_ATTEMPTS,
  OUTBOX_KEEP_DELIVERED_DAYS,
  pruneDeliveredOutbox,
  retryDelayMs,
  startOutboxDelivery,
} from './outbox-delivery.ts';

let store: TestStore;
const T0 = new Date('2025-03-03T01:00:00.000Z');
const SECOND = 1000;

function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

const NOTICE: Notice = {
  kind: 'todo',
  eventId: '00000000-0000-4000-8000-000000000001',
  eventAreaPath: 'D/S1/C1/G11',
  audience: { kind: 'user', userId: 1 },
  title: { zh: '新事件待处置', en: 'New event to handle' },
  body: { zh: '路灯不亮', en: 'A street lamp is out' },
};

function emailTo(index: number): DeliveryTarget {
  return { kind: 'email', userId: index, address: `person${index}@example.cn` };
}

/** A channel that records what it was given and answers as told: ok, or a failure. */
class RecordingChannel implements Channel {
  readonly sent: { target: DeliveryTarget; delivery: Delivery }[] = [];
  answer: () => Promise<void> = async () => {};

  constructor(readonly kind: ChannelKind) {}

  async send(target: DeliveryTarget, _notice: Notice, delivery: Delivery): Promise<void> {
    await this.answer();
    this.sent.push({ target, delivery });
  }
}

async function enqueue(count: number, now = T0): Promise<void> {
  await insertOutboxRows(
    store.db,
    Array.from({ length: count }, (_, index) => ({ notice: NOTICE, target: emailTo(index) })),
    now,
  );
}

async function rows() {
  return store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

beforeAll(async () => {
  store = await openTestStore();
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  await store.db.deleteFrom('outbox').execute();
});

describe('retries back off', () => {
  it.each([
    [0, 30],
    [1, 60],
    [2, 120],
    [6, 1920],
    [7, 3600],
    [12, 3600],
  ])('after %i earlier attempts the next waits %i s', (attempts, seconds) => {
    expect(retryDelayMs(attempts)).toBe(seconds * SECOND);
  });
});

describe('delivering the outbox', () => {
  it('sends each due row once and marks it delivered', async () => {
    await enqueue(3);
    const email = new RecordingChannel('email');
    expect(await deliverDueOutbox(store.db, [email], T0)).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(email.sent.map((sent) => sent.target)).toEqual([emailTo(0), emailTo(1), emailTo(2)]);
    expect(await rows()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ delivered_at: T0, attempts: 1, lease_until: null, failed_at: null }),
      ]),
    );
    expect(await deliverDueOutbox(store.db, [email], at(3600 * SECOND))).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
    });
    expect(email.sent).toHaveLength(3);
  });

  it('a row written for later is not sent before its time', async () => {
    await enqueue(1, at(10 * SECOND));
    const email = new RecordingChannel('email');
    expect((await deliverDueOutbox(store.db, [email], T0)).delivered).toBe(0);
    expect((await deliverDueOutbox(store.db, [email], at(10 * SECOND))).delivered).toBe(1);
  });

  it('a failure is retried after the back-off, and gives up after the last attempt', async () => {
    await enqueue(1);
    const email = new RecordingChannel('email');
    email.answer = async () => {
      throw new Error('connection refused');
    };
    let now = T0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(await deliverDueOutbox(store.db, [email], now)).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const [row] = await rows();
      expect(row).toMatchObject({ attempts: attempt, lease_until: null, failed_at: null });
      expect(row?.last_error).toContain('connection refused');
      const due = new Date(now.getTime() + retryDelayMs(attempt - 1));
      expect(row?.available_at).toEqual(due);
      // Not a moment before it is due.
      expect(await deliverDueOutbox(store.db, [email], new Date(due.getTime() - 1))).toEqual({
        delivered: 0,
        retried: 0,
        failed: 0,
      });
      now = due;
    }
    expect(await deliverDueOutbox(store.db, [email], now)).toEqual({ delivered: 0, retried: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, failed_at: now, delivered_at: null });
    expect(await deliverDueOutbox(store.db, [email], at(30 * 24 * 3600 * SECOND))).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
    });
  });

  it('a failure that no retry can mend fails at once; a missing channel is retried', async () => {
    await insertOutboxRows(
      store.db,
      [
        { notice: NOTICE, target: emailTo(1) },
        { notice: NOTICE, target: { kind: 'sms', userId: 1, phone: '13800000000' } },
      ],
      T0,
    );
    const email = new RecordingChannel('email');
    email.answer = async () => {
      throw new PermanentDeliveryError('no such mailbox');
    };
    expect(await deliverDueOutbox(store.db, [email], T0)).toEqual({ delivered: 0, retried: 1, failed: 1 });
    const [mail, sms] = await rows();
    expect(mail).toMatchObject({ attempts: 1, failed_at: T0 });
    expect(mail?.last_error).toContain('no such mailbox');
    expect(sms).toMatchObject({ attempts: 1, failed_at: null, available_at: at(30 * SECOND) });
    expect(sms?.last_error).toContain('no sms channel');
  });

  it('two deliverers racing over the same outbox send each row exactly once', async () => {
    await enqueue(60);
    const email = new RecordingChannel('email');
    // Sending takes a little while, so that both runs are in flight together.
    email.answer = () => new Promise((resolve) => setTimeout(resolve, 5));
    const runs = await Promise.all([
      deliverDueOutbox(store.db, [email], T0, 25),
      deliverDueOutbox(store.db, [email], T0, 25),
      deliverDueOutbox(store.db, [email], T0, 25),
    ]);
    expect(runs.reduce((sum, run) => sum + run.delivered, 0)).toBe(60);
    const ids = email.sent.map((sent) => sent.delivery.id);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toHaveLength(60);
    expect((await rows()).every((row) => row.delivered_at !== null && row.attempts === 1)).toBe(true);
  });

  it('a lease left by a crashed deliverer runs out, and the row is sent by the next', async () => {
    await enqueue(2);
    // A deliverer claims both rows and dies before sending or recording anything.
    expect(await claimDueOutbox(store.db, T0, at(LEASE_MS), 50)).toHaveLength(2);
    const email = new RecordingChannel('email');
    expect((await deliverDueOutbox(store.db, [email], at(LEASE_MS - SECOND))).delivered).toBe(0);
    expect((await deliverDueOutbox(store.db, [email], at(LEASE_MS + SECOND))).delivered).toBe(2);
    expect(email.sent).toHaveLength(2);
  });

  it('a deliverer whose lease was taken over records no failure over the new holder', async () => {
    await enqueue(1);
    const [stale] = await claimDueOutbox(store.db, T0, at(LEASE_MS), 50);
    const email = new RecordingChannel('email');
    // The lease ran out and another deliverer has the row now; then the first one's failure comes in.
    const [current] = await claimDueOutbox(store.db, at(LEASE_MS + SECOND), at(2 * LEASE_MS + SECOND), 50);
    expect(current?.id).toBe(stale?.id);
    await markAttemptFailed(
      store.db,
      stale!,
      { retryAt: at(3600 * SECOND), error: 'late' },
      at(LEASE_MS + 2 * SECOND),
    );
    const [row] = await rows();
    expect(row).toMatchObject({ attempts: 0, last_error: null, lease_until: at(2 * LEASE_MS + SECOND) });
    expect(email.sent).toHaveLength(0);
  });
});

describe('pruning the outbox', () => {
  const DAY = 86_400_000;

  /** Three delivered rows, one failed for good and one due next year, all written at T0. */
  async function deliveredFailedAndPending() {
    await enqueue(3);
    const email = new RecordingChannel('email');
    await deliverDueOutbox(store.db, [email], T0);
    await insertOutboxRows(store.db, [{ notice: NOTICE, target: emailTo(9) }], T0);
    email.answer = async () => {
      throw new PermanentDeliveryError('no such mailbox');
    };
    await deliverDueOutbox(store.db, [email], T0);
    await enqueue(1, at(365 * DAY));
  }

  it('deletes delivered rows once they are older than the kept days, and keeps failed and pending ones', async () => {
    await deliveredFailedAndPending();
    expect(await pruneDeliveredOutbox(store.db, at((OUTBOX_KEEP_DELIVERED_DAYS - 1) * DAY))).toBe(0);
    expect(await rows()).toHaveLength(5);
    expect(await pruneDeliveredOutbox(store.db, at((OUTBOX_KEEP_DELIVERED_DAYS + 1) * DAY))).toBe(3);
    const left = await rows();
    expect(left.map((row) => [row.delivered_at, row.failed_at === null])).toEqual([
      [null, false],
      [null, true],
    ]);
  });

  it('the delivery loop prunes too', async () => {
    await deliveredFailedAndPending();
    const stop = startOutboxDelivery(store.db, [new RecordingChannel('email')], {
      intervalMs: 10,
      clock: () => at((OUTBOX_KEEP_DELIVERED_DAYS + 1) * DAY),
    });
    const deadline = Date.now() + 10_000;
    while ((await rows()).length > 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await stop();
    expect(await rows()).toHaveLength(2);
  });
});

describe('the delivery loop', () => {
  it('drains full batches at once, waits between runs, and stops cleanly', async () => {
    await enqueue(7);
    const email = new RecordingChannel('email');
    const errors: unknown[] = [];
    const stop = startOutboxDelivery(store.db, [email], {
      intervalMs: 20,
      batch: 3,
      clock: () => T0,
      onError: (error) => errors.push(error),
    });
    const deadline = Date.now() + 10_000;
    while (email.sent.length < 7 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    expect(email.sent).toHaveLength(7);
    expect(errors).toEqual([]);
    await enqueue(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(email.sent).toHaveLength(7);
  });

  it('a run that fails is reported, and the next run delivers', async () => {
    await enqueue(1);
    const email = new RecordingChannel('email');
    const errors: unknown[] = [];
    // The store is out of reach for the first claim.
    let outages = 1;
    const flaky = new Proxy(store.db, {
      get(target, property) {
        if (property === 'updateTable' && outages > 0) {
          outages -= 1;
          return () => {
            throw new Error('the store cannot be reached');
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const stop = startOutboxDelivery(flaky, [email], {
      intervalMs: 10,
      clock: () => T0,
      onError: (error) => errors.push(error),
    });
    const deadline = Date.now() + 10_000;
    while (email.sent.length < 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('cannot be reached');
    expect(email.sent).toHaveLength(1);
  });
});
