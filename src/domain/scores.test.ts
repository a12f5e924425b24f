import { describe, expect, it } from 'vitest';
import type { EventState, Unit } from './events.ts';
import { type EventFact, evolve, type LoggedFact } from './lifecycle.ts';
import type { Actor } from './permissions.ts';
import type { Role } from './roles.ts';
import {
  chinaYearOf,
  chinaYearSpan,
  DEFAULT_SCORE_RULES,
  departmentScore,
  finishedInTime,
  perfectEventPoints,
  pointsFor,
  rankWithinGroups,
  type ScoreEntry,
  type ScoreRule,
  STREET_EVALUATION_WEIGHT_DEFAULT,
  streetRatingRefusal,
} from './scores.ts';

const URBAN: Unit = { kind: 'district_department', code: 'URBAN', areaPath: 'D' };
const WATER: Unit = { kind: 'district_department', code: 'WATER', areaPath: 'D' };
const S1_LAW: Unit = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' };
const C1: Unit = { kind: 'community', code: 'C1', areaPath: 'D/S1/C1' };

const T0 = new Date('2026-03-02T01:00:00Z');
const EVENT_ID = '00000000-0000-4000-8000-000000000001';

const REPORTED: EventFact = {
  type: 'reported',
  eventId: EVENT_ID,
  source: 'hotline',
  catalogueItemCode: '01037',
  description: '路灯不亮',
  location: null,
  areaCode: 'G11',
  areaPath: 'D/S1/C1/G11',
  address: null,
  reporterUserId: 1,
  level: 'street',
};

const dispatchedTo = (lead: Unit, assisting: Unit[] = []): EventFact => ({
  type: 'dispatched',
  level: 'street',
  lead,
  assisting,
});
const whistledTo = (lead: Unit, assisting: Unit[] = []): EventFact => ({
  type: 'whistled',
  lead,
  assisting,
  reason: '吹哨',
});
const passed = (step: 'accept' | 'handle' | 'verify'): EventFact => ({
  type: 'deadline_passed',
  step,
  dueAt: T0.toISOString(),
});
const ACCEPTED: EventFact = { type: 'accepted' };
const HANDLED: EventFact = { type: 'handled', text: '已修复', attachmentIds: [] };
const VERIFIED: EventFact = { type: 'verified', text: '现场核查通过', attachmentIds: [] };
const FAILED: EventFact = { type: 'verification_failed', text: '仍不亮', attachmentIds: [] };
const rated = (rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied'): EventFact => ({
  type: 'rated',
  rating,
  comment: '',
});
const CLOSED: EventFact = { type: 'closed', text: '结案' };

/** The facts one minute apart, from T0. */
function logOf(facts: readonly EventFact[]): LoggedFact[] {
  return facts.map((fact, index) => ({ fact, at: new Date(T0.getTime() + index * 60_000), actorUserId: 1 }));
}

/** Every entry a whole log gives, fact by fact, as awardPoints writes them. */
function scoreLog(facts: readonly EventFact[], rules: readonly ScoreRule[] = DEFAULT_SCORE_RULES) {
  const log = logOf(facts);
  const entries: (ScoreEntry & { factIndex: number })[] = [];
  let state: EventState | null = null;
  for (const [index, logged] of log.entries()) {
    const next: EventState = evolve(state, logged);
    for (const entry of pointsFor(state, next, logged, log, rules))
      entries.push({ ...entry, factIndex: index });
    state = next;
  }
  return entries;
}

const brief = (entries: readonly ScoreEntry[]) =>
  entries.map((entry) => `${entry.unitCode} ${entry.ruleCode} ${entry.points}`);

const CLEAN = [REPORTED, dispatchedTo(URBAN), ACCEPTED, HANDLED, VERIFIED, rated('satisfied'), CLOSED];

