import { describe, expect, it } from 'vitest';
import type { EventState, Unit } from './events.ts';
import { type EventFact, evolve, type LoggedFact } from './lifecycle/facts.ts';
import {
  addHistograms,
  chinaDay,
  DURATION_BUCKETS,
  durationBucket,
  foldDeltas,
  histogramOf,
  lastSentAt,
  periodStartOf,
  quantileMinutes,
  type RollupDelta,
  rollupDeltas,
  rowsOfDeltas,
} from './rollup.ts';

const MINUTE = 60_000;
const T0 = new Date('2026-11-03T01:00:00.000Z'); // 09:00 in China
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

const LAW: Unit = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' };
const URBAN: Unit = { kind: 'district_department', code: 'URBAN', areaPath: 'D' };

const REPORTED: EventFact = {
  type: 'reported',
  eventId: '00000000-0000-4000-8000-000000000001',
  source: 'hotline',
  catalogueItemCode: '01037',
  description: '路灯不亮',
  location: null,
  areaCode: 'G11',
  areaPath: 'D/S1/C1/G11',
  address: null,
  reporterUserId: 7,
  level: 'street',
};

/** Every fact of a log with the deltas it adds, from the report on. */
function deltasOf(facts: [number, EventFact][]): { type: string; deltas: RollupDelta[] }[] {
  let state: EventState | null = null;
  let sentAt: Date | null = null;
  return facts.map(([minutes, fact]) => {
    const logged: LoggedFact = { fact, at: at(minutes), actorUserId: 1 };
    const next = evolve(state, logged);
    const deltas = rollupDeltas(state, next, logged, { catalogueClassCode: '01', sentAt });
    if (fact.type === 'dispatched' || fact.type === 'whistled') sentAt = logged.at;
    state = next;
    return { type: fact.type, deltas };
  });
}

/** A delta's counters and unit, the way the tables below read. */
function brief(deltas: RollupDelta[]) {
  return deltas.map((delta) => ({
    day: delta.day,
    unit: delta.key.unitCode,
    ...delta.counters,
    ...(delta.acceptMs !== null ? { acceptMinutes: delta.acceptMs / MINUTE } : {}),
    ...(delta.finishMs !== null ? { finishMinutes: delta.finishMs / MINUTE } : {}),
  }));
}

describe('days in China time', () => {
  it.each([
    ['2026-10-31T15:59:59.999Z', '2026-10-31'],
    ['2026-10-31T16:00:00.000Z', '2026-11-01'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
  ])('%s falls on %s', (instant, day) => {
    expect(chinaDay(new Date(instant))).toBe(day);
  });

  it('starts each period on its first day', () => {
    expect(periodStartOf('day', '2026-11-17')).toBe('2026-11-17');
    expect(periodStartOf('month', '2026-11-17')).toBe('2026-11-01');
    expect(periodStartOf('year', '2026-11-17')).toBe('2026-01-01');
  });
});

describe('duration histograms', () => {
  it.each([
    [0, 0],
    [59_999, 0],
    [MINUTE, 1],
    [1.25 * MINUTE, 1],
    [2 * MINUTE, 4],
    [60 * MINUTE, 18],
    [24 * 60 * MINUTE, 32],
    [2 ** 18 * MINUTE, DURATION_BUCKETS.length - 1],
    [10 ** 12, DURATION_BUCKETS.length - 1],
  ])('%d ms falls in bucket %d', (ms, bucket) => {
    expect(durationBucket(ms)).toBe(bucket);
    const lower = DURATION_BUCKETS[bucket]!;
    expect(ms / MINUTE).toBeGreaterThanOrEqual(lower);
  });

  it('adds bucket by bucket and drops trailing zeros', () => {
    expect(addHistograms([1, 0, 2], [0, 1])).toEqual([1, 1, 2]);
    expect(addHistograms([], [])).toEqual([]);
    expect(addHistograms([0, 0], [0])).toEqual([]);
    expect(histogramOf(30_000)).toEqual([1]);
    expect(histogramOf(2 * MINUTE)).toEqual([0, 0, 0, 0, 1]);
  });

  it('has no quantile without durations', () => {
    expect(quantileMinutes([], 0.9)).toBeNull();
    expect(quantileMinutes([0, 0], 0.9)).toBeNull();
  });

  it('estimates the 90th percentile within a factor 2^(1/3) of the nearest-rank truth', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + Math.floor(random() * 300);
      // Log-uniform between 1 minute and about 40 days: acceptance and finishing times alike.
      const minutes = Array.from({ length: count }, () => 2 ** (random() * 16));
      const histogram = minutes.reduce<number[]>(
        (sum, value) => addHistograms(sum, histogramOf(value * MINUTE)),
        [],
      );
      const sorted = [...minutes].sort((a, b) => a - b);
      const truth = sorted[Math.ceil(0.9 * count) - 1]!;
      const estimate = quantileMinutes(histogram, 0.9)!;
      expect(estimate / truth).toBeLessThanOrEqual(2 ** (1 / 3) + 1e-9);
      expect(truth / estimate).toBeLessThanOrEqual(2 ** (1 / 3) + 1e-9);
    }
  });

  it('reports a floor beyond the last bounded bucket, and less than a minute below one', () => {
    expect(quantileMinutes(histogramOf(400 * 24 * 60 * MINUTE), 0.9)).toBe(2 ** 18);
    expect(quantileMinutes(histogramOf(10_000), 0.9)).toBeLessThanOrEqual(1);
  });
});

