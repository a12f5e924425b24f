import { describe, expect, it } from 'vitest';
import { EVENT_STATES, type EventStateName } from './events.ts';
import type { EventFact } from './lifecycle.ts';
import {
  attributeProblems,
  CLIENT_ROLE,
  isClosingStatus,
  OPEN311_SOURCES,
  open311Status,
  open311Time,
  parseExtendedStatus,
  parseOpen311Time,
  publicUpdateOf,
  reportDescription,
  serviceAttributes,
  serviceNotice,
  statusNotesOf,
} from './open311.ts';
import { reportSource } from './report-sources.ts';

describe('an Open311 client reports under its own source', () => {
  it.each(OPEN311_SOURCES)('the role a %s client holds may report under that source', (source) => {
    expect(reportSource([CLIENT_ROLE[source]], source)).toBe(source);
  });
});

describe('open and closed', () => {
  const expected: Record<EventStateName, 'open' | 'closed'> = {
    reported: 'open',
    dispatched: 'open',
    accepted: 'open',
    handled: 'open',
    verified: 'open',
    rated: 'open',
    closed: 'closed',
    cancelled: 'closed',
    merged: 'closed',
  };
  it.each(EVENT_STATES)('a case %s is Open311 %s', (state) => {
    expect(open311Status(state)).toBe(expected[state]);
  });
});

const UNIT = { kind: 'district_department', code: 'URBAN', areaPath: 'D' } as const;

describe('what the reporter may read of the timeline', () => {
  const cases: [EventFact, string | null][] = [
    [{ type: 'escalated', fromLevel: 'grid', toLevel: 'street', reason: '内部' }, 'INVESTIGATING'],
    [{ type: 'dispatched', level: 'street', lead: UNIT, assisting: [] }, 'ACTION_SCHEDULED'],
    [{ type: 'whistled', lead: UNIT, assisting: [], reason: '吹哨' }, 'ACTION_SCHEDULED'],
    [{ type: 'accepted' }, 'IN_PROGRESS'],
    [{ type: 'handled', text: '已修复', attachmentIds: [] }, 'IN_PROGRESS'],
    [{ type: 'rework_ordered' }, 'IN_PROGRESS'],
    [{ type: 'verified', text: '', attachmentIds: [] }, 'FIXED'],
    [{ type: 'solved_on_the_spot', text: '', attachmentIds: [] }, 'FIXED'],
    [{ type: 'closed', text: '' }, 'FIXED'],
    [{ type: 'reopened', reason: '又坏了', level: 'street' }, 'OPEN'],
    [{ type: 'cancelled', reason: '重复上报' }, 'NO_FURTHER_ACTION'],
    [{ type: 'merged', intoEventId: 'x' }, 'DUPLICATE'],
    [{ type: 'return_requested', reason: '不归我们', requestedBy: 1 }, null],
    [{ type: 'extension_requested', reason: '缺材料', extraHours: 24, requestedBy: 1 }, null],
    [{ type: 'deadline_passed', step: 'accept', dueAt: '2026-01-01T00:00:00Z' }, null],
    [{ type: 'rated', rating: 'dissatisfied', comment: '' }, null],
    [{ type: 'second_whistled', reason: '' }, null],
  ];
  it.each(cases)('%o reads as %s', (fact, status) => {
    expect(publicUpdateOf(fact)?.status ?? null).toBe(status);
  });

  it('passes on the text a unit wrote for the reporter, never the internal reasons', () => {
    expect(publicUpdateOf({ type: 'handled', text: '井盖已更换', attachmentIds: [] })?.note['zh-CN']).toBe(
      '已处置，待现场核查：井盖已更换',
    );
    const escalated = publicUpdateOf({
      type: 'escalated',
      fromLevel: 'grid',
      toLevel: 'street',
      reason: '秘密',
    });
    expect(JSON.stringify(escalated)).not.toContain('秘密');
  });

  it('status notes are the last public step, skipping the internal ones after it', () => {
    const facts: EventFact[] = [
      { type: 'dispatched', level: 'street', lead: UNIT, assisting: [] },
      { type: 'accepted' },
      { type: 'extension_requested', reason: '内部', extraHours: 4, requestedBy: 1 },
    ];
    expect(statusNotesOf(facts)?.en).toBe('Being handled');
    expect(statusNotesOf([])).toBeNull();
  });

  it('a merged request names the request it joined', () => {
    expect(statusNotesOf([{ type: 'merged', intoEventId: 'x' }], 'HY-261203-7K3M-9QXA-B2C4')?.en).toBe(
      'A duplicate of HY-261203-7K3M-9QXA-B2C4',
    );
  });
});

