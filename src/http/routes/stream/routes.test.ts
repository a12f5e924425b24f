import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamClient } from '../../../../test/support/event-stream.ts';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import {
  signedInClients,
  startTestServer,
  TestClient,
  type TestServer,
} from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
/** Two app servers on one store, as two processes behind a load balancer: A at the default pace, B faster. */
let serverA: TestServer;
let serverB: TestServer;
const onA = signedInClients(() => serverA.url, TEST_PASSWORD);
const streams: StreamClient[] = [];

const IN_M111 = { lng: 0.25, lat: 0.25 };
const IN_G21 = { lng: 1.25, lat: 0.5 };

async function openStream(server: TestServer, username: string | null, headers: Record<string, string> = {}) {
  const cookie = username === null ? null : (await onA(username)).cookie;
  const stream = await StreamClient.open(`${server.url}/api/v1/stream`, {
    ...(cookie ? { cookie } : {}),
    ...headers,
  });
  streams.push(stream);
  return stream;
}

async function report(username: string, location: { lng: number; lat: number }): Promise<string> {
  const answer = await (await onA(username)).post(
    '/api/v1/events',
    { catalogueItemCode: '01037', description: '路灯不亮', location },
    { 'idempotency-key': randomUUID() },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}

const eventIds = (stream: StreamClient) =>
  stream.dataOf('event-changed').map((change: { eventId: string }) => change.eventId);

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await createPerson(store.db, 'dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' });
  await createPerson(store.db, 'resident.zhou', 'resident', { areaCode: 'G11' });
  await createPerson(store.db, 'resident.dai', 'resident', { areaCode: 'G11' });
  await createPerson(store.db, 'resident.g21', 'resident', { areaCode: 'G21' });
  serverA = await startTestServer(store);
  serverB = await startTestServer(store, { streamPollMs: 200, streamHeartbeatMs: 300 });
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await serverA.close();
  await serverB.close();
  await store.close();
});

describe('GET /api/v1/stream', () => {
  let s1: StreamClient;
  let zhouReport: string;

  it('sends a signed-in person each new change in their sight within seconds', async () => {
    s1 = await openStream(serverA, 'dispatcher.s1');
    expect(s1.status).toBe(200);
    expect(s1.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s1.headers.get('cache-control')).toBe('no-store');
    expect(s1.headers.get('x-content-type-options')).toBe('nosniff');
    const started = Date.now();
    zhouReport = await report('resident.zhou', IN_M111);
    await s1.waitUntil(() => eventIds(s1).includes(zhouReport), 10_000, 'the report to reach the street');
    expect(Date.now() - started).toBeLessThan(10_000);
    const [message] = s1.messages;
    expect(message?.event).toBe('event-changed');
    expect(Number(message?.id)).toBeGreaterThan(0);
    const tracking = await (await onA('dispatcher.s1')).get(`/api/v1/events/${zhouReport}`);
    expect(JSON.parse(message?.data ?? '')).toEqual({
      eventId: zhouReport,
      trackingCode: tracking.body.trackingCode,
      state: 'reported',
      type: 'reported',
      at: tracking.body.reportedAt,
    });
  });

  it('sends nothing of an event out of a person’s sight', async () => {
    const s2 = await openStream(serverA, 'dispatcher.s2');
    const dai = await openStream(serverA, 'resident.dai');
    await report('resident.zhou', IN_M111);
    const inS2 = await report('resident.g21', IN_G21);
    await s2.waitUntil(() => eventIds(s2).includes(inS2), 5000, 'the report in S2 to reach S2');
    // The S2 report was written after the G11 one, so by now the G11 one has been read and passed over.
    await s1.waitUntil(() => eventIds(s1).length === 2, 5000, 'the second G11 report to reach S1');
    expect(eventIds(s2)).toEqual([inS2]);
    expect(eventIds(dai)).toEqual([]);
    expect(eventIds(s1)).not.toContain(inS2);
  });

  it('a change written through one app server reaches the listeners of another on the same store', async () => {
    const onB = await openStream(serverB, 'dispatcher.s1');
    const id = await report('resident.zhou', IN_M111);
    await onB.waitUntil(() => eventIds(onB).includes(id), 5000, 'server B to deliver');
    await s1.waitUntil(() => eventIds(s1).includes(id), 5000, 'server A to deliver');
    expect(eventIds(onB)).toEqual([id]);
  });

  it('a client resuming with Last-Event-ID is sent what it missed, in order, once', async () => {
    const [first, ...rest] = s1.messages;
    const resumed = await openStream(serverB, 'dispatcher.s1', { 'last-event-id': first?.id ?? '' });
    await resumed.waitUntil(() => resumed.messages.length >= rest.length, 5000, 'the missed changes');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(resumed.messages).toEqual(rest);
  });

  it('sends a comment to keep the line open', async () => {
    const stream = await openStream(serverB, 'resident.dai');
    await stream.waitUntil(() => stream.comments.includes('heartbeat'), 3000, 'a heartbeat');
  });

  it('ends the stream when the session ends', async () => {
    const client = new TestClient(serverB.url);
    await client.signIn('resident.dai', TEST_PASSWORD);
    const stream = await StreamClient.open(`${serverB.url}/api/v1/stream`, { cookie: client.cookie ?? '' });
    streams.push(stream);
    expect(stream.status).toBe(200);
    expect((await client.request('DELETE', '/api/v1/session')).status).toBe(204);
    await stream.waitUntil(() => stream.ended, 3000, 'the stream to end');
  });

  it('ends the stream within 3 s when the session ends through another process, however rare its heartbeat', async () => {
    // A sends a heartbeat every 15 s but asks every second whether the person is still signed in; its memory
    // of the session lasts 2 s (SIGNED_IN_CACHE_MS).
    const client = new TestClient(serverB.url);
    await client.signIn('resident.dai', TEST_PASSWORD);
    const stream = await StreamClient.open(`${serverA.url}/api/v1/stream`, { cookie: client.cookie ?? '' });
    streams.push(stream);
    expect(stream.status).toBe(200);
    expect((await client.request('DELETE', '/api/v1/session')).status).toBe(204);
    const signedOutAt = performance.now();
    await stream.waitUntil(() => stream.ended, 5000, 'the stream to end');
    expect(performance.now() - signedOutAt).toBeLessThan(3000 + 500);
  });

  it('refuses someone not signed in, and a Last-Event-ID that is not one', async () => {
    const anonymous = await openStream(serverA, null, { 'accept-language': 'en' });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).detail).toContain('Sign in');
    const bad = await openStream(serverA, 'dispatcher.s1', { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
  });

  it('closing the app ends its open streams instead of waiting for them', async () => {
    const server = await startTestServer(store, { streamPollMs: 200 });
    const stream = await openStream(server, 'dispatcher.s1');
    expect(stream.status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3000);
    await stream.waitUntil(() => stream.ended, 3000, 'the stream to end');
  });
});
