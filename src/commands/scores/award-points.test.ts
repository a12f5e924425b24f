import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchedEvents, HOURLY_ITEM, runCommand, streetDispatcher } from '../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { readEventFacts } from '../../db/repositories/event-log.ts';
import { writeTogether } from '../../db/repositories/executor.ts';
import { listScoreEntries, readScoreRules } from '../../db/repositories/scores.ts';
import { buildAreaLocator } from '../../domain/area-locator.ts';
import { type EventCommand, replay } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import { DEFAULT_SCORE_RULES } from '../../domain/scores.ts';
import { sweepDeadlines } from '../../jobs/deadline-sweeper.ts';
import { loadLoggedFacts } from '../events/load-event.ts';
import { reportEvent } from '../events/report-event.ts';
import { verifyAuditChain } from '../verify-audit-chain.ts';
import { pointWrites } from './award-points.ts';
import { installDefaultScoreRules } from './install-default-score-rules.ts';
import { changeScoreRule } from './save-score-rule.ts';

let store: TestStore;
let dispatcher: Actor;
let lawOfficer: Actor;
let streetHead: Actor;
let urbanOfficer: Actor;

const T0 = new Date('2026-11-25T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const URBAN = { kind: 'district_department', code: 'URBAN', areaPath: 'D' } as const;

async function run(
  eventId: string,
  command: Exclude<EventCommand, { type: 'report' }>,
  actor: Actor,
  at: Date,
): Promise<void> {
  const outcome = await runCommand(store.db, eventId, command, actor, at);
  if (!outcome.ok) throw new Error(`${command.type} refused: ${JSON.stringify(outcome)}`);
}

/** The entries of one event as `fact type → rule points unit`, in the order they were written. */
async function entriesOf(eventId: string): Promise<string[]> {
  const entries = await listScoreEntries(store.db, {
    sight: { areaPath: 'D', departmentCode: null },
    eventId,
    limit: 100,
  });
  return entries.map((entry) => `${entry.factType} → ${entry.ruleCode} ${entry.points} ${entry.unitCode}`);
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  // The test store comes with the default rules; installing again adds none and keeps them.
  expect(await installDefaultScoreRules(store.db)).toBe(0);
  expect(await readScoreRules(store.db)).toHaveLength(DEFAULT_SCORE_RULES.length);
  dispatcher = await streetDispatcher(store.db);
  const lawId = await createPerson(store.db, 'officer.s1law', 'department_officer', {
    departmentCode: 'S1-LAW',
  });
  lawOfficer = { userId: lawId, roles: ['department_officer'], areaPath: 'D/S1', departmentCode: 'S1-LAW' };
  const headId = await createPerson(store.db, 'head.s1', 'street_head', { areaCode: 'S1' });
  streetHead = { userId: headId, roles: ['street_head'], areaPath: 'D/S1', departmentCode: null };
  const urbanId = await createPerson(store.db, 'officer.urban', 'department_officer', {
    departmentCode: 'URBAN',
  });
  urbanOfficer = { userId: urbanId, roles: ['department_officer'], areaPath: 'D', departmentCode: 'URBAN' };
});

afterAll(async () => {
  await store.close();
});

