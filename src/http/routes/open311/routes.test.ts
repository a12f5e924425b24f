import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../../test/support/events.ts';
import {
  createPerson,
  seedSmallDistrict,
  smallDistrict,
  TEST_PASSWORD,
} from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { reportEvent } from '../../../commands/events/report-event.ts';
import { buildAreaLocator } from '../../../domain/area-locator.ts';
import type { Actor } from '../../../domain/permissions.ts';

let store: TestStore;
let server: TestServer;
const as = signedInClients(() => server.url, TEST_PASSWORD);
let dispatcher: Actor;
/** Keys issued through the administrators' API in beforeAll: a system at the street, a residents' app. */
let systemKey = '';
let residentsKey = '';
let revokedKey = '';

/** A point inside grid G11 of the small district (test/support/factories.ts). */
const IN_G11 = { lat: '0.75', long: '0.25' };
const LAMP = '01037'; // a management component: it has the attribute component_id
const MATTER = '06001';

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) =>
    ['request', 'service', 'error', 'endpoint', 'format', 'attribute', 'request_update'].includes(name),
});

interface Open311Answer {
  status: number;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back and assert on it
  body: any;
}

/** One Open311 call; XML answers are parsed with a real XML parser, JSON ones with JSON.parse. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  form?: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<Open311Answer> {
  const response = await fetch(`${server.url}/open311/v2/${path}`, {
    method,
    headers: {
      ...(form !== undefined
        ? {
            'content-type':
              typeof form === 'string' ? 'application/json' : 'application/x-www-form-urlencoded',
          }
        : {}),
      ...headers,
    },
    ...(form !== undefined
      ? { body: typeof form === 'string' ? form : new URLSearchParams(form).toString() }
      : {}),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    body: type.startsWith('text/xml') ? xml.parse(text) : type.includes('json') ? JSON.parse(text) : text,
  };
}

const get = (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers);
const post = (path: string, form: Record<string, string> | string, headers?: Record<string, string>) =>
  call('POST', path, form, headers);

/** The descriptions of a JSON error answer, after checking its shape and that each code is the status. */
function jsonErrors(answer: Open311Answer, status: number): string[] {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.type).toContain('application/json');
  expect(Array.isArray(answer.body)).toBe(true);
  for (const error of answer.body) expect(error).toEqual({ code: status, description: expect.any(String) });
  return answer.body.map((error: { description: string }) => error.description);
}

function xmlErrors(answer: Open311Answer, status: number): string[] {
  expect(answer.status).toBe(status);
  expect(answer.type).toContain('text/xml');
  const errors = answer.body.errors.error as { code: string; description: string }[];
  for (const error of errors) expect(error.code).toBe(String(status));
  return errors.map((error) => error.description);
}

let serial = 0;
/** A request in grid G11 with a description of its own, so that each call files a new one. */
function newRequest(overrides: Record<string, string> = {}): Record<string, string> {
  serial += 1;
  return {
    api_key: systemKey,
    service_code: MATTER,
    description: `第 ${serial} 号诉求`,
    ...IN_G11,
    ...overrides,
  };
}

async function file(overrides: Record<string, string> = {}): Promise<{ id: string; token: string }> {
  const answer = await post('requests.json', newRequest(overrides));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { id: answer.body[0].service_request_id, token: answer.body[0].token };
}