describe('the default rules', () => {
  it('are data: each code once, named in Chinese and English, all active', () => {
    const codes = DEFAULT_SCORE_RULES.map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of DEFAULT_SCORE_RULES) {
      expect(rule.active).toBe(true);
      expect(rule.name.zh.length).toBeGreaterThan(0);
      expect(rule.name.en.length).toBeGreaterThan(0);
    }
    expect(STREET_EVALUATION_WEIGHT_DEFAULT).toBe(0.5);
  });

  it('a clean case earns the full mark: accepted and handled in time, rated satisfied', () => {
    const entries = scoreLog(CLEAN);
    expect(brief(entries)).toEqual([
      'URBAN accepted_in_time 1',
      'URBAN handled_in_time 2',
      'URBAN rated_satisfied 2',
    ]);
    expect(entries.map((entry) => entry.factIndex)).toEqual([2, 3, 5]);
    expect(
      entries.every((entry) => entry.eventId === EVENT_ID && entry.unitKind === 'district_department'),
    ).toBe(true);
    expect(entries[0]?.at).toEqual(new Date(T0.getTime() + 2 * 60_000));
    expect(entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(
      perfectEventPoints(DEFAULT_SCORE_RULES),
    );
  });
});

describe('each rule fires once, on the lead unit, for the fact that causes it', () => {
  const cases: { rule: string; facts: EventFact[]; points: number }[] = [
    { rule: 'accepted_in_time', facts: [REPORTED, dispatchedTo(S1_LAW), ACCEPTED], points: 1 },
    {
      rule: 'handled_in_time',
      facts: [REPORTED, dispatchedTo(S1_LAW), passed('accept'), ACCEPTED, HANDLED],
      points: 2,
    },
    {
      rule: 'rated_satisfied',
      facts: [
        REPORTED,
        dispatchedTo(S1_LAW),
        passed('accept'),
        ACCEPTED,
        passed('handle'),
        HANDLED,
        VERIFIED,
        rated('satisfied'),
      ],
      points: 2,
    },
    {
      rule: 'rated_basically_satisfied',
      facts: [
        REPORTED,
        dispatchedTo(S1_LAW),
        passed('accept'),
        ACCEPTED,
        passed('handle'),
        HANDLED,
        VERIFIED,
        rated('basically_satisfied'),
      ],
      points: 1,
    },
    {
      rule: 'rated_dissatisfied',
      facts: [
        REPORTED,
        dispatchedTo(S1_LAW),
        passed('accept'),
        ACCEPTED,
        passed('handle'),
        HANDLED,
        VERIFIED,
        rated('dissatisfied'),
      ],
      points: -2,
    },
    { rule: 'step_overdue', facts: [REPORTED, dispatchedTo(S1_LAW), passed('accept')], points: -2 },
    {
      rule: 'rework',
      facts: [REPORTED, dispatchedTo(S1_LAW), passed('accept'), ACCEPTED, passed('handle'), HANDLED, FAILED],
      points: -1,
    },
    {
      rule: 'return_refused',
      facts: [
        REPORTED,
        dispatchedTo(S1_LAW),
        { type: 'return_requested', reason: '非本单位职责', requestedBy: 7 },
        { type: 'return_refused', reason: '属于本单位职责' },
      ],
      points: -1,
    },
  ];

  it.each(cases)('$rule', ({ rule, facts, points }) => {
    const last = scoreLog(facts).filter((entry) => entry.factIndex === facts.length - 1);
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ ruleCode: rule, points, unitCode: 'S1-LAW', unitKind: 'street_office' });
  });

  it('every default rule is covered above', () => {
    expect(cases.map((c) => c.rule).sort()).toEqual(DEFAULT_SCORE_RULES.map((rule) => rule.code).sort());
  });
});