describe('points awarded as the facts are recorded', () => {
  it('installing the default rules again adds nothing and keeps edits', async () => {
    expect(await installDefaultScoreRules(store.db)).toBe(0);
  });

  it('a clean case: accepted and handled in time, rated satisfied, each naming its event, fact and rule', async () => {
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, minutes(0));
    await run(id!, { type: 'accept' }, lawOfficer, minutes(10));
    await run(id!, { type: 'handle', text: '已清理', attachmentIds: [] }, lawOfficer, minutes(60));
    await run(
      id!,
      { type: 'verify', passed: true, text: '已核实', attachmentIds: [] },
      dispatcher,
      minutes(70),
    );
    await run(
      id!,
      { type: 'rate', rating: 'satisfied', comment: '', rework: false },
      dispatcher,
      minutes(80),
    );
    await run(id!, { type: 'close', text: '结案' }, dispatcher, minutes(90));
    expect(await entriesOf(id!)).toEqual([
      'accepted → accepted_in_time 1 S1-LAW',
      'handled → handled_in_time 2 S1-LAW',
      'rated → rated_satisfied 2 S1-LAW',
    ]);
    const entries = await listScoreEntries(store.db, {
      sight: { areaPath: 'D', departmentCode: null },
      eventId: id!,
      limit: 100,
    });
    const log = await readEventFacts(store.db, id!);
    for (const entry of entries) {
      expect(entry.eventId).toBe(id);
      expect(log[entry.eventSeq - 1]?.factType).toBe(entry.factType);
      expect(entry.ruleName.zh.length).toBeGreaterThan(0);
      expect(entry.unitKind).toBe('street_office');
    }
    expect(entries[0]?.at).toEqual(minutes(10));
  });

  it('a step left past its limit: the sweeper records it and the unit loses points; accepting late earns none', async () => {
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, minutes(0));
    await sweepDeadlines(store.db, minutes(61));
    expect(await entriesOf(id!)).toEqual(['deadline_passed → step_overdue -2 S1-LAW']);
    await sweepDeadlines(store.db, minutes(90));
    await run(id!, { type: 'accept' }, lawOfficer, minutes(95));
    await sweepDeadlines(store.db, minutes(95 + 241));
    await run(id!, { type: 'handle', text: '已清理', attachmentIds: [] }, lawOfficer, minutes(400));
    expect(await entriesOf(id!)).toEqual([
      'deadline_passed → step_overdue -2 S1-LAW',
      'deadline_passed → step_overdue -2 S1-LAW',
    ]);
  });

  it('rework after a failed check and after a dissatisfied rating; the redone work has its own limit', async () => {
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, minutes(0));
    await run(id!, { type: 'accept' }, lawOfficer, minutes(5));
    await run(id!, { type: 'handle', text: '已处理', attachmentIds: [] }, lawOfficer, minutes(30));
    await run(
      id!,
      { type: 'verify', passed: false, text: '未处理完', attachmentIds: [] },
      dispatcher,
      minutes(40),
    );
    await run(id!, { type: 'handle', text: '再次处理', attachmentIds: [] }, lawOfficer, minutes(100));
    await run(
      id!,
      { type: 'verify', passed: true, text: '已核实', attachmentIds: [] },
      dispatcher,
      minutes(110),
    );
    await run(
      id!,
      { type: 'rate', rating: 'dissatisfied', comment: '慢', rework: true },
      dispatcher,
      minutes(120),
    );
    expect(await entriesOf(id!)).toEqual([
      'accepted → accepted_in_time 1 S1-LAW',
      'handled → handled_in_time 2 S1-LAW',
      'verification_failed → rework -1 S1-LAW',
      'handled → handled_in_time 2 S1-LAW',
      'rated → rated_dissatisfied -2 S1-LAW',
      'rework_ordered → rework -1 S1-LAW',
    ]);
  });

  it('a return asked for and refused costs the unit; an extension refused does not', async () => {
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, minutes(0));
    await run(id!, { type: 'return', reason: '不属于本单位' }, lawOfficer, minutes(5));
    await run(id!, { type: 'refuse', reason: '属于本单位职责' }, dispatcher, minutes(10));
    await run(id!, { type: 'accept' }, lawOfficer, minutes(15));
    await run(id!, { type: 'extend', reason: '需要配件', extraHours: 2 }, lawOfficer, minutes(20));
    await run(id!, { type: 'refuse', reason: '不批准' }, dispatcher, minutes(25));
    expect(await entriesOf(id!)).toEqual([
      'return_refused → return_refused -1 S1-LAW',
      'accepted → accepted_in_time 1 S1-LAW',
    ]);
  });

  it('a whistled case overdue: the department loses points once, though the system whistles again', async () => {
    await dispatchedEvents(store.db, dispatcher, 0, minutes(0)); // saves the hourly item
    const reported = await reportEvent(
      store.db,
      buildAreaLocator(smallDistrict),
      streetHead,
      {
        idempotencyKey: randomUUID(),
        requestHash: 'h',
        source: 'hotline',
        catalogueItemCode: HOURLY_ITEM.code,
        description: '排水口堵塞',
        location: null,
        areaCode: 'G11',
        address: null,
        attachmentIds: [],
      },
      minutes(0),
    );
    if (!reported.ok) throw new Error(JSON.stringify(reported));
    const id = reported.eventId;
    await run(id, { type: 'whistle', lead: URBAN, assisting: [], reason: '吹哨' }, streetHead, minutes(1));
    await sweepDeadlines(store.db, minutes(70));
    await run(id, { type: 'accept' }, urbanOfficer, minutes(75));
    expect(await entriesOf(id)).toEqual(['deadline_passed → step_overdue -2 URBAN']);
    const types = (await readEventFacts(store.db, id)).map((entry) => entry.factType);
    expect(types).toContain('second_whistled');
  });

  it("a rule's change applies to later facts only; the points already written stay", async () => {
    const [early, late] = await dispatchedEvents(store.db, dispatcher, 2, minutes(0));
    await run(early!, { type: 'accept' }, lawOfficer, minutes(5));
    const changed = await changeScoreRule(
      store.db,
      'accepted_in_time',
      { points: 3 },
      dispatcher.userId,
      minutes(6),
    );
    expect(changed).toMatchObject({ code: 'accepted_in_time', points: 3, active: true });
    await run(late!, { type: 'accept' }, lawOfficer, minutes(7));
    expect(await entriesOf(early!)).toEqual(['accepted → accepted_in_time 1 S1-LAW']);
    expect(await entriesOf(late!)).toEqual(['accepted → accepted_in_time 3 S1-LAW']);

    await changeScoreRule(store.db, 'handled_in_time', { active: false }, dispatcher.userId, minutes(8));
    await run(late!, { type: 'handle', text: '已清理', attachmentIds: [] }, lawOfficer, minutes(9));
    expect(await entriesOf(late!)).toEqual(['accepted → accepted_in_time 3 S1-LAW']);
    await changeScoreRule(store.db, 'handled_in_time', { active: true }, dispatcher.userId, minutes(10));
    await changeScoreRule(store.db, 'accepted_in_time', { points: 1 }, dispatcher.userId, minutes(10));
    // The defaults are installed again at the next start: the administrator's edits stay.
    await changeScoreRule(store.db, 'rework', { points: -4 }, dispatcher.userId, minutes(11));
    await installDefaultScoreRules(store.db);
    const rework = await store.db
      .selectFrom('score_rules')
      .select('points')
      .where('code', '=', 'rework')
      .executeTakeFirstOrThrow();
    expect(Number(rework.points)).toBe(-4);
    await changeScoreRule(store.db, 'rework', { points: -1 }, dispatcher.userId, minutes(12));
  });

  it("recording a fact's points again changes nothing, and the log's chains are untouched", async () => {
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, minutes(0));
    await run(id!, { type: 'accept' }, lawOfficer, minutes(5));
    await store.db.transaction().execute(async (trx) => {
      const log = await loadLoggedFacts(trx, id!);
      await writeTogether(
        trx,
        await pointWrites(trx, [{ before: replay(log.slice(0, -1)), logged: log.slice(-1), log }]),
      );
    });
    expect(await entriesOf(id!)).toEqual(['accepted → accepted_in_time 1 S1-LAW']);
    expect((await verifyAuditChain(store.db)).broken).toBeNull();
  });

  it('a log that does not end with the facts given is a mistake', async () => {
    const [id] = await dispatchedEvents(store.db, dispatcher, 1, minutes(0));
    await run(id!, { type: 'accept' }, lawOfficer, minutes(5));
    const log = await loadLoggedFacts(store.db, id!);
    await expect(
      pointWrites(store.db, [{ before: null, logged: log.slice(-1), log: log.slice(0, 2) }]),
    ).rejects.toThrow(/must end with/);
  });
});
