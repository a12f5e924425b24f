import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { writeTogether } from '../../db/repositories/executor.ts';
import { insertWebhookSubscription, pendingNoticeWrites } from '../../db/repositories/notifications.ts';
import { buildAreaLocator } from '../../domain/area-locator.ts';
import { type Notice, noticesForFacts } from '../../domain/notices.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { fanOutNotices } from '../../jobs/notice-fan-out.ts';
import { reportEvent } from '../events/report-event.ts';
import { enqueueNotices } from './enqueue-notices.ts';

let store: TestStore;
let eventId: string;
const ids = new Map<string, number>();
const now = new Date('2025-03-03T01:00:00.000Z');
const EVENT_PATH = 'D/S1/C1/G11/M111';

async function person(
  username: string,
  role: Role,
  place: { areaCode?: string; departmentCode?: string },
  addresses: { email?: string; phone?: string; disabled?: boolean } = {},
): Promise<void> {
  const id = await createPerson(store.db, username, role, place);
  await store.db
    .updateTable('users')
    .set({
      email: addresses.email ?? null,
      phone: addresses.phone ?? null,
      disabled_at: addresses.disabled ? now : null,
    })
    .where('id', '=', id)
    .execute();
  ids.set(username, id);
}

function notice(audience: Notice['audience'], kind: Notice['kind'] = 'todo'): Notice {
  return {
    kind,
    eventId,
    eventAreaPath: EVENT_PATH,
    audience,
    title: { zh: '标题', en: 'Title' },
    body: { zh: '正文', en: 'Body' },
  };
}

async function inAppFor(): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['u.username', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('u.username')
    .execute();
  return new Map(rows.map((row) => [row.username, Number(row.count)]));
}

async function outboxTargets(): Promise<string[]> {
  const rows = await store.db.selectFrom('outbox').select(['channel', 'target']).orderBy('id').execute();
  return rows.map(({ target }) =>
    target.kind === 'email'
      ? `email:${target.address}`
      : target.kind === 'sms'
        ? `sms:${target.phone}`
        : target.kind === 'webhook'
          ? `webhook:${target.subscriptionId}`
          : `hotline:${target.sourceId}`,
  );
}

/** Tells notices at once, as the fan-out job does with those it takes off the queue. */
function tell(notices: readonly Notice[]): Promise<void> {
  return enqueueNotices(
    store.db,
    notices.map((told) => ({ notice: told, at: now })),
    now,
  );
}

async function clear(): Promise<void> {
  await store.db.deleteFrom('pending_notices').execute();
  await store.db.deleteFrom('notifications').execute();
  await store.db.deleteFrom('outbox').execute();
  await store.db.deleteFrom('webhook_subscriptions').execute();
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await person('resident.zhou', 'resident', { areaCode: 'G11' }, { email: 'zhou@example.cn' });
  await person(
    'worker.g11',
    'grid_worker',
    { areaCode: 'G11' },
    { email: 'w11@example.cn', phone: '13800000011' },
  );
  await person('worker.g12', 'grid_worker', { areaCode: 'G12' }, { phone: '13800000012' });
  await person('leader.c1', 'grid_leader', { areaCode: 'C1' }, { email: 'leader.c1@example.cn' });
  await person('staff.c1', 'community_staff', { areaCode: 'C1' }, { phone: '13800000001' });
  await person('staff.c1.gone', 'community_staff', { areaCode: 'C1' }, { phone: '138', disabled: true });
  await person('staff.c2', 'community_staff', { areaCode: 'C2' });
  await person('head.s1', 'street_head', { areaCode: 'S1' }, { email: 'head.s1@example.cn' });
  await person('officer.urban', 'department_officer', { departmentCode: 'URBAN' }, { email: 'u@example.cn' });
  await person('head.urban', 'department_head', { departmentCode: 'URBAN' });
  await person('officer.water', 'department_officer', { departmentCode: 'WATER' });
  await person('supervision', 'supervision_office', { areaCode: 'D' }, { email: 'dcs@example.cn' });
  await person('leader.d', 'leader', { areaCode: 'D' });
  const reporter: Actor = {
    userId: ids.get('resident.zhou')!,
    roles: ['resident'],
    areaPath: 'D/S1/C1/G11',
    departmentCode: null,
  };
  const outcome = await reportEvent(
    store.db,
    buildAreaLocator(smallDistrict),
    reporter,
    {
      idempotencyKey: 'notices-1',
      requestHash: 'h',
      source: 'resident',
      catalogueItemCode: '01037',
      description: '路灯不亮',
      location: { lng: 0.25, lat: 0.25 },
      areaCode: null,
      address: null,
      attachmentIds: [],
    },
    now,
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  eventId = outcome.eventId;
});

afterAll(async () => {
  await store.close();
});

