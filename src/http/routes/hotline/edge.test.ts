import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { signWebhook } from '../../../integrations/channels/webhook.ts';

let store: TestStore;
let server: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);
let source: { id: number; code: string; token: string; signingSecret: string };

const IN_G11 = { lng: 0.25, lat: 0.75 };

/** Sends `body` as written (a string is sent byte for byte) to a source's path, signed unless told otherwise. */
async function sendRaw(path: string, body: string, options: { secret?: string; token?: string } = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': 'en',
      authorization: `Bearer ${options.token ?? source.token}`,
      'x-hotline-timestamp': timestamp,
      'x-hotline-signature': signWebhook(options.secret ?? source.signingSecret, timestamp, body),
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back and assert on it
    body: (text ? JSON.parse(text) : null) as any,
  };
}

function order(orderNo: string, overrides: Record<string, unknown> = {}) {
  return {
    orderNo,
    requestType: '投诉',
    callerName: '李四',
    callerPhone: '13900001111',
    location: IN_G11,
    content: '路灯不亮',
    urgency: '一般',
    ...overrides,
  };
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' });
  await createPerson(store.db, 'worker.g12', 'grid_worker', { areaCode: 'G12' });
  server = await startTestServer(store);
  const created = await (await as('admin.d')).post('/api/v1/hotline/sources', {
    code: 'edge-12345',
    name: '边界测试热线',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  source = created.body;
});

afterAll(async () => {
  await server?.close();
  await store?.close();
});

describe('the signed ingestion endpoint checks the signature over the bytes sent, then the fields', () => {
  it('a body signed as sent is taken, even with spacing a re-serialisation would lose', async () => {
    const body = `{ "orderNo" : "EDGE-1",  "requestType":"投诉","urgency":"normal","content":"井盖缺失","location":{"lng":0.25,"lat":0.75} }`;
    const answer = await sendRaw(`/hotline/v1/sources/${source.code}/orders`, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ orderNo: 'EDGE-1', outcome: 'created' });
  });

  it('a wrong secret is 403 even when the fields are also wrong: the caller learns nothing of them', async () => {
    const answer = await sendRaw(`/hotline/v1/sources/${source.code}/orders`, '{"orderNo":7}', {
      secret: 'not-the-secret',
    });
    expect(answer.status).toBe(403);
    expect(answer.type).toContain('application/problem+json');
  });

  it('a body changed after signing is 403', async () => {
    const signed = JSON.stringify(order('EDGE-2'));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${server.url}/hotline/v1/sources/${source.code}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${source.token}`,
        'x-hotline-timestamp': timestamp,
        'x-hotline-signature': signWebhook(source.signingSecret, timestamp, signed),
      },
      body: signed.replace('路灯不亮', '路灯全亮'),
    });
    expect(response.status).toBe(403);
  });

  it('signed but malformed: not JSON, an array, or fields of the wrong type are 400 problem+json naming the field', async () => {
    const path = `/hotline/v1/sources/${source.code}/orders`;
    const notJson = await sendRaw(path, '{"orderNo":');
    expect(notJson.status).toBe(400);
    expect(notJson.type).toContain('application/problem+json');
    const array = await sendRaw(path, '[1,2]');
    expect(array.status).toBe(400);
    const wrongType = await sendRaw(
      path,
      JSON.stringify(order('EDGE-3', { location: { lng: 'east', lat: 1 } })),
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.type).toContain('application/problem+json');
    expect(JSON.stringify(wrongType.body.errors)).toContain('/location');
    const missing = await sendRaw(
      path,
      JSON.stringify({ orderNo: 'EDGE-4', requestType: '投诉', urgency: 'normal' }),
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyword: 'required', params: { missingProperty: 'content' } }),
      ]),
    );
  });

  it('what only the order rules know (an unknown urgency, no place) is 400 with each problem in words', async () => {
    const answer = await sendRaw(
      `/hotline/v1/sources/${source.code}/orders`,
      JSON.stringify(order('EDGE-5', { urgency: '很急', location: null })),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'urgency', reason: 'invalid', message: 'urgency is not valid' }),
        expect.objectContaining({ field: 'location', reason: 'missing' }),
      ]),
    );
  });

  it('an urge without an urgeId is 400 once signed, 403 when not', async () => {
    const path = `/hotline/v1/sources/${source.code}/orders/EDGE-1/urges`;
    const unsigned = await sendRaw(path, JSON.stringify({ content: '快点' }), { secret: 'x' });
    expect(unsigned.status).toBe(403);
    const signed = await sendRaw(path, JSON.stringify({ content: '快点' }));
    expect(signed.status).toBe(400);
    expect(JSON.stringify(signed.body.errors)).toContain('urgeId');
    const fine = await sendRaw(path, JSON.stringify({ urgeId: 'U-1', content: '快点' }));
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
  });
});

describe('the administrators’ hotline routes validate at the edge and are in the OpenAPI document', () => {
  it('every hotline route is documented', async () => {
    const document = (await fetch(`${server.url}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const paths = Object.keys(document.paths);
    for (const path of [
      '/hotline/v1/sources/{code}/orders',
      '/hotline/v1/sources/{code}/orders/{orderNo}/urges',
      '/api/v1/hotline/sources',
      '/api/v1/hotline/sources/{id}',
      '/api/v1/hotline/sources/{id}/credentials',
      '/api/v1/hotline/sources/{id}/revoke',
      '/api/v1/hotline/sources/{id}/callbacks',
      '/api/v1/hotline/sources/{id}/callbacks/{callbackId}/retry',
      '/api/v1/hotline/sources/{id}/imports',
      '/api/v1/hotline/rates',
    ]) {
      expect(paths, path).toContain(path);
    }
    expect(document.paths['/hotline/v1/sources/{code}/orders']?.post?.requestBody).toBeDefined();
  });

  it('bad input is 400 problem+json naming the field, never a 5xx', async () => {
    const admin = await as('admin.d', 'en');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/hotline/sources', { code: 'Bad Code', name: 'x' }, '/code'],
      [
        'POST',
        '/api/v1/hotline/sources',
        { code: 'ok-code', name: 'x', callbackUrl: 'ftp://x' },
        '/callbackUrl',
      ],
      [
        'POST',
        '/api/v1/hotline/sources',
        { code: 'ok-code', name: 'x', urgencyLimits: { normal: { dispatch: { unit: 'hours', amount: 0 } } } },
        '/urgencyLimits',
      ],
      ['PATCH', '/api/v1/hotline/sources/abc', { name: 'y' }, 'id'],
      ['PATCH', `/api/v1/hotline/sources/${source.id}`, { name: 'y', extra: 1 }, 'extra'],
      ['GET', `/api/v1/hotline/sources/${source.id}/callbacks?failed=maybe`, undefined, 'failed'],
      ['GET', '/api/v1/hotline/rates?from=yesterday', undefined, 'from'],
      ['POST', `/api/v1/hotline/sources/${source.id}/imports`, { format: 'xls', content: '' }, 'format'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await admin.request(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(answer.body), `${method} ${path}`).toContain(field);
    }
  });

  it('a person without the right is 403, nobody signed in is 401', async () => {
    const dispatcher = await as('dispatcher.s1');
    expect((await dispatcher.get('/api/v1/hotline/sources')).status).toBe(403);
    const anonymous = await fetch(`${server.url}/api/v1/hotline/sources`);
    expect(anonymous.status).toBe(401);
  });
});

