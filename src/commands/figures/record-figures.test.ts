import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOURLY_ITEM, runCommand } from '../../../test/support/events.ts';
import { createPerson, seedSmallDistrict, smallDistrict } from '../../../test/support/factories.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { saveCatalogueItem } from '../../db/repositories/catalogue.ts';
import { readAllRollupRows } from '../../db/repositories/rollups.ts';
import { buildAreaLocator } from '../../domain/area-locator.ts';
import type { EventSource, Unit } from '../../domain/events.ts';
import { type FigureSight, periodRange } from '../../domain/indicators.ts';
import type { EventCommand } from '../../domain/lifecycle.ts';
import type { Actor } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { sweepDeadlines } from '../../jobs/deadline-sweeper.ts';
import { reportEvent } from '../events/report-event.ts';
import { indicatorTable, rankingTable } from './indicator-table.ts';
import { loadMonthlyReport } from './monthly-report.ts';
import { rebuildRollups } from './record-figures.ts';

let store: TestStore;
const people = new Map<string, Actor>();
const LAW: Unit = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' };
const URBAN: Unit = { kind: 'district_department', code: 'URBAN', areaPath: 'D' };
const FIRE_ITEM = 'SG0201'; // 消防安全隐患, class SG02
const T0 = new Date('2026-11-03T01:00:00.000Z'); // Tuesday 09:00 in China
const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

const DISTRICT: FigureSight = { districtCode: 'D', streetCode: null, unitCode: null };
const NOVEMBER = periodRange('month', '2026-11-01')!;

async function person(
  username: string,
  role: Role,
  place: { areaCode?: string; departmentCode?: string },
  areaPath: string | null,
) {
  const userId = await createPerson(store.db, username, role, place);
  people.set(username, { userId, roles: [role], areaPath, departmentCode: place.departmentCode ?? null });
}

function actor(username: string): Actor {
  const found = people.get(username);
  if (!found) throw new Error(`no such person ${username}`);
  return found;
}

async function report(
  username: string,
  minutes: number,
  place: { areaCode: string },
  item = HOURLY_ITEM.code,
  source: EventSource = 'hotline',
): Promise<string> {
  const outcome = await reportEvent(
    store.db,
    buildAreaLocator(smallDistrict),
    actor(username),
    {
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      source,
      catalogueItemCode: item,
      description: '测试事件',
      location: null,
      areaCode: place.areaCode,
      address: null,
      attachmentIds: [],
    },
    at(minutes),
  );
  if (!outcome.ok) throw new Error(`report failed: ${JSON.stringify(outcome)}`);
  return outcome.eventId;
}

async function run(
  username: string,
  eventId: string,
  minutes: number,
  command: Exclude<EventCommand, { type: 'report' }>,
) {
  const outcome = await runCommand(store.db, eventId, command, actor(username), at(minutes));
  if (!outcome.ok) throw new Error(`${command.type} by ${username} failed: ${JSON.stringify(outcome)}`);
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await saveCatalogueItem(store.db, HOURLY_ITEM, true);
  await person('dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' }, 'D/S1');
  await person('head.s1', 'street_head', { areaCode: 'S1' }, 'D/S1');
  await person('dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' }, 'D/S2');
  await person('worker.g11', 'grid_worker', { areaCode: 'G11' }, 'D/S1/C1/G11');
  await person('officer.law', 'department_officer', { departmentCode: 'S1-LAW' }, null);
  await person('officer.urban', 'department_officer', { departmentCode: 'URBAN' }, null);

  // E1, clean: accepted 30 minutes after dispatch, rated satisfied, closed the same day.
  ids.e1 = await report('dispatcher.s1', 0, { areaCode: 'G11' });
  await run('dispatcher.s1', ids.e1, 10, { type: 'dispatch', lead: LAW, assisting: [] });
  await run('officer.law', ids.e1, 40, { type: 'accept' });
  await run('officer.law', ids.e1, 120, { type: 'handle', text: '已修复', attachmentIds: [] });
  await run('worker.g11', ids.e1, 180, { type: 'verify', passed: true, text: '已亮', attachmentIds: [] });
  await run('dispatcher.s1', ids.e1, 200, { type: 'rate', rating: 'satisfied', comment: '', rework: false });
  await run('dispatcher.s1', ids.e1, 240, { type: 'close', text: '结案' });

  // E2, late: its accept limit (one hour) passes, a failed check sends it back, rated dissatisfied, closed the
  // next day.
  ids.e2 = await report('dispatcher.s1', 1, { areaCode: 'G12' });
  await run('dispatcher.s1', ids.e2, 2, { type: 'dispatch', lead: LAW, assisting: [] });
  await sweepDeadlines(store.db, at(100));
  await run('officer.law', ids.e2, 122, { type: 'accept' });
  await run('officer.law', ids.e2, 150, { type: 'handle', text: '处理', attachmentIds: [] });
  await run('dispatcher.s1', ids.e2, 160, {
    type: 'verify',
    passed: false,
    text: '未修好',
    attachmentIds: [],
  });
  await run('officer.law', ids.e2, 200, { type: 'handle', text: '再处理', attachmentIds: [] });
  await run('dispatcher.s1', ids.e2, 210, { type: 'verify', passed: true, text: '好了', attachmentIds: [] });
  await run('dispatcher.s1', ids.e2, 220, {
    type: 'rate',
    rating: 'dissatisfied',
    comment: '太慢',
    rework: false,
  });
  await run('dispatcher.s1', ids.e2, 1500, { type: 'close', text: '结案' });

  // E3, withdrawn in street S2.
  ids.e3 = await report('dispatcher.s2', 5, { areaCode: 'G21' }, FIRE_ITEM, 'camera');
  await run('dispatcher.s2', ids.e3, 6, { type: 'cancel', reason: '重复来电' });

  // E4, whistled to a district department, accepted, still open.
  // A camera alert is entered by the dispatcher (a street head may not file one), then whistled by the head.
  ids.e4 = await report('dispatcher.s1', 7, { areaCode: 'G11' }, FIRE_ITEM, 'camera');
  await run('head.s1', ids.e4, 8, { type: 'whistle', lead: URBAN, assisting: [], reason: '需区城管委处理' });
  await run('officer.urban', ids.e4, 20, { type: 'accept' });

  // E5, reported on 1 December in China (16:30 UTC on 30 November): December's, not November's.
  ids.e5 = await report('dispatcher.s1', 39_810, { areaCode: 'G11' });
}, 120_000);

