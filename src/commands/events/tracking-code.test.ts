import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import {
  isTrackingCodeTaken,
  newTrackingCode,
  retryOnTrackingCodeCollision,
  TRACKING_CODE_ATTEMPTS,
  trackingCodeRandomness,
} from './tracking-code.ts';

const realDraw = trackingCodeRandomness.draw;
afterEach(() => {
  trackingCodeRandomness.draw = realDraw;
});

/** An error as both stores raise it when an insert meets a unique constraint. */
function uniqueViolation(constraint: string): Error {
  return Object.assign(new Error(`duplicate key value violates unique constraint "${constraint}"`), {
    code: '23505',
    constraint,
  });
}

describe('a tracking code', () => {
  it('is the UTC day and 60 random bits in three groups of four Crockford symbols', () => {
    const codes = new Set(
      Array.from({ length: 10_000 }, () => newTrackingCode(new Date('2025-03-03T23:30:00Z'))),
    );
    expect(codes.size).toBe(10_000);
    for (const code of codes) expect(code).toMatch(/^HY-250303(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('a collision is filed again with a new code; another error or a collision every time is passed on', async () => {
    let runs = 0;
    const filed = await retryOnTrackingCodeCollision(async () => {
      runs++;
      if (runs === 1) throw uniqueViolation('events_tracking_code_key');
      return 'filed';
    });
    expect([filed, runs]).toEqual(['filed', 2]);

    runs = 0;
    const other = uniqueViolation('idempotency_keys_pkey');
    await expect(
      retryOnTrackingCodeCollision(async () => {
        runs++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(runs).toBe(1);

    runs = 0;
    await expect(
      retryOnTrackingCodeCollision(async () => {
        runs++;
        throw uniqueViolation('events_tracking_code_key');
      }),
    ).rejects.toSatisfy(isTrackingCodeTaken);
    expect(runs).toBe(TRACKING_CODE_ATTEMPTS);
  });
});

describe('a report is never refused by chance', () => {
  let store: TestStore;
  let server: TestServer;
  let worker: TestClient;

  beforeAll(async () => {
    store = await openTestStore();
    await seedSmallDistrict(store.db);
    await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' });
    server = await startTestServer(store);
    worker = new TestClient(server.url, 'en');
    await worker.signIn('worker.g11', TEST_PASSWORD);
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const report = (description: string) =>
    worker.post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description, location: { lng: 0.25, lat: 0.75 } },
      { 'idempotency-key': randomUUID() },
    );

  it('a report that draws a tracking code already taken is accepted with a new one', async () => {
    const first = await report('路灯不亮');
    expect(first.status).toBe(201);
    const taken: string = first.body.trackingCode;

    // The next draw repeats the first report's symbols (the day is the same), then draws are random again.
    const draws: string[] = [];
    trackingCodeRandomness.draw = (count) => {
      const drawn = draws.length === 0 ? taken.slice(10).replaceAll('-', '') : realDraw(count);
      draws.push(drawn);
      return drawn;
    };
    const second = await report('路灯又不亮了');
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(draws).toHaveLength(2);
    expect(second.body.trackingCode).not.toBe(taken);

    const stored = await sql<{ tracking_code: string }>`
      select tracking_code from events where id in (${first.body.id}, ${second.body.id})`.execute(store.db);
    expect(stored.rows.map((row) => row.tracking_code).sort()).toEqual(
      [taken, second.body.trackingCode].sort(),
    );
  });
});
