import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { countRequest, deleteExpiredRequestCounts, readRequestCount } from './rate-limits.ts';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore();
});

afterAll(async () => {
  await store.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('request counts of the rate limits', () => {
  it('count up within a window and start again at one once it has passed', async () => {
    expect((await countRequest(store.db, 'a', 1500)).count).toBe(1);
    const second = await countRequest(store.db, 'a', 1500);
    expect(second.count).toBe(2);
    expect(second.resetsAt.getTime()).toBeGreaterThan(Date.now());
    expect(await readRequestCount(store.db, 'a')).toMatchObject({ count: 2 });
    expect((await countRequest(store.db, 'b', 1500)).count).toBe(1);
    await pause(1600);
    expect(await readRequestCount(store.db, 'a')).toEqual({ count: 0, resetsAt: null });
    expect((await countRequest(store.db, 'a', 60_000)).count).toBe(1);
  });

  it('many requests at once each count once', async () => {
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => countRequest(store.db, 'crowd', 60_000).then((one) => one.count)),
    );
    expect(counts.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it('forgets only the windows that have passed', async () => {
    await countRequest(store.db, 'brief', 1);
    await pause(20);
    expect(await deleteExpiredRequestCounts(store.db)).toBeGreaterThanOrEqual(1);
    const left = await store.db.selectFrom('rate_limits').select('key').orderBy('key').execute();
    expect(left.map((row) => row.key)).toEqual(['a', 'crowd']);
  });
});
