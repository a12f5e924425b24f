import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../../test/support/factories.ts';
import { recordSentStatements, type SentStatement } from '../../../test/support/sent-statements.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { readRollupGroups } from '../../db/repositories/rollups.ts';
import { buildAreaLocator } from '../../domain/area-locator.ts';
import type { Actor } from '../../domain/permissions.ts';
import { foldFigures } from '../../jobs/figure-folder.ts';
import { reportEvent } from './report-event.ts';
import { runEventCommand } from './run-event-command.ts';

let store: TestStore;
let worker: Actor;
let resident: Actor;
let dispatcher: Actor;
const locator = buildAreaLocator(smallDistrict);
const now = new Date('2026-11-25T08:00:00Z');

/** The district's figures of the year, as every indicator reads them. */
async function readIndicatorTotals(db: TestStore['db']) {
  const groups = await readRollupGroups(db, {
    grain: 'year',
    from: '2026-01-01',
    to: '2027-01-01',
    sight: { districtCode: 'D', streetCode: null, unitCode: null },
    groupBy: 'all',
  });
  return groups[0]!.totals;
}

/** Records the SQL of every statement the store is asked to run through the wrapped executor. */
function report(actor: Actor, key: string, overrides: Partial<Parameters<typeof reportEvent>[3]> = {}) {
  return reportEvent(
    store.db,
    locator,
    actor,
    {
      idempotencyKey: key,
      requestHash: key,
      catalogueItemCode: '01001',
      description: '井盖缺失',
      location: { lng: 0.25, lat: 0.25 },
      areaCode: null,
      address: null,
      attachmentIds: [],
      ...overrides,
    },
    now,
  );
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  worker = {
    userId: await createPerson(store.db, 'worker.g11', 'grid_worker', { areaCode: 'G11' }),
    roles: ['grid_worker'],
    areaPath: 'D/S1/C1/G11',
    departmentCode: null,
  };
  resident = {
    userId: await createPerson(store.db, 'resident.qian', 'resident', { areaCode: 'G11' }),
    roles: ['resident'],
    areaPath: 'D/S1/C1/G11',
    departmentCode: null,
  };
  dispatcher = {
    userId: await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }),
    roles: ['street_dispatcher'],
    areaPath: 'D/S1',
    departmentCode: null,
  };
});

afterAll(async () => {
  await store.close();
});

