import { describe, expect, it } from 'vitest';
import {
  basisOf,
  figureSightOf,
  INDICATOR_NAMES,
  INDICATORS,
  type Indicators,
  indicatorsOf,
  periodRange,
  rankUnits,
  seesWholeDistrict,
} from './indicators.ts';
import type { Actor } from './permissions.ts';
import type { Role } from './roles.ts';
import { addHistograms, emptyTotals, histogramOf, type Totals } from './rollup.ts';

const MINUTE = 60_000;

function totals(values: Partial<Totals>): Totals {
  return { ...emptyTotals(), ...values };
}

describe('one formula per indicator', () => {
  const month = totals({
    reported: 110,
    withdrawn: 10,
    assigned: 60,
    returned: 10,
    accepted: 4,
    acceptMsSum: (10 + 20 + 30 + 60) * MINUTE,
    acceptHistogram: [10, 20, 30, 60].reduce<number[]>(
      (h, m) => addHistograms(h, histogramOf(m * MINUTE)),
      [],
    ),
    handled: 40,
    reworked: 4,
    closed: 80,
    closed_on_time: 60,
    finishMsSum: 80 * 600 * MINUTE,
    finishHistogram: histogramOf(600 * MINUTE).map((count) => count * 80),
    rated: 50,
    satisfied: 40,
    basically_satisfied: 5,
    overdue: 7,
    whistles: 3,
    second_whistles: 1,
  });

  it.each<[keyof Indicators, number | null, number | null]>([
    // name, by reports (areas, classes, sources, days), by assignments (units)
    ['intake', 100, 50],
    ['reported', 110, 110],
    ['closed', 80, 80],
    ['closedRate', 0.8, 1.6],
    ['onTimeRate', 0.75, 0.75],
    ['satisfactionRate', 0.9, 0.9],
    ['reworkRate', 0.1, 0.1],
    ['acceptMeanMinutes', 30, 30],
    ['finishMeanMinutes', 600, 600],
    ['overdue', 7, 7],
    ['whistles', 3, 3],
    ['secondWhistles', 1, 1],
  ])('%s is %s by reports and %s by assignments', (name, byReports, byAssignments) => {
    expect(indicatorsOf(month, 'reports')[name]).toBeCloseTo(byReports!, 10);
    expect(indicatorsOf(month, 'assignments')[name]).toBeCloseTo(byAssignments!, 10);
  });

  it('estimates percentiles from the histograms', () => {
    const figures = indicatorsOf(month, 'reports');
    // The 4th of 4 accept times is 60 minutes; the estimate stays within 2^(1/3) of it.
    expect(figures.acceptP90Minutes! / 60).toBeGreaterThan(2 ** (-1 / 3));
    expect(figures.acceptP90Minutes! / 60).toBeLessThan(2 ** (1 / 3));
    expect(figures.finishP90Minutes! / 600).toBeLessThan(2 ** (1 / 3));
  });

  it('answers null, not zero or infinity, when there is nothing to divide by', () => {
    const figures = indicatorsOf(emptyTotals(), 'reports');
    for (const name of ['closedRate', 'onTimeRate', 'satisfactionRate', 'reworkRate'] as const) {
      expect(figures[name]).toBeNull();
    }
    expect(figures.acceptMeanMinutes).toBeNull();
    expect(figures.acceptP90Minutes).toBeNull();
    expect(figures.intake).toBe(0);
    // More withdrawn than reported in a period (reports of the month before): no intake to measure against.
    expect(indicatorsOf(totals({ reported: 1, withdrawn: 2, closed: 1 }), 'reports').closedRate).toBeNull();
  });

  it('names every indicator in both languages and says how to rank it', () => {
    for (const name of INDICATOR_NAMES) {
      expect(INDICATORS[name].zh.length).toBeGreaterThan(0);
      expect(INDICATORS[name].en.length).toBeGreaterThan(0);
    }
    expect(INDICATORS.closedRate.order).toBe('descending');
    expect(INDICATORS.finishP90Minutes.order).toBe('ascending');
    expect(INDICATORS.reworkRate.order).toBe('ascending');
  });
});

