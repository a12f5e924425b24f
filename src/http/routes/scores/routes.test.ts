import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchedEvents, HOURLY_ITEM, runCommand } from '../../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { createApiToken } from '../../../commands/create-api-token.ts';
import { reportEvent } from '../../../commands/events/report-event.ts';
import { installDefaultScoreRules } from '../../../commands/scores/install-default-score-rules.ts';
import { buildAreaLocator } from '../../../domain/area-locator.ts';
import type { EventCommand } from '../../../domain/lifecycle.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { Role } from '../../../domain/roles.ts';
import { sweepDeadlines } from '../../../jobs/deadline-sweeper.ts';

let store: TestStore;
let server: TestServer;
let baseUrl: string;
const tokens = new Map<string, string>();
const actors = new Map<string, Actor>();

const NOW = new Date('2026-11-25T10:00:00Z');
const T0 = new Date('2026-11-25T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function startScoreServer(): Promise<void> {
  server = await startTestServer(store, {}, () => new Date(NOW.getTime()));
  baseUrl = server.url;
}

async function person(
  username: string,
  role: Role,
  place: { areaCode?: string; departmentCode?: string },
  areaPath: string,
): Promise<void> {
  const userId = await createPerson(store.db, username, role, place);
  tokens.set(username, (await createApiToken(store.db, userId, 'test')).token);
  actors.set(username, { userId, roles: [role], areaPath, departmentCode: place.departmentCode ?? null });
}

function as(username: string, language = 'zh-CN'): TestClient {
  const client = new TestClient(baseUrl, language);
  client.bearer = tokens.get(username) ?? null;
  return client;
}

const put = (username: string, path: string, body: unknown) => as(username).request('PUT', path, body);

async function run(
  eventId: string,
  command: Exclude<EventCommand, { type: 'report' }>,
  who: string,
  at: Date,
) {
  const outcome = await runCommand(store.db, eventId, command, actors.get(who)!, at);
  if (!outcome.ok) throw new Error(`${command.type} refused: ${JSON.stringify(outcome)}`);
}

/** A case reported by the head of S1 and whistled to a district department. */
async function whistled(departmentCode: string, at: Date): Promise<string> {
  const reported = await reportEvent(
    store.db,
    buildAreaLocator(smallDistrict),
    actors.get('head.s1')!,
    {
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      source: 'hotline',
      catalogueItemCode: HOURLY_ITEM.code,
      description: '窨井盖缺失',
      location: null,
      areaCode: 'G11',
      address: null,
      attachmentIds: [],
    },
    at,
  );
  if (!reported.ok) throw new Error(JSON.stringify(reported));
  const lead = { kind: 'district_department', code: departmentCode, areaPath: 'D' } as const;
  await run(reported.eventId, { type: 'whistle', lead, assisting: [], reason: '吹哨' }, 'head.s1', at);
  return reported.eventId;
}