describe('in time or late', () => {
  it('a late acceptance loses the overdue points and earns nothing for accepting', () => {
    expect(brief(scoreLog([REPORTED, dispatchedTo(URBAN), passed('accept'), ACCEPTED, HANDLED]))).toEqual([
      'URBAN step_overdue -2',
      'URBAN handled_in_time 2',
    ]);
  });

  it('a late handling loses the overdue points; accepting in time still counts', () => {
    expect(brief(scoreLog([REPORTED, dispatchedTo(URBAN), ACCEPTED, passed('handle'), HANDLED]))).toEqual([
      'URBAN accepted_in_time 1',
      'URBAN step_overdue -2',
    ]);
  });

  it('a passed warning is not a passed limit', () => {
    const warned: EventFact = { type: 'deadline_warned', step: 'accept', dueAt: T0.toISOString() };
    expect(brief(scoreLog([REPORTED, dispatchedTo(URBAN), warned, ACCEPTED]))).toEqual([
      'URBAN accepted_in_time 1',
    ]);
  });

  it("the verify step is the street's own: its overdue scores nobody", () => {
    expect(
      brief(scoreLog([REPORTED, dispatchedTo(URBAN), ACCEPTED, HANDLED, passed('verify'), VERIFIED])),
    ).toEqual(['URBAN accepted_in_time 1', 'URBAN handled_in_time 2']);
  });

  it('a whistled case overdue is deducted once, though the system whistles a second time', () => {
    const secondWhistle: EventFact = { type: 'second_whistled', reason: '超时' };
    expect(brief(scoreLog([REPORTED, whistledTo(URBAN), passed('accept'), secondWhistle, ACCEPTED]))).toEqual(
      ['URBAN step_overdue -2'],
    );
  });

  it('rework is new work: the second attempt has its own limit, in time or not', () => {
    const facts = [REPORTED, dispatchedTo(URBAN), ACCEPTED, passed('handle'), HANDLED, FAILED, HANDLED];
    expect(brief(scoreLog(facts))).toEqual([
      'URBAN accepted_in_time 1',
      'URBAN step_overdue -2',
      'URBAN rework -1',
      'URBAN handled_in_time 2',
    ]);
    const lateAgain = [...facts.slice(0, 6), passed('handle'), HANDLED];
    expect(brief(scoreLog(lateAgain)).slice(3)).toEqual(['URBAN step_overdue -2']);
  });

  it('finishedInTime reads only the running step: an overdue of an earlier dispatch does not count', () => {
    const history = logOf([
      REPORTED,
      dispatchedTo(URBAN),
      passed('accept'),
      { type: 'return_requested', reason: '不归我们', requestedBy: 7 },
      { type: 'return_approved', level: 'street' },
      dispatchedTo(WATER),
    ]);
    expect(finishedInTime(history, 'accept')).toBe(true);
    expect(finishedInTime(history.slice(0, 3), 'accept')).toBe(false);
  });
});

describe('rework, ratings and returns', () => {
  it('a dissatisfied rating that orders rework loses the rating and the rework points', () => {
    const facts = [
      REPORTED,
      dispatchedTo(URBAN),
      ACCEPTED,
      HANDLED,
      VERIFIED,
      rated('dissatisfied'),
      { type: 'rework_ordered' } as EventFact,
    ];
    expect(brief(scoreLog(facts)).slice(2)).toEqual(['URBAN rated_dissatisfied -2', 'URBAN rework -1']);
  });

  it('after an approved return the next unit is scored, the first one only for what it did', () => {
    const facts = [
      REPORTED,
      dispatchedTo(URBAN),
      { type: 'return_requested', reason: '不归我们', requestedBy: 7 } as EventFact,
      { type: 'return_approved', level: 'street' } as EventFact,
      dispatchedTo(WATER),
      ACCEPTED,
    ];
    expect(brief(scoreLog(facts))).toEqual(['WATER accepted_in_time 1']);
  });

  it('assisting units earn and lose nothing: the lead answers for the case', () => {
    const facts = [REPORTED, whistledTo(URBAN, [WATER, S1_LAW]), passed('accept'), ACCEPTED, HANDLED];
    const entries = scoreLog(facts);
    expect(entries.map((entry) => entry.unitCode)).toEqual(['URBAN', 'URBAN']);
  });

  it('a community handling a case is scored as a unit of its own kind', () => {
    expect(scoreLog([REPORTED, dispatchedTo(C1), ACCEPTED])).toMatchObject([
      { unitCode: 'C1', unitKind: 'community', ruleCode: 'accepted_in_time' },
    ]);
  });

  it('a case solved on the spot has no unit: its rating scores nobody', () => {
    const solved: EventFact = { type: 'solved_on_the_spot', text: '已处理', attachmentIds: [] };
    expect(scoreLog([REPORTED, solved, rated('dissatisfied'), CLOSED])).toEqual([]);
  });
});

