import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerStore } from '../src/db/store.ts';
import { type AppProcess, freePort, spawnApp, waitHealthy } from './support/app-process.ts';
import { TestClient } from './support/test-server.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.ts';

/**
 * The store goes away and comes back: an app process on a PostgreSQL cluster of this test's own, under a small
 * steady load of reports, while the cluster is stopped and started again several times (sessions ended with an
 * administrator's message, or dropped without a word, while clients are idle, checked out or mid-query, and
 * while the sweeper, the sealer, the folder and the outbox run). The process must live through all of it,
 * answer 503 problem+json with Retry-After while the store is away, be back within 2 s of the store's return,
 * and every report it acknowledged must be in the store afterwards.
 */

const OUTAGES = 6;
const OUTAGE_MS = 1500;
const LOAD_BETWEEN_MS = 1500;
const REPORTERS = 4;
const RECOVERY_LIMIT_MS = 2000;

let cluster: ThrowawayPostgres;
let app: AppProcess;
let exitCode: number | null | undefined;
const dataDir = join(tmpdir(), `huying-outage-${randomUUID()}`);

beforeAll(async () => {
  const t0 = performance.now();
  cluster = await startThrowawayPostgres();
  const t1 = performance.now();
  app = spawnApp({ DATABASE_URL: cluster.url, HUYING_DATA_DIR: dataDir }, await freePort());
  void app.exited.then((code) => {
    exitCode = code;
  });
  await waitHealthy(app);
  console.log(
    `store outage: cluster up in ${Math.round(t1 - t0)} ms, app healthy in ${Math.round(performance.now() - t1)} ms`,
  );
});

afterAll(async () => {
  app?.child.kill('SIGKILL');
  await app?.exited;
  await cluster?.destroy();
  await rm(dataDir, { recursive: true, force: true });
});

interface Tally {
  acknowledged: Map<string, string>;
  statuses: Map<number, number>;
  unexpected: string[];
}

function count(tally: Tally, status: number): void {
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
}

describe('the store goes away and comes back', () => {
  it(`lives through ${OUTAGES} outages of the store, answers 503 meanwhile, recovers within 2 s and loses no acknowledged report`, async () => {
    const worker = new TestClient(app.url);
    await worker.signIn('demo-grid-worker', 'huying-demo');
    const me = await worker.get('/api/v1/me');
    const areaCode: string = me.body.area.code;

    const tally: Tally = { acknowledged: new Map(), statuses: new Map(), unexpected: [] };
    let loading = true;
    const reporter = async () => {
      while (loading && exitCode === undefined) {
        const key = randomUUID();
        // A report whose answer was lost (the store went away mid-way) is sent again with its key, as the phone
        // does, until it is answered; only an answer of 200 or 201 counts as acknowledged.
        for (;;) {
          let answer: Awaited<ReturnType<TestClient['post']>>;
          try {
            answer = await worker.post(
              '/api/v1/events',
              { catalogueItemCode: '01037', description: `路灯不亮 ${key}`, areaCode },
              { 'idempotency-key': key },
            );
          } catch (error) {
            tally.unexpected.push(`no answer: ${String(error)}`);
            if (exitCode !== undefined) break;
            await new Promise((resolve) => setTimeout(resolve, 200));
            continue;
          }
          count(tally, answer.status);
          if (answer.status === 200 || answer.status === 201) {
            tally.acknowledged.set(key, answer.body.id);
            break;
          }
          if (answer.status === 503) {
            const problem = answer.body;
            if (
              !answer.headers.get('content-type')?.startsWith('application/problem+json') ||
              problem.status !== 503 ||
              !/^\d+$/.test(answer.headers.get('retry-after') ?? '')
            )
              tally.unexpected.push(`503 without problem+json and Retry-After: ${JSON.stringify(problem)}`);
          } else {
            tally.unexpected.push(`${answer.status}: ${JSON.stringify(answer.body)}`);
          }
          if (!loading) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    // A dispatcher's live stream stays open through the outages (reconnecting when it is ended), so that the
    // change feed's poller and the stream's session checks meet the store's absence too.
    const dispatcher = new TestClient(app.url);
    await dispatcher.signIn('demo-street-dispatcher', 'huying-demo');
    let streamed = 0;
    const stopStreaming = new AbortController();
    const listener = async () => {
      while (loading && exitCode === undefined) {
        try {
          const response = await fetch(`${app.url}/api/v1/stream`, {
            headers: { cookie: dispatcher.cookie ?? '' },
            signal: stopStreaming.signal,
          });
          const reader = response.body?.getReader();
          while (reader && loading) {
            const { done, value } = await reader.read();
            if (done) break;
            streamed += (new TextDecoder().decode(value).match(/^event: event-changed$/gm) ?? []).length;
          }
          await reader?.cancel();
        } catch {
          // the stream broke off; open it again
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const load = Promise.all([...Array.from({ length: REPORTERS }, reporter), listener()]);

    const recoveries: number[] = [];
    try {
      for (let outage = 0; outage < OUTAGES && exitCode === undefined; outage++) {
        await new Promise((resolve) => setTimeout(resolve, LOAD_BETWEEN_MS));
        await cluster.stop(outage % 2 === 0 ? 'fast' : 'immediate');
        const during = await fetch(`${app.url}/healthz`).catch((error: unknown) => {
          throw new Error(`the app did not answer (${String(error)}):\n${app.output()}`);
        });
        expect(during.status).toBe(503);
        expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        await cluster.start();
        const back = performance.now();
        const before = tally.acknowledged.size;
        // Back means a report is acknowledged again, not merely that /healthz answers.
        while (tally.acknowledged.size === before && performance.now() - back < 10_000)
          await new Promise((resolve) => setTimeout(resolve, 20));
        recoveries.push(performance.now() - back);
        expect(exitCode, app.output()).toBeUndefined();
      }
    } finally {
      loading = false;
      stopStreaming.abort();
      await load;
    }

    expect(exitCode, app.output()).toBeUndefined();
    expect(app.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(tally.unexpected).toEqual([]);
    // The load ran through the outages: some reports were answered 503, many were acknowledged.
    expect(tally.statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(tally.acknowledged.size).toBeGreaterThan(OUTAGES * 5);
    expect(Math.max(...recoveries)).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(streamed).toBeGreaterThan(0);

    const store = openServerStore(cluster.url, 1);
    try {
      const stored = await sql<{ idempotency_key: string; event_id: string }>`
        select key as idempotency_key, event_id::text from idempotency_keys`.execute(store.db);
      const storedKeys = new Map(stored.rows.map((row) => [row.idempotency_key, row.event_id]));
      const lost = [...tally.acknowledged].filter(([key, id]) => storedKeys.get(key) !== id);
      expect(lost).toEqual([]);
      const events = await sql<{ n: number }>`
        select count(*)::int as n from events where id = any(${[...tally.acknowledged.values()]}::uuid[])`.execute(
        store.db,
      );
      expect(events.rows[0]?.n).toBe(tally.acknowledged.size);
    } finally {
      await store.close();
    }
    console.log(
      `store outage: ${OUTAGES} outages, ${tally.acknowledged.size} reports acknowledged and stored, ` +
        `answers ${JSON.stringify(Object.fromEntries(tally.statuses))}, ${streamed} changes streamed, recovered in ` +
        `${recoveries.map((ms) => Math.round(ms)).join(', ')} ms`,
    );
  });
});
