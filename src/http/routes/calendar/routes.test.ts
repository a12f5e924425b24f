import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchedEvents, HOURLY_ITEM, streetDispatcher } from '../../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;

async function signedIn(username: string, language = 'zh-CN'): Promise<TestClient> {
  const client = new TestClient(server.url, language);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'admin.d', 'administrator', { areaCode: 'D' });
  await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('the working-day calendar', () => {
  it('shows the official holidays and make-up working days of a year', async () => {
    const worker = await signedIn('worker.g11');
    const answer = await worker.get('/api/v1/calendar?year=2026');
    expect(answer.status).toBe(200);
    expect(answer.body.days).toContainEqual({
      day: '2026-10-01',
      kind: 'holiday',
      source: 'official',
      note: '',
    });
    expect(answer.body.officialDataCovers.to).toBeGreaterThanOrEqual(2026);
  });

  it('an administrator marks a day, it shows as theirs, and deadlines counted in working days skip it', async () => {
    const admin = await signedIn('admin.d');
    // Thursday 2026-12-03 becomes a holiday: one working day from Wednesday the 2nd is then Friday the 4th.
    const saved = await admin.request('PUT', '/api/v1/calendar/days/2026-12-03', {
      kind: 'holiday',
      note: '区级停工日',
    });
    expect(saved.status).toBe(204);
    const listed = await admin.get('/api/v1/calendar?year=2026');
    expect(listed.body.days).toContainEqual({
      day: '2026-12-03',
      kind: 'holiday',
      source: 'administrator',
      note: '区级停工日',
    });

    const daily = {
      ...HOURLY_ITEM,
      code: 'T-DAYS',
      limits: { ...HOURLY_ITEM.limits, accept: { unit: 'working_days' as const, amount: 1 } },
    };
    const wednesdayMorning = new Date('2026-12-02T02:00:00Z');
    const [id] = await dispatchedEvents(
      store.db,
      await streetDispatcher(store.db),
      1,
      wednesdayMorning,
      daily,
    );
    const row = await store.db
      .selectFrom('events')
      .select('due_at')
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    // Friday 18:00 in China, not Thursday's.
    expect(row.due_at).toEqual(new Date('2026-12-04T10:00:00Z'));
  });

  it('only administrators edit it, and a date that does not exist is refused', async () => {
    const worker = await signedIn('worker.g11');
    expect(
      (await worker.request('PUT', '/api/v1/calendar/days/2026-12-04', { kind: 'holiday' })).status,
    ).toBe(403);
    const admin = await signedIn('admin.d', 'en');
    const bad = await admin.request('PUT', '/api/v1/calendar/days/2026-02-30', { kind: 'workday' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('2026-02-30 is not a date.');
  });
});
