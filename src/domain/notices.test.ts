import { describe, expect, it } from 'vitest';
import type { EventState, Unit } from './events.ts';
import { type EventFact, evolve } from './lifecycle.ts';
import {
  type Audience,
  areaAndAncestors,
  beijingTime,
  deadlineNotice,
  type Notice,
  noticesFor,
  noticesForFacts,
  recipientsOf,
} from './notices.ts';

// One district D, street S1, community C1, grid G11; events lie in micro-grid M111 of G11.
const PLACE = 'D/S1/C1/G11/M111';
const AT = new Date('2025-03-03T01:00:00.000Z');

const URBAN: Unit = { kind: 'district_department', code: 'URBAN', areaPath: 'D' };
const WATER: Unit = { kind: 'district_department', code: 'WATER', areaPath: 'D' };
const LAW_OFFICE: Unit = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' };
const COMMUNITY: Unit = { kind: 'community', code: 'C1', areaPath: 'D/S1/C1' };

function reported(source: 'resident' | 'grid_worker', areaPath: string | null = PLACE): EventFact {
  return {
    type: 'reported',
    eventId: 'E1',
    source,
    catalogueItemCode: '01037',
    description: '路灯不亮',
    location: null,
    areaCode: areaPath === null ? null : 'M111',
    areaPath,
    address: null,
    reporterUserId: 1,
    level: source === 'resident' ? 'community' : 'grid',
  };
}

const RESIDENT_REPORT = reported('resident');
const TO_STREET: EventFact = {
  type: 'escalated',
  fromLevel: 'community',
  toLevel: 'street',
  reason: '需要街道',
};
const WHISTLE: EventFact = { type: 'whistled', lead: URBAN, assisting: [WATER], reason: '超出街道职权' };
const ACCEPTED: EventFact = { type: 'accepted' };
const HANDLED: EventFact = { type: 'handled', text: '已更换灯泡', attachmentIds: [] };
const DUPLICATE: EventFact = { type: 'duplicate_merged', duplicateEventId: 'E2', reporterUserId: 2 };

function stateAfter(facts: readonly EventFact[]): EventState {
  const state = facts.reduce<EventState | null>(
    (s, fact) => evolve(s, { fact, at: AT, actorUserId: 9 }),
    null,
  );
  if (state === null) throw new Error('no facts');
  return state;
}

const HOLDERS_OF = (level: 'grid' | 'community' | 'street' | 'district', areaPath: string): Audience => ({
  kind: 'holders',
  level,
  areaPath,
});
const UNIT = (unit: Unit): Audience => ({ kind: 'unit', unitKind: unit.kind, code: unit.code });