describe('what each fact adds', () => {
  it('counts a case through its whole loop, under the unit answering for it at each fact', () => {
    const steps = deltasOf([
      [0, REPORTED],
      [10, { type: 'dispatched', level: 'street', lead: LAW, assisting: [URBAN] }],
      [70, { type: 'deadline_passed', step: 'accept', dueAt: at(70).toISOString() }],
      [75, { type: 'accepted' }],
      [200, { type: 'handled', text: '已修复', attachmentIds: [] }],
      [260, { type: 'verification_failed', text: '仍不亮', attachmentIds: [] }],
      [400, { type: 'handled', text: '换灯泡', attachmentIds: [] }],
      [500, { type: 'verified', text: '已亮', attachmentIds: [] }],
      [600, { type: 'rated', rating: 'basically_satisfied', comment: '' }],
      [900, { type: 'deadline_warned', step: 'verify', dueAt: at(900).toISOString() }],
      [1500, { type: 'closed', text: '结案' }],
    ]);
    expect(steps.map((step) => [step.type, brief(step.deltas)])).toEqual([
      ['reported', [{ day: '2026-11-03', unit: '', reported: 1 }]],
      ['dispatched', [{ day: '2026-11-03', unit: 'S1-LAW', assigned: 1 }]],
      ['deadline_passed', [{ day: '2026-11-03', unit: 'S1-LAW', overdue: 1 }]],
      ['accepted', [{ day: '2026-11-03', unit: 'S1-LAW', accepted: 1, acceptMinutes: 65 }]],
      ['handled', [{ day: '2026-11-03', unit: 'S1-LAW', handled: 1 }]],
      ['verification_failed', [{ day: '2026-11-03', unit: 'S1-LAW', reworked: 1 }]],
      ['handled', [{ day: '2026-11-03', unit: 'S1-LAW', handled: 1 }]],
      ['verified', []],
      ['rated', [{ day: '2026-11-03', unit: 'S1-LAW', rated: 1, basically_satisfied: 1 }]],
      ['deadline_warned', []],
      // 1,500 minutes after 09:00 is 10:00 the next day; a limit passed once, so not on time.
      ['closed', [{ day: '2026-11-04', unit: 'S1-LAW', closed: 1, finishMinutes: 1500 }]],
    ]);
    const key = steps[1]!.deltas[0]!.key;
    expect(key).toEqual({
      districtCode: 'D',
      streetCode: 'S1',
      catalogueClass: '01',
      source: 'hotline',
      unitKind: 'street_office',
      unitCode: 'S1-LAW',
    });
  });

  it('counts whistles, returns and rework ordered after a rating', () => {
    const steps = deltasOf([
      [0, REPORTED],
      [5, { type: 'whistled', lead: URBAN, assisting: [], reason: '需区城管委' }],
      [6, { type: 'second_whistled', reason: '无人接单' }],
      [7, { type: 'return_requested', reason: '不归我管', requestedBy: 9 }],
      [8, { type: 'return_approved', level: 'street' }],
      [20, { type: 'dispatched', level: 'street', lead: LAW, assisting: [] }],
      [50, { type: 'accepted' }],
      [60, { type: 'handled', text: '处理', attachmentIds: [] }],
      [70, { type: 'verified', text: '好', attachmentIds: [] }],
      [80, { type: 'rated', rating: 'dissatisfied', comment: '不满意' }],
      [80, { type: 'rework_ordered' }],
      [90, { type: 'deadline_passed', step: 'verify', dueAt: at(90).toISOString() }],
    ]);
    expect(steps.flatMap((step) => brief(step.deltas))).toEqual([
      { day: '2026-11-03', unit: '', reported: 1 },
      { day: '2026-11-03', unit: 'URBAN', assigned: 1, whistles: 1 },
      { day: '2026-11-03', unit: 'URBAN', second_whistles: 1 },
      { day: '2026-11-03', unit: 'URBAN', returned: 1 },
      { day: '2026-11-03', unit: 'S1-LAW', assigned: 1 },
      // From the second dispatch, not the whistle.
      { day: '2026-11-03', unit: 'S1-LAW', accepted: 1, acceptMinutes: 30 },
      { day: '2026-11-03', unit: 'S1-LAW', handled: 1 },
      { day: '2026-11-03', unit: 'S1-LAW', rated: 1 },
      { day: '2026-11-03', unit: 'S1-LAW', reworked: 1 },
      // The verify step is the street's own: no unit answers for it.
      { day: '2026-11-03', unit: '', overdue: 1 },
    ]);
  });

  it('counts a case solved on the spot, closed on time, under no unit', () => {
    const steps = deltasOf([
      [0, REPORTED],
      [30, { type: 'solved_on_the_spot', text: '已扶正', attachmentIds: [] }],
      [40, { type: 'rated', rating: 'satisfied', comment: '' }],
      [60, { type: 'closed', text: '结案' }],
    ]);
    expect(steps.flatMap((step) => brief(step.deltas))).toEqual([
      { day: '2026-11-03', unit: '', reported: 1 },
      { day: '2026-11-03', unit: '', rated: 1, satisfied: 1 },
      { day: '2026-11-03', unit: '', closed: 1, closed_on_time: 1, finishMinutes: 60 },
    ]);
  });

  it('counts withdrawn reports and duplicates', () => {
    expect(
      deltasOf([
        [0, REPORTED],
        [1, { type: 'cancelled', reason: '误报' }],
      ]).flatMap((step) => brief(step.deltas)),
    ).toEqual([
      { day: '2026-11-03', unit: '', reported: 1 },
      { day: '2026-11-03', unit: '', withdrawn: 1 },
    ]);
    expect(
      deltasOf([
        [0, REPORTED],
        [1, { type: 'merged', intoEventId: '00000000-0000-4000-8000-000000000002' }],
      ]).flatMap((step) => brief(step.deltas)),
    ).toEqual([
      { day: '2026-11-03', unit: '', reported: 1 },
      { day: '2026-11-03', unit: '', withdrawn: 1 },
    ]);
  });

  it('counts a report not yet placed under no district or street, and later facts where it was placed', () => {
    const steps = deltasOf([
      [0, { ...REPORTED, areaCode: null, areaPath: null }],
      [5, { type: 'located', areaCode: 'G21', areaPath: 'D/S2/C2/G21', location: null }],
      [6, { type: 'cancelled', reason: '重复' }],
    ]);
    expect(steps[0]!.deltas[0]!.key).toMatchObject({ districtCode: '', streetCode: '' });
    expect(steps[1]!.deltas).toEqual([]);
    expect(steps[2]!.deltas[0]!.key).toMatchObject({ districtCode: 'D', streetCode: 'S2' });
  });

  it('folds facts recorded together as if one by one, knowing when the case was last sent', () => {
    const earlier: LoggedFact[] = [
      { fact: REPORTED, at: at(0), actorUserId: 1 },
      { fact: { type: 'dispatched', level: 'street', lead: LAW, assisting: [] }, at: at(10), actorUserId: 1 },
    ];
    const before = earlier.reduce<EventState | null>(evolve, null)!;
    expect(lastSentAt(earlier)).toEqual(at(10));
    const { deltas, after } = foldDeltas(
      before,
      [{ fact: { type: 'accepted' }, at: at(40), actorUserId: 2 }],
      {
        catalogueClassCode: '01',
        sentAt: lastSentAt(earlier),
      },
    );
    expect(after?.state).toBe('accepted');
    expect(brief(deltas)).toEqual([{ day: '2026-11-03', unit: 'S1-LAW', accepted: 1, acceptMinutes: 30 }]);
  });
});

