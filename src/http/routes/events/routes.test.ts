import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import {
  type Answer,
  signedInClients,
  startTestServer,
  TestClient,
  type TestServer,
} from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { REFUSAL_TEXT } from '../../../i18n/event-refusals.ts';

let store: TestStore;
let server: TestServer;
const ids = new Map<string, number>();

/** The server's clock: every report moves it on a minute, so reports have distinct, known times. */
let now = new Date('2025-03-03T01:00:00.000Z');
const clock = () => new Date(now.getTime());
function advanceMinutes(minutes: number): Date {
  now = new Date(now.getTime() + minutes * 60_000);
  return clock();
}

const as = signedInClients(() => server.url, TEST_PASSWORD);

/** Points of the small district: G11's south half is micro-grid M111. */
const IN_M111 = { lng: 0.25, lat: 0.25 };
const IN_G11_NORTH = { lng: 0.25, lat: 0.75 };
const IN_G12 = { lng: 0.75, lat: 0.5 };
const IN_G21 = { lng: 1.25, lat: 0.5 };

const LAMP = '01037'; // 路灯 street lamp

interface ReportBody {
  catalogueItemCode?: string;
  description?: string;
  location?: { lng: number; lat: number };
  areaCode?: string;
  address?: string;
  source?: string;
  attachmentIds?: string[];
}

function reportAnswer(client: TestClient, body: ReportBody, key: string = randomUUID()): Promise<Answer> {
  advanceMinutes(1);
  return client.post(
    '/api/v1/events',
    { catalogueItemCode: LAMP, description: '路灯不亮', location: IN_M111, ...body },
    { 'idempotency-key': key },
  );
}