/** Each fact after a history, and the notices (kind and audience) it causes. */
const RULES: [string, EventFact[], EventFact, [Notice['kind'], Audience][]][] = [
  [
    "a grid worker's report is a to-do for the grid's holders",
    [],
    reported('grid_worker'),
    [['todo', HOLDERS_OF('grid', 'D/S1/C1/G11')]],
  ],
  [
    "a resident's report is a to-do for the community's holders",
    [],
    RESIDENT_REPORT,
    [['todo', HOLDERS_OF('community', 'D/S1/C1')]],
  ],
  ['an unlocated report has no holders yet', [], reported('resident', null), []],
  [
    'an escalation is a to-do for the holders of the level above',
    [RESIDENT_REPORT],
    TO_STREET,
    [['todo', HOLDERS_OF('street', 'D/S1')]],
  ],
  [
    'a dispatch is a to-do for the lead unit and a notice for each assisting unit',
    [RESIDENT_REPORT, TO_STREET],
    { type: 'dispatched', level: 'street', lead: LAW_OFFICE, assisting: [COMMUNITY] },
    [
      ['todo', UNIT(LAW_OFFICE)],
      ['todo', UNIT(COMMUNITY)],
    ],
  ],
  [
    'a whistle calls the lead and the assisting departments',
    [RESIDENT_REPORT, TO_STREET],
    WHISTLE,
    [
      ['whistle', UNIT(URBAN)],
      ['whistle', UNIT(WATER)],
    ],
  ],
  [
    "a second whistle reaches the district's leaders and supervision office",
    [RESIDENT_REPORT, TO_STREET, WHISTLE],
    { type: 'second_whistled', reason: '无人报到' },
    [['whistle', { kind: 'roles', roles: ['leader', 'supervision_office'], areaPath: 'D' }]],
  ],
  [
    'a return request waits on the dispatchers of the level that sent the case',
    [RESIDENT_REPORT, TO_STREET, WHISTLE],
    { type: 'return_requested', reason: '不属本部门', requestedBy: 7 },
    [['todo', { kind: 'roles', roles: ['street_dispatcher', 'street_head'], areaPath: 'D/S1' }]],
  ],
  [
    "an extension request of a community's case waits on its community staff",
    [RESIDENT_REPORT, { type: 'dispatched', level: 'community', lead: COMMUNITY, assisting: [] }, ACCEPTED],
    { type: 'extension_requested', reason: '等配件', extraHours: 24, requestedBy: 4 },
    [['todo', { kind: 'roles', roles: ['community_staff'], areaPath: 'D/S1/C1' }]],
  ],
  [
    'an approved return is a to-do again for the holders of the sending level',
    [RESIDENT_REPORT, TO_STREET, WHISTLE, { type: 'return_requested', reason: 'x', requestedBy: 7 }],
    { type: 'return_approved', level: 'street' },
    [['todo', HOLDERS_OF('street', 'D/S1')]],
  ],
  ['an acceptance changes nobody else’s work', [RESIDENT_REPORT, TO_STREET, WHISTLE], ACCEPTED, []],
  [
    "a handled case is a to-do for its grid's verifiers (the grid of a micro-grid)",
    [RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED],
    HANDLED,
    [['todo', HOLDERS_OF('grid', 'D/S1/C1/G11')]],
  ],
  [
    'a failed check sends the lead unit back to work',
    [RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED, HANDLED],
    { type: 'verification_failed', text: '灯仍不亮', attachmentIds: [] },
    [['todo', UNIT(URBAN)]],
  ],
  [
    'a close tells the reporter and the reporters of merged duplicates',
    [RESIDENT_REPORT, DUPLICATE, TO_STREET, WHISTLE, ACCEPTED, HANDLED],
    { type: 'closed', text: '已修复' },
    [
      ['result', { kind: 'user', userId: 1 }],
      ['result', { kind: 'user', userId: 2 }],
    ],
  ],
  [
    'a cancellation tells the reporter',
    [RESIDENT_REPORT],
    { type: 'cancelled', reason: '重复上报' },
    [['result', { kind: 'user', userId: 1 }]],
  ],
  [
    'a reopened case waits again at the level it reopens at',
    [RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED, HANDLED, { type: 'closed', text: '' }],
    { type: 'reopened', reason: '又坏了', level: 'street' },
    [['todo', HOLDERS_OF('street', 'D/S1')]],
  ],
  [
    'placing a case in another community is a to-do for that community',
    [RESIDENT_REPORT],
    { type: 'located', areaCode: 'G21', areaPath: 'D/S1/C2/G21', location: null },
    [['todo', HOLDERS_OF('community', 'D/S1/C2')]],
  ],
  [
    'placing a case again in the same community tells no one',
    [RESIDENT_REPORT],
    { type: 'located', areaCode: 'G12', areaPath: 'D/S1/C1/G12', location: null },
    [],
  ],
  [
    "the sweeper's warning reaches the unit holding the step",
    [RESIDENT_REPORT, TO_STREET, WHISTLE],
    { type: 'deadline_warned', step: 'accept', dueAt: '2025-03-04T01:00:00.000Z' },
    [['warning', UNIT(URBAN)]],
  ],
  [
    "the sweeper's overdue notice reaches the unit and the district's supervision office",
    [RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED],
    { type: 'deadline_passed', step: 'handle', dueAt: '2025-03-04T01:00:00.000Z' },
    [
      ['overdue', UNIT(URBAN)],
      ['overdue', { kind: 'roles', roles: ['supervision_office'], areaPath: 'D' }],
    ],
  ],
];

describe('which notices a fact causes', () => {
  it.each(RULES)('%s', (_name, history, fact, expected) => {
    const before = history.length === 0 ? null : stateAfter(history);
    const after = evolve(before, { fact, at: AT, actorUserId: 9 });
    const notices = noticesFor(before, after, fact, AT);
    expect(notices.map((notice) => [notice.kind, notice.audience])).toEqual(expected);
    for (const notice of notices) {
      expect(notice.eventId).toBe('E1');
      expect(notice.eventAreaPath).toBe(after.areaPath);
      expect(notice.title.zh.length).toBeGreaterThan(0);
      expect(notice.title.en.length).toBeGreaterThan(0);
      expect(notice.body.zh).toContain('路灯不亮');
    }
  });

  it('the result names when the case was closed, in Beijing time', () => {
    const before = stateAfter([RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED, HANDLED]);
    const fact: EventFact = { type: 'closed', text: '已修复' };
    const [result] = noticesFor(before, evolve(before, { fact, at: AT, actorUserId: 5 }), fact, AT);
    expect(result?.body.zh).toContain('2025-03-03 09:00');
    expect(result?.body.en).toContain('2025-03-03 09:00 (Beijing time)');
  });

  it('a whistle tells each department whether it leads or assists', () => {
    const before = stateAfter([RESIDENT_REPORT, TO_STREET]);
    const [lead, assisting] = noticesFor(
      before,
      evolve(before, { fact: WHISTLE, at: AT, actorUserId: 6 }),
      WHISTLE,
      AT,
    );
    expect(lead?.body.zh).toContain('主办');
    expect(assisting?.body.zh).toContain('协办');
    expect(lead?.body.zh).toContain('超出街道职权');
  });

  it('a long description is cut in the notice', () => {
    const long = { ...RESIDENT_REPORT, description: '井'.repeat(500) } as EventFact;
    const after = evolve(null, { fact: long, at: AT, actorUserId: 1 });
    const [todo] = noticesFor(null, after, long, AT);
    expect([...(todo?.body.zh ?? '')].length).toBeLessThan(200);
    expect(todo?.body.zh).toContain('…');
  });
});

