/**
 * The seeds' stories told end to end over HTTP, by people who sign in: the street lamps and the flooded road
 * (Guangzhou Huangpu), the plot nobody owns (Tianjin Hongqiao), the lift dispute (Chongqing Jiangbei). Each
 * step is a request a person's screen would send; each story ends with what the timeline and the log say.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/commands/verify-audit-chain.ts';
import { insertDepartments } from '../../src/db/repositories/departments.ts';
import type { Role } from '../../src/domain/roles.ts';
import { REFUSAL_TEXT } from '../../src/i18n/event-refusals.ts';
import { sealLog } from '../../src/jobs/log-sealer.ts';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../support/factories.ts';
import { type Answer, signedInClients, startTestServer, type TestServer } from '../support/test-server.ts';
import { openTestStore, type TestStore } from '../support/test-store.ts';

let store: TestStore;
let server: TestServer;

/** The server's clock, set by each step: hour `hour` (Beijing time) of day `day` after Monday 2024-05-06. */
let now = new Date(Date.UTC(2024, 4, 6, 0));
function on(day: number, hour: number): Date {
  now = new Date(Date.UTC(2024, 4, 6 + day, hour - 8));
  return now;
}

const PEOPLE: [
  username: string,
  name: string,
  role: Role,
  place: { areaCode?: string; departmentCode?: string },
][] = [
  ['zhou.weili', '周伟礼', 'resident', { areaCode: 'G11' }],
  ['dai.shurong', '戴淑荣', 'resident', { areaCode: 'G11' }],
  ['wang.fengnian', '王丰年', 'grid_worker', { areaCode: 'G11' }],
  ['li.wanggezhang', '李网格长', 'grid_leader', { areaCode: 'C1' }],
  ['chen.shequ', '陈社区', 'community_staff', { areaCode: 'C1' }],
  ['liu.diaodu', '刘调度', 'street_dispatcher', { areaCode: 'S1' }],
  ['ding.shiyun', '丁世云', 'street_head', { areaCode: 'S1' }],
  ['lamp.officer', '路灯所赵工', 'department_officer', { departmentCode: 'LAMPS' }],
  ['water.officer', '水务局孙科长', 'department_officer', { departmentCode: 'WATER' }],
  ['urban.officer', '城管委吴科长', 'department_officer', { departmentCode: 'URBAN' }],
  ['law.officer', '执法队郑队长', 'department_officer', { departmentCode: 'S1-LAW' }],
];

const as = signedInClients(() => server.url, TEST_PASSWORD);

async function report(
  username: string,
  at: Date,
  body: Record<string, unknown>,
  key: string = randomUUID(),
): Promise<Answer> {
  now = at;
  return (await as(username)).post('/api/v1/events', body, { 'idempotency-key': key });
}

