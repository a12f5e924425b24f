import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { findCallbackEndpoint } from '../../../db/repositories/hotline.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { createHotlineCallbackChannel } from '../../../integrations/channels/hotline-callback.ts';
import { signWebhook, verifyWebhookSignature } from '../../../integrations/channels/webhook.ts';
import { fanOutNotices } from '../../../jobs/notice-fan-out.ts';
import { deliverDueOutbox } from '../../../jobs/outbox-delivery.ts';

let store: TestStore;
let server: TestServer;
let receiver: Server;
let receiverUrl = '';
const as = signedInClients(() => server.url, TEST_PASSWORD);
let dispatcher: Actor;
let officer: Actor;
let source: { id: number; code: string; token: string; signingSecret: string };
/** What the local receiver took: each body with whether its signature held. */
const received: { body: Record<string, unknown>; signed: boolean }[] = [];
let receiverAnswers = 200;

const IN_G11 = { lng: 0.25, lat: 0.75 };

async function send(path: string, payload: unknown, options: { secret?: string; at?: number } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = String(options.at ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${source.token}`,
      'x-hotline-timestamp': timestamp,
      'x-hotline-signature': signWebhook(options.secret ?? source.signingSecret, timestamp, body),
    },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back and assert on it
  const answer: any = await response.json();
  return { status: response.status, body: answer };
}

function order(orderNo: string, overrides: Record<string, unknown> = {}) {
  return {
    orderNo,
    requestType: '投诉',
    callerName: '张三',
    callerPhone: '13812345678',
    address: '红桥区某小区3号楼',
    location: IN_G11,
    content: '楼下餐馆油烟扰民',
    urgency: 'normal',
    dueAt: '2026-12-20T18:00:00+08:00',
    ...overrides,
  };
}

/** Turns queued notices into outbox rows, then delivers the callbacks to the local receiver. */
async function deliverCallbacks() {
  await fanOutNotices(store.db, new Date());
  const channel = createHotlineCallbackChannel({
    findEndpoint: (sourceId, eventId) => findCallbackEndpoint(store.db, sourceId, eventId),
  });
  return deliverDueOutbox(store.db, [channel], new Date());
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  const dispatcherId = await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  dispatcher = { userId: dispatcherId, roles: ['street_dispatcher'], areaPath: 'D/S1', departmentCode: null };
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const signed = verifyWebhookSignature(
        source.signingSecret,
        String(request.headers['x-huying-timestamp']),
        body,
        String(request.headers['x-huying-signature']),
        new Date(),
      );
      if (receiverAnswers === 200) received.push({ body: JSON.parse(body), signed });
      response.writeHead(receiverAnswers).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callbacks`;
  server = await startTestServer(store);
  const admin = await as('admin.d');
  const created = await admin.post('/api/v1/hotline/sources', {
    code: 'tj-12345',
    name: '天津12345',
    callbackUrl: receiverUrl,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  source = created.body;
  expect(source.token).toMatch(/^hl_/);
  const officerId = await createPerson(store.db, 'officer.s1', 'department_officer', {
    departmentCode: 'S1-LAW',
  });
  officer = { userId: officerId, roles: ['department_officer'], areaPath: null, departmentCode: 'S1-LAW' };
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await store?.close();
});

describe('a 12345 work order through its whole life', () => {
  let eventId = '';

  it('is refused without a valid signature, with a stale timestamp, or with another secret', async () => {
    expect(
      (await send('/hotline/v1/sources/tj-12345/orders', order('A-0'), { secret: 'wrong' })).status,
    ).toBe(403);
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect((await send('/hotline/v1/sources/tj-12345/orders', order('A-0'), { at: stale })).status).toBe(403);
    expect((await send('/hotline/v1/sources/other/orders', order('A-0'))).status).toBe(403);
  });

  it('is filed once: sent twice, it is the same event', async () => {
    const first = await send('/hotline/v1/sources/tj-12345/orders', order('A-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.outcome).toBe('created');
    const again = await send('/hotline/v1/sources/tj-12345/orders', order('A-1'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ eventId: first.body.eventId, outcome: 'unchanged' });
    eventId = first.body.eventId;
    const events = await store.db.selectFrom('events').select(['id', 'source']).execute();
    expect(events.filter((event) => event.id === eventId)).toEqual([{ id: eventId, source: 'hotline' }]);
    expect(events).toHaveLength(1);
  });

  it('sent again with changes, it updates the same event and takes the urgency’s limits', async () => {
    const updated = await send(
      '/hotline/v1/sources/tj-12345/orders',
      order('A-1', { urgency: '紧急', content: '油烟很大，老人呼吸困难' }),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ eventId, outcome: 'updated' });
    expect(updated.body.changed).toEqual(['urgency', 'content']);
    const row = await store.db
      .selectFrom('hotline_orders')
      .select(['revision', 'urgency', 'content'])
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ revision: 2, urgency: 'emergency', content: '油烟很大，老人呼吸困难' });
    const event = await store.db
      .selectFrom('events')
      .select('catalogue_item')
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect((event.catalogue_item as { limits: unknown }).limits).toMatchObject({
      accept: { unit: 'hours', amount: 1 },
      handle: { unit: 'hours', amount: 24 },
    });
  });

  it('an urge is recorded once on the case, as an urge fact, and its holders hear of it', async () => {
    const urge = await send(`/hotline/v1/sources/tj-12345/orders/A-1/urges`, {
      urgeId: 'U-1',
      content: '市民再次来电催促',
    });
    expect(urge.status, JSON.stringify(urge.body)).toBe(201);
    const again = await send(`/hotline/v1/sources/tj-12345/orders/A-1/urges`, {
      urgeId: 'U-1',
      content: '市民再次来电催促',
    });
    expect(again.body).toEqual({ eventId, replayed: true });
    const urged = await store.db
      .selectFrom('event_log')
      .select('fact')
      .where('event_id', '=', eventId)
      .execute();
    expect(
      urged.map((row) => (row.fact as { type: string }).type).filter((type) => type === 'urged'),
    ).toHaveLength(1);
    expect(
      (await send(`/hotline/v1/sources/tj-12345/orders/NONE/urges`, { urgeId: 'U-2', content: 'x' })).status,
    ).toBe(404);
  });

  it('acceptance, result and satisfaction go back signed, through the outbox, retried after a failure', async () => {
    const at = new Date();
    const step = async (command: Parameters<typeof runCommand>[2], actor: Actor) => {
      const outcome = await runCommand(store.db, eventId, command, actor, at);
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    };
    await step(
      { type: 'dispatch', lead: { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' }, assisting: [] },
      dispatcher,
    );
    await step({ type: 'accept' }, officer);
    receiverAnswers = 503;
    const failed = await deliverCallbacks();
    expect(failed.retried).toBe(1);
    receiverAnswers = 200;
    await store.db
      .updateTable('outbox')
      .set({ available_at: new Date(0) })
      .where('channel', '=', 'hotline')
      .execute();
    expect((await deliverCallbacks()).delivered).toBe(1);
    await step({ type: 'handle', text: '已责令安装油烟净化器', attachmentIds: [] }, officer);
    await step({ type: 'verify', passed: true, text: '现场无油烟', attachmentIds: [] }, dispatcher);
    await step({ type: 'rate', rating: 'satisfied', comment: '', rework: false }, dispatcher);
    await step({ type: 'close', text: '已办结' }, dispatcher);
    expect((await deliverCallbacks()).delivered).toBe(2);
    expect(received.every((one) => one.signed)).toBe(true);
    // The acceptance went first; the rating and the closing leave in one delivery run, in either order.
    expect(received[0]?.body).toEqual(
      expect.objectContaining({ type: 'accepted', orderNo: 'A-1', source: 'tj-12345' }),
    );
    expect(received.slice(1).map((one) => one.body)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'satisfaction',
          satisfaction: 'satisfied',
          satisfactionLabel: '满意',
        }),
        expect.objectContaining({ type: 'result', result: 'resolved', resultLabel: '解决' }),
      ]),
    );
    expect(received).toHaveLength(3);
  });

  it('an urge on a finished order is refused', async () => {
    const late = await send(`/hotline/v1/sources/tj-12345/orders/A-1/urges`, {
      urgeId: 'U-3',
      content: '再催',
    });
    expect(late.status).toBe(409);
  });

  it('an order handed back (退单) sends its reason and the result 退单', async () => {
    const filed = await send('/hotline/v1/sources/tj-12345/orders', order('A-2'));
    expect(filed.status).toBe(201);
    const outcome = await runCommand(
      store.db,
      filed.body.eventId,
      { type: 'cancel', reason: '不属于本区管辖' },
      dispatcher,
      new Date(),
    );
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    received.length = 0;
    expect((await deliverCallbacks()).delivered).toBe(1);
    expect(received).toEqual([
      {
        signed: true,
        body: expect.objectContaining({
          type: 'returned',
          orderNo: 'A-2',
          reason: '不属于本区管辖',
          resultLabel: '退单',
        }),
      },
    ]);
  });

  it('a callback that fails for good is visible to administrators, and can be sent again', async () => {
    const admin = await as('admin.d');
    expect(
      (
        await admin.request('PATCH', `/api/v1/hotline/sources/${source.id}`, {
          callbackUrl: 'http://127.0.0.1:1/none',
        })
      ).status,
    ).toBe(200);
    const filed = await send('/hotline/v1/sources/tj-12345/orders', order('A-3'));
    await runCommand(
      store.db,
      filed.body.eventId,
      { type: 'cancel', reason: '重复工单' },
      dispatcher,
      new Date(),
    );
    await fanOutNotices(store.db, new Date());
    await store.db
      .updateTable('outbox')
      .set({ attempts: 7 })
      .where('channel', '=', 'hotline')
      .where('delivered_at', 'is', null)
      .execute();
    await deliverCallbacks();
    const failed = await admin.get(`/api/v1/hotline/sources/${source.id}/callbacks?failed=true`);
    expect(failed.status).toBe(200);
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ orderNo: 'A-3', callback: { type: 'returned' } });
    expect(failed.body.items[0].lastError).toBeTruthy();
    const retry = await admin.post(
      `/api/v1/hotline/sources/${source.id}/callbacks/${failed.body.items[0].id}/retry`,
      {},
    );
    expect(retry.status).toBe(200);
  });

  it('the three rates per source', async () => {
    const leader = await as('admin.d');
    const rates = await leader.get('/api/v1/hotline/rates');
    expect(rates.status).toBe(200);
    expect(rates.body.items).toEqual([
      expect.objectContaining({
        code: 'tj-12345',
        counts: expect.objectContaining({
          orders: 3,
          responded: 3,
          finished: 3,
          resolved: 1,
          rated: 1,
          satisfied: 1,
        }),
        rates: { responseRate: 1, resolutionRate: 1 / 3, satisfactionRate: 1 },
      }),
    ]);
  });
});