let urbanCase: string;
let waterCase: string;

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await installDefaultScoreRules(store.db);
  await person('admin', 'administrator', { areaCode: 'D' }, 'D');
  await person('leader.d', 'leader', { areaCode: 'D' }, 'D');
  await person('head.s1', 'street_head', { areaCode: 'S1' }, 'D/S1');
  await person('head.s2', 'street_head', { areaCode: 'S2' }, 'D/S2');
  await person('dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }, 'D/S1');
  await person('officer.urban', 'department_officer', { departmentCode: 'URBAN' }, 'D');
  await person('officer.water', 'department_officer', { departmentCode: 'WATER' }, 'D');
  await person('resident.g11', 'resident', { areaCode: 'G11' }, 'D/S1/C1/G11');
  await dispatchedEvents(store.db, actors.get('dispatcher.s1')!, 0, T0); // saves the hourly item

  // URBAN: one clean case, +5. WATER: one case accepted late (−2) and handled in time (+2), 0.
  urbanCase = await whistled('URBAN', minutes(0));
  await run(urbanCase, { type: 'accept' }, 'officer.urban', minutes(10));
  await run(urbanCase, { type: 'handle', text: '已补装', attachmentIds: [] }, 'officer.urban', minutes(60));
  await run(
    urbanCase,
    { type: 'verify', passed: true, text: '已核实', attachmentIds: [] },
    'dispatcher.s1',
    minutes(70),
  );
  await run(
    urbanCase,
    { type: 'rate', rating: 'satisfied', comment: '', rework: false },
    'dispatcher.s1',
    minutes(80),
  );
  waterCase = await whistled('WATER', minutes(0));
  await sweepDeadlines(store.db, minutes(61));
  await run(waterCase, { type: 'accept' }, 'officer.water', minutes(65));
  await run(waterCase, { type: 'handle', text: '已疏通', attachmentIds: [] }, 'officer.water', minutes(90));
  await startScoreServer();
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('the rules and the weight', () => {
  it('staff read the rules and the weight; residents may not', async () => {
    const answer = await as('dispatcher.s1').get('/api/v1/scores/rules');
    expect(answer.status).toBe(200);
    expect(answer.body.rules).toHaveLength(8);
    expect(answer.body.rules).toContainEqual(
      expect.objectContaining({
        code: 'step_overdue',
        points: -2,
        active: true,
        name: { zh: '环节超期', en: 'Step overdue' },
      }),
    );
    expect(answer.body.settings.streetEvaluationWeight).toBe(0.5);
    expect((await as('officer.urban').get('/api/v1/scores/settings')).body.streetEvaluationWeight).toBe(0.5);
    expect((await as('resident.g11').get('/api/v1/scores/rules')).status).toBe(403);
  });

  it('an administrator changes a rule’s points or switches it; nobody else', async () => {
    const changed = await put('admin', '/api/v1/scores/rules/return_refused', { points: -1.5 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ code: 'return_refused', points: -1.5, active: true });
    const off = await put('admin', '/api/v1/scores/rules/return_refused', { active: false, points: -1 });
    expect(off.body).toMatchObject({ points: -1, active: false });
    expect((await put('admin', '/api/v1/scores/rules/return_refused', { active: true })).body.active).toBe(
      true,
    );
    expect((await put('admin', '/api/v1/scores/rules/no_such_rule', { points: 1 })).status).toBe(404);
    expect((await put('admin', '/api/v1/scores/rules/rework', {})).status).toBe(400);
    expect((await put('admin', '/api/v1/scores/rules/rework', { points: 500 })).status).toBe(400);
    expect((await put('head.s1', '/api/v1/scores/rules/rework', { points: 0 })).status).toBe(403);
  });

  it('an administrator sets the streets’ weight between 0 and 1', async () => {
    const set = await put('admin', '/api/v1/scores/settings', { streetEvaluationWeight: 0.3 });
    expect(set.status).toBe(200);
    expect(set.body.streetEvaluationWeight).toBe(0.3);
    expect((await put('admin', '/api/v1/scores/settings', { streetEvaluationWeight: 1.5 })).status).toBe(400);
    expect((await put('leader.d', '/api/v1/scores/settings', { streetEvaluationWeight: 1 })).status).toBe(
      403,
    );
    await put('admin', '/api/v1/scores/settings', { streetEvaluationWeight: 0.5 });
  });
});

describe('the streets rate the district departments (下考上)', () => {
  const RATINGS = '/api/v1/scores/street-ratings';

  it('the head of a street rates a department once a year, and may change it within the year', async () => {
    const first = await put('head.s1', RATINGS, { departmentCode: 'URBAN', score: 75, comment: '响应及时' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      streetCode: 'S1',
      departmentCode: 'URBAN',
      year: 2026,
      score: 75,
      comment: '响应及时',
      ratedAt: NOW.toISOString(),
    });
    const again = await put('head.s1', RATINGS, {
      streetCode: 'S1',
      departmentCode: 'URBAN',
      year: 2026,
      score: 80,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ score: 80, comment: '' });
    expect((await put('head.s1', RATINGS, { departmentCode: 'WATER', score: 90 })).status).toBe(201);
    expect((await put('head.s2', RATINGS, { departmentCode: 'URBAN', score: 60 })).status).toBe(201);
    const rows = await store.db.selectFrom('street_ratings').selectAll().orderBy('street_code').execute();
    expect(
      rows.map((row) => `${row.street_code} ${row.department_code} ${Number(row.score)}`).sort(),
    ).toEqual(['S1 URBAN 80', 'S1 WATER 90', 'S2 URBAN 60']);
  });

  it.each([
    ['the street’s dispatcher', 'dispatcher.s1'],
    ['an administrator', 'admin'],
    ['a district leader', 'leader.d'],
    ['a department officer', 'officer.water'],
  ])('%s may not rate: 403', async (_who, username) => {
    const answer = await put(username, RATINGS, { streetCode: 'S1', departmentCode: 'URBAN', score: 100 });
    expect(answer.status).toBe(403);
    expect(answer.body.reason).toBe('role_may_not');
  });

  it('a head rates only for their own street: another street is out of their sight (404)', async () => {
    const answer = await put('head.s2', RATINGS, { streetCode: 'S1', departmentCode: 'URBAN', score: 100 });
    expect(answer.status).toBe(404);
  });

  it('a resident, who sees no street, is told nothing is there', async () => {
    expect(
      (await put('resident.g11', RATINGS, { streetCode: 'S1', departmentCode: 'URBAN', score: 1 })).status,
    ).toBe(404);
  });

  it('what is rated: a district department, 0–100, this year', async () => {
    const office = await put('head.s1', RATINGS, { departmentCode: 'S1-LAW', score: 50 });
    expect(office.status).toBe(400);
    expect(office.body.reason).toBe('not_a_district_department');
    expect((await put('head.s1', RATINGS, { departmentCode: 'NOPE', score: 50 })).status).toBe(404);
    expect((await put('head.s1', RATINGS, { departmentCode: 'URBAN', score: 101 })).status).toBe(400);
    expect((await put('head.s1', RATINGS, { departmentCode: 'URBAN', score: -1 })).status).toBe(400);
    const lastYear = await as('head.s1', 'en').request('PUT', RATINGS, {
      departmentCode: 'URBAN',
      year: 2025,
      score: 50,
    });
    expect(lastYear.status).toBe(409);
    expect(lastYear.body).toMatchObject({ reason: 'not_this_year', currentYear: 2026 });
    expect(lastYear.body.detail).toContain('2026');
  });
});

describe("the departments' scores and ranking", () => {
  it('event points, the streets’ average, the weighted score and the rank of each district department', async () => {
    const answer = await as('leader.d').get('/api/v1/scores/departments?year=2026');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ year: 2026, streetEvaluationWeight: 0.5, perfectEventPoints: 5 });
    // URBAN: 5 points in 1 case → 100; streets (80 + 60) / 2 = 70 → 85. WATER: 0 → 0; streets 90 → 45.
    expect(answer.body.items).toEqual([
      expect.objectContaining({
        code: 'URBAN',
        kind: 'district_department',
        eventPoints: 5,
        scoredEvents: 1,
        streetRating: 70,
        ratingStreets: 2,
        eventPart: 100,
        streetPart: 70,
        score: 85,
        rank: 1,
      }),
      expect.objectContaining({
        code: 'WATER',
        eventPoints: 0,
        scoredEvents: 1,
        streetRating: 90,
        eventPart: 0,
        score: 45,
        rank: 2,
      }),
    ]);
  });

  it('the weight moves the ranking: with the streets alone WATER comes first', async () => {
    await put('admin', '/api/v1/scores/settings', { streetEvaluationWeight: 1 });
    const answer = await as('dispatcher.s1').get('/api/v1/scores/departments');
    expect(
      answer.body.items.map((item: { code: string; score: number; rank: number }) => [
        item.code,
        item.score,
        item.rank,
      ]),
    ).toEqual([
      ['WATER', 90, 1],
      ['URBAN', 70, 2],
    ]);
    await put('admin', '/api/v1/scores/settings', { streetEvaluationWeight: 0.5 });
  });

  it('a year without points or ratings has no scores and no ranks', async () => {
    const answer = await as('officer.water').get('/api/v1/scores/departments?year=2025');
    expect(answer.body.items).toEqual([
      expect.objectContaining({ code: 'URBAN', score: null, rank: null, eventPart: null, streetPart: null }),
      expect.objectContaining({ code: 'WATER', score: null, rank: null }),
    ]);
  });

  it('street offices are listed on asking, scored by their cases alone', async () => {
    const answer = await as('leader.d').get('/api/v1/scores/departments?kind=street_office');
    expect(answer.body.items.map((item: { code: string }) => item.code)).toEqual(['S1-LAW', 'S2-LAW']);
  });

  it('residents may not read scores', async () => {
    expect((await as('resident.g11').get('/api/v1/scores/departments')).status).toBe(403);
  });
});

