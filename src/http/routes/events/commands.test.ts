import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import {
  type Answer,
  signedInClients,
  startTestServer,
  type TestServer,
} from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { REFUSAL_TEXT } from '../../../i18n/event-refusals.ts';

let store: TestStore;
let server: TestServer;

let now = new Date('2025-06-02T01:00:00.000Z');
const clock = () => new Date(now.getTime());
function advanceHours(hours: number): void {
  now = new Date(now.getTime() + hours * 3_600_000);
}

const as = signedInClients(() => server.url, TEST_PASSWORD);

const IN_M111 = { lng: 0.25, lat: 0.25 };
const IN_G12 = { lng: 0.75, lat: 0.5 };

const DISTRICT_UNIT = (code: string) => ({ kind: 'district_department', code, areaPath: 'D' });
const S1_LAW = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' };
const C1 = { kind: 'community', code: 'C1', areaPath: 'D/S1/C1' };

async function reported(username: string, body: Record<string, unknown> = {}): Promise<string> {
  advanceHours(1);
  const answer = await (await as(username)).post(
    '/api/v1/events',
    { catalogueItemCode: '01037', description: '路灯不亮', location: IN_M111, ...body },
    { 'idempotency-key': randomUUID() },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

async function command(
  username: string,
  id: string,
  name: string,
  body: unknown = {},
  language?: string,
): Promise<Answer> {
  return (await as(username, language)).post(`/api/v1/events/${id}/${name}`, body);
}

async function step(username: string, id: string, name: string, body: unknown = {}) {
  const answer = await command(username, id, name, body);
  expect(answer.status, `${name} by ${username}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

function expectRefused(
  answer: Answer,
  status: number,
  reason: keyof typeof REFUSAL_TEXT,
  language = 'zh-CN',
) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.detail).toBe(REFUSAL_TEXT[reason][language as 'zh-CN' | 'en']);
}

/** A real 2×2 PNG, built from its chunks: signature, IHDR, one deflated IDAT, IEND. */
function pngBytes(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function uploaded(username: string): Promise<string> {
  const client = await as(username);
  const form = new FormData();
  form.append('file', new Blob([pngBytes()], { type: 'image/png' }), 'evidence.png');
  const response = await fetch(`${server.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '' },
    body: form,
  });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.id;
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
    ['worker.g11', 'grid_worker', { areaCode: 'G11' }],
    ['leader.c1', 'grid_leader', { areaCode: 'C1' }],
    ['staff.c1', 'community_staff', { areaCode: 'C1' }],
    ['dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }],
    ['head.s1', 'street_head', { areaCode: 'S1' }],
    ['dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' }],
    ['officer.urban', 'department_officer', { departmentCode: 'URBAN' }],
    ['officer.water', 'department_officer', { departmentCode: 'WATER' }],
    ['officer.s1law', 'department_officer', { departmentCode: 'S1-LAW' }],
    ['dispatcher.d', 'district_dispatcher', { areaCode: 'D' }],
  ];
  for (const [username, role, place] of people) await createPerson(store.db, username, role, place);
  server = await startTestServer(store, { sessionHours: 24 * 365 }, clock);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('locate', () => {
  it('moves a report to the grid of a point, or of an area code', async () => {
    const id = await reported('resident.zhou');
    const toPoint = await step('staff.c1', id, 'locate', { location: IN_G12 });
    expect(toPoint).toMatchObject({ areaCode: 'G12', areaPath: 'D/S1/C1/G12', location: IN_G12 });
    const toArea = await step('staff.c1', id, 'locate', { areaCode: 'M111' });
    expect(toArea).toMatchObject({ areaCode: 'M111', areaPath: 'D/S1/C1/G11/M111', location: null });
  });

  it('a point outside the district, an unknown area or no place at all is 400', async () => {
    const id = await reported('resident.zhou');
    const outside = await command('staff.c1', id, 'locate', { location: { lng: 3, lat: 3 } }, 'en');
    expect(outside.status).toBe(400);
    expect(outside.body.detail).toContain('outside every grid');
    const unknown = await command('staff.c1', id, 'locate', { areaCode: 'NOPE' }, 'en');
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe('The areaCode names no area.');
    const nothing = await command('staff.c1', id, 'locate', {}, 'en');
    expect(nothing.status).toBe(400);
    expect(nothing.body.detail).toBe(
      'Say where the event is: a location (longitude and latitude) or an areaCode.',
    );
  });
});

describe('solve, escalate and close at the grid', () => {
  it('a grid worker fixes it on the spot with a photo: verified at once, then closed by the grid', async () => {
    const id = await reported('worker.g11');
    const photo = await uploaded('worker.g11');
    expectRefused(await command('staff.c1', id, 'solve', { text: '修好了' }), 403, 'role_may_not');
    const solved = await step('worker.g11', id, 'solve', { text: '换了灯泡', attachmentIds: [photo] });
    expect(solved).toMatchObject({ state: 'verified', level: 'grid', lead: null });
    const closed = await step('worker.g11', id, 'close', { text: '就地解决' });
    expect(closed.state).toBe('closed');
    expect(closed.closedAt).toBe(now.toISOString());
  });

  it('escalate climbs one level at a time: grid → community → street', async () => {
    const id = await reported('worker.g11');
    expect(await step('leader.c1', id, 'escalate', { reason: '网格内调解不成' })).toMatchObject({
      level: 'community',
      state: 'reported',
    });
    expect(await step('staff.c1', id, 'escalate', { reason: '需要街道' })).toMatchObject({ level: 'street' });
    expectRefused(await command('staff.c1', id, 'escalate', { reason: '再上' }), 403, 'not_the_holder');
  });
});

describe('dispatch with units named by their codes', () => {
  it('a community dispatches to itself; its staff accept as the handling unit', async () => {
    const id = await reported('resident.zhou');
    const dispatched = await step('staff.c1', id, 'dispatch', { lead: 'C1' });
    expect(dispatched).toMatchObject({
      state: 'dispatched',
      lead: C1,
      assisting: [],
      dispatchedAtLevel: 'community',
    });
    expect((await step('leader.c1', id, 'accept')).state).toBe('accepted');
  });

  it('the street dispatches to its own office with its community assisting', async () => {
    const id = await reported('resident.zhou');
    await step('staff.c1', id, 'escalate', { reason: '需要执法' });
    const dispatched = await step('dispatcher.s1', id, 'dispatch', { lead: 'S1-LAW', assisting: ['C1'] });
    expect(dispatched).toMatchObject({ lead: S1_LAW, assisting: [C1], dispatchedAtLevel: 'street' });
  });

  it('an unknown unit code is 400 naming the code, as lead or as assisting', async () => {
    const id = await reported('resident.zhou');
    await step('staff.c1', id, 'escalate', { reason: '需要执法' });
    const unknownLead = await command('dispatcher.s1', id, 'dispatch', { lead: 'NOPE' }, 'en');
    expect(unknownLead.status).toBe(400);
    expect(unknownLead.body.detail).toBe(
      'No department, street office or community has the code NOPE, or that unit was stood down.',
    );
    const unknownAssisting = await command('dispatcher.s1', id, 'dispatch', {
      lead: 'S1-LAW',
      assisting: ['GHOST'],
    });
    expect(unknownAssisting.status).toBe(400);
    expect(unknownAssisting.body.detail).toBe('没有编码为 GHOST 的部门、街道科室或社区，或该单位已停用。');
    const aGrid = await command('dispatcher.s1', id, 'dispatch', { lead: 'G11' });
    expect(aGrid.status).toBe(400);
    expect((await command('dispatcher.s1', id, 'accept')).status).toBe(409);
  });

  it('a unit the level may not send to is 400 unit_not_allowed', async () => {
    const id = await reported('resident.zhou');
    await step('staff.c1', id, 'escalate', { reason: '需要街道' });
    const cases = [
      { lead: 'URBAN' }, // a district department needs the whistle
      { lead: 'C2' }, // another street's community
      { lead: 'S2-LAW' }, // another street's office
      { lead: 'S1-LAW', assisting: ['S1-LAW'] }, // one unit named twice
    ];
    for (const body of cases) {
      const answer = await command('dispatcher.s1', id, 'dispatch', body);
      expectRefused(answer, 400, 'unit_not_allowed');
      expect(answer.body.reason).toBe('unit_not_allowed');
    }
  });
});

describe('whistle, second whistle, accept', () => {
  let id = '';

  beforeAll(async () => {
    id = await reported('dispatcher.s1', { source: 'hotline' });
  });

  it('only the street head whistles, and only to district departments', async () => {
    expectRefused(
      await command('dispatcher.s1', id, 'whistle', { lead: 'URBAN', reason: '吹哨' }),
      403,
      'role_may_not',
    );
    expectRefused(
      await command('head.s1', id, 'whistle', { lead: 'S1-LAW', reason: '吹哨' }),
      400,
      'unit_not_allowed',
    );
    const whistled = await step('head.s1', id, 'whistle', {
      lead: 'URBAN',
      assisting: ['WATER'],
      reason: '道路积水，需要区级部门',
    });
    expect(whistled).toMatchObject({
      state: 'dispatched',
      whistle: 'first',
      lead: DISTRICT_UNIT('URBAN'),
      assisting: [DISTRICT_UNIT('WATER')],
      dispatchedAtLevel: 'street',
    });
  });

  it('an assisting department may not accept: 403 not_the_handling_unit, in both languages', async () => {
    expectRefused(await command('officer.water', id, 'accept'), 403, 'not_the_handling_unit');
    expectRefused(await command('officer.water', id, 'accept', {}, 'en'), 403, 'not_the_handling_unit', 'en');
  });

  it('the street head blows the second whistle once; the district then follows the case', async () => {
    expectRefused(
      await command('dispatcher.s1', id, 'second-whistle', { reason: '超时' }),
      403,
      'role_may_not',
    );
    const second = await step('head.s1', id, 'second-whistle', { reason: '24 小时未接单' });
    expect(second).toMatchObject({ whistle: 'second', level: 'district', state: 'dispatched' });
    expectRefused(
      await command('head.s1', id, 'second-whistle', { reason: '再吹' }),
      409,
      'already_second_whistle',
    );
    expect((await step('officer.urban', id, 'accept')).state).toBe('accepted');
  });

  it('a second whistle needs a first one: 409 not_whistled', async () => {
    const other = await reported('dispatcher.s1', { source: 'hotline' });
    await step('dispatcher.s1', other, 'dispatch', { lead: 'S1-LAW' });
    expectRefused(await command('head.s1', other, 'second-whistle', { reason: '超时' }), 409, 'not_whistled');
  });
});

describe('return and extension requests, approved or refused', () => {
  it('return: pending blocks accepting; refused it stays; approved it is back to triage at the street', async () => {
    const id = await reported('dispatcher.s1', { source: 'hotline' });
    await step('dispatcher.s1', id, 'dispatch', { lead: 'S1-LAW' });
    expectRefused(await command('dispatcher.s1', id, 'approve'), 409, 'no_request_pending');
    const asked = await step('officer.s1law', id, 'return', { reason: '不属于执法范围' });
    expect(asked.pendingRequest).toMatchObject({ kind: 'return', reason: '不属于执法范围' });
    expectRefused(await command('officer.s1law', id, 'accept'), 409, 'request_pending');
    expectRefused(await command('officer.s1law', id, 'approve'), 403, 'role_may_not');
    const refused = await step('dispatcher.s1', id, 'refuse', { reason: '属于你们' });
    expect(refused).toMatchObject({ state: 'dispatched', pendingRequest: null, lead: S1_LAW });
    await step('officer.s1law', id, 'return', { reason: '确实不属于' });
    const approved = await step('head.s1', id, 'approve');
    expect(approved).toMatchObject({
      state: 'reported',
      level: 'street',
      lead: null,
      assisting: [],
      pendingRequest: null,
      dispatchedAtLevel: null,
    });
  });

  it('extension: asked after accepting with whole hours, answered by the dispatcher', async () => {
    const id = await reported('dispatcher.s1', { source: 'hotline' });
    await step('dispatcher.s1', id, 'dispatch', { lead: 'S1-LAW' });
    expectRefused(
      await command('officer.s1law', id, 'extend', { reason: '等配件', extraHours: 48 }),
      409,
      'wrong_state',
    );
    await step('officer.s1law', id, 'accept');
    for (const extraHours of [0, 1.5, 24 * 61]) {
      const bad = await command('officer.s1law', id, 'extend', { reason: '等配件', extraHours }, 'en');
      expect(bad.status, String(extraHours)).toBe(400);
      expect(bad.body.detail).toContain('extraHours');
    }
    const asked = await step('officer.s1law', id, 'extend', { reason: '等配件', extraHours: 48 });
    expect(asked.pendingRequest).toMatchObject({ kind: 'extension', extraHours: 48 });
    expect((await step('dispatcher.s1', id, 'refuse', { reason: '不同意' })).pendingRequest).toBeNull();
    await step('officer.s1law', id, 'extend', { reason: '仍在等配件', extraHours: 24 });
    const approved = await step('dispatcher.s1', id, 'approve');
    expect(approved).toMatchObject({ state: 'accepted', pendingRequest: null });
    const shown = await (await as('dispatcher.s1')).get(`/api/v1/events/${id}`);
    expect(shown.body.timeline.map((entry: { type: string }) => entry.type)).toEqual([
      'reported',
      'dispatched',
      'accepted',
      'extension_requested',
      'extension_refused',
      'extension_requested',
      'extension_approved',
    ]);
  });
});

describe('handle, verify, rate, close, reopen', () => {
  let id = '';

  beforeAll(async () => {
    id = await reported('resident.zhou');
    await step('staff.c1', id, 'escalate', { reason: '需要执法' });
    await step('dispatcher.s1', id, 'dispatch', { lead: 'S1-LAW' });
    await step('officer.s1law', id, 'accept');
  });

  it('handle takes only the handler’s own uploads as evidence', async () => {
    const foreign = await uploaded('worker.g11');
    const refused = await command(
      'officer.s1law',
      id,
      'handle',
      { text: '已处理', attachmentIds: [foreign] },
      'en',
    );
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(`Only your own uploads can be attached: ${foreign}`);
    const own = await uploaded('officer.s1law');
    const handled = await step('officer.s1law', id, 'handle', { text: '已处理', attachmentIds: [own] });
    expect(handled.state).toBe('handled');
    const shown = await (await as('officer.s1law')).get(`/api/v1/events/${id}`);
    expect(shown.body.timeline.at(-1)).toMatchObject({
      type: 'handled',
      fact: { text: '已处理', attachmentIds: [own] },
    });
  });

  it('a failed check needs a reason and sends the case back for rework', async () => {
    expectRefused(
      await command('worker.g11', id, 'verify', { passed: false, text: '  ' }),
      400,
      'reason_required',
    );
    const failed = await step('worker.g11', id, 'verify', { passed: false, text: '还是不亮' });
    expect(failed).toMatchObject({ state: 'accepted', reworkCount: 1 });
    await step('officer.s1law', id, 'handle', { text: '更换线路' });
    expect((await step('worker.g11', id, 'verify', { passed: true, text: '亮了' })).state).toBe('verified');
  });

  it('rework may be ordered only with a dissatisfied rating; it sends the case back to the unit', async () => {
    expectRefused(
      await command('resident.zhou', id, 'rate', { rating: 'satisfied', rework: true }),
      400,
      'rework_only_if_dissatisfied',
    );
    const invalid = await command('resident.zhou', id, 'rate', { rating: 'great' }, 'en');
    expect(invalid.status).toBe(400);
    expect(invalid.body.detail).toContain('rating');
    const rework = await step('resident.zhou', id, 'rate', {
      rating: 'dissatisfied',
      comment: '第二天又坏了',
      rework: true,
    });
    expect(rework).toMatchObject({ state: 'accepted', reworkCount: 2, rating: null, lead: S1_LAW });
    await step('officer.s1law', id, 'handle', { text: '整体更换灯杆' });
    await step('staff.c1', id, 'verify', { passed: true, text: '连续两晚正常' });
    expect(await step('resident.zhou', id, 'rate', { rating: 'satisfied' })).toMatchObject({
      state: 'rated',
      rating: 'satisfied',
    });
  });

  it('the dispatcher that sent it closes it; then it may be reopened within 30 days, not after', async () => {
    expectRefused(await command('staff.c1', id, 'close', { text: '结案' }), 403, 'not_the_holder');
    const closed = await step('dispatcher.s1', id, 'close', { text: '已办结' });
    expect(closed).toMatchObject({ state: 'closed', closedAt: now.toISOString() });
    advanceHours(24);
    const reopened = await step('dispatcher.s1', id, 'reopen', { reason: '灯又不亮了' });
    expect(reopened).toMatchObject({
      state: 'reported',
      level: 'street',
      rating: null,
      closedAt: null,
      lead: null,
    });
    await step('dispatcher.s1', id, 'dispatch', { lead: 'S1-LAW' });
    await step('officer.s1law', id, 'accept');
    await step('officer.s1law', id, 'handle', { text: '再次修复' });
    await step('staff.c1', id, 'verify', { passed: true, text: '正常' });
    await step('dispatcher.s1', id, 'close', { text: '再次办结' });
    advanceHours(31 * 24);
    expectRefused(
      await command('dispatcher.s1', id, 'reopen', { reason: '又坏了' }),
      409,
      'reopen_window_passed',
    );
  });
});

describe('cancel and merge', () => {
  it('the reporter withdraws a report not yet sent anywhere; a withdrawn report takes no more commands', async () => {
    const id = await reported('resident.zhou');
    const cancelled = await step('resident.zhou', id, 'cancel', { reason: '已自行解决' });
    expect(cancelled.state).toBe('cancelled');
    expectRefused(await command('staff.c1', id, 'escalate', { reason: 'x' }), 409, 'wrong_state');
  });

  it('a dispatched report can no longer be withdrawn', async () => {
    const id = await reported('resident.zhou');
    await step('staff.c1', id, 'dispatch', { lead: 'C1' });
    expectRefused(await command('resident.zhou', id, 'cancel', { reason: '算了' }), 409, 'wrong_state');
  });

  it('merge folds a duplicate into an open event', async () => {
    const first = await reported('resident.zhou');
    const second = await reported('worker.g11');
    const merged = await step('worker.g11', second, 'merge', { intoEventId: first });
    expect(merged).toMatchObject({ id: second, state: 'merged', mergedInto: first });
  });
});

describe('what the server refuses before the lifecycle sees it', () => {
  it('unknown fields are refused by name, for every kind of command body', async () => {
    const id = await reported('resident.zhou');
    const cases: [string, Record<string, unknown>, string][] = [
      ['accept', { note: '接单' }, 'note'],
      ['escalate', { reason: '需要街道', toLevel: 'district' }, 'toLevel'],
      ['dispatch', { lead: 'C1', deadline: '2025-06-03' }, 'deadline'],
      ['rate', { rating: 'satisfied', stars: 5 }, 'stars'],
      ['merge', { intoEventId: id, force: true }, 'force'],
    ];
    for (const [name, body, field] of cases) {
      const answer = await command('staff.c1', id, name, body, 'en');
      expect(answer.status, name).toBe(400);
      expect(answer.body.detail, name).toContain(field);
    }
    const shown = await (await as('staff.c1')).get(`/api/v1/events/${id}`);
    expect(shown.body.timeline).toHaveLength(1);
  });

  it('a missing required field is 400 naming it', async () => {
    const id = await reported('resident.zhou');
    const answer = await command('staff.c1', id, 'escalate', {}, 'en');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('reason');
  });

  it('a command on an event out of sight is 404, like one on an event that does not exist', async () => {
    const id = await reported('resident.zhou');
    const hidden = await command('dispatcher.s2', id, 'escalate', { reason: 'x' });
    const missing = await command('dispatcher.s2', randomUUID(), 'escalate', { reason: 'x' });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.detail).toBe(missing.body.detail);
  });

  it('a command that does not exist is 404', async () => {
    const id = await reported('resident.zhou');
    expect((await command('staff.c1', id, 'approve-everything', {})).status).toBe(404);
  });
});
