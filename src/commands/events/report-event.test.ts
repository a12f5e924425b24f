import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { buildAreaLocator } from '../../domain/area-locator.ts';
import type { Actor } from '../../domain/permissions.ts';
import { verifyAuditChain } from '../verify-audit-chain.ts';
import { type ReportRequest, reportEvent } from './report-event.ts';

let store: TestStore;
let worker: Actor;
const locator = buildAreaLocator(smallDistrict);
const now = new Date('2026-11-25T08:00:00Z');

function request(key: string, description = '井盖缺失'): ReportRequest {
  return {
    idempotencyKey: key,
    requestHash: `hash of ${description}`,
    source: 'grid_worker',
    catalogueItemCode: '01001',
    description,
    location: { lng: 1.25, lat: 0.5 },
    areaCode: null,
    address: '示例路 1 号',
    attachmentIds: [],
  };
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  const id = await createPerson(store.db, 'worker.g21', 'grid_worker', { areaCode: 'G21' });
  worker = { userId: id, roles: ['grid_worker'], areaPath: 'D/S2/C2/G21', departmentCode: null };
});

afterAll(async () => {
  await store.close();
});

describe('reporting loses nothing and doubles nothing', () => {
  it('the same report sent five times at once is one event', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => reportEvent(store.db, locator, worker, request('same-key-1'), now)),
    );
    const ids = new Set(outcomes.map((outcome) => (outcome.ok ? outcome.eventId : 'refused')));
    expect(ids.size).toBe(1);
    expect(outcomes.filter((outcome) => outcome.ok && !outcome.replayed)).toHaveLength(1);
    const count = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('a report is placed on the grid that holds its point', async () => {
    const outcome = await reportEvent(store.db, locator, worker, request('placed-1'), now);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const row = await store.db
      .selectFrom('events')
      .select(['area_code', 'area_path', 'level', 'state'])
      .where('id', '=', outcome.eventId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ area_code: 'G21', area_path: 'D/S2/C2/G21', level: 'grid', state: 'reported' });
  });

  it('thirty different reports at once all land, and the log still chains', async () => {
    const before = await verifyAuditChain(store.db);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        reportEvent(store.db, locator, worker, request(`many-${index}`, `第 ${index} 处井盖缺失`), now),
      ),
    );
    expect(outcomes.every((outcome) => outcome.ok && !outcome.replayed)).toBe(true);
    const after = await verifyAuditChain(store.db);
    expect(after.broken).toBeNull();
    expect(after.checked + after.awaitingSeal).toBe(before.checked + before.awaitingSeal + 30);
  });

  it('a point outside every area is refused, and nothing is written', async () => {
    const before = await verifyAuditChain(store.db);
    const outcome = await reportEvent(
      store.db,
      locator,
      worker,
      { ...request('outside-1'), location: { lng: 9, lat: 9 } },
      now,
    );
    expect(outcome).toEqual({ ok: false, problem: { reason: 'outside_every_area' } });
    const after = await verifyAuditChain(store.db);
    expect(after.checked + after.awaitingSeal).toBe(before.checked + before.awaitingSeal);
  });
});
