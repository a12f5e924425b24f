import { randomBytes, randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchedEvents, streetDispatcher } from '../../test/support/events.ts';
import { seedSmallDistrict } from '../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../test/support/test-store.ts';
import { databaseUrlFor, serverUrl } from '../../test/support/test-store-settings.ts';
import { verifyAuditChain } from '../commands/verify-audit-chain.ts';
import { migrationProvider } from '../db/migrations/index.ts';
import { logEntryWrites, readLogHead } from '../db/repositories/event-log.ts';
import { writeTogether } from '../db/repositories/executor.ts';
import { openEmbeddedStore, openServerStore, type Store } from '../db/store.ts';
import { chainEventEntries, hashLogEntry } from '../domain/audit-chain.ts';
import { sealLog } from './log-sealer.ts';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
});

afterAll(async () => {
  await store.close();
});

describe('the sealer', () => {
  it('seals what was written, in batches, and a run with nothing to seal writes nothing', async () => {
    await dispatchedEvents(store.db, await streetDispatcher(store.db), 5, new Date('2026-11-25T02:00:00Z'));
    expect(await sealLog(store.db, 4)).toBe(4);
    expect(await sealLog(store.db, 4)).toBe(4);
    expect(await sealLog(store.db, 4)).toBe(2);
    expect(await sealLog(store.db, 4)).toBe(0);
    expect(await readLogHead(store.db)).toMatchObject({ position: 10 });
    const audit = await verifyAuditChain(store.db);
    expect(audit).toMatchObject({ broken: null, checked: 10, awaitingSeal: 0 });
  });

  it('sealers in several processes at once seal every entry exactly once, in one unbroken chain', async () => {
    await dispatchedEvents(
      store.db,
      await streetDispatcher(store.db, 'dispatcher.b'),
      20,
      new Date('2026-11-25T03:00:00Z'),
    );
    const runs = await Promise.all(Array.from({ length: 4 }, () => sealLog(store.db, 7)));
    let rest = 0;
    for (let sealed = await sealLog(store.db, 7); sealed > 0; sealed = await sealLog(store.db, 7))
      rest += sealed;
    expect(runs.reduce((sum, sealed) => sum + sealed, 0) + rest).toBe(40);
    const audit = await verifyAuditChain(store.db);
    expect(audit).toMatchObject({ broken: null, checked: 50, awaitingSeal: 0 });
  });
});

/** A store of its own, migrated only up to `migration`: an install that has not taken the newer ones yet. */
async function storeAt(migration: string): Promise<{ store: Store; drop(): Promise<void> }> {
  let opened: Store;
  let drop = async () => {};
  if (serverUrl) {
    const database = `huying_test_${randomBytes(6).toString('hex')}`;
    const admin = openServerStore(serverUrl, 1);
    await sql`create database ${sql.id(database)}`.execute(admin.db);
    opened = openServerStore(databaseUrlFor(serverUrl, database));
    drop = async () => {
      await sql`drop database if exists ${sql.id(database)} with (force)`.execute(admin.db);
      await admin.close();
    };
  } else {
    opened = await openEmbeddedStore();
  }
  const { error } = await new Migrator({ db: opened.db, provider: migrationProvider }).migrateTo(migration);
  if (error) throw error;
  return {
    store: opened,
    drop: async () => {
      await opened.close();
      await drop();
    },
  };
}

describe('a log written before the seals existed', () => {
  it('is sealed in its own order once migrated, verifies whole, and new entries carry on after it', async () => {
    const { store: old, drop } = await storeAt('0011_outbox_pruning');
    try {
      const events = [randomUUID(), randomUUID()];
      for (const [index, id] of events.entries()) {
        await sql`insert into events (id, tracking_code, state, level, source, catalogue_item_code, catalogue_item,
            description, reported_at, last_seq, last_hash, snapshot, updated_at)
          values (${id}, ${`OLD-${index}`}, 'reported', 'grid', 'resident', '01001', '{}'::jsonb, '旧事件',
            now(), 0, '', '{}'::jsonb, now())`.execute(old.db);
      }
      // Three entries chained as the code before migration 0012 chained them: position and global link hashed.
      let globalHash: string | null = null;
      const tips = new Map<string, { seq: number; hash: string }>();
      for (const [index, eventId] of [events[0]!, events[1]!, events[0]!].entries()) {
        const previous = tips.get(eventId);
        const content = {
          format: 1 as const,
          position: index + 1,
          eventId,
          eventSeq: (previous?.seq ?? 0) + 1,
          factType: 'noted',
          fact: { n: index },
          actorUserId: null,
          at: `2026-01-0${index + 1}T00:00:00.000Z`,
          prevGlobalHash: globalHash,
          prevEventHash: previous?.hash ?? null,
        };
        const hash = hashLogEntry(content);
        await sql`insert into event_log (position, event_id, event_seq, fact_type, fact, actor_user_id, at,
            prev_global_hash, prev_event_hash, hash)
          values (${content.position}, ${eventId}, ${content.eventSeq}, 'noted', ${JSON.stringify(content.fact)},
            null, ${content.at}, ${content.prevGlobalHash}, ${content.prevEventHash}, ${hash})`.execute(
          old.db,
        );
        await sql`update event_log_head set position = ${content.position}, hash = ${hash}`.execute(old.db);
        await sql`update events set last_seq = ${content.eventSeq}, last_hash = ${hash} where id = ${eventId}`.execute(
          old.db,
        );
        globalHash = hash;
        tips.set(eventId, { seq: content.eventSeq, hash });
      }

      const { error } = await new Migrator({ db: old.db, provider: migrationProvider }).migrateToLatest();
      expect(error).toBeUndefined();
      const waiting = await verifyAuditChain(old.db);
      expect(waiting).toMatchObject({ broken: null, checked: 0, awaitingSeal: 3 });
      expect(await sealLog(old.db)).toBe(3);
      const seals = await old.db
        .selectFrom('event_log_seals')
        .select(['seal_position', 'log_position'])
        .orderBy('seal_position')
        .execute();
      // The live stream's positions stay what they were.
      expect(seals.map((seal) => [Number(seal.seal_position), Number(seal.log_position)])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);

      const carried = chainEventEntries(events[1]!, tips.get(events[1]!)!, [
        { factType: 'noted', fact: { n: 3 }, actorUserId: null, at: new Date('2026-01-04T00:00:00Z') },
      ]);
      await old.db.transaction().execute(async (trx) => {
        await writeTogether(trx, logEntryWrites(trx, carried.entries));
        await trx
          .updateTable('events')
          .set({ last_seq: carried.tip.seq, last_hash: carried.tip.hash })
          .where('id', '=', events[1]!)
          .execute();
      });
      const appended = await old.db
        .selectFrom('event_log')
        .select(['position', 'format'])
        .where('event_id', '=', events[1]!)
        .orderBy('event_seq', 'desc')
        .executeTakeFirstOrThrow();
      expect({ position: Number(appended.position), format: appended.format }).toEqual({
        position: 4,
        format: 2,
      });
      expect(await sealLog(old.db)).toBe(1);
      expect(await verifyAuditChain(old.db)).toMatchObject({
        broken: null,
        checked: 4,
        awaitingSeal: 0,
        eventsOutOfStep: [],
      });

      await sql`alter table event_log disable trigger event_log_append_only`.execute(old.db);
      await sql`update event_log set fact = '{"n": 9}' where position = 2`.execute(old.db);
      expect((await verifyAuditChain(old.db)).broken).toEqual({
        reason: 'hash_mismatch',
        position: 2,
        logPosition: 2,
      });
    } finally {
      await drop();
    }
  });
});
