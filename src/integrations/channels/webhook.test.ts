import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import {
  deactivateWebhookSubscription,
  findWebhookSubscription,
  insertWebhookSubscription,
} from '../../db/repositories/notifications.ts';
import { insertOutboxRows } from '../../db/repositories/outbox.ts';
import type { Notice } from '../../domain/notices.ts';
import { deliverDueOutbox } from '../../jobs/outbox-delivery.ts';
import { createWebhookChannel, signWebhook, verifyWebhookSignature } from './webhook.ts';

/** What the receiver saw of one request. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let store: TestStore;
let server: Server;
let receiverUrl: string;
const received: Received[] = [];
/** The receiver's next answers, in order; once used up it answers 200. */
let answers: number[] = [];
let hang = false;

const T0 = new Date('2025-03-03T01:00:00.000Z');
const SECRET = 'whsec_test-secret';
const NOTICE: Notice = {
  kind: 'whistle',
  eventId: '00000000-0000-4000-8000-000000000001',
  eventAreaPath: 'D/S1/C1/G11',
  audience: { kind: 'unit', unitKind: 'district_department', code: 'URBAN' },
  title: { zh: '街道吹哨，请部门报到', en: 'The street blew the whistle' },
  body: { zh: '路灯不亮', en: 'A street lamp is out' },
};

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

async function subscribe(url: string, secret = SECRET): Promise<number> {
  const row = await insertWebhookSubscription(
    store.db,
    { name: 'receiver', url, secret, kinds: ['whistle'], areaPath: 'D', createdBy: null },
    T0,
  );
  return row.id;
}

// A loaded CI machine can take well over half a second for the first request of a process, so the
// channel that must succeed is patient; only the receiver that never answers meets a short timeout.
const channel = createWebhookChannel({
  findEndpoint: (id) => findWebhookSubscription(store.db, id),
  timeoutMs: 15_000,
});
const impatientChannel = createWebhookChannel({
  findEndpoint: (id) => findWebhookSubscription(store.db, id),
  timeoutMs: 300,
});