describe('a backlog import (批量导入), idempotent by order number, with a dry run first', () => {
  const csv = [
    'orderNo,requestType,urgency,content,callerName,callerPhone,lng,lat,areaCode,dueAt',
    '0001,投诉,一般,"占道经营, 早市",王五,02212345678,0.25,0.75,,2026-12-20T18:00:00+08:00',
    'EDGE-1,投诉,normal,井盖缺失（补充）,,,0.25,0.75,,',
    '0003,咨询,紧急,,赵六,,0.25,0.75,,',
    '0004,求助,一般,远处的事,,,50,50,,',
    '0005,建议,一般,在网格里的建议,,,,,G11,',
  ].join('\n');

  it('the dry run says what would be created, updated and refused, and why, writing nothing', async () => {
    const admin = await as('admin.d', 'en');
    const path = `/api/v1/hotline/sources/${source.id}/imports`;
    const dry = await admin.post(path, { format: 'csv', content: csv });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.counts).toEqual({ created: 2, updated: 1, unchanged: 0, refused: 2 });
    expect(dry.body.lines).toEqual([
      expect.objectContaining({ line: 2, orderNo: '0001', outcome: 'created' }),
      expect.objectContaining({ line: 3, orderNo: 'EDGE-1', outcome: 'updated', changed: ['content'] }),
      expect.objectContaining({
        line: 4,
        orderNo: '0003',
        outcome: 'refused',
        reason: 'fields',
        message: 'content is missing',
      }),
      expect.objectContaining({
        line: 5,
        orderNo: '0004',
        outcome: 'refused',
        reason: 'place',
        detail: 'outside_every_area',
      }),
      expect.objectContaining({ line: 6, orderNo: '0005', outcome: 'created' }),
    ]);
    const rows = await store.db.selectFrom('hotline_orders').select('order_no').execute();
    expect(rows.map((row) => row.order_no).sort()).toEqual(['EDGE-1']);
  });

  it('the import files each order as a pushed one; imported again, nothing changes', async () => {
    const admin = await as('admin.d', 'en');
    const path = `/api/v1/hotline/sources/${source.id}/imports`;
    const done = await admin.post(path, { format: 'csv', content: csv, dryRun: false });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.counts).toEqual({ created: 2, updated: 1, unchanged: 0, refused: 2 });
    const first = done.body.lines[0];
    const stored = await store.db
      .selectFrom('hotline_orders')
      .select(['order_no', 'caller_phone', 'urgency', 'event_id'])
      .where('order_no', '=', '0001')
      .executeTakeFirstOrThrow();
    // The CSV's text stays text: the leading zeros of the order number and the phone are kept.
    expect(stored).toMatchObject({ caller_phone: '02212345678', urgency: 'normal', event_id: first.eventId });
    const event = await store.db
      .selectFrom('events')
      .select('source')
      .where('id', '=', first.eventId)
      .executeTakeFirstOrThrow();
    expect(event.source).toBe('hotline');
    const again = await admin.post(path, { format: 'csv', content: csv, dryRun: false });
    expect(again.body.counts).toEqual({ created: 0, updated: 0, unchanged: 3, refused: 2 });
    expect(again.body.lines[0].eventId).toBe(first.eventId);
  });

  it('JSON lines go the same way, and a repeat within one file is the same order', async () => {
    const admin = await as('admin.d', 'en');
    const path = `/api/v1/hotline/sources/${source.id}/imports`;
    const content = [
      JSON.stringify(order('JL-1')),
      '',
      JSON.stringify(order('JL-1', { content: '路灯还是不亮' })),
    ].join('\n');
    const dry = await admin.post(path, { format: 'jsonl', content });
    expect(dry.body.lines.map((line: { outcome: string }) => line.outcome)).toEqual(['created', 'updated']);
    const done = await admin.post(path, { format: 'jsonl', content, dryRun: false });
    expect(done.body.lines.map((line: { outcome: string }) => line.outcome)).toEqual(['created', 'updated']);
    expect(done.body.lines[0].eventId).toBe(done.body.lines[1].eventId);
    const broken = await admin.post(path, { format: 'jsonl', content: '{"orderNo":"JL-2"}\n{oops' });
    expect(broken.status).toBe(400);
    expect(broken.body.line).toBe(2);
  });

  it('an import over the size limit is 413', async () => {
    const admin = await as('admin.d', 'en');
    const answer = await admin.post(`/api/v1/hotline/sources/${source.id}/imports`, {
      format: 'jsonl',
      content: 'x'.repeat(9 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('the source of a hotline case on its page', () => {
  it('shows the order number and urgency; the caller whole to a dispatcher, masked to a grid worker', async () => {
    const filed = await sendRaw(
      `/hotline/v1/sources/${source.code}/orders`,
      JSON.stringify(order('PAGE-1', { urgency: '紧急' })),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const path = `/api/v1/events/${filed.body.eventId}/hotline-order`;
    const seen = await (await as('dispatcher.s1')).get(path);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({
      source: { code: 'edge-12345', name: '边界测试热线' },
      orderNo: 'PAGE-1',
      urgency: 'emergency',
      caller: { name: '李四', phone: '13900001111', masked: false },
    });
    const masked = await (await as('worker.g11')).get(path);
    expect(masked.status).toBe(200);
    expect(masked.body.caller).toEqual({ name: '李*', phone: '139****1111', masked: true });
  });

  it('is 404 alike for a case out of sight and for a case that did not come from 12345', async () => {
    const filed = await sendRaw(`/hotline/v1/sources/${source.code}/orders`, JSON.stringify(order('PAGE-2')));
    const outOfSight = await (await as('worker.g12')).get(
      `/api/v1/events/${filed.body.eventId}/hotline-order`,
    );
    expect(outOfSight.status).toBe(404);
    const report = await (await as('worker.g11')).post(
      '/api/v1/events',
      {
        catalogueItemCode: 'HL03',
        description: '网格员自己上报的事',
        location: IN_G11,
      },
      { 'idempotency-key': 'page-test-report' },
    );
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const notHotline = await (await as('dispatcher.s1')).get(
      `/api/v1/events/${report.body.id}/hotline-order`,
    );
    expect(notHotline.status).toBe(404);
    const badId = await (await as('dispatcher.s1')).get('/api/v1/events/not-a-uuid/hotline-order');
    expect(badId.status).toBe(400);
  });
});
