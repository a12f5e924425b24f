import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { TestClient } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { enqueueNotices } from '../../../commands/notices/enqueue-notices.ts';
import type { Notice } from '../../../domain/notices.ts';
import { AreaLocatorCache } from '../../../read-models/area-locator-cache.ts';
import { DiskAttachmentStorage } from '../../../storage/attachment-storage.ts';
import { buildApp } from '../../app.ts';
import { notificationRoutes } from './routes.ts';

let store: TestStore;
let app: FastifyInstance;
let url: string;
let storageDir: string;
let eventId: string;
const ids = new Map<string, number>();
let now = new Date('2025-03-03T01:00:00.000Z');
const clock = () => now;

async function as(username: string, language = 'zh-CN'): Promise<TestClient> {
  const client = new TestClient(url, language);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

function notice(userId: number, zh: string, en: string, kind: Notice['kind'] = 'todo'): Notice {
  return {
    kind,
    eventId,
    eventAreaPath: 'D/S1/C1/G11/M111',
    audience: { kind: 'user', userId },
    title: { zh, en },
    body: { zh: `${zh}：路灯不亮`, en: `${en}: a street lamp is out` },
  };
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  for (const [username, role, areaCode] of [
    ['resident.zhou', 'resident', 'G11'],
    ['staff.c1', 'community_staff', 'C1'],
    ['worker.g11', 'grid_worker', 'G11'],
    ['admin.d', 'administrator', 'D'],
    ['admin.s1', 'administrator', 'S1'],
  ] as const) {
    ids.set(username, await createPerson(store.db, username, role, { areaCode }));
  }
  storageDir = await mkdtemp(join(tmpdir(), 'huying-attachments-'));
  app = await buildApp({
    store,
    storage: new DiskAttachmentStorage(storageDir),
    config: { secureCookies: false, sessionHours: 12, production: false, signInRateLimitPerMinute: 1000 },
    clock,
  });
  // Until src/http/app.ts registers the plugin, the test does.
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/notifications' })) {
    await app.register(notificationRoutes, {
      db: store.db,
      config: { secureCookies: false, sessionHours: 12, production: false, signInRateLimitPerMinute: 1000 },
      clock,
      areaLocator: new AreaLocatorCache(store.db),
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const reported = await (await as('resident.zhou')).post(
    '/api/v1/events',
    { catalogueItemCode: '01037', description: '路灯不亮', location: { lng: 0.25, lat: 0.25 } },
    { 'idempotency-key': 'notifications-route-test' },
  );
  expect(reported.status, JSON.stringify(reported.body)).toBe(201);
  eventId = reported.body.id;
  // Whatever the report itself wrote, the tests below start from their own notices.
  await store.db.deleteFrom('pending_notices').execute();
  await store.db.deleteFrom('notifications').execute();
  const staff = ids.get('staff.c1')!;
  await enqueueNotices(
    store.db,
    [
      notice(staff, '第一条', 'first'),
      notice(staff, '第二条', 'second', 'warning'),
      notice(staff, '第三条', 'third', 'overdue'),
      notice(ids.get('worker.g11')!, '网格员的', "the grid worker's"),
    ].map((told) => ({ notice: told, at: now })),
    now,
  );
});

afterAll(async () => {
  await app.close();
  await store.close();
  await rm(storageDir, { recursive: true, force: true });
});

describe('my notices', () => {
  it('lists my own notices, newest first, in my language', async () => {
    const zh = await (await as('staff.c1')).get('/api/v1/notifications');
    expect(zh.status).toBe(200);
    expect(zh.body.items.map((item: { title: string }) => item.title)).toEqual([
      '第三条',
      '第二条',
      '第一条',
    ]);
    expect(zh.body.items[0]).toMatchObject({
      kind: 'overdue',
      eventId,
      body: '第三条：路灯不亮',
      createdAt: now.toISOString(),
      readAt: null,
    });
    expect(zh.body.unreadCount).toBe(3);
    const en = await (await as('staff.c1', 'en')).get('/api/v1/notifications');
    expect(en.body.items.map((item: { title: string }) => item.title)).toEqual(['third', 'second', 'first']);
  });

  it('pages with `before`', async () => {
    const client = await as('staff.c1');
    const first = await client.get('/api/v1/notifications?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.items[1].id);
    const second = await client.get(`/api/v1/notifications?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.items.map((item: { title: string }) => item.title)).toEqual(['第一条']);
    expect(second.body.nextBefore).toBeNull();
  });

  it('marks one read, once; the unread filter leaves it out', async () => {
    const client = await as('staff.c1');
    const [newest] = (await client.get('/api/v1/notifications')).body.items;
    const read = await client.post(`/api/v1/notifications/${newest.id}/read`, undefined);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: newest.id, readAt: now.toISOString() });
    const firstRead = now;
    now = new Date(now.getTime() + 60_000);
    expect((await client.post(`/api/v1/notifications/${newest.id}/read`, undefined)).body.readAt).toBe(
      firstRead.toISOString(),
    );
    const unread = await client.get('/api/v1/notifications?unread=true');
    expect(unread.body.items.map((item: { title: string }) => item.title)).toEqual(['第二条', '第一条']);
    expect(unread.body.unreadCount).toBe(2);
  });

  it("someone else's notice is not found, and neither is a made-up one", async () => {
    const worker = await as('worker.g11');
    const [own] = (await worker.get('/api/v1/notifications')).body.items;
    expect(own.title).toBe('网格员的');
    const staffs = (await (await as('staff.c1')).get('/api/v1/notifications')).body.items;
    expect((await worker.post(`/api/v1/notifications/${staffs[0].id}/read`, undefined)).status).toBe(404);
    expect((await worker.post('/api/v1/notifications/999999/read', undefined)).status).toBe(404);
  });

  it('asks who you are first, and refuses unknown query fields', async () => {
    expect((await new TestClient(url).get('/api/v1/notifications')).status).toBe(401);
    expect((await (await as('staff.c1')).get('/api/v1/notifications?colour=red')).status).toBe(400);
  });
});

describe('webhook subscriptions', () => {
  it('an administrator subscribes a system; the secret is shown once', async () => {
    const admin = await as('admin.d');
    const created = await admin.post('/api/v1/webhooks', {
      name: '区城管系统',
      url: 'https://urban.example.cn/huying',
      kinds: ['whistle', 'overdue'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: '区城管系统',
      url: 'https://urban.example.cn/huying',
      kinds: ['whistle', 'overdue'],
      areaPath: 'D',
      active: true,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await admin.get('/api/v1/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, areaPath: 'D' })]);
    expect(listed.body.items[0].secret).toBeUndefined();
  });

  it("a street's administrator sees and stops only the street's subscriptions", async () => {
    const district = await as('admin.d');
    const street = await as('admin.s1');
    const own = await street.post('/api/v1/webhooks', {
      name: 'S1 board',
      url: 'http://10.0.0.5/hook',
      kinds: ['todo'],
    });
    expect(own.body.areaPath).toBe('D/S1');
    const listed = (await street.get('/api/v1/webhooks')).body.items;
    expect(listed.map((item: { name: string }) => item.name)).toEqual(['S1 board']);
    const districtOwn = (await district.get('/api/v1/webhooks')).body.items.find(
      (item: { name: string }) => item.name === '区城管系统',
    );
    expect((await street.request('DELETE', `/api/v1/webhooks/${districtOwn.id}`)).status).toBe(404);
    expect((await street.request('DELETE', `/api/v1/webhooks/${own.body.id}`)).status).toBe(204);
    const stopped = (await district.get('/api/v1/webhooks')).body.items.find(
      (item: { name: string }) => item.name === 'S1 board',
    );
    expect(stopped.active).toBe(false);
  });

  it('only administrators; a URL must be http(s) and kinds known', async () => {
    const worker = await as('worker.g11');
    expect(
      (await worker.post('/api/v1/webhooks', { name: 'x', url: 'https://a.cn', kinds: ['todo'] })).status,
    ).toBe(403);
    expect((await worker.get('/api/v1/webhooks')).status).toBe(403);
    const admin = await as('admin.d', 'en');
    const badUrl = await admin.post('/api/v1/webhooks', { name: 'x', url: 'ftp://a.cn/x', kinds: ['todo'] });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.detail).toContain('url');
    const badKind = await admin.post('/api/v1/webhooks', {
      name: 'x',
      url: 'https://a.cn',
      kinds: ['gossip'],
    });
    expect(badKind.status).toBe(400);
    const noKinds = await admin.post('/api/v1/webhooks', { name: 'x', url: 'https://a.cn', kinds: [] });
    expect(noKinds.status).toBe(400);
  });
});