beforeAll(async () => {
  store = await openTestStore();
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      if (hang) return;
      const status = answers.shift() ?? 200;
      if (status === 302) response.setHeader('location', 'http://127.0.0.1:9/elsewhere');
      response.statusCode = status;
      response.end(status === 200 ? 'ok' : 'no');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/huying`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await store.close();
});

beforeEach(async () => {
  received.length = 0;
  answers = [];
  hang = false;
  await store.db.deleteFrom('outbox').execute();
});

describe('signed webhooks to a real receiver', () => {
  it('posts the notice as JSON, signed with the secret and stamped with the time', async () => {
    const subscriptionId = await subscribe(receiverUrl);
    await insertOutboxRows(store.db, [{ notice: NOTICE, target: { kind: 'webhook', subscriptionId } }], T0);
    expect(await deliverDueOutbox(store.db, [channel], T0)).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [request] = received;
    const timestamp = header(request!.headers, 'x-huying-timestamp');
    const signature = header(request!.headers, 'x-huying-signature');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifyWebhookSignature(SECRET, timestamp, request!.body, signature, new Date())).toBe(true);
    expect(header(request!.headers, 'content-type')).toContain('application/json');
    const payload = JSON.parse(request!.body);
    expect(payload).toMatchObject({
      id: Number(header(request!.headers, 'x-huying-delivery')),
      kind: 'whistle',
      eventId: NOTICE.eventId,
      title: NOTICE.title,
      body: NOTICE.body,
      createdAt: T0.toISOString(),
    });
  });

  it('a receiver refuses a replayed request, another secret, and a changed body', async () => {
    const subscriptionId = await subscribe(receiverUrl);
    await insertOutboxRows(store.db, [{ notice: NOTICE, target: { kind: 'webhook', subscriptionId } }], T0);
    await deliverDueOutbox(store.db, [channel], T0);
    const [request] = received;
    const timestamp = header(request!.headers, 'x-huying-timestamp');
    const signature = header(request!.headers, 'x-huying-signature');
    const sentAt = new Date(Number(timestamp) * 1000);
    expect(
      verifyWebhookSignature(
        SECRET,
        timestamp,
        request!.body,
        signature,
        new Date(sentAt.getTime() + 299_000),
      ),
    ).toBe(true);
    // The same request played again six minutes later.
    expect(
      verifyWebhookSignature(
        SECRET,
        timestamp,
        request!.body,
        signature,
        new Date(sentAt.getTime() + 360_000),
      ),
    ).toBe(false);
    expect(verifyWebhookSignature('another secret', timestamp, request!.body, signature, sentAt)).toBe(false);
    expect(
      verifyWebhookSignature(
        SECRET,
        timestamp,
        request!.body.replace('whistle', 'result'),
        signature,
        sentAt,
      ),
    ).toBe(false);
    // An old request given a fresh timestamp does not match its signature.
    const fresh = String(Number(timestamp) + 360);
    expect(
      verifyWebhookSignature(SECRET, fresh, request!.body, signature, new Date(Number(fresh) * 1000)),
    ).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'yesterday', request!.body, signature, sentAt)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, request!.body, 'sha256=00', sentAt)).toBe(false);
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256', () => {
    // echo -n '1700000000.{}' | openssl dgst -sha256 -hmac key
    expect(signWebhook('key', '1700000000', '{}')).toBe(
      'sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae',
    );
  });

  it('a 500 answer is retried after the back-off, and a later 200 delivers it, with the same delivery id', async () => {
    const subscriptionId = await subscribe(receiverUrl);
    await insertOutboxRows(store.db, [{ notice: NOTICE, target: { kind: 'webhook', subscriptionId } }], T0);
    answers = [500];
    expect(await deliverDueOutbox(store.db, [channel], T0)).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const [row] = await store.db.selectFrom('outbox').selectAll().execute();
    expect(row).toMatchObject({
      attempts: 1,
      delivered_at: null,
      available_at: new Date(T0.getTime() + 30_000),
    });
    expect(row?.last_error).toContain('500');
    expect(await deliverDueOutbox(store.db, [channel], new Date(T0.getTime() + 29_000))).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
    });
    const later = new Date(T0.getTime() + 30_000);
    expect(await deliverDueOutbox(store.db, [channel], later)).toEqual({
      delivered: 1,
      retried: 0,
      failed: 0,
    });
    expect(received).toHaveLength(2);
    expect(header(received[0]!.headers, 'x-huying-delivery')).toBe(
      header(received[1]!.headers, 'x-huying-delivery'),
    );
    const [delivered] = await store.db.selectFrom('outbox').selectAll().execute();
    expect(delivered).toMatchObject({ attempts: 2, delivered_at: later, last_error: null });
  });

  it('a redirect, a receiver that never answers and one that is down are failures', async () => {
    const subscriptionId = await subscribe(receiverUrl);
    const deadId = await subscribe('http://127.0.0.1:9/nobody-listens');
    await insertOutboxRows(store.db, [{ notice: NOTICE, target: { kind: 'webhook', subscriptionId } }], T0);
    answers = [302];
    expect(await deliverDueOutbox(store.db, [channel], T0)).toMatchObject({ retried: 1 });
    hang = true;
    expect(
      await deliverDueOutbox(store.db, [impatientChannel], new Date(T0.getTime() + 30_000)),
    ).toMatchObject({
      retried: 1,
    });
    await insertOutboxRows(
      store.db,
      [{ notice: NOTICE, target: { kind: 'webhook', subscriptionId: deadId } }],
      T0,
    );
    expect(await deliverDueOutbox(store.db, [channel], new Date(T0.getTime() + 30_000))).toMatchObject({
      retried: 1,
    });
    const errors = (await store.db.selectFrom('outbox').select('last_error').orderBy('id').execute()).map(
      (row) => row.last_error,
    );
    expect(errors[0]).toMatch(/TimeoutError|aborted/i);
    expect(errors[1]).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('a stopped subscription is not sent what it was still owed', async () => {
    const subscriptionId = await subscribe(receiverUrl);
    await insertOutboxRows(store.db, [{ notice: NOTICE, target: { kind: 'webhook', subscriptionId } }], T0);
    await deactivateWebhookSubscription(store.db, subscriptionId);
    expect(await deliverDueOutbox(store.db, [channel], T0)).toEqual({ delivered: 0, retried: 0, failed: 1 });
    expect(received).toHaveLength(0);
  });
});
