import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/support/events.ts';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../test/support/test-store.ts';
import { buildAreaLocator } from '../domain/area-locator.ts';
import type { Actor } from '../domain/permissions.ts';
import { sealLog } from '../jobs/log-sealer.ts';
import { reportEvent } from './events/report-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

let store: TestStore;
let resident: Actor;
let communityStaff: Actor;
const now = new Date('2026-11-25T08:00:00Z');

async function reportLamp(key: string, db = store.db, reporter = resident): Promise<string> {
  const outcome = await reportEvent(
    db,
    buildAreaLocator(smallDistrict),
    reporter,
    {
      idempotencyKey: key,
      requestHash: key,
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
  return outcome.eventId;
}

async function withTriggerOff(statement: ReturnType<typeof sql>) {
  await store.db.transaction().execute(async (trx) => {
    await sql`alter table event_log disable trigger event_log_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`alter table event_log enable trigger event_log_append_only`.execute(trx);
  });
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  const residentId = await createPerson(store.db, 'resident.zhang', 'resident', { areaCode: 'G11' });
  const staffId = await createPerson(store.db, 'staff.zhao', 'community_staff', { areaCode: 'C1' });
  resident = { userId: residentId, roles: ['resident'], areaPath: 'D/S1/C1/G11', departmentCode: null };
  communityStaff = { userId: staffId, roles: ['community_staff'], areaPath: 'D/S1/C1', departmentCode: null };
  for (const key of ['report-one', 'report-two', 'report-three']) {
    const id = await reportLamp(key);
    const escalated = await runCommand(
      store.db,
      id,
      { type: 'escalate', reason: '需要街道协调' },
      communityStaff,
      now,
    );
    expect(escalated.ok).toBe(true);
  }
});

afterAll(async () => {
  await store.close();
});

describe('audit:verify', () => {
  it('entries not yet sealed verify against their events’ chains, and none is left out', async () => {
    const report = await verifyAuditChain(store.db);
    expect(report.broken).toBeNull();
    expect(report).toMatchObject({ checked: 0, awaitingSeal: 6, lastHash: null });
  });

  it('an untouched log verifies once sealed, every entry of it, in the order it was sealed', async () => {
    expect(await sealLog(store.db)).toBe(6);
    expect(await sealLog(store.db)).toBe(0);
    const report = await verifyAuditChain(store.db);
    expect(report.broken).toBeNull();
    expect(report).toMatchObject({ checked: 6, awaitingSeal: 0 });
    expect(report.lastHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.eventsOutOfStep).toEqual([]);
  });

  it('the database itself refuses to update or delete seals', async () => {
    await expect(
      sql`update event_log_seals set entry_hash = 'x' where seal_position = 1`.execute(store.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from event_log_seals where seal_position = 6`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('an entry taken off the sealer’s queue behind its back is named', async () => {
    const other = await openTestStore();
    try {
      await seedSmallDistrict(other.db);
      const residentId = await createPerson(other.db, 'resident.wang', 'resident', { areaCode: 'G11' });
      await reportLamp('k-2', other.db, { ...resident, userId: residentId });
      await sql`delete from event_log_unsealed`.execute(other.db);
      const report = await verifyAuditChain(other.db);
      expect(report.broken).toMatchObject({ reason: 'never_sealed', position: 1 });
    } finally {
      await other.close();
    }
  });

  it('the database itself refuses to update or delete log entries', async () => {
    await expect(
      sql`update event_log set fact_type = 'x' where position = 1`.execute(store.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from event_log where position = 1`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('names the first entry whose fact was edited behind the trigger’s back', async () => {
    await withTriggerOff(
      sql`update event_log set fact = jsonb_set(fact, '{reason}', '"无需处理"') where position = 4`,
    );
    const report = await verifyAuditChain(store.db);
    expect(report.broken).toEqual({ reason: 'hash_mismatch', position: 4, logPosition: 4 });
    expect(report.checked).toBe(3);
  });

  it('a read row changed without the log is named too', async () => {
    const other = await openTestStore();
    try {
      await seedSmallDistrict(other.db);
      const residentId = await createPerson(other.db, 'resident.li', 'resident', { areaCode: 'G11' });
      const eventId = await reportLamp('k-1', other.db, { ...resident, userId: residentId });
      await sql`update events set last_hash = 'forged' where id = ${eventId}`.execute(other.db);
      const report = await verifyAuditChain(other.db);
      expect(report.broken).toBeNull();
      expect(report.eventsOutOfStep).toEqual([eventId]);
    } finally {
      await other.close();
    }
  });
});