describe('rankings', () => {
  const row = (code: string, closedRate: number | null, finishMeanMinutes: number | null) => ({
    code,
    name: code,
    indicators: { ...indicatorsOf(emptyTotals(), 'reports'), closedRate, finishMeanMinutes },
  });
  const rows = [
    row('B', 0.9, 100),
    row('A', 0.95, 300),
    row('C', null, null),
    row('D', 0.9, 50),
    row('E', 0.5, 80),
  ];

  it('puts the best first, shares ranks between equals and leaves units with nothing to measure last', () => {
    expect(rankUnits(rows, 'closedRate').map((r) => [r.code, r.rank, r.value])).toEqual([
      ['A', 1, 0.95],
      ['B', 2, 0.9],
      ['D', 2, 0.9],
      ['E', 4, 0.5],
      ['C', null, null],
    ]);
  });

  it('ranks times shortest first', () => {
    expect(rankUnits(rows, 'finishMeanMinutes').map((r) => r.code)).toEqual(['D', 'E', 'B', 'A', 'C']);
  });
});

describe('periods in China time', () => {
  it.each([
    ['day', '2026-11-05', '2026-11-05', '2026-11-06', '2026-11-05'],
    ['day', '2026-12-31', '2026-12-31', '2027-01-01', '2026-12-31'],
    ['week', '2026-11-05', '2026-11-02', '2026-11-09', '2026-W45'],
    ['week', '2026-11-02', '2026-11-02', '2026-11-09', '2026-W45'],
    ['week', '2026-11-08', '2026-11-02', '2026-11-09', '2026-W45'],
    ['week', '2021-01-03', '2020-12-28', '2021-01-04', '2020-W53'],
    ['week', '2024-12-30', '2024-12-30', '2025-01-06', '2025-W01'],
    ['week', '2026-01-01', '2025-12-29', '2026-01-05', '2026-W01'],
    ['month', '2024-02-10', '2024-02-01', '2024-03-01', '2024-02'],
    ['month', '2026-12-15', '2026-12-01', '2027-01-01', '2026-12'],
    ['year', '2026-11-05', '2026-01-01', '2027-01-01', '2026'],
  ] as const)('the %s of %s is [%s, %s) labelled %s', (kind, anchor, from, to, label) => {
    expect(periodRange(kind, anchor)).toEqual({ kind, from, to, label });
  });

  it.each(['2026-02-30', '2026-13-01', '26-11-01', 'yesterday'])('refuses %s', (anchor) => {
    expect(periodRange('month', anchor)).toBeNull();
  });
});

describe('who sees which figures', () => {
  const actor = (role: Role, areaPath: string | null, departmentCode: string | null = null): Actor => ({
    userId: 1,
    roles: [role],
    areaPath,
    departmentCode,
  });

  it.each<[Role, string | null, string | null, ReturnType<typeof figureSightOf>]>([
    ['leader', 'D', null, { districtCode: 'D', streetCode: null, unitCode: null }],
    ['administrator', 'D', null, { districtCode: 'D', streetCode: null, unitCode: null }],
    ['supervision_office', 'D', null, { districtCode: 'D', streetCode: null, unitCode: null }],
    ['district_dispatcher', 'D', null, { districtCode: 'D', streetCode: null, unitCode: null }],
    ['street_head', 'D/S1', null, { districtCode: 'D', streetCode: 'S1', unitCode: null }],
    ['street_dispatcher', 'D/S2', null, { districtCode: 'D', streetCode: 'S2', unitCode: null }],
    ['department_head', null, 'URBAN', { districtCode: null, streetCode: null, unitCode: 'URBAN' }],
    ['department_officer', null, 'S1-LAW', { districtCode: null, streetCode: null, unitCode: 'S1-LAW' }],
    ['grid_worker', 'D/S1/C1/G11', null, null],
    ['community_staff', 'D/S1/C1', null, null],
    ['resident', 'D/S1/C1/G11', null, null],
    // A street head placed at the district by mistake does not get the whole district.
    ['street_head', 'D', null, null],
  ])('%s at %s (department %s) sees %j', (role, areaPath, department, sight) => {
    expect(figureSightOf(actor(role, areaPath, department))).toEqual(sight);
  });

  it('gives the whole district only to a district sight', () => {
    expect(seesWholeDistrict({ districtCode: 'D', streetCode: null, unitCode: null }, 'D')).toBe(true);
    expect(seesWholeDistrict({ districtCode: 'D', streetCode: 'S1', unitCode: null }, 'D')).toBe(false);
    expect(seesWholeDistrict({ districtCode: 'D', streetCode: null, unitCode: null }, 'E')).toBe(false);
  });

  it('measures units and unit-narrowed rows by assignments', () => {
    const district = { districtCode: 'D', streetCode: null, unitCode: null };
    expect(basisOf('other', district)).toBe('reports');
    expect(basisOf('unit', district)).toBe('assignments');
    expect(basisOf('other', { districtCode: null, streetCode: null, unitCode: 'URBAN' })).toBe('assignments');
  });
});