describe('rows of deltas', () => {
  it('sums deltas of one key into one row per day, month and year', () => {
    const key = {
      districtCode: 'D',
      streetCode: 'S1',
      catalogueClass: '01',
      source: 'hotline',
      unitKind: '' as const,
      unitCode: '',
    };
    const rows = rowsOfDeltas([
      { day: '2026-11-03', key, counters: { reported: 1 }, acceptMs: null, finishMs: null },
      { day: '2026-11-03', key, counters: { reported: 1, closed: 1 }, acceptMs: null, finishMs: 2 * MINUTE },
      { day: '2026-11-20', key, counters: { reported: 1 }, acceptMs: null, finishMs: null },
    ]);
    const summary = rows.map((row) => [
      row.grain,
      row.periodStart,
      row.totals.reported,
      row.totals.closed,
      row.totals.finishMsSum,
      row.totals.finishHistogram,
    ]);
    expect(summary).toEqual([
      ['day', '2026-11-03', 2, 1, 2 * MINUTE, [0, 0, 0, 0, 1]],
      ['month', '2026-11-01', 3, 1, 2 * MINUTE, [0, 0, 0, 0, 1]],
      ['year', '2026-01-01', 3, 1, 2 * MINUTE, [0, 0, 0, 0, 1]],
      ['day', '2026-11-20', 1, 0, 0, []],
    ]);
  });
});