describe('the rules are data', () => {
  it('an inactive rule, or one worth nothing, writes no entry', () => {
    const rules = DEFAULT_SCORE_RULES.map((rule) =>
      rule.code === 'accepted_in_time'
        ? { ...rule, active: false }
        : rule.code === 'handled_in_time'
          ? { ...rule, points: 0 }
          : rule,
    );
    expect(brief(scoreLog(CLEAN, rules))).toEqual(['URBAN rated_satisfied 2']);
  });

  it('the points are the rule’s as given', () => {
    const rules = DEFAULT_SCORE_RULES.map((rule) =>
      rule.code === 'step_overdue' ? { ...rule, points: -5.5 } : rule,
    );
    expect(brief(scoreLog([REPORTED, dispatchedTo(URBAN), passed('accept')], rules))).toEqual([
      'URBAN step_overdue -5.5',
    ]);
  });

  it('a rule missing from the set fires nothing', () => {
    expect(scoreLog(CLEAN, [])).toEqual([]);
  });

  it('pointsFor reads the same history whether the log holds the fact or ends before it', () => {
    const log = logOf([REPORTED, dispatchedTo(URBAN), passed('accept'), ACCEPTED]);
    const before = log.slice(0, 3).reduce<EventState | null>(evolve, null)!;
    const accepted = log[3]!;
    const after = evolve(before, accepted);
    expect(pointsFor(before, after, accepted, log, DEFAULT_SCORE_RULES)).toEqual(
      pointsFor(before, after, accepted, log.slice(0, 3), DEFAULT_SCORE_RULES),
    );
  });

  it('the full mark follows the rules: accept + handle + the best rating, never counting a deduction', () => {
    expect(perfectEventPoints(DEFAULT_SCORE_RULES)).toBe(5);
    const changed = DEFAULT_SCORE_RULES.map((rule) =>
      rule.code === 'rated_basically_satisfied' ? { ...rule, points: 3 } : rule,
    );
    expect(perfectEventPoints(changed)).toBe(6);
    expect(perfectEventPoints([])).toBe(0);
  });
});

describe("a department's score", () => {
  const table: {
    name: string;
    eventPoints: number;
    scoredEvents: number;
    streetRating: number | null;
    weight: number;
    eventPart: number | null;
    streetPart: number | null;
    score: number | null;
  }[] = [
    {
      name: 'half and half',
      eventPoints: 40,
      scoredEvents: 10,
      streetRating: 90,
      weight: 0.5,
      eventPart: 80,
      streetPart: 90,
      score: 85,
    },
    {
      name: 'the streets weigh 30 %',
      eventPoints: 40,
      scoredEvents: 10,
      streetRating: 90,
      weight: 0.3,
      eventPart: 80,
      streetPart: 90,
      score: 83,
    },
    {
      name: 'weight 0: events only',
      eventPoints: 40,
      scoredEvents: 10,
      streetRating: 50,
      weight: 0,
      eventPart: 80,
      streetPart: 50,
      score: 80,
    },
    {
      name: 'weight 1: streets only',
      eventPoints: 40,
      scoredEvents: 10,
      streetRating: 50,
      weight: 1,
      eventPart: 80,
      streetPart: 50,
      score: 50,
    },
    {
      name: 'all clean',
      eventPoints: 500,
      scoredEvents: 100,
      streetRating: 100,
      weight: 0.5,
      eventPart: 100,
      streetPart: 100,
      score: 100,
    },
    {
      name: 'losing more than earning is 0',
      eventPoints: -30,
      scoredEvents: 10,
      streetRating: 60,
      weight: 0.5,
      eventPart: 0,
      streetPart: 60,
      score: 30,
    },
    {
      name: 'no street rated: the event part alone',
      eventPoints: 12,
      scoredEvents: 4,
      streetRating: null,
      weight: 0.5,
      eventPart: 60,
      streetPart: null,
      score: 60,
    },
    {
      name: 'no case scored: the streets alone',
      eventPoints: 0,
      scoredEvents: 0,
      streetRating: 72.5,
      weight: 0.5,
      eventPart: null,
      streetPart: 72.5,
      score: 72.5,
    },
    {
      name: 'neither: no score',
      eventPoints: 0,
      scoredEvents: 0,
      streetRating: null,
      weight: 0.5,
      eventPart: null,
      streetPart: null,
      score: null,
    },
    {
      name: 'rounded to two decimals',
      eventPoints: 10,
      scoredEvents: 3,
      streetRating: 88.8888,
      weight: 0.5,
      eventPart: 66.67,
      streetPart: 88.89,
      score: 77.78,
    },
  ];

  it.each(table)(
    '$name',
    ({ eventPoints, scoredEvents, streetRating, weight, eventPart, streetPart, score }) => {
      expect(
        departmentScore({ eventPoints, scoredEvents, perfectEventPoints: 5, streetRating, weight }),
      ).toEqual({
        eventPart,
        streetPart,
        score,
      });
    },
  );

  it('a weight outside 0–1 is a mistake', () => {
    const input = { eventPoints: 1, scoredEvents: 1, perfectEventPoints: 5, streetRating: 1 };
    expect(() => departmentScore({ ...input, weight: 1.5 })).toThrow(RangeError);
    expect(() => departmentScore({ ...input, weight: Number.NaN })).toThrow(RangeError);
  });

  it('rules that give no full mark leave only the streets’ part', () => {
    expect(
      departmentScore({
        eventPoints: 3,
        scoredEvents: 1,
        perfectEventPoints: 0,
        streetRating: 70,
        weight: 0.5,
      }),
    ).toEqual({ eventPart: null, streetPart: 70, score: 70 });
  });
});

