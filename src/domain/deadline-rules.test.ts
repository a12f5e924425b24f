import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERDUE_RULE, type OverdueRule } from './catalogue.ts';
import { factsForPassedDeadline, pointDue, recordedPoints } from './deadline-rules.ts';
import type { EventState } from './events.ts';
import type { LoggedFact } from './lifecycle.ts';

const DUE = new Date('2026-11-25T10:00:00Z');

function event(overrides: Partial<EventState>): EventState {
  return {
    id: 'E1',
    state: 'dispatched',
    level: 'street',
    source: 'hotline',
    catalogueItemCode: '01037',
    description: '路灯不亮',
    areaCode: 'G11',
    areaPath: 'D/S1/C1/G11',
    location: null,
    address: null,
    reporterUserId: null,
    reportedAt: new Date('2026-11-25T08:00:00Z'),
    lead: { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' },
    assisting: [],
    dispatchedAtLevel: 'street',
    whistle: 'none',
    pendingRequest: null,
    reworkCount: 0,
    rating: null,
    closedAt: null,
    mergedInto: null,
    mergedFrom: [],
    mergedReporterUserIds: [],
    overdueCount: 0,
    ...overrides,
  };
}

const QUIET: OverdueRule = { notifySupervision: false, escalate: false };
const types = (facts: { type: string }[]) => facts.map((fact) => fact.type);

describe('what passing a deadline records', () => {
  it('the warning point is only noted', () => {
    expect(factsForPassedDeadline(event({}), 'accept', DUE, 'warning', DEFAULT_OVERDUE_RULE)).toEqual([
      { type: 'deadline_warned', step: 'accept', dueAt: DUE.toISOString() },
    ]);
  });

  it('a case the street sent to its own office is taken up by the district when its limit passes', () => {
    expect(factsForPassedDeadline(event({}), 'handle', DUE, 'limit', DEFAULT_OVERDUE_RULE)).toEqual([
      { type: 'deadline_passed', step: 'handle', dueAt: DUE.toISOString(), notifySupervision: true },
      { type: 'overdue_escalated', fromLevel: 'street', toLevel: 'district' },
    ]);
  });

  it('a whistled case is whistled again by the system (二次哨)', () => {
    const facts = factsForPassedDeadline(
      event({ whistle: 'first' }),
      'accept',
      DUE,
      'limit',
      DEFAULT_OVERDUE_RULE,
    );
    expect(types(facts)).toEqual(['deadline_passed', 'second_whistled']);
  });

  it('a case already at the district, or whistled twice, escalates no further', () => {
    const atDistrict = event({ dispatchedAtLevel: 'district', level: 'district' });
    expect(types(factsForPassedDeadline(atDistrict, 'accept', DUE, 'limit', DEFAULT_OVERDUE_RULE))).toEqual([
      'deadline_passed',
    ]);
    const twice = event({ whistle: 'second', level: 'district' });
    expect(types(factsForPassedDeadline(twice, 'handle', DUE, 'limit', DEFAULT_OVERDUE_RULE))).toEqual([
      'deadline_passed',
    ]);
  });

  it('the verify step belongs to the grid and the street: it escalates nothing', () => {
    const handled = event({ state: 'handled' });
    expect(types(factsForPassedDeadline(handled, 'verify', DUE, 'limit', DEFAULT_OVERDUE_RULE))).toEqual([
      'deadline_passed',
    ]);
  });

  it('an item whose rule neither escalates nor tells the supervision office says so in its fact', () => {
    expect(factsForPassedDeadline(event({ whistle: 'first' }), 'accept', DUE, 'limit', QUIET)).toEqual([
      { type: 'deadline_passed', step: 'accept', dueAt: DUE.toISOString(), notifySupervision: false },
    ]);
  });
});

describe('which point is due', () => {
  const deadline = { warnAt: new Date('2026-11-25T09:00:00Z'), dueAt: DUE };
  it.each([
    ['before the warning', '2026-11-25T08:59:59Z', { warned: false, passed: false }, null],
    ['at the warning', '2026-11-25T09:00:00Z', { warned: false, passed: false }, 'warning'],
    ['warned already', '2026-11-25T09:30:00Z', { warned: true, passed: false }, null],
    ['exactly at the limit is still in time', '2026-11-25T10:00:00Z', { warned: true, passed: false }, null],
    [
      'past the limit, never warned: the limit first',
      '2026-11-25T10:00:01Z',
      { warned: false, passed: false },
      'limit',
    ],
    ['past the limit, recorded', '2026-11-25T11:00:00Z', { warned: true, passed: true }, null],
  ] as const)('%s', (_name, now, recorded, expected) => {
    expect(pointDue(deadline, recorded, new Date(now))).toBe(expected);
  });

  it('reads what was recorded of the running step only, not of an earlier one', () => {
    const startedAt = new Date('2026-11-25T08:00:00Z');
    const log: LoggedFact[] = [
      {
        fact: { type: 'deadline_passed', step: 'accept', dueAt: 'x' },
        at: new Date('2026-11-25T07:00:00Z'),
        actorUserId: null,
      },
      {
        fact: { type: 'deadline_warned', step: 'handle', dueAt: 'x' },
        at: new Date('2026-11-25T07:30:00Z'),
        actorUserId: null,
      },
      {
        fact: { type: 'deadline_warned', step: 'handle', dueAt: 'y' },
        at: new Date('2026-11-25T09:00:00Z'),
        actorUserId: null,
      },
    ];
    expect(recordedPoints(log, { step: 'handle', startedAt })).toEqual({
      warnedAt: new Date('2026-11-25T09:00:00Z'),
      passedAt: null,
    });
  });
});