describe('one door, no global queue', () => {
  it("a report and a command lock and change no row but their own event's: nothing another event waits for", async () => {
    const sent: SentStatement[] = [];
    const db = store.db.withPlugin(recordSentStatements(sent));
    const reported = await reportEvent(
      db,
      locator,
      dispatcher,
      {
        idempotencyKey: 'no-queue-1',
        requestHash: 'h',
        source: 'hotline',
        catalogueItemCode: '01001',
        description: '井盖缺失',
        location: null,
        areaCode: 'G11',
        address: null,
        attachmentIds: [],
      },
      now,
    );
    if (!reported.ok) throw new Error(JSON.stringify(reported));
    // Inside BEGIN and COMMIT, a report is its key claimed with its item read, the area it names, and its writes.
    expect(sent.map(({ sql }) => sql.trim().slice(0, 60))).toEqual([
      expect.stringMatching(/^with claim as \(insert into "idempotency_keys"/),
      expect.stringMatching(/^select \* from "areas" where "code"/),
      expect.stringMatching(/^with w0 as \(insert into "event_log"/),
    ]);
    const dispatched = await runEventCommand(
      db,
      locator,
      reported.eventId,
      { type: 'dispatch', lead: 'S1-LAW', assisting: [] },
      dispatcher,
      now,
    );
    expect(dispatched.ok).toBe(true);
    const statements = sent.map(({ sql }) => sql.trim());

    expect(statements.length).toBeGreaterThan(3);
    expect(statements.filter((text) => /event_log_head/.test(text))).toEqual([]);
    expect(statements.filter((text) => /"rollups"/.test(text))).toEqual([]);
    // A statement may write several tables at once (a `with` of writes): each write is judged on its own.
    const parts = statements.flatMap((text) => text.split(/(?=\b(?:insert into|update|delete from) ")/));
    const locking = parts.filter((text) => /^(update|delete from) "|for update/i.test(text));
    // The only row locked or changed in place is the event's own: by its id.
    expect(locking.length).toBeGreaterThan(0);
    for (const text of locking)
      expect(text).toMatch(/^select .* from "events" where "id" in \(\$1\).* for update$/);
    const upserts = parts.filter((text) => /on conflict/i.test(text));
    expect(upserts.length).toBeGreaterThan(0);
    for (const text of upserts)
      expect(text).toMatch(/^insert into "(events|idempotency_keys|score_entries|event_attachments)"/);
  });

  it('the figures count a report at once, before and after the deltas are folded in', async () => {
    const before = await readIndicatorTotals(store.db);
    const outcome = await report(worker, 'figures-1');
    expect(outcome.ok).toBe(true);
    const counted = await readIndicatorTotals(store.db);
    expect(counted.reported).toBe(before.reported + 1);
    expect(await foldFigures(store.db)).toBeGreaterThan(0);
    expect(await readIndicatorTotals(store.db)).toEqual(counted);
    const left = await store.db
      .selectFrom('rollup_deltas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('two folders at once fold every delta exactly once', async () => {
    for (const key of ['fold-a', 'fold-b', 'fold-c', 'fold-d'])
      expect((await report(worker, key)).ok).toBe(true);
    const counted = await readIndicatorTotals(store.db);
    const [first, second] = await Promise.all([foldFigures(store.db, 3), foldFigures(store.db, 3)]);
    let rest = 0;
    for (let folded = await foldFigures(store.db); folded > 0; folded = await foldFigures(store.db))
      rest += folded;
    expect(first! + second! + rest).toBeGreaterThan(0);
    expect(await readIndicatorTotals(store.db)).toEqual(counted);
  });
});

describe('the use case owns its checks, whoever calls it', () => {
  it('a resident cannot file a camera alert, without any HTTP in between', async () => {
    expect(await report(resident, 'camera-1', { source: 'camera' })).toEqual({
      ok: false,
      problem: { reason: 'source_not_permitted', source: 'camera' },
    });
  });

  it('a report without a source takes the first its roles allow', async () => {
    const outcome = await report(resident, 'no-source-1');
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const row = await store.db
      .selectFrom('events')
      .select('source')
      .where('id', '=', outcome.eventId)
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('resident');
  });

  it('a refused report leaves no idempotency key behind: the same key then files the corrected report', async () => {
    expect(await report(worker, 'corrected-1', { catalogueItemCode: 'NO-SUCH' })).toEqual({
      ok: false,
      problem: { reason: 'unknown_catalogue_item', code: 'NO-SUCH' },
    });
    const corrected = await report(worker, 'corrected-1');
    expect(corrected).toMatchObject({ ok: true, replayed: false });
  });

  it('a dispatch to a unit that does not exist is refused by the use case, and nothing is written', async () => {
    const reported = await report(dispatcher, 'unknown-unit-1', {
      source: 'hotline',
      location: null,
      areaCode: 'G11',
    });
    if (!reported.ok) throw new Error(JSON.stringify(reported));
    const refused = await runEventCommand(
      store.db,
      locator,
      reported.eventId,
      { type: 'dispatch', lead: 'NO-SUCH-UNIT', assisting: [] },
      dispatcher,
      now,
    );
    expect(refused).toEqual({ ok: false, problem: { reason: 'unknown_unit', code: 'NO-SUCH-UNIT' } });
    const row = await store.db
      .selectFrom('events')
      .select(['state', 'last_seq'])
      .where('id', '=', reported.eventId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'reported', last_seq: 1 });
    const dispatched = await runEventCommand(
      store.db,
      locator,
      reported.eventId,
      { type: 'dispatch', lead: 'S1-LAW', assisting: [] },
      dispatcher,
      now,
    );
    expect(dispatched).toMatchObject({ ok: true, event: { state: 'dispatched', lead: { code: 'S1-LAW' } } });
  });

  it('locate places a point through the same resolver as a report', async () => {
    const reported = await report(worker, 'locate-1');
    if (!reported.ok) throw new Error(JSON.stringify(reported));
    const outside = await runEventCommand(
      store.db,
      locator,
      reported.eventId,
      { type: 'locate', location: { lng: 5, lat: 5 }, areaCode: null },
      dispatcher,
      now,
    );
    expect(outside).toEqual({ ok: false, problem: { reason: 'outside_every_area' } });
    expect(await report(worker, 'locate-2', { location: { lng: 5, lat: 5 } })).toEqual({
      ok: false,
      problem: { reason: 'outside_every_area' },
    });
  });
});