async function reported(username: string, body: ReportBody = {}): Promise<string> {
  const answer = await reportAnswer(await as(username), body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

async function command(username: string, id: string, name: string, body: unknown = {}, language?: string) {
  return (await as(username, language)).post(`/api/v1/events/${id}/${name}`, body);
}

async function step(username: string, id: string, name: string, body: unknown = {}) {
  const answer = await command(username, id, name, body);
  expect(answer.status, `${name} by ${username}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

async function detail(username: string, id: string): Promise<Answer> {
  return (await as(username)).get(`/api/v1/events/${id}`);
}

async function todoIds(username: string): Promise<Map<string, string[]>> {
  const answer = await (await as(username)).get('/api/v1/todo?limit=500');
  expect(answer.status).toBe(200);
  return new Map(
    answer.body.items.map((item: { id: string; permittedCommands: string[] }) => [
      item.id,
      item.permittedCommands,
    ]),
  );
}

async function eventCount(): Promise<number> {
  const row = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  const people: [
    string,
    Parameters<typeof createPerson>[2],
    { areaCode?: string; departmentCode?: string },
  ][] = [
    ['resident.zhou', 'resident', { areaCode: 'G11' }],
    ['resident.dai', 'resident', { areaCode: 'G11' }],
    ['resident.g21', 'resident', { areaCode: 'G21' }],
    ['worker.g11', 'grid_worker', { areaCode: 'G11' }],
    ['worker.g12', 'grid_worker', { areaCode: 'G12' }],
    ['leader.c1', 'grid_leader', { areaCode: 'C1' }],
    ['staff.c1', 'community_staff', { areaCode: 'C1' }],
    ['staff.c2', 'community_staff', { areaCode: 'C2' }],
    ['dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }],
    ['head.s1', 'street_head', { areaCode: 'S1' }],
    ['dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' }],
    ['officer.urban', 'department_officer', { departmentCode: 'URBAN' }],
    ['officer.water', 'department_officer', { departmentCode: 'WATER' }],
    ['officer.s1law', 'department_officer', { departmentCode: 'S1-LAW' }],
    ['dispatcher.d', 'district_dispatcher', { areaCode: 'D' }],
    ['supervision.d', 'supervision_office', { areaCode: 'D' }],
    ['leader.d', 'leader', { areaCode: 'D' }],
  ];
  for (const [username, role, place] of people)
    ids.set(username, await createPerson(store.db, username, role, place));
  server = await startTestServer(store, { sessionHours: 24 * 365 }, clock);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('reporting an event', () => {
  it('a resident reports at a point: 201 with a tracking code, located to the micro-grid, waiting at the community', async () => {
    const resident = await as('resident.zhou');
    const answer = await reportAnswer(resident, {
      description: '小区门口三盏路灯不亮',
      address: '丁字沽一号路',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ replayed: false });
    expect(answer.body.trackingCode).toMatch(/^HY-250303(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(answer.headers.get('location')).toBe(`/api/v1/events/${answer.body.id}`);

    const shown = await resident.get(`/api/v1/events/${answer.body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: answer.body.id,
      trackingCode: answer.body.trackingCode,
      state: 'reported',
      level: 'community',
      source: 'resident',
      catalogueItem: { code: LAMP, name: '路灯', nameEn: 'Street lamp' },
      description: '小区门口三盏路灯不亮',
      areaCode: 'M111',
      areaPath: 'D/S1/C1/G11/M111',
      location: IN_M111,
      address: '丁字沽一号路',
      reporterUserId: ids.get('resident.zhou'),
      reportedAt: now.toISOString(),
      lead: null,
      assisting: [],
      whistle: 'none',
      reworkCount: 0,
    });
  });

  it('the initial level follows the source: a grid worker’s patrol waits at the grid, a hotline call at the street', async () => {
    const patrol = await reported('worker.g11', { location: IN_G11_NORTH });
    const patrolShown = (await detail('worker.g11', patrol)).body;
    expect(patrolShown).toMatchObject({ source: 'grid_worker', level: 'grid', areaCode: 'G11' });

    const hotline = await reported('dispatcher.s1', {
      source: 'hotline',
      location: undefined,
      areaCode: 'G12',
    });
    const hotlineShown = (await detail('dispatcher.s1', hotline)).body;
    expect(hotlineShown).toMatchObject({
      source: 'hotline',
      level: 'street',
      areaCode: 'G12',
      areaPath: 'D/S1/C1/G12',
      location: null,
    });
  });

  it('a source the role does not file under is refused with 403 naming the source', async () => {
    const answer = await reportAnswer(await as('resident.zhou', 'en'), { source: 'hotline' });
    expect(answer.status).toBe(403);
    expect(answer.body.detail).toBe('You cannot file a report from the source "hotline".');
    const zh = await reportAnswer(await as('worker.g11'), { source: 'camera' });
    expect(zh.status).toBe(403);
    expect(zh.body.detail).toContain('camera');
  });

  it('the same report sent twice under one Idempotency-Key is one event: the second answers 200 replayed', async () => {
    const resident = await as('resident.zhou');
    const key = randomUUID();
    const before = await eventCount();
    const first = await reportAnswer(resident, { description: '同一份上报' }, key);
    const second = await reportAnswer(resident, { description: '同一份上报' }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, trackingCode: first.body.trackingCode, replayed: true });
    expect(second.headers.get('location')).toBe(`/api/v1/events/${first.body.id}`);
    expect(await eventCount()).toBe(before + 1);
  });

  it('an omitted default (no attachmentIds) and an explicit empty list are the same report for the key', async () => {
    const resident = await as('resident.zhou');
    const key = randomUUID();
    const first = await reportAnswer(resident, { description: '默认值' }, key);
    const second = await reportAnswer(resident, { description: '默认值', attachmentIds: [] }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it('the same key with a different body is 409 and changes nothing', async () => {
    const resident = await as('resident.zhou', 'en');
    const key = randomUUID();
    const first = await reportAnswer(resident, { description: 'one lamp' }, key);
    expect(first.status).toBe(201);
    const before = await eventCount();
    const other = await reportAnswer(resident, { description: 'two lamps' }, key);
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(other.body.detail).toBe(
      'This Idempotency-Key was used for a different report; use a new key for a new report.',
    );
    expect(await eventCount()).toBe(before);
  });

  it('an Idempotency-Key belongs to its sender: another person may use the same key for their own report', async () => {
    const key = randomUUID();
    const mine = await reportAnswer(await as('resident.zhou'), {}, key);
    const theirs = await reportAnswer(await as('resident.dai'), {}, key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('copies of one report racing each other make one event', async () => {
    const resident = await as('resident.dai');
    const key = randomUUID();
    const before = await eventCount();
    advanceMinutes(1);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        resident.post(
          '/api/v1/events',
          { catalogueItemCode: LAMP, description: '并发的同一份上报', location: IN_M111 },
          { 'idempotency-key': key },
        ),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await eventCount()).toBe(before + 1);
  });

  it('a report without an Idempotency-Key is refused with 400 naming the header', async () => {
    const answer = await (await as('resident.zhou', 'en')).post('/api/v1/events', {
      catalogueItemCode: LAMP,
      description: 'no key',
      location: IN_M111,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('idempotency-key');
  });

  it('what cannot be filed is refused with 400 and says why, in English and Chinese', async () => {
    const en = await as('resident.zhou', 'en');
    const cases: [ReportBody, string, string][] = [
      [
        { catalogueItemCode: 'NOPE1' },
        'The catalogue has no item NOPE1; look it up at /api/v1/catalogue.',
        '事项清单中没有编码 NOPE1 的事项',
      ],
      [
        { location: { lng: 5, lat: 5 } },
        'That point lies outside every grid of the district; check it, or name the area with areaCode.',
        '该位置不在本区任何网格内',
      ],
      [
        { location: undefined, areaCode: 'NOWHERE' },
        'The areaCode names no area.',
        'areaCode 指向的区域不存在。',
      ],
      [
        { location: undefined },
        'Say where the event is: a location (longitude and latitude) or an areaCode.',
        '请给出事件位置',
      ],
    ];
    for (const [body, english, chinese] of cases) {
      const answer = await reportAnswer(en, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.detail).toBe(english);
      const zhAnswer = await reportAnswer(await as('resident.zhou'), body);
      expect(zhAnswer.body.detail).toContain(chinese);
    }
  });

  it('a blank description is refused with the reason_required text; unknown fields are refused by name', async () => {
    const blank = await reportAnswer(await as('resident.zhou', 'en'), { description: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ reason: 'reason_required', detail: REFUSAL_TEXT.reason_required.en });
    const unknown = await reportAnswer(await as('resident.zhou', 'en'), {
      priority: 'urgent',
    } as ReportBody);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('priority');
  });

  it('an Idempotency-Key shorter than 8 characters is 400', async () => {
    const answer = await reportAnswer(await as('resident.zhou', 'en'), {}, 'short');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('idempotency-key');
  });

  it('a description holding a NUL character or an unpaired surrogate is 400, not 500', async () => {
    const resident = await as('resident.zhou', 'en');
    for (const description of ['路灯\u0000不亮', '路灯\ud800不亮']) {
      const answer = await reportAnswer(resident, { description });
      expect(answer.status, JSON.stringify(description)).toBe(400);
    }
  });

  it('an unauthenticated report is 401', async () => {
    const stranger = new TestClient(server.url, 'en');
    const answer = await stranger.post(
      '/api/v1/events',
      { catalogueItemCode: LAMP, description: 'x', location: IN_M111 },
      { 'idempotency-key': randomUUID() },
    );
    expect(answer.status).toBe(401);
  });
});

describe('an event placed on a street rather than a grid', () => {
  it('is refused: an event lies on a grid, whose people patrol and verify it', async () => {
    const answer = await reportAnswer(await as('resident.zhou', 'en'), {
      location: undefined,
      areaCode: 'S1',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('give a grid code as areaCode');
  });
});

describe('listing events', () => {
  const made = { lampG11: '', hotlineG12: '', patrolG11: '', inG21: '', toLaw: '' };
  let from = '';
  let to = '';

  beforeAll(async () => {
    advanceMinutes(60);
    from = clock().toISOString();
    made.lampG11 = await reported('resident.zhou', { catalogueItemCode: '06010', location: IN_M111 });
    made.hotlineG12 = await reported('dispatcher.s1', {
      catalogueItemCode: '06010',
      source: 'hotline',
      location: IN_G12,
    });
    made.patrolG11 = await reported('worker.g11', { catalogueItemCode: '06010', location: IN_G11_NORTH });
    made.inG21 = await reported('resident.g21', { catalogueItemCode: '06010', location: IN_G21 });
    made.toLaw = await reported('dispatcher.s1', {
      catalogueItemCode: '06010',
      source: 'hotline',
      location: IN_G12,
    });
    await step('dispatcher.s1', made.toLaw, 'dispatch', { lead: 'S1-LAW', assisting: ['C1'] });
    advanceMinutes(1);
    to = clock().toISOString();
  });

  async function listed(username: string, query: string): Promise<string[]> {
    const answer = await (await as(username)).get(`/api/v1/events?from=${from}&to=${to}&${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items.map((item: { id: string }) => item.id);
  }

  it('shows what is in sight, newest first: the street sees its own street only', async () => {
    expect(await listed('dispatcher.s1', '')).toEqual([
      made.toLaw,
      made.patrolG11,
      made.hotlineG12,
      made.lampG11,
    ]);
    expect(await listed('dispatcher.s2', '')).toEqual([made.inG21]);
    expect(await listed('dispatcher.d', '')).toHaveLength(5);
  });

  it('filters by state, area, catalogue item, source and department', async () => {
    expect(await listed('dispatcher.s1', 'state=dispatched')).toEqual([made.toLaw]);
    expect(await listed('dispatcher.s1', 'state=dispatched&state=reported')).toHaveLength(4);
    expect(await listed('dispatcher.s1', 'area=G11')).toEqual([made.patrolG11, made.lampG11]);
    expect(await listed('dispatcher.s1', 'area=M111')).toEqual([made.lampG11]);
    expect(await listed('dispatcher.s1', 'source=hotline')).toEqual([made.toLaw, made.hotlineG12]);
    expect(await listed('dispatcher.s1', 'department=S1-LAW')).toEqual([made.toLaw]);
    expect(await listed('dispatcher.s1', 'department=C1')).toEqual([made.toLaw]);
    expect(await listed('dispatcher.s1', `catalogueItem=${LAMP}`)).toEqual([]);
  });

  it('from is inclusive and to exclusive, on the time of the report', async () => {
    const shown = (await detail('dispatcher.s1', made.hotlineG12)).body;
    const answer = await (await as('dispatcher.s1')).get(
      `/api/v1/events?from=${shown.reportedAt}&to=${to}&catalogueItem=06010`,
    );
    expect(answer.body.items.map((item: { id: string }) => item.id)).toEqual([
      made.toLaw,
      made.patrolG11,
      made.hotlineG12,
    ]);
    const before = await (await as('dispatcher.s1')).get(
      `/api/v1/events?from=${from}&to=${shown.reportedAt}&catalogueItem=06010`,
    );
    expect(before.body.items.map((item: { id: string }) => item.id)).toEqual([made.lampG11]);
  });

  it('pages with a cursor: every event once, in order, and no cursor after the last page', async () => {
    const dispatcher = await as('dispatcher.s1');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Answer = await dispatcher.get(
        `/api/v1/events?from=${from}&to=${to}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual([made.toLaw, made.patrolG11, made.hotlineG12, made.lampG11]);
  });

  it('pages through events reported at the same instant without losing or repeating one', async () => {
    const resident = await as('resident.g21');
    const at = advanceMinutes(5);
    const same: string[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await resident.post(
        '/api/v1/events',
        { catalogueItemCode: '06011', description: `同一时刻 ${i}`, location: IN_G21 },
        { 'idempotency-key': randomUUID() },
      );
      expect(answer.status).toBe(201);
      same.push(answer.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: Answer = await resident.get(
        `/api/v1/events?catalogueItem=06011&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of page.body.items) {
        expect(item.reportedAt).toBe(at.toISOString());
        seen.push(item.id);
      }
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(same));
    expect(seen).toEqual([...same].sort().reverse());
  });

  it('a cursor that is not one is 400; an unknown state is 400; an area out of sight is 404', async () => {
    const dispatcher = await as('dispatcher.s1', 'en');
    const badCursor = await dispatcher.get('/api/v1/events?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.detail).toBe('The cursor is not valid.');
    const badState = await dispatcher.get('/api/v1/events?state=lost');
    expect(badState.status).toBe(400);
    expect(badState.body.detail).toContain('state');
    const elsewhere = await dispatcher.get('/api/v1/events?area=G21');
    const nowhere = await dispatcher.get('/api/v1/events?area=NOPE');
    expect(elsewhere.status).toBe(404);
    expect(nowhere.status).toBe(404);
  });

  it('a department lists the cases it was sent; a reporter lists their own reports', async () => {
    expect(await listed('officer.s1law', 'department=S1-LAW')).toEqual([made.toLaw]);
    expect(await listed('resident.g21', '')).toEqual([made.inG21]);
  });
});

describe('one event in detail', () => {
  let id = '';

  beforeAll(async () => {
    id = await reported('resident.zhou', { description: '路灯闪烁' });
    await step('staff.c1', id, 'escalate', { reason: '路灯归区里管' });
    await step('head.s1', id, 'whistle', { lead: 'URBAN', assisting: ['WATER'], reason: '需要区城管委' });
  });

  it('carries its whole timeline in order, with who did each step by name and a hash per entry', async () => {
    const answer = await detail('dispatcher.s1', id);
    expect(answer.status).toBe(200);
    const timeline = answer.body.timeline as {
      seq: number;
      type: string;
      actor: { id: number; displayName: string } | null;
      fact: Record<string, unknown>;
      hash: string;
      at: string;
    }[];
    expect(timeline.map((entry) => [entry.seq, entry.type, entry.actor?.displayName])).toEqual([
      [1, 'reported', 'resident.zhou'],
      [2, 'escalated', 'staff.c1'],
      [3, 'whistled', 'head.s1'],
    ]);
    expect(timeline[1]?.actor?.id).toBe(ids.get('staff.c1'));
    expect(timeline[1]?.fact).toMatchObject({
      fromLevel: 'community',
      toLevel: 'street',
      reason: '路灯归区里管',
    });
    expect(timeline[2]?.fact).toMatchObject({
      lead: { kind: 'district_department', code: 'URBAN', areaPath: 'D' },
      assisting: [{ kind: 'district_department', code: 'WATER', areaPath: 'D' }],
    });
    for (const entry of timeline) expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(timeline.map((entry) => entry.hash)).size).toBe(3);
  });

  it('lists the commands this person may give now, and nothing for those who may not', async () => {
    expect((await detail('officer.urban', id)).body.permittedCommands).toEqual(['accept', 'return']);
    expect((await detail('officer.water', id)).body.permittedCommands).toEqual([]);
    expect((await detail('head.s1', id)).body.permittedCommands).toEqual(['second-whistle']);
    expect((await detail('resident.zhou', id)).body.permittedCommands).toEqual([]);
    const fresh = await reported('resident.zhou');
    expect((await detail('staff.c1', fresh)).body.permittedCommands).toEqual([
      'locate',
      'merge',
      'escalate',
      'dispatch',
      'cancel',
    ]);
    expect((await detail('resident.zhou', fresh)).body.permittedCommands).toEqual(['cancel']);
  });

  it('is 404 for people out of its sight, exactly as for an event that does not exist', async () => {
    const nowhere = await detail('dispatcher.s2', randomUUID());
    expect(nowhere.status).toBe(404);
    for (const username of ['dispatcher.s2', 'worker.g12', 'staff.c2', 'resident.g21']) {
      const answer = await detail(username, id);
      expect(answer.status, username).toBe(404);
      expect(answer.body.detail).toBe(nowhere.body.detail);
    }
  });

  it('is in sight of its reporter wherever they live, and of the grid, community, street and district above it', async () => {
    const fromAfar = await reported('resident.g21', { location: IN_G11_NORTH });
    expect((await detail('resident.g21', fromAfar)).status).toBe(200);
    for (const username of [
      'worker.g11',
      'leader.c1',
      'staff.c1',
      'head.s1',
      'dispatcher.d',
      'supervision.d',
    ]) {
      expect((await detail(username, id)).status, username).toBe(200);
    }
  });

  it('a path id that is not a UUID is 400', async () => {
    const answer = await (await as('dispatcher.s1', 'en')).get('/api/v1/events/not-a-uuid');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('id');
  });

  it('a department does not see a case that was never sent to it', async () => {
    const notSent = await reported('resident.zhou', { description: '未派给任何部门' });
    expect((await detail('officer.water', notSent)).status).toBe(404);
  });

  it('a resident does not see a neighbour’s report', async () => {
    const neighbours = await reported('resident.dai', { description: '邻居的上报' });
    expect((await detail('resident.zhou', neighbours)).status).toBe(404);
  });
});

describe('refusals become problems: 409 for the state, 403 for the person, 400 for what was asked', () => {
  let id = '';

  beforeAll(async () => {
    id = await reported('resident.zhou', { description: '用于拒绝测试' });
  });

  it('409 wrong_state: closing a case that was never handled, in Chinese and English', async () => {
    const staff = await command('staff.c1', id, 'close', { text: '结案' });
    expect(staff.status).toBe(409);
    expect(staff.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(staff.body).toMatchObject({
      status: 409,
      title: '与现有数据冲突',
      reason: 'wrong_state',
      detail: REFUSAL_TEXT.wrong_state['zh-CN'],
    });
    const en = await command('staff.c1', id, 'close', { text: 'close' }, 'en');
    expect(en.body).toMatchObject({ title: 'Conflict', detail: REFUSAL_TEXT.wrong_state.en });
  });

  it('403 not_the_holder: the street may not escalate a case still waiting at the community', async () => {
    const zh = await command('dispatcher.s1', id, 'escalate', { reason: '越级' });
    expect(zh.status).toBe(403);
    expect(zh.body).toMatchObject({ title: '无权操作', detail: REFUSAL_TEXT.not_the_holder['zh-CN'] });
    const en = await command('dispatcher.s1', id, 'escalate', { reason: 'skip' }, 'en');
    expect(en.body).toMatchObject({ title: 'Not permitted', detail: REFUSAL_TEXT.not_the_holder.en });
  });

  it('403 role_may_not: a resident may not escalate even their own report', async () => {
    const answer = await command('resident.zhou', id, 'escalate', { reason: '快点' }, 'en');
    expect(answer.status).toBe(403);
    expect(answer.body.detail).toBe(REFUSAL_TEXT.role_may_not.en);
  });

  it('400 reason_required: a reason of spaces only', async () => {
    const answer = await command('staff.c1', id, 'escalate', { reason: '   ' }, 'en');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ reason: 'reason_required', detail: REFUSAL_TEXT.reason_required.en });
  });

  it('400 unit_not_allowed: a community may not dispatch to a street office', async () => {
    const answer = await command('staff.c1', id, 'dispatch', { lead: 'S1-LAW', assisting: [] });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      reason: 'unit_not_allowed',
      detail: REFUSAL_TEXT.unit_not_allowed['zh-CN'],
    });
  });

  it('409 top_level: a case at the district has no level above', async () => {
    const instruction = await reported('leader.d', { location: IN_G12 });
    expect((await detail('dispatcher.d', instruction)).body).toMatchObject({
      source: 'leader_instruction',
      level: 'district',
    });
    const answer = await command('dispatcher.d', instruction, 'escalate', { reason: '再往上' }, 'en');
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ reason: 'top_level', detail: REFUSAL_TEXT.top_level.en });
  });

  it('a refused command leaves the event and its timeline as they were', async () => {
    const before = (await detail('staff.c1', id)).body;
    await command('dispatcher.s1', id, 'escalate', { reason: 'x' });
    await command('staff.c1', id, 'close', { text: 'x' });
    const after = (await detail('staff.c1', id)).body;
    expect(after.timeline).toEqual(before.timeline);
    expect(after.state).toBe('reported');
  });

  it('a 403 refusal names its reason like 409 and 400 do', async () => {
    const answer = await command('dispatcher.s1', id, 'escalate', { reason: '越级' });
    expect(answer.status).toBe(403);
    expect(answer.body.reason).toBe('not_the_holder');
  });
});

describe('to-do lists', () => {
  it('follow one case from desk to desk, each with the commands that are waiting', async () => {
    const id = await reported('resident.zhou', { description: '待办测试' });
    const has = async (username: string) => (await todoIds(username)).get(id);

    expect(await has('staff.c1')).toEqual(expect.arrayContaining(['escalate', 'dispatch']));
    expect(await has('dispatcher.s1')).toBeUndefined();
    expect(await has('resident.zhou')).toBeUndefined();

    await step('staff.c1', id, 'escalate', { reason: '社区无法处理' });
    expect(await has('staff.c1')).toBeUndefined();
    expect(await has('dispatcher.s1')).toEqual(expect.arrayContaining(['dispatch', 'escalate']));
    expect(await has('head.s1')).toEqual(expect.arrayContaining(['whistle', 'dispatch']));

    await step('dispatcher.s1', id, 'dispatch', { lead: 'S1-LAW', assisting: [] });
    expect(await has('dispatcher.s1')).toBeUndefined();
    expect(await has('officer.s1law')).toEqual(['accept', 'return']);
    expect(await has('officer.urban')).toBeUndefined();

    await step('officer.s1law', id, 'accept');
    expect(await has('officer.s1law')).toEqual(['extend', 'handle']);

    await step('officer.s1law', id, 'handle', { text: '已修复' });
    expect(await has('officer.s1law')).toBeUndefined();
    expect(await has('worker.g11')).toEqual(['verify']);
    expect(await has('worker.g12')).toBeUndefined();
    expect(await has('staff.c1')).toEqual(['verify']);

    await step('worker.g11', id, 'verify', { passed: true, text: '现场已亮' });
    expect(await has('resident.zhou')).toEqual(['rate']);
    expect(await has('dispatcher.s1')).toEqual(expect.arrayContaining(['rate', 'close']));

    await step('resident.zhou', id, 'rate', { rating: 'satisfied' });
    expect(await has('resident.zhou')).toBeUndefined();
    expect(await has('dispatcher.s1')).toEqual(['close']);

    await step('dispatcher.s1', id, 'close', { text: '已办结' });
    for (const username of ['dispatcher.s1', 'staff.c1', 'worker.g11', 'officer.s1law', 'resident.zhou']) {
      expect(await has(username), username).toBeUndefined();
    }
  });

  it('is oldest first and honours its limit', async () => {
    const answer = await (await as('staff.c1')).get('/api/v1/todo?limit=3');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(3);
    const all = await (await as('staff.c1')).get('/api/v1/todo');
    const times = all.body.items.map((item: { reportedAt: string }) => item.reportedAt);
    expect(times).toEqual([...times].sort());
    expect(answer.body.items.map((item: { id: string }) => item.id)).toEqual(
      all.body.items.slice(0, 3).map((item: { id: string }) => item.id),
    );
  });
});

describe('likely duplicates and merging them', () => {
  const BIN = '03005'; // 垃圾箱 litter bin
  const HERE = { lng: 0.4, lat: 0.4 };
  const NEAR = { lng: 0.4003, lat: 0.4 }; // about 33 m east
  const FAR = { lng: 0.41, lat: 0.4 }; // about 1.1 km east
  let first = '';
  let near = '';
  let far = '';
  let otherItem = '';

  beforeAll(async () => {
    first = await reported('resident.zhou', { catalogueItemCode: BIN, location: HERE });
    near = await reported('resident.dai', { catalogueItemCode: BIN, location: NEAR });
    far = await reported('resident.dai', { catalogueItemCode: BIN, location: FAR });
    otherItem = await reported('resident.dai', { catalogueItemCode: '06010', location: HERE });
  });

  it('lists open reports of the same item nearby, with their distance', async () => {
    const answer = await (await as('staff.c1')).get(`/api/v1/events/${first}/duplicates`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((item: { id: string }) => item.id)).toEqual([near]);
    expect(answer.body.items[0].distanceMeters).toBeGreaterThan(30);
    expect(answer.body.items[0].distanceMeters).toBeLessThan(37);
    const back = await (await as('staff.c1')).get(`/api/v1/events/${near}/duplicates`);
    expect(back.body.items.map((item: { id: string }) => item.id)).toEqual([first]);
    expect(far).not.toBe(otherItem);
  });

  it('is 404 for an event out of sight', async () => {
    const answer = await (await as('dispatcher.s2')).get(`/api/v1/events/${first}/duplicates`);
    expect(answer.status).toBe(404);
  });

  it('the community merges the duplicate into the first report; both remember it', async () => {
    const merged = await step('staff.c1', near, 'merge', { intoEventId: first });
    expect(merged).toMatchObject({ id: near, state: 'merged', mergedInto: first });
    const target = (await detail('staff.c1', first)).body;
    expect(target.mergedFrom).toEqual([near]);
    expect(target.state).toBe('reported');
    expect(target.timeline.at(-1)).toMatchObject({
      type: 'duplicate_merged',
      fact: { duplicateEventId: near },
      actor: { displayName: 'staff.c1' },
    });
    const answer = await (await as('staff.c1')).get(`/api/v1/events/${first}/duplicates`);
    expect(answer.body.items).toEqual([]);
    expect((await detail('resident.dai', near)).body.state).toBe('merged');
  });

  it('a merge is refused when it cannot be: into itself 400, twice 409, by a resident 403, into nowhere 404', async () => {
    const self = await command('staff.c1', first, 'merge', { intoEventId: first }, 'en');
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ reason: 'same_event', detail: REFUSAL_TEXT.same_event.en });
    const twice = await command('staff.c1', near, 'merge', { intoEventId: first });
    expect(twice.status).toBe(409);
    expect(twice.body.reason).toBe('wrong_state');
    const byResident = await command('resident.dai', far, 'merge', { intoEventId: otherItem });
    expect(byResident.status).toBe(403);
    const intoNowhere = await command('staff.c1', far, 'merge', { intoEventId: randomUUID() });
    expect(intoNowhere.status).toBe(404);
    const intoElsewhere = await command('staff.c2', far, 'merge', { intoEventId: first });
    expect(intoElsewhere.status).toBe(404);
  });

  it('a merge into a withdrawn report is 409 target_not_open', async () => {
    await step('resident.dai', otherItem, 'cancel', { reason: '报错了' });
    const answer = await command('staff.c1', far, 'merge', { intoEventId: otherItem }, 'en');
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ reason: 'target_not_open', detail: REFUSAL_TEXT.target_not_open.en });
  });

  it('a report more than seven days older is not a likely duplicate', async () => {
    advanceMinutes(8 * 24 * 60);
    const later = await reported('resident.zhou', { catalogueItemCode: BIN, location: HERE });
    const answer = await (await as('staff.c1')).get(`/api/v1/events/${later}/duplicates`);
    expect(answer.body.items).toEqual([]);
  });
});

describe('a merged duplicate’s reporter', () => {
  const ROOM = '03004'; // 垃圾间 refuse room
  let target = '';
  let duplicate = '';

  it('still sees their own report, now merged into the other', async () => {
    target = await reported('resident.zhou', { catalogueItemCode: ROOM, location: { lng: 0.45, lat: 0.45 } });
    duplicate = await reported('resident.g21', {
      catalogueItemCode: ROOM,
      location: { lng: 0.4502, lat: 0.45 },
    });
    await step('staff.c1', duplicate, 'merge', { intoEventId: target });
    const own = await detail('resident.g21', duplicate);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ state: 'merged', mergedInto: target });
  });

  it('follows the event it was merged into: opens it and finds it in their list', async () => {
    const followed = await detail('resident.g21', target);
    expect(followed.status).toBe(200);
    expect(followed.body.mergedFrom).toEqual([duplicate]);
    const listed = await (await as('resident.g21')).get(`/api/v1/events?catalogueItem=${ROOM}`);
    expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual(
      [duplicate, target].sort(),
    );
  });

  it('a bystander of another street still does not see either', async () => {
    expect((await detail('dispatcher.s2', target)).status).toBe(404);
    expect((await detail('dispatcher.s2', duplicate)).status).toBe(404);
  });
});

describe('to-do lists when many events are open', () => {
  let oldest = '';

  it('a community’s waiting case is on its to-do', async () => {
    oldest = await reported('resident.g21', { catalogueItemCode: '06035', location: IN_G21 });
    expect((await todoIds('staff.c2')).has(oldest)).toBe(true);
  });

  it('the oldest waiting case stays on the to-do when 2,000 newer open events are in sight', async () => {
    const original = await store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', oldest)
      .executeTakeFirstOrThrow();
    const snapshot = original.snapshot as Record<string, unknown>;
    const newer = Array.from({ length: 2000 }, (_, index) => {
      const id = randomUUID();
      const reportedAt = new Date(Date.UTC(2030, 0, 1) + index * 1000);
      return {
        ...original,
        id,
        tracking_code: `HY-300101-T${String(index).padStart(5, '0')}`,
        level: 'street' as const,
        reported_at: reportedAt,
        catalogue_item: JSON.stringify(original.catalogue_item),
        snapshot: JSON.stringify({ ...snapshot, id, level: 'street', reportedAt: reportedAt.toISOString() }),
      };
    });
    for (let start = 0; start < newer.length; start += 500) {
      await store.db
        .insertInto('events')
        .values(newer.slice(start, start + 500))
        .execute();
    }
    expect(
      (await (await as('dispatcher.s2')).get('/api/v1/events?state=reported&limit=200')).body.items,
    ).toHaveLength(200);
    const todo = await todoIds('staff.c2');
    expect(todo.has(oldest)).toBe(true);
  });
});