describe("FixMyStreet's extended statuses", () => {
  it('reads them in any case and with spaces', () => {
    expect(parseExtendedStatus('fixed')).toBe('FIXED');
    expect(parseExtendedStatus('in progress')).toBe('IN_PROGRESS');
    expect(parseExtendedStatus('NOT_COUNCILS_RESPONSIBILITY')).toBe('NOT_COUNCILS_RESPONSIBILITY');
    expect(parseExtendedStatus('done')).toBeNull();
  });
  it('the finishing ones withdraw; the working ones do not', () => {
    expect(isClosingStatus('FIXED')).toBe(true);
    expect(isClosingStatus('CLOSED')).toBe(true);
    expect(isClosingStatus('IN_PROGRESS')).toBe(false);
    expect(isClosingStatus('OPEN')).toBe(false);
  });
});

describe('service attributes', () => {
  it('a management component asks for the code on its plate; a matter asks for nothing', () => {
    expect(serviceAttributes('component').map((attribute) => attribute.code)).toEqual(['component_id']);
    expect(serviceAttributes('matter')).toEqual([]);
  });
  it('refuses unknown and overlong values, all at once', () => {
    const attributes = serviceAttributes('component');
    expect(
      attributeProblems(
        attributes,
        new Map([
          ['component_id', 'x'.repeat(201)],
          ['colour', 'red'],
        ]),
      ),
    ).toEqual([
      { kind: 'unknown_attribute', code: 'colour' },
      { kind: 'attribute_too_long', code: 'component_id' },
    ]);
    expect(attributeProblems(attributes, new Map())).toEqual([]);
  });
  it('a required attribute left out is named', () => {
    const required = serviceAttributes('component').map((attribute) => ({ ...attribute, required: true }));
    expect(attributeProblems(required, new Map())).toEqual([
      { kind: 'missing_attribute', code: 'component_id' },
    ]);
  });
  it('the event’s description carries the attributes and the photo’s address on lines of their own', () => {
    expect(
      reportDescription(
        '  ',
        '井盖',
        serviceAttributes('component'),
        new Map([['component_id', 'JG-0231']]),
        'https://example.org/a.jpg',
      ),
    ).toBe('井盖\n部件标识码（部件铭牌上的编号）：JG-0231\n照片：https://example.org/a.jpg');
  });
});

describe('times', () => {
  it('are written in China time with their offset', () => {
    expect(open311Time(new Date('2026-12-03T01:30:05.123Z'))).toBe('2026-12-03T09:30:05+08:00');
  });
  it.each([
    ['2026-12-03T09:30:00+08:00', '2026-12-03T01:30:00.000Z'],
    ['2026-12-03T01:30:00Z', '2026-12-03T01:30:00.000Z'],
    ['2026-12-03T01:30:00.5-0100', '2026-12-03T02:30:00.500Z'],
    ['2026-12-03', '2026-12-02T16:00:00.000Z'],
  ])('%s is read as %s', (text, iso) => {
    expect(parseOpen311Time(text)?.toISOString()).toBe(iso);
  });
  it.each(['2026-12-03T09:30:00', '2026-02-30', 'yesterday', '2026-12-03T25:00:00Z'])(
    '%s is refused',
    (text) => {
      expect(parseOpen311Time(text)).toBeNull();
    },
  );
});

describe('service notice', () => {
  it('states the accept and handle limits of the item', () => {
    const notice = serviceNotice({
      limits: {
        accept: { unit: 'hours', amount: 2 },
        handle: { unit: 'working_days', amount: 5 },
        verify: { unit: 'hours', amount: 2 },
      },
    });
    expect(notice.en).toBe('Accepted within 2 hours, handled within 5 working days');
    expect(notice['zh-CN']).toBe('接单时限 2 小时，处置时限 5 个工作日');
  });
});