describe('notices are written with the fact that causes them and told by the fan-out', () => {
  it("a resident's report: an in-app notice for each active holder of the community, and their addresses", async () => {
    await clear();
    const report = noticesForFacts(
      null,
      [
        {
          type: 'reported',
          eventId,
          source: 'resident',
          catalogueItemCode: '01037',
          description: '路灯不亮',
          location: null,
          areaCode: 'M111',
          areaPath: EVENT_PATH,
          address: null,
          reporterUserId: ids.get('resident.zhou')!,
          level: 'community',
        },
      ],
      now,
    );
    await store.db.transaction().execute((trx) => writeTogether(trx, pendingNoticeWrites(trx, report, now)));
    expect(await inAppFor()).toEqual(new Map());
    const later = new Date(now.getTime() + 700);
    expect(await fanOutNotices(store.db, later)).toBe(1);
    expect(await store.db.selectFrom('pending_notices').selectAll().execute()).toEqual([]);
    expect(await inAppFor()).toEqual(
      new Map([
        ['leader.c1', 1],
        ['staff.c1', 1],
      ]),
    );
    expect(await outboxTargets()).toEqual(['email:leader.c1@example.cn', 'sms:13800000001']);
    const [row] = await store.db.selectFrom('notifications').selectAll().execute();
    expect(row).toMatchObject({ kind: 'todo', event_id: eventId, read_at: null });
    expect(row?.title.zh).toBe('新事件待处置');
    expect(row?.created_at.toISOString()).toBe(now.toISOString());
    const [delivery] = await store.db.selectFrom('outbox').selectAll().execute();
    expect(delivery).toMatchObject({ attempts: 0, delivered_at: null, failed_at: null, lease_until: null });
    expect(delivery?.available_at.toISOString()).toBe(later.toISOString());
    expect(delivery?.notice.audience).toEqual({ kind: 'holders', level: 'community', areaPath: 'D/S1/C1' });
  });

  it('nothing is written when the transaction of the fact rolls back', async () => {
    await clear();
    const failed = store.db.transaction().execute(async (trx) => {
      await writeTogether(
        trx,
        pendingNoticeWrites(trx, [notice({ kind: 'holders', level: 'grid', areaPath: 'D/S1/C1/G11' })], now),
      );
      throw new Error('the fact could not be recorded');
    });
    await expect(failed).rejects.toThrow('the fact could not be recorded');
    expect(await fanOutNotices(store.db, now)).toBe(0);
    expect(await inAppFor()).toEqual(new Map());
    expect(await outboxTargets()).toEqual([]);
  });

  it('each pending notice is told once, however many fan-outs run at once, a batch at a time', async () => {
    await clear();
    const staff = notice({ kind: 'unit', unitKind: 'community', code: 'C1' });
    await writeTogether(store.db, pendingNoticeWrites(store.db, [staff, staff, staff], now));
    const told = await Promise.all([fanOutNotices(store.db, now, 2), fanOutNotices(store.db, now, 2)]);
    expect(told.sort()).toEqual([1, 2]);
    expect(await fanOutNotices(store.db, now, 2)).toBe(0);
    expect(await inAppFor()).toEqual(new Map([['staff.c1', 3]]));
  });

  it("a grid's holders are its grid workers and the community's grid leaders, not the next grid's", async () => {
    await clear();
    await tell([notice({ kind: 'holders', level: 'grid', areaPath: 'D/S1/C1/G11' })]);
    expect(await inAppFor()).toEqual(
      new Map([
        ['leader.c1', 1],
        ['worker.g11', 1],
      ]),
    );
    expect(await outboxTargets()).toEqual([
      'email:w11@example.cn',
      'sms:13800000011',
      'email:leader.c1@example.cn',
    ]);
  });

  it("a department's people, a community's staff, the district's roles, one person", async () => {
    await clear();
    await tell([
      notice({ kind: 'unit', unitKind: 'district_department', code: 'URBAN' }, 'whistle'),
      notice({ kind: 'unit', unitKind: 'community', code: 'C2' }),
      notice({ kind: 'roles', roles: ['leader', 'supervision_office'], areaPath: 'D' }, 'whistle'),
      notice({ kind: 'roles', roles: ['street_dispatcher', 'street_head'], areaPath: 'D/S1' }),
      notice({ kind: 'user', userId: ids.get('resident.zhou')! }, 'result'),
    ]);
    expect(await inAppFor()).toEqual(
      new Map([
        ['officer.urban', 1],
        ['head.urban', 1],
        ['staff.c2', 1],
        ['supervision', 1],
        ['leader.d', 1],
        ['head.s1', 1],
        ['resident.zhou', 1],
      ]),
    );
  });

  it('webhooks hear of the kinds they took, for events in their area, while active', async () => {
    await clear();
    const subscribe = async (name: string, kinds: Notice['kind'][], areaPath: string, active = true) => {
      const row = await insertWebhookSubscription(
        store.db,
        { name, url: 'http://127.0.0.1:9/hook', secret: 's', kinds, areaPath, createdBy: null },
        now,
      );
      if (!active)
        await store.db
          .updateTable('webhook_subscriptions')
          .set({ active: false })
          .where('id', '=', row.id)
          .execute();
      return row.id;
    };
    const district = await subscribe('district whistles', ['whistle', 'overdue'], 'D');
    const street = await subscribe('street all', ['todo', 'whistle'], 'D/S1');
    await subscribe('other street', ['todo', 'whistle'], 'D/S2');
    await subscribe('stopped', ['whistle'], 'D', false);
    await tell([
      notice({ kind: 'unit', unitKind: 'district_department', code: 'WATER' }, 'whistle'),
      notice({ kind: 'user', userId: ids.get('resident.zhou')! }, 'result'),
    ]);
    expect(await outboxTargets()).toEqual([
      `webhook:${district}`,
      `webhook:${street}`,
      'email:zhou@example.cn',
    ]);
  });

  it('no notices, no writes', async () => {
    await clear();
    await tell([]);
    expect(await outboxTargets()).toEqual([]);
  });
});