/** The street sends the case to its law-enforcement office, as its dispatcher would on the event's page. */
async function dispatchToTheStreetOffice(eventId: string): Promise<void> {
  const outcome = await runCommand(
    store.db,
    eventId,
    { type: 'dispatch', lead: { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' }, assisting: [] },
    dispatcher,
    new Date(),
  );
  expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  const dispatcherId = await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  dispatcher = { userId: dispatcherId, roles: ['street_dispatcher'], areaPath: 'D/S1', departmentCode: null };
  server = await startTestServer(store);
  const admin = await as('admin.d');
  const issue = async (name: string, source: string) => {
    const answer = await admin.post('/api/v1/open311/clients', { name, source });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  };
  systemKey = (await issue('区数字城管系统', 'other_system')).key;
  residentsKey = (await issue('居民上报应用', 'resident')).key;
  const revoked = await issue('已停用的系统', 'other_system');
  revokedKey = revoked.key;
  expect((await admin.post(`/api/v1/open311/clients/${revoked.id}/revoke`, {})).status).toBe(200);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('keys are issued and revoked by administrators', () => {
  it('shows a new key once, and afterwards only its first characters', async () => {
    const admin = await as('admin.d');
    const issued = await admin.post('/api/v1/open311/clients', { name: '水务平台', source: 'hotline' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ name: '水务平台', source: 'hotline', revokedAt: null });
    expect(issued.body.key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    const listed = await admin.get('/api/v1/open311/clients');
    const row = listed.body.items.find((item: { id: number }) => item.id === issued.body.id);
    expect(row).toEqual({ ...issued.body, key: undefined, keyHint: `${issued.body.key.slice(0, 9)}…` });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
  });

  it('keeps only a hash of each key', async () => {
    const rows = await store.db.selectFrom('open311_clients').select(['key_hash']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect([systemKey, residentsKey, revokedKey]).not.toContain(row.key_hash);
    }
  });

  it('a revoked key is refused with 403, and cannot be revoked twice', async () => {
    expect(jsonErrors(await post('requests.json', newRequest({ api_key: revokedKey })), 403)[0]).toContain(
      'api_key',
    );
    const admin = await as('admin.d');
    const listed = await admin.get('/api/v1/open311/clients');
    const revoked = listed.body.items.find((item: { name: string }) => item.name === '已停用的系统');
    expect(revoked.revokedAt).not.toBeNull();
    expect((await admin.post(`/api/v1/open311/clients/${revoked.id}/revoke`, {})).status).toBe(409);
    expect((await admin.post('/api/v1/open311/clients/999999/revoke', {})).status).toBe(404);
  });

  it('only administrators manage keys', async () => {
    const other = await as('dispatcher.s1');
    expect((await other.get('/api/v1/open311/clients')).status).toBe(403);
    expect((await other.post('/api/v1/open311/clients', { name: 'x', source: 'resident' })).status).toBe(403);
  });

  it('a source that is no client’s is refused', async () => {
    const admin = await as('admin.d');
    const answer = await admin.post('/api/v1/open311/clients', { name: 'x', source: 'leader_instruction' });
    expect(answer.status).toBe(400);
  });
});

describe('discovery and services', () => {
  it('discovery names the endpoint and both formats, in JSON and XML', async () => {
    const json = await get('discovery.json');
    expect(json.status).toBe(200);
    expect(json.body.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${server.url}/open311/v2`,
        changeset: expect.stringMatching(/\+08:00$/),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ]);
    const answer = await get('discovery.xml');
    expect(answer.type).toContain('text/xml');
    expect(answer.body.discovery.endpoints.endpoint[0].formats.format).toEqual([
      'text/xml',
      'application/json',
    ]);
  });

  it('services list the catalogue’s items; a component has metadata, a matter not', async () => {
    const json = await get('services.json');
    const lamp = json.body.find((service: { service_code: string }) => service.service_code === LAMP);
    expect(lamp).toMatchObject({ service_name: '路灯', metadata: true, type: 'realtime' });
    const matter = json.body.find((service: { service_code: string }) => service.service_code === MATTER);
    expect(matter.metadata).toBe(false);
    const english = await get('services.json', { 'accept-language': 'en' });
    expect(
      english.body.find((service: { service_code: string }) => service.service_code === LAMP).service_name,
    ).toBe('Street lamp');
    const answer = await get('services.xml');
    const xmlLamp = answer.body.services.service.find(
      (service: { service_code: string }) => service.service_code === LAMP,
    );
    expect(xmlLamp).toMatchObject({ service_name: '路灯', metadata: 'true', type: 'realtime' });
  });

  it('a definition lists the attributes an item asks for', async () => {
    const json = await get(`services/${LAMP}.json`);
    expect(json.body).toMatchObject({
      service_code: LAMP,
      attributes: [{ variable: true, code: 'component_id', datatype: 'string', required: false, order: 1 }],
    });
    const answer = await get(`services/${LAMP}.xml`);
    expect(answer.body.service_definition.attributes.attribute[0]).toMatchObject({
      code: 'component_id',
      datatype: 'string',
      required: 'false',
    });
    expect((await get(`services/${MATTER}.json`)).body).toEqual({ service_code: MATTER, attributes: [] });
  });

  it('an unknown service, resource or format is 404 in the spec’s error list', async () => {
    expect(jsonErrors(await get('services/NOPE.json'), 404)[0]).toContain('NOPE');
    expect(xmlErrors(await get('services/NOPE.xml'), 404)).toHaveLength(1);
    jsonErrors(await get('nothing.json'), 404);
    xmlErrors(await get('services'), 404);
    xmlErrors(await get('services.html'), 404);
    jsonErrors(await get('requests/HY-000000-000000.json'), 404);
    jsonErrors(await get('tokens/00000000-0000-4000-8000-000000000000.json'), 404);
    xmlErrors(await get('tokens/not-a-token.xml'), 404);
    jsonErrors(await post('nothing.json', { api_key: systemKey }), 404);
  });

  it('jurisdiction_id is accepted when it names the district, 404 otherwise', async () => {
    expect((await get('services.json?jurisdiction_id=D')).status).toBe(200);
    expect((await get('services.json?jurisdiction_id=')).status).toBe(200);
    expect(jsonErrors(await get('services.json?jurisdiction_id=elsewhere.example'), 404)[0]).toContain(
      'elsewhere',
    );
    xmlErrors(await post('requests.xml', newRequest({ jurisdiction_id: 'nowhere' })), 404);
  });
});

describe('POST requests', () => {
  it('files a report through the one use case, under the key’s source, and answers its id and token', async () => {
    const answer = await post(
      'requests.json',
      newRequest({
        service_code: LAMP,
        description: '路灯不亮',
        address_string: '光荣道 12 号',
        'attribute[component_id]': 'LD-0231',
        media_url: 'https://photos.example.org/lamp.jpg',
        email: 'resident@example.org',
      }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toEqual([
      {
        service_request_id: expect.stringMatching(/^HY-\d{6}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/),
        token: expect.stringMatching(/^[0-9a-f-]{36}$/),
        service_notice: expect.stringContaining('处置时限'),
        account_id: '',
      },
    ]);
    const event = await store.db
      .selectFrom('events')
      .select(['source', 'state', 'area_code', 'description', 'address', 'due_at', 'deadline_step'])
      .where('tracking_code', '=', answer.body[0].service_request_id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      source: 'other_system',
      state: 'reported',
      area_code: 'G11',
      address: '光荣道 12 号',
    });
    expect(event.description).toBe(
      '路灯不亮\n部件标识码（部件铭牌上的编号）：LD-0231\n照片：https://photos.example.org/lamp.jpg',
    );
    const log = await store.db
      .selectFrom('event_log')
      .select('fact_type')
      .where('event_id', '=', answer.body[0].token)
      .execute();
    expect(log.map((row) => row.fact_type)).toEqual(['reported']);

    const shown = await get(`requests/${answer.body[0].service_request_id}.json`);
    expect(shown.body[0]).toMatchObject({
      service_code: LAMP,
      status: 'open',
      media_url: 'https://photos.example.org/lamp.jpg',
      address: '光荣道 12 号',
      address_id: 'G11',
      lat: 0.75,
      long: 0.25,
    });
  });

  it('the same request sent again is the same event (200, same id)', async () => {
    const form = newRequest();
    const first = await post('requests.json', form);
    const again = await post('requests.json', form);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);
    const count = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('description', '=', form.description!)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('answers in XML, and takes a grid code as address_id instead of a point', async () => {
    const answer = await post('requests.xml', {
      api_key: systemKey,
      service_code: MATTER,
      description: '暴露垃圾',
      address_id: 'G21',
      address_string: '某小区门口',
    });
    expect(answer.status).toBe(201);
    const [request] = answer.body.service_requests.request;
    expect(request.service_request_id).toMatch(/^HY-/);
    const shown = await get(`requests/${request.service_request_id}.xml`);
    expect(shown.body.service_requests.request[0]).toMatchObject({
      address_id: 'G21',
      lat: '',
      long: '',
      status: 'open',
    });
  });

  it('403 without an api_key, or with one that is not valid, in both formats', async () => {
    const { api_key: _, ...withoutKey } = newRequest();
    expect(jsonErrors(await post('requests.json', withoutKey), 403)[0]).toContain('api_key');
    xmlErrors(await post('requests.xml', { ...withoutKey, api_key: '' }), 403);
    xmlErrors(await post('requests.xml', newRequest({ api_key: 'o311_guessed' })), 403);
  });

  it.each<[string, Record<string, string>, string]>([
    ['no service_code', { service_code: '' }, 'service_code'],
    ['an unknown service_code', { service_code: 'NOPE' }, 'NOPE'],
    ['lat without long', { long: '' }, 'long'],
    ['no place at all, only an address', { lat: '', long: '', address_string: '某路' }, 'address_id'],
    ['a latitude out of range', { lat: '91' }, 'lat'],
    ['a longitude that is not a number', { long: 'east' }, 'long'],
    ['a point outside every grid', { lat: '5', long: '5' }, 'lat'],
    ['an address_id that is no grid', { lat: '', long: '', address_id: 'S1' }, 'address_id'],
    ['an attribute the service does not have', { 'attribute[colour]': 'red' }, 'attribute[colour]'],
    ['a media_url that is not a web address', { media_url: 'file:///etc/passwd' }, 'media_url'],
    ['a description over 4,000 characters', { description: 'x'.repeat(4001) }, 'description'],
  ])('400 for %s, naming what to fix', async (_case, overrides, named) => {
    const english = { 'accept-language': 'en' };
    const [description] = jsonErrors(await post('requests.json', newRequest(overrides), english), 400);
    expect(description).toContain(named);
    xmlErrors(await post('requests.xml', newRequest(overrides)), 400);
  });

  it('400 lists every problem at once', async () => {
    const errors = jsonErrors(
      await post('requests.json', newRequest({ service_code: '', lat: '91', media_url: 'x' })),
      400,
    );
    expect(errors).toHaveLength(3);
  });

  it('400 for a body that is not a form, and for a field given twice', async () => {
    jsonErrors(await post('requests.json', JSON.stringify(newRequest())), 400);
    const twice = `${new URLSearchParams(newRequest()).toString()}&service_code=${MATTER}`;
    const response = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: twice,
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('service_code');
  });

  it('descriptions are Chinese by default and English when asked', async () => {
    const { api_key: _, ...withoutKey } = newRequest();
    expect(jsonErrors(await post('requests.json', withoutKey), 403)[0]).toContain('未提供 api_key');
    expect(jsonErrors(await post('requests.json', withoutKey, { 'accept-language': 'en' }), 403)[0]).toBe(
      'api_key was not provided. Ask the district’s administrators for an Open311 key.',
    );
  });
});

describe('GET requests, requests/{id} and tokens/{token}', () => {
  let dispatched: { id: string; token: string };
  let untouched: { id: string; token: string };

  beforeAll(async () => {
    untouched = await file();
    dispatched = await file();
    await dispatchToTheStreetOffice(dispatched.token);
    // A report made on a screen, not through Open311: it is not Open311's to show.
    const onScreen = await reportEvent(
      store.db,
      buildAreaLocator(smallDistrict),
      dispatcher,
      {
        idempotencyKey: 'screen-1',
        requestHash: 'h',
        source: 'hotline',
        catalogueItemCode: MATTER,
        description: '屏幕上报',
        location: null,
        areaCode: 'G11',
        address: null,
        attachmentIds: [],
      },
      new Date(),
    );
    expect(onScreen.ok).toBe(true);
  });

  it('a dispatched request is open, with the public note and the unit responsible', async () => {
    const json = await get(`requests/${dispatched.id}.json`);
    expect(json.status).toBe(200);
    expect(json.body).toHaveLength(1);
    expect(json.body[0]).toMatchObject({
      service_request_id: dispatched.id,
      status: 'open',
      status_notes: '已派遣至承办单位',
      agency_responsible: '综合执法大队',
      service_code: MATTER,
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      updated_datetime: expect.stringMatching(/\+08:00$/),
    });
    const english = await get(`requests/${dispatched.id}.json`, { 'accept-language': 'en' });
    expect(english.body[0]).toMatchObject({
      status_notes: 'Sent to the unit that will handle it',
      agency_responsible: 'Law Enforcement Team',
    });
    const answer = await get(`requests/${dispatched.id}.xml`);
    expect(answer.body.service_requests.request[0]).toMatchObject({
      service_request_id: dispatched.id,
      status: 'open',
    });
  });

  it('lists the last 90 days by default, only what came through Open311, newest first', async () => {
    const json = await get('requests.json');
    expect(json.status).toBe(200);
    const ids = json.body.map((request: { service_request_id: string }) => request.service_request_id);
    expect(ids).toContain(dispatched.id);
    expect(ids).toContain(untouched.id);
    expect(ids.indexOf(dispatched.id)).toBeLessThan(ids.indexOf(untouched.id));
    expect(json.body.map((request: { description: string }) => request.description)).not.toContain(
      '屏幕上报',
    );
    const old = await get('requests.json?start_date=2020-01-01&end_date=2020-03-01');
    expect(old.body).toEqual([]);
  });

  it('filters by status, service and id; an empty parameter is absent', async () => {
    const closed = await get('requests.json?status=closed');
    expect(closed.body.every((request: { status: string }) => request.status === 'closed')).toBe(true);
    const open = await get('requests.json?status=open&service_code=');
    expect(open.body.length).toBeGreaterThan(1);
    const both = await get('requests.json?status=open,closed');
    expect(both.body.length).toBeGreaterThanOrEqual(open.body.length);
    const lamps = await get(`requests.json?service_code=${LAMP}`);
    expect(lamps.body.every((request: { service_code: string }) => request.service_code === LAMP)).toBe(true);
    const byId = await get(`requests.json?service_request_id=${dispatched.id},${untouched.id}&status=closed`);
    expect(
      byId.body.map((request: { service_request_id: string }) => request.service_request_id).sort(),
    ).toEqual([dispatched.id, untouched.id].sort());
  });

  it('pages with page and page_size', async () => {
    const all = (await get('requests.json')).body;
    const second = await get('requests.json?page_size=1&page=2');
    expect(second.body).toHaveLength(1);
    expect(second.body[0].service_request_id).toBe(all[1].service_request_id);
  });

  it.each([
    ['status=pending', 'status'],
    ['start_date=2026-12-03T09:00:00', 'start_date'],
    ['start_date=2026-12-03&end_date=2026-12-01', 'end_date'],
    ['page_size=1001', 'page_size'],
    ['page=0', 'page'],
  ])('400 for %s', async (query, named) => {
    expect(jsonErrors(await get(`requests.json?${query}`, { 'accept-language': 'en' }), 400)[0]).toContain(
      named,
    );
    xmlErrors(await get(`requests.xml?${query}`), 400);
  });

  it('a token finds its request', async () => {
    const json = await get(`tokens/${dispatched.token}.json`);
    expect(json.body).toEqual([{ service_request_id: dispatched.id, token: dispatched.token }]);
    const answer = await get(`tokens/${dispatched.token}.xml`);
    expect(answer.body.service_requests.request[0].service_request_id).toBe(dispatched.id);
  });
});

describe("FixMyStreet's servicerequestupdates", () => {
  let followed: { id: string; token: string };
  let before: string;

  beforeAll(async () => {
    before = new Date(Date.now() - 1000).toISOString();
    followed = await file();
    await dispatchToTheStreetOffice(followed.token);
  });

  it('GET lists the public steps between two times, in JSON and XML', async () => {
    const json = await get(`servicerequestupdates.json?start_date=${encodeURIComponent(before)}`);
    expect(json.status).toBe(200);
    const mine = json.body.filter(
      (update: { service_request_id: string }) => update.service_request_id === followed.id,
    );
    expect(mine).toEqual([
      {
        update_id: expect.stringMatching(new RegExp(`^${followed.id}-\\d+$`)),
        service_request_id: followed.id,
        status: 'action_scheduled',
        updated_datetime: expect.stringMatching(/\+08:00$/),
        description: '已派遣至承办单位',
        media_url: '',
      },
    ]);
    const answer = await get(`servicerequestupdates.xml?start_date=${encodeURIComponent(before)}`);
    const updates = answer.body.service_requests_updates.request_update as { service_request_id: string }[];
    expect(updates.some((update) => update.service_request_id === followed.id)).toBe(true);
    const later = await get(
      'servicerequestupdates.json?start_date=2099-01-01T00:00:00Z&end_date=2099-01-02T00:00:00Z',
    );
    expect(later.body).toEqual([]);
    jsonErrors(await get('servicerequestupdates.json?start_date=never'), 400);
  });

  it('POST: a finishing status withdraws a request nobody has taken up, once', async () => {
    const request = await file({ api_key: residentsKey });
    const update = {
      api_key: residentsKey,
      update_id: 'fms-update-1',
      service_request_id: request.id,
      status: 'FIXED',
      description: '居民反映已自行修好',
      updated_datetime: '2026-12-03T10:00:00+08:00',
      first_name: '张',
    };
    const answer = await post('servicerequestupdates.json', update);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toEqual([{ update_id: expect.stringMatching(/^\d+$/) }]);
    const again = await post('servicerequestupdates.xml', update);
    expect(again.status).toBe(200);
    expect(again.body.service_request_updates.request_update[0].update_id).toBe(answer.body[0].update_id);
    const shown = (await get(`requests/${request.id}.json`)).body[0];
    expect(shown).toMatchObject({ status: 'closed', status_notes: '已撤销：居民反映已自行修好' });
    const states = await store.db
      .selectFrom('events')
      .select('state')
      .where('id', '=', request.token)
      .executeTakeFirstOrThrow();
    expect(states.state).toBe('cancelled');
  });

  it('POST: a comment on a case in hand is kept and changes nothing', async () => {
    const answer = await post('servicerequestupdates.json', {
      api_key: systemKey,
      update_id: 'fms-update-2',
      service_request_id: followed.id,
      status: 'closed',
      description: '请尽快',
      updated_datetime: '2026-12-03T10:00:00Z',
    });
    expect(answer.status).toBe(201);
    expect((await get(`requests/${followed.id}.json`)).body[0].status).toBe('open');
    const kept = await store.db
      .selectFrom('open311_inbound_updates')
      .select(['status', 'withdrew'])
      .where('update_id', '=', 'fms-update-2')
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ status: 'CLOSED', withdrew: false });
  });

  it('POST: 404 for a request another client filed, 403 without a key, 400 for what is missing or unknown', async () => {
    const base = {
      api_key: residentsKey,
      update_id: 'fms-update-3',
      service_request_id: followed.id,
      status: 'OPEN',
      description: 'x',
      updated_datetime: '2026-12-03T10:00:00Z',
    };
    jsonErrors(await post('servicerequestupdates.json', base), 404);
    xmlErrors(await post('servicerequestupdates.xml', { ...base, api_key: '' }), 403);
    const missing = jsonErrors(
      await post(
        'servicerequestupdates.json',
        { api_key: systemKey, status: 'DONE' },
        { 'accept-language': 'en' },
      ),
      400,
    );
    expect(missing.join(' ')).toContain('update_id');
    expect(missing.join(' ')).toContain('service_request_id');
    expect(missing.join(' ')).toContain('DONE');
    expect(missing.join(' ')).toContain('updated_datetime');
  });
});