describe('ranking', () => {
  it('within each district, best first; equal scores share a rank; no score, no rank', () => {
    const ranked = rankWithinGroups(
      [
        { code: 'A', district: 'D', score: 80 },
        { code: 'B', district: 'D', score: 90 },
        { code: 'C', district: 'D', score: 80 },
        { code: 'E', district: 'D', score: 70 },
        { code: 'F', district: 'D', score: null },
        { code: 'X', district: 'X', score: 10 },
      ],
      (item) => item.district,
    );
    expect(ranked.map((item) => `${item.code}:${item.rank}`)).toEqual([
      'A:2',
      'B:1',
      'C:2',
      'E:4',
      'F:null',
      'X:1',
    ]);
  });
});

describe('who rates for a street (下考上)', () => {
  const person = (role: Role, areaPath: string): Actor => ({
    userId: 1,
    roles: [role],
    areaPath,
    departmentCode: null,
  });
  const S1 = { path: 'D/S1', level: 'street' };

  it.each([
    { who: 'the head of the street', actor: person('street_head', 'D/S1'), street: S1, refusal: null },
    {
      who: 'the head of another street',
      actor: person('street_head', 'D/S2'),
      street: S1,
      refusal: 'not_their_street',
    },
    {
      who: 'a street head placed in the district',
      actor: person('street_head', 'D'),
      street: S1,
      refusal: 'not_their_street',
    },
    {
      who: "the street's dispatcher",
      actor: person('street_dispatcher', 'D/S1'),
      street: S1,
      refusal: 'role_may_not',
    },
    { who: 'an administrator', actor: person('administrator', 'D'), street: S1, refusal: 'role_may_not' },
    {
      who: 'a street head naming a community',
      actor: person('street_head', 'D/S1'),
      street: { path: 'D/S1/C1', level: 'community' },
      refusal: 'not_a_street',
    },
  ])('$who: $refusal', ({ actor, street, refusal }) => {
    expect(streetRatingRefusal(actor, street)).toBe(refusal);
  });
});

describe('years in China time', () => {
  it('a year starts at midnight of 1 January in China (16:00 UTC the day before)', () => {
    expect(chinaYearOf(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(chinaYearOf(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
    expect(chinaYearSpan(2026)).toEqual({
      from: new Date('2025-12-31T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
    });
  });
});