describe('the entries: every point names its event, its fact and its rule', () => {
  it('a district leader reads them all; filters by unit and event', async () => {
    const all = await as('leader.d').get('/api/v1/scores/entries');
    expect(all.status).toBe(200);
    expect(
      all.body.items.map(
        (item: { unit: { code: string }; fact: { type: string }; rule: { code: string }; points: number }) =>
          `${item.unit.code} ${item.fact.type} ${item.rule.code} ${item.points}`,
      ),
    ).toEqual([
      'URBAN accepted accepted_in_time 1',
      'URBAN handled handled_in_time 2',
      'URBAN rated rated_satisfied 2',
      'WATER deadline_passed step_overdue -2',
      'WATER handled handled_in_time 2',
    ]);
    const first = all.body.items[0];
    expect(first).toMatchObject({
      event: { id: urbanCase },
      fact: { type: 'accepted' },
      unit: { code: 'URBAN', kind: 'district_department' },
      rule: { code: 'accepted_in_time', name: { zh: '按时接单', en: 'Accepted in time' } },
      at: minutes(10).toISOString(),
    });
    expect(first.event.trackingCode).toEqual(expect.any(String));
    const water = await as('leader.d').get('/api/v1/scores/entries?unit=WATER');
    expect(water.body.items.every((item: { event: { id: string } }) => item.event.id === waterCase)).toBe(
      true,
    );
    expect((await as('leader.d').get(`/api/v1/scores/entries?event=${urbanCase}`)).body.items).toHaveLength(
      3,
    );
  });

  it('a time window and pages', async () => {
    const from = encodeURIComponent(minutes(60).toISOString());
    const to = encodeURIComponent(minutes(80).toISOString());
    const window = await as('leader.d').get(`/api/v1/scores/entries?from=${from}&to=${to}`);
    expect(window.body.items.map((item: { rule: { code: string } }) => item.rule.code)).toEqual([
      'handled_in_time',
      'step_overdue',
    ]);
    const page1 = await as('leader.d').get('/api/v1/scores/entries?limit=2');
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.next).toBe(page1.body.items[1].id);
    const page2 = await as('leader.d').get(`/api/v1/scores/entries?limit=10&after=${page1.body.next}`);
    expect(page2.body.items).toHaveLength(3);
    expect(page2.body.next).toBeNull();
  });

  it("a department reads its own entries, not another department's", async () => {
    const own = await as('officer.urban').get('/api/v1/scores/entries');
    expect(own.body.items.map((item: { unit: { code: string } }) => item.unit.code)).toEqual([
      'URBAN',
      'URBAN',
      'URBAN',
    ]);
    expect((await as('officer.urban').get('/api/v1/scores/entries?unit=WATER')).body.items).toEqual([]);
  });

  it('the head of another street does not see the entries of cases in S1', async () => {
    expect((await as('head.s2').get('/api/v1/scores/entries')).body.items).toEqual([]);
    expect((await as('head.s1').get('/api/v1/scores/entries')).body.items).toHaveLength(5);
  });
});
