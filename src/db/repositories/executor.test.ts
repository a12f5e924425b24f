import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSentStatements, type SentStatement } from '../../../test/support/sent-statements.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import type { Notice } from '../../domain/notices.ts';
import { emptyTotals, type RollupRow } from '../../domain/rollup.ts';
import { writeTogether } from './executor.ts';
import { pendingNoticeWrites } from './notifications.ts';
import { rollupDeltaWrites } from './rollups.ts';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore();
});

afterAll(async () => {
  await store.close();
});

const notice: Notice = {
  kind: 'todo',
  eventId: '00000000-0000-4000-8000-000000000000',
  eventAreaPath: 'D',
  audience: { kind: 'user', userId: 1 },
  title: { zh: '标题', en: 'Title' },
  body: { zh: '正文', en: 'Body' },
};

function deltaRows(count: number): RollupRow[] {
  return Array.from({ length: count }, (_, index) => ({
    grain: 'day',
    periodStart: '2026-01-01',
    key: {
      districtCode: 'D',
      streetCode: `S${index}`,
      catalogueClass: '01',
      source: 'grid_worker',
      unitKind: '',
      unitCode: '',
    },
    totals: { ...emptyTotals(), reported: 1 },
  }));
}

describe('writes sent together', () => {
  it('writes to several tables leave as one statement, and every row lands', async () => {
    const statements: SentStatement[] = [];
    const db = store.db.withPlugin(recordSentStatements(statements));
    await db
      .transaction()
      .execute((trx) =>
        writeTogether(trx, [
          ...rollupDeltaWrites(trx, deltaRows(3)),
          ...pendingNoticeWrites(trx, [notice, notice], new Date()),
        ]),
      );
    const sent = statements.filter(({ sql }) => /insert into/.test(sql));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sql).toMatch(
      /^with w0 as \(insert into "rollup_deltas".*w1 as \(insert into "pending_notices"/,
    );
    expect(await store.db.selectFrom('rollup_deltas').select('id').execute()).toHaveLength(3);
    expect(await store.db.selectFrom('pending_notices').select('id').execute()).toHaveLength(2);
  });

  it("more rows than one statement's 65,535 parameters take are split, none lost", async () => {
    await store.db.deleteFrom('rollup_deltas').execute();
    await store.db.deleteFrom('pending_notices').execute();
    const statements: SentStatement[] = [];
    const db = store.db.withPlugin(recordSentStatements(statements));
    await db
      .transaction()
      .execute((trx) =>
        writeTogether(trx, [
          ...rollupDeltaWrites(trx, deltaRows(6_000)),
          ...pendingNoticeWrites(trx, [notice], new Date()),
        ]),
      );
    const sent = statements.filter(({ sql }) => /insert into/.test(sql));
    expect(sent.length).toBeGreaterThan(1);
    for (const statement of sent) expect(statement.parameters).toBeLessThanOrEqual(65_535);
    expect(await store.db.selectFrom('rollup_deltas').select('id').execute()).toHaveLength(6_000);
    expect(await store.db.selectFrom('pending_notices').select('id').execute()).toHaveLength(1);
  });

  it('nothing to write sends nothing', async () => {
    const statements: SentStatement[] = [];
    const db = store.db.withPlugin(recordSentStatements(statements));
    await writeTogether(db, []);
    expect(statements).toEqual([]);
  });
});