afterAll(async () => {
  await store?.close();
});

describe('figures counted as facts are recorded', () => {
  it('holds day, month and year rows for each key', async () => {
    const rows = await readAllRollupRows(store.db);
    const grains = new Set(rows.map((row) => `${row.grain} ${row.periodStart}`));
    expect(grains).toEqual(
      new Set([
        'day 2026-11-03',
        'day 2026-11-04',
        'day 2026-12-01',
        'month 2026-11-01',
        'month 2026-12-01',
        'year 2026-01-01',
      ]),
    );
    const reportsInS1 = rows.filter(
      (row) =>
        row.grain === 'month' &&
        row.periodStart === '2026-11-01' &&
        row.key.streetCode === 'S1' &&
        row.key.unitCode === '',
    );
    expect(reportsInS1.map((row) => [row.key.catalogueClass, row.key.source, row.totals.reported])).toEqual([
      ['01', 'hotline', 2],
      ['SG02', 'camera', 1],
    ]);
  });

  it('gives each street its figures for the month', async () => {
    const table = await indicatorTable(store.db, DISTRICT, NOVEMBER, 'street');
    expect(table.basis).toBe('reports');
    const s1 = table.rows.find((row) => row.code === 'S1')!;
    const s2 = table.rows.find((row) => row.code === 'S2')!;
    // E5 belongs to November in UTC but to December in China.
    expect(s1.totals.reported).toBe(3);
    expect(s1.indicators).toMatchObject({
      intake: 3,
      closed: 2,
      closedRate: 2 / 3,
      onTimeRate: 0.5,
      satisfactionRate: 0.5,
      reworkRate: 1 / 3,
      overdue: 1,
      whistles: 1,
      secondWhistles: 0,
    });
    // Accepted: E1 after 30 minutes, E2 after 120, E4 after 12.
    expect(s1.indicators.acceptMeanMinutes).toBeCloseTo((30 + 120 + 12) / 3, 6);
    // Finished: E1 after 240 minutes, E2 after 1,499.
    expect(s1.indicators.finishMeanMinutes).toBeCloseTo((240 + 1499) / 2, 6);
    expect(s1.indicators.finishP90Minutes! / 1499).toBeLessThan(2 ** (1 / 3));
    expect(s1.indicators.finishP90Minutes! / 1499).toBeGreaterThan(2 ** (-1 / 3));
    expect(s1.name).toBe('street S1');
    expect(s2.indicators).toMatchObject({ intake: 0, closed: 0, closedRate: null });
    expect(s2.totals.withdrawn).toBe(1);
    expect(table.total.indicators.intake).toBe(3);
  });

  it('gives each department the cases handed to it', async () => {
    const table = await indicatorTable(store.db, DISTRICT, NOVEMBER, 'department');
    expect(table.basis).toBe('assignments');
    const byCode = new Map(table.rows.map((row) => [row.code, row]));
    expect(byCode.get('S1-LAW')?.indicators).toMatchObject({
      intake: 2,
      closed: 2,
      closedRate: 1,
      onTimeRate: 0.5,
      overdue: 1,
      reworkRate: 1 / 3,
    });
    expect(byCode.get('URBAN')?.indicators).toMatchObject({
      intake: 1,
      closed: 0,
      closedRate: 0,
      whistles: 1,
    });
    expect(byCode.get('URBAN')?.indicators.acceptMeanMinutes).toBeCloseTo(12, 6);
    // Departments that had nothing this month are listed all the same.
    expect(byCode.get('WATER')?.indicators).toMatchObject({ intake: 0, closedRate: null });
    expect(byCode.get('S2-LAW')?.unitKind).toBe('street_office');
  });

  it('breaks the month down by class, source and day', async () => {
    const classes = await indicatorTable(store.db, DISTRICT, NOVEMBER, 'class');
    expect(classes.rows.map((row) => [row.code, row.name, row.indicators.intake])).toEqual([
      ['01', '市政公用设施', 2],
      ['SG02', '安全隐患', 1],
    ]);
    const sources = await indicatorTable(store.db, DISTRICT, NOVEMBER, 'source');
    expect(sources.rows.map((row) => [row.code, row.name, row.totals.reported])).toEqual([
      ['camera', '视频/物联感知', 2],
      ['hotline', '12345热线', 2],
    ]);
    const days = await indicatorTable(store.db, DISTRICT, NOVEMBER, 'day');
    expect(days.rows.map((row) => [row.code, row.totals.reported, row.totals.closed])).toEqual([
      ['2026-11-03', 4, 1],
      ['2026-11-04', 0, 1],
    ]);
  });

  it('reads a week from daily rows and a year from yearly rows, with the same totals', async () => {
    const week = await indicatorTable(store.db, DISTRICT, periodRange('week', '2026-11-05')!, 'street');
    const year = await indicatorTable(store.db, DISTRICT, periodRange('year', '2026-11-05')!, 'street');
    const month = await indicatorTable(store.db, DISTRICT, NOVEMBER, 'street');
    expect(week.total.totals).toEqual(month.total.totals);
    expect(year.total.totals.reported).toBe(month.total.totals.reported + 1);
    const day = await indicatorTable(store.db, DISTRICT, periodRange('day', '2026-11-04')!, 'street');
    expect(day.total.totals).toMatchObject({ reported: 0, closed: 1 });
  });

  it('keeps to a street head’s street and a department’s own rows', async () => {
    const street = await indicatorTable(
      store.db,
      { districtCode: 'D', streetCode: 'S2', unitCode: null },
      NOVEMBER,
      'street',
    );
    expect(street.rows.map((row) => row.code)).toEqual(['S2']);
    const unit = await indicatorTable(
      store.db,
      { districtCode: null, streetCode: null, unitCode: 'URBAN' },
      NOVEMBER,
      'street',
    );
    expect(unit.basis).toBe('assignments');
    expect(unit.rows.map((row) => [row.code, row.indicators.intake])).toEqual([['S1', 1]]);
  });

  it('ranks departments and streets', async () => {
    const departments = await rankingTable(store.db, DISTRICT, NOVEMBER, 'departments', 'closedRate');
    expect(departments.rows.map((row) => [row.code, row.rank])).toEqual([
      ['S1-LAW', 1],
      ['URBAN', 2],
      ['S2-LAW', null],
      ['WATER', null],
    ]);
    const streets = await rankingTable(store.db, DISTRICT, NOVEMBER, 'streets', 'intake');
    expect(streets.rows.map((row) => [row.code, row.rank])).toEqual([
      ['S1', 1],
      ['S2', 2],
    ]);
  });

  it('gathers the monthly report of a district', async () => {
    const report = await loadMonthlyReport(store.db, 'D', '2026-11', at(0));
    expect(report?.total.indicators.intake).toBe(3);
    expect(report?.topClasses.map((row) => row.code)).toEqual(['01', 'SG02']);
    expect(await loadMonthlyReport(store.db, 'S1', '2026-11', at(0))).toBeUndefined();
  });

  it('recounts from the event log exactly what was counted as facts came', async () => {
    const incremental = await readAllRollupRows(store.db);
    expect(incremental.length).toBeGreaterThan(10);
    expect(await rebuildRollups(store.db)).toBe(5);
    expect(await readAllRollupRows(store.db)).toEqual(incremental);
  });
});