describe('notices of several facts recorded together', () => {
  it('folds each fact in turn: an overdue handle and the automatic second whistle', () => {
    const before = stateAfter([RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED]);
    const notices = noticesForFacts(
      before,
      [
        { type: 'deadline_passed', step: 'handle', dueAt: '2025-03-04T01:00:00.000Z' },
        { type: 'second_whistled', reason: '超过处置时限' },
      ],
      AT,
    );
    expect(notices.map((notice) => notice.kind)).toEqual(['overdue', 'overdue', 'whistle']);
  });

  it('a report and nothing else: one to-do', () => {
    expect(noticesForFacts(null, [RESIDENT_REPORT], AT)).toHaveLength(1);
  });
});

describe('deadline notices for the sweeper', () => {
  const dueAt = new Date('2025-03-04T01:00:00.000Z');
  const waiting = stateAfter([RESIDENT_REPORT]);
  const whistled = stateAfter([RESIDENT_REPORT, TO_STREET, WHISTLE]);
  const handled = stateAfter([RESIDENT_REPORT, TO_STREET, WHISTLE, ACCEPTED, HANDLED]);
  const SUPERVISION: Audience = { kind: 'roles', roles: ['supervision_office'], areaPath: 'D' };

  const CASES: [string, 'warning' | 'overdue', EventState, 'accept' | 'handle' | 'verify', Audience[]][] = [
    ['accept, warned: the lead unit', 'warning', whistled, 'accept', [UNIT(URBAN)]],
    [
      'accept with no unit yet: the level holding it',
      'warning',
      waiting,
      'accept',
      [HOLDERS_OF('community', 'D/S1/C1')],
    ],
    [
      'handle, overdue: the lead unit and supervision',
      'overdue',
      whistled,
      'handle',
      [UNIT(URBAN), SUPERVISION],
    ],
    ['verify, warned: the grid', 'warning', handled, 'verify', [HOLDERS_OF('grid', 'D/S1/C1/G11')]],
    [
      'verify, overdue: the grid and supervision',
      'overdue',
      handled,
      'verify',
      [HOLDERS_OF('grid', 'D/S1/C1/G11'), SUPERVISION],
    ],
  ];

  it.each(CASES)('%s', (_name, kind, event, step, audiences) => {
    const notices = deadlineNotice(kind, event, step, dueAt);
    expect(notices.map((notice) => notice.audience)).toEqual(audiences);
    expect(notices.every((notice) => notice.kind === kind)).toBe(true);
    expect(notices[0]?.body.zh).toContain('2025-03-04 09:00');
  });

  it("an item whose overdue rule keeps the supervision office out tells only the step's holders", () => {
    const notices = deadlineNotice('overdue', whistled, 'handle', dueAt, false);
    expect(notices.map((notice) => notice.audience)).toEqual([UNIT(URBAN)]);
  });
});

describe('who an audience is among the users', () => {
  const CASES: [string, Audience, ReturnType<typeof recipientsOf>][] = [
    ['a person', { kind: 'user', userId: 3 }, { kind: 'users', userIds: [3] }],
    ['a department: everyone in it', UNIT(URBAN), { kind: 'department', departmentCode: 'URBAN' }],
    ['a street office: everyone in it', UNIT(LAW_OFFICE), { kind: 'department', departmentCode: 'S1-LAW' }],
    ['a community: its staff', UNIT(COMMUNITY), { kind: 'area', areaCode: 'C1', roles: ['community_staff'] }],
    [
      "a grid's holders: grid workers and grid leaders placed at the grid or above it",
      HOLDERS_OF('grid', 'D/S1/C1/G11'),
      {
        kind: 'placed_over',
        areaPaths: ['D', 'D/S1', 'D/S1/C1', 'D/S1/C1/G11'],
        roles: ['grid_worker', 'grid_leader'],
      },
    ],
    [
      "the district's supervision office",
      { kind: 'roles', roles: ['supervision_office'], areaPath: 'D' },
      { kind: 'placed_over', areaPaths: ['D'], roles: ['supervision_office'] },
    ],
  ];

  it.each(CASES)('%s', (_name, audience, selector) => {
    expect(recipientsOf(audience)).toEqual(selector);
  });

  it('lists an area and those above it', () => {
    expect(areaAndAncestors('D/S_1/C1')).toEqual(['D', 'D/S_1', 'D/S_1/C1']);
  });

  it('reads a time in Beijing', () => {
    expect(beijingTime(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01 00:30');
  });
});