/** One step of a story: the person gives the command at that time, and it must be accepted. */
async function step(at: Date, username: string, id: string, name: string, body: unknown = {}) {
  now = at;
  const answer = await (await as(username)).post(`/api/v1/events/${id}/${name}`, body);
  expect(answer.status, `${name} by ${username}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: { id: number; displayName: string } | null;
  fact: Record<string, unknown>;
}

async function timelineOf(username: string, id: string): Promise<TimelineEntry[]> {
  const answer = await (await as(username)).get(`/api/v1/events/${id}`);
  expect(answer.status).toBe(200);
  return answer.body.timeline;
}

/** The timeline as a story reads: what happened, when, and who did it. */
function told(timeline: TimelineEntry[]): [string, string, string | undefined][] {
  return timeline.map((entry) => [entry.type, entry.at, entry.actor?.displayName]);
}

function pngBytes(): Buffer {
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const framing = Buffer.alloc(8);
    framing.writeUInt32BE(data.length, 0);
    framing.writeUInt32BE(crc32(typed), 4);
    return Buffer.concat([framing.subarray(0, 4), typed, framing.subarray(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function photo(username: string, at: Date): Promise<string> {
  now = at;
  const form = new FormData();
  form.append('file', new Blob([pngBytes()], { type: 'image/png' }), 'photo.png');
  const response = await fetch(`${server.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { cookie: (await as(username)).cookie ?? '' },
    body: form,
  });
  const body = (await response.json()) as { id: string; mediaType: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  expect(body.mediaType).toBe('image/png');
  return body.id;
}

async function download(username: string, attachmentId: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/attachments/${attachmentId}`, {
    headers: { cookie: (await as(username)).cookie ?? '' },
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await insertDepartments(store.db, [
    {
      code: 'LAMPS',
      name: '区路灯管理所',
      nameEn: 'Street Lighting Office',
      kind: 'district_department',
      areaCode: 'D',
    },
  ]);
  for (const [username, name, role, place] of PEOPLE) {
    const id = await createPerson(store.db, username, role, place);
    await store.db.updateTable('users').set({ display_name: name }).where('id', '=', id).execute();
  }
  server = await startTestServer(store, { sessionHours: 24 * 365 }, () => new Date(now.getTime()));
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('the seeds’ stories over HTTP', () => {
  it('(1) dark street lamps: reported with a photo, whistled to the lamp office, fixed next day, verified, rated, closed', async () => {
    const dark = await photo('zhou.weili', on(0, 19));
    const body = {
      catalogueItemCode: '01037',
      description: '村道六盏路灯不亮，晚上出行不安全',
      location: { lng: 0.25, lat: 0.25 },
      attachmentIds: [dark],
    };
    const key = randomUUID();
    const filed = await report('zhou.weili', on(0, 19), body, key);
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;

    // The resident's phone lost the answer and sent the report again: still one event.
    const retried = await report('zhou.weili', on(0, 19), body, key);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ id, trackingCode: filed.body.trackingCode, replayed: true });
    const changed = await report('zhou.weili', on(0, 19), { ...body, description: '七盏' }, key);
    expect(changed.status).toBe(409);
    const copies = await store.db
      .selectFrom('events')
      .select('id')
      .where('description', 'like', '村道六盏路灯%')
      .execute();
    expect(copies.map((row) => row.id)).toEqual([id]);

    const located = (await (await as('zhou.weili')).get(`/api/v1/events/${id}`)).body;
    expect(located).toMatchObject({
      areaCode: 'M111',
      areaPath: 'D/S1/C1/G11/M111',
      level: 'community',
      state: 'reported',
    });

    await step(on(0, 20), 'chen.shequ', id, 'escalate', { reason: '路灯由区路灯所管理，社区无法处置' });
    const whistled = await step(on(0, 21), 'ding.shiyun', id, 'whistle', {
      lead: 'LAMPS',
      reason: '村道路灯大面积不亮',
    });
    expect(whistled.lead).toEqual({ kind: 'district_department', code: 'LAMPS', areaPath: 'D' });
    expect(await download('lamp.officer', dark)).toBe(200);
    await step(on(1, 8), 'lamp.officer', id, 'accept');
    const fixed = await photo('lamp.officer', on(1, 16));
    await step(on(1, 16), 'lamp.officer', id, 'handle', { text: '更换六个灯头', attachmentIds: [fixed] });
    await step(on(1, 20), 'wang.fengnian', id, 'verify', { passed: true, text: '天黑后全部亮灯' });
    expect(await download('zhou.weili', fixed)).toBe(200);
    await step(on(2, 9), 'zhou.weili', id, 'rate', { rating: 'satisfied', comment: '晚上去看了，全亮了' });
    const closed = await step(on(2, 10), 'liu.diaodu', id, 'close', { text: '路灯已修复，居民满意' });
    expect(closed).toMatchObject({
      state: 'closed',
      whistle: 'first',
      rating: 'satisfied',
      reworkCount: 0,
      closedAt: on(2, 10).toISOString(),
    });

    expect(told(await timelineOf('liu.diaodu', id))).toEqual([
      ['reported', on(0, 19).toISOString(), '周伟礼'],
      ['escalated', on(0, 20).toISOString(), '陈社区'],
      ['whistled', on(0, 21).toISOString(), '丁世云'],
      ['accepted', on(1, 8).toISOString(), '路灯所赵工'],
      ['handled', on(1, 16).toISOString(), '路灯所赵工'],
      ['verified', on(1, 20).toISOString(), '王丰年'],
      ['rated', on(2, 9).toISOString(), '周伟礼'],
      ['closed', on(2, 10).toISOString(), '刘调度'],
    ]);
  });

  it('(2) a flooded road: WATER leads and URBAN assists; only WATER may accept, URBAN follows the case', async () => {
    const filed = await report('liu.diaodu', on(10, 7), {
      catalogueItemCode: 'SG0209',
      source: 'hotline',
      description: '暴雨后道路积水没膝',
      location: { lng: 0.75, lat: 0.5 },
    });
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    await step(on(10, 8), 'ding.shiyun', id, 'whistle', {
      lead: 'WATER',
      assisting: ['URBAN'],
      reason: '排水设施不达标，超出街道能力',
    });

    now = on(10, 9);
    const urbanZh = await (await as('urban.officer')).post(`/api/v1/events/${id}/accept`, {});
    expect(urbanZh.status).toBe(403);
    expect(urbanZh.body.detail).toBe(REFUSAL_TEXT.not_the_handling_unit['zh-CN']);
    const urbanEn = await (await as('urban.officer', 'en')).post(`/api/v1/events/${id}/accept`, {});
    expect(urbanEn.status).toBe(403);
    expect(urbanEn.body.detail).toBe(REFUSAL_TEXT.not_the_handling_unit.en);

    const followed = await (await as('urban.officer')).get(`/api/v1/events/${id}`);
    expect(followed.status).toBe(200);
    expect(followed.body.assisting).toEqual([{ kind: 'district_department', code: 'URBAN', areaPath: 'D' }]);
    expect(followed.body.permittedCommands).toEqual([]);
    const listed = await (await as('urban.officer')).get('/api/v1/events?department=URBAN');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);

    await step(on(10, 9), 'water.officer', id, 'accept');
    const handled = await step(on(13, 17), 'water.officer', id, 'handle', {
      text: '疏通管道并抽水，道路已无积水',
    });
    expect(handled).toMatchObject({ state: 'handled', lead: { code: 'WATER' } });
    await step(on(14, 9), 'liu.diaodu', id, 'verify', { passed: true, text: '路面已干' });
    expect(told(await timelineOf('ding.shiyun', id)).map(([type, , who]) => [type, who])).toEqual([
      ['reported', '刘调度'],
      ['whistled', '丁世云'],
      ['accepted', '水务局孙科长'],
      ['handled', '水务局孙科长'],
      ['verified', '刘调度'],
    ]);
  });

  it('(3) a plot nobody owns: the street office asks to return it, the street agrees and whistles the fallback URBAN', async () => {
    const filed = await report('dai.shurong', on(20, 10), {
      catalogueItemCode: '06011',
      description: '两千平方米空地堆满垃圾，杂草丛生，蚊蝇滋生',
      location: { lng: 0.25, lat: 0.75 },
    });
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    await step(on(20, 11), 'chen.shequ', id, 'escalate', { reason: '地块权属不明' });
    await step(on(20, 15), 'liu.diaodu', id, 'dispatch', { lead: 'S1-LAW' });
    const asked = await step(on(21, 9), 'law.officer', id, 'return', {
      reason: '该地块不属于执法队职责，无主',
    });
    expect(asked.pendingRequest).toMatchObject({ kind: 'return' });

    now = on(21, 9);
    const acceptWhilePending = await (await as('law.officer')).post(`/api/v1/events/${id}/accept`, {});
    expect(acceptWhilePending.status).toBe(409);
    expect(acceptWhilePending.body.reason).toBe('request_pending');

    const approved = await step(on(21, 10), 'liu.diaodu', id, 'approve');
    expect(approved).toMatchObject({ state: 'reported', level: 'street', lead: null, whistle: 'none' });
    await step(on(21, 11), 'ding.shiyun', id, 'whistle', {
      lead: 'URBAN',
      reason: '无主地块，由兜底部门处置',
    });
    await step(on(21, 14), 'urban.officer', id, 'accept');
    const handled = await step(on(40, 17), 'urban.officer', id, 'handle', {
      text: '清运垃圾并改建为街心花园',
    });
    expect(handled).toMatchObject({ state: 'handled', lead: { code: 'URBAN' }, whistle: 'first' });

    expect(told(await timelineOf('liu.diaodu', id)).map(([type, , who]) => [type, who])).toEqual([
      ['reported', '戴淑荣'],
      ['escalated', '陈社区'],
      ['dispatched', '刘调度'],
      ['return_requested', '执法队郑队长'],
      ['return_approved', '刘调度'],
      ['whistled', '丁世云'],
      ['accepted', '城管委吴科长'],
      ['handled', '城管委吴科长'],
    ]);
  });

  it('(4) a lift dispute climbs grid → community → street, goes to the street office, is redone once, then closed', async () => {
    const filed = await report('wang.fengnian', on(50, 9), {
      catalogueItemCode: 'SG0101',
      source: 'grid_worker',
      description: '25 号楼居民因加装电梯发生争执，施工停滞',
      location: { lng: 0.25, lat: 0.75 },
    });
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    const shown = (await (await as('wang.fengnian')).get(`/api/v1/events/${id}`)).body;
    expect(shown).toMatchObject({ source: 'grid_worker', level: 'grid', areaCode: 'G11' });

    await step(on(50, 10), 'li.wanggezhang', id, 'escalate', { reason: '网格内调解未成' });
    await step(on(50, 14), 'chen.shequ', id, 'escalate', { reason: '需要街道协调' });
    await step(on(50, 15), 'liu.diaodu', id, 'dispatch', { lead: 'S1-LAW' });
    await step(on(50, 16), 'law.officer', id, 'accept');
    await step(on(52, 17), 'law.officer', id, 'handle', { text: '组织双方见面协商' });
    const failed = await step(on(53, 9), 'wang.fengnian', id, 'verify', {
      passed: false,
      text: '未签协议，施工仍停',
    });
    expect(failed).toMatchObject({ state: 'accepted', reworkCount: 1 });
    await step(on(55, 17), 'law.officer', id, 'handle', { text: '双方签署协议' });
    await step(on(56, 9), 'wang.fengnian', id, 'verify', { passed: true, text: '已复工' });
    await step(on(56, 10), 'wang.fengnian', id, 'rate', {
      rating: 'basically_satisfied',
      comment: '两轮才办成',
    });
    const closed = await step(on(56, 11), 'liu.diaodu', id, 'close', { text: '达成协议' });
    expect(closed).toMatchObject({
      state: 'closed',
      level: 'street',
      dispatchedAtLevel: 'street',
      reworkCount: 1,
      rating: 'basically_satisfied',
    });

    const timeline = await timelineOf('liu.diaodu', id);
    expect(timeline.map((entry) => entry.seq)).toEqual(timeline.map((_, index) => index + 1));
    expect(told(timeline)).toEqual([
      ['reported', on(50, 9).toISOString(), '王丰年'],
      ['escalated', on(50, 10).toISOString(), '李网格长'],
      ['escalated', on(50, 14).toISOString(), '陈社区'],
      ['dispatched', on(50, 15).toISOString(), '刘调度'],
      ['accepted', on(50, 16).toISOString(), '执法队郑队长'],
      ['handled', on(52, 17).toISOString(), '执法队郑队长'],
      ['verification_failed', on(53, 9).toISOString(), '王丰年'],
      ['handled', on(55, 17).toISOString(), '执法队郑队长'],
      ['verified', on(56, 9).toISOString(), '王丰年'],
      ['rated', on(56, 10).toISOString(), '王丰年'],
      ['closed', on(56, 11).toISOString(), '刘调度'],
    ]);
    expect(timeline[1]?.fact).toMatchObject({ fromLevel: 'grid', toLevel: 'community' });
    expect(timeline[2]?.fact).toMatchObject({ fromLevel: 'community', toLevel: 'street' });
  });

  it('the log of all four stories verifies: no break, every entry checked, every read row in step', async () => {
    const entries = await store.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    // 8 (lamps) + 5 (flood) + 8 (plot) + 11 (lift)
    expect(Number(entries.count)).toBe(32);
    // The sealer of a running app (src/jobs/log-sealer.ts) has sealed them by now.
    await sealLog(store.db);
    const audit = await verifyAuditChain(store.db);
    expect(audit.broken).toBeNull();
    expect(audit.eventsOutOfStep).toEqual([]);
    expect(audit.checked).toBe(Number(entries.count));
    expect(audit.awaitingSeal).toBe(0);
    const head = await store.db.selectFrom('event_log_head').select('hash').executeTakeFirstOrThrow();
    expect(audit.lastHash).toBe(head.hash);
  });
});
