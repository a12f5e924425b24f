/**
 * The seeds' stories, told through decide and evolve: each is one event from its report to its close, as the
 * news reports tell it (Huangpu's street lamps and flooded road, Hongqiao's ownerless plot and second whistle,
 * Jiangbei's lift dispute).
 */
import { describe, expect, it } from 'vitest';
import type { EventState, Unit } from './events.ts';
import {
  decide,
  type EventCommand,
  type EventFact,
  evolve,
  type LoggedFact,
  type RefusalReason,
  replay,
} from './lifecycle.ts';
import type { Actor } from './permissions.ts';

// Hongqiao district (HQ), Dingzigu street (DZG), the 10th-section community (SD10), its grids.
const DISTRICT = 'HQ';
const STREET = 'HQ/DZG';
const COMMUNITY = 'HQ/DZG/SD10';

function department(code: string): Unit {
  return { kind: 'district_department', code, areaPath: DISTRICT };
}
const STREET_LAMPS = department('street-lamps'); // 区路灯管理所
const WATER_AFFAIRS = department('water-affairs'); // 区水务局
const TRANSPORT = department('transport'); // 区交通局
const CITY_MANAGEMENT = department('city-management'); // 区城管委
const HOUSING = department('housing'); // 区住建委
/** The catalogue's fallback department (兜底部门) for a plot no one owns; the caller picks it, the rule does not. */
const FALLBACK = department('fallback-city-management');
const LANDSCAPING = department('landscaping'); // 区园林局
const PROPERTY_OFFICE: Unit = { kind: 'street_office', code: 'DZG-property', areaPath: STREET }; // 街道物业办
const ENFORCEMENT_TEAM: Unit = { kind: 'street_office', code: 'DZG-enforcement', areaPath: STREET }; // 街道综合执法队

function person(
  userId: number,
  roles: Actor['roles'],
  areaPath: string,
  departmentCode: string | null = null,
) {
  return { userId, roles, areaPath, departmentCode } satisfies Actor;
}
const mrsDai = person(1, ['resident'], `${COMMUNITY}/G03`); // 戴淑荣, a resident
const mrZhou = person(2, ['resident'], `${COMMUNITY}/G01`); // 周伟礼, counts the dark lamps
const wangFengnian = person(3, ['grid_worker'], `${COMMUNITY}/G05`); // 网格员王丰年
const gridLeader = person(4, ['grid_leader'], COMMUNITY);
const communityStaff = person(5, ['community_staff'], COMMUNITY);
const streetDispatcher = person(6, ['street_dispatcher'], STREET);
const dingShiyun = person(7, ['street_head'], STREET); // 丁世云, party secretary of the street
const gridWorkerG01 = person(8, ['grid_worker'], `${COMMUNITY}/G01`);
const lampOfficer = person(20, ['department_officer'], DISTRICT, STREET_LAMPS.code);
const waterOfficer = person(21, ['department_officer'], DISTRICT, WATER_AFFAIRS.code);
const transportOfficer = person(22, ['department_officer'], DISTRICT, TRANSPORT.code);
const housingOfficer = person(23, ['department_officer'], DISTRICT, HOUSING.code);
const fallbackHead = person(24, ['department_head'], DISTRICT, FALLBACK.code);
const landscapingOfficer = person(25, ['department_officer'], DISTRICT, LANDSCAPING.code);
const propertyOfficer = person(26, ['department_officer'], STREET, PROPERTY_OFFICE.code);
const enforcementOfficer = person(27, ['department_officer'], STREET, ENFORCEMENT_TEAM.code);

/** Hour `hour` (Beijing time) of day `day` of the story; day 0 is Monday 2024-05-06. */
function on(day: number, hour: number): Date {
  return new Date(Date.UTC(2024, 4, 6 + day, hour - 8));
}

interface Story {
  event: EventState | null;
  log: LoggedFact[];
}
const BEFORE_THE_REPORT: Story = { event: null, log: [] };

/** One step of a story: the command must be allowed, and its facts are logged at `at`. */
function then(story: Story, at: Date, actor: Actor, command: EventCommand): Story {
  const decision = decide(story.event, command, actor, at);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.reason}`);
  const logged = decision.facts.map((fact) => ({ fact, at, actorUserId: actor.userId }));
  return { event: logged.reduce(evolve, story.event), log: [...story.log, ...logged] };
}

function refusedTo(story: Story, at: Date, actor: Actor, command: EventCommand): RefusalReason | null {
  const decision = decide(story.event, command, actor, at);
  return decision.ok ? null : decision.refusal.reason;
}

function factTypes(story: Story): EventFact['type'][] {
  return story.log.map(({ fact }) => fact.type);
}

function stateOf(story: Story): EventState {
  if (story.event === null) throw new Error('the story has not begun');
  expect(replay(story.log)).toEqual(story.event); // the log alone tells the same story
  return story.event;
}

function report(
  reporter: Actor,
  source: 'resident' | 'grid_worker' | 'hotline',
  description: string,
  grid: string,
): EventCommand {
  return {
    type: 'report',
    eventId: 'E-1',
    source,
    catalogueItemCode: '01001',
    description,
    location: { lng: 117.16, lat: 39.17 },
    areaCode: grid,
    areaPath: `${COMMUNITY}/${grid}`,
    address: null,
    reporterUserId: reporter.userId,
  };
}

describe('the seeds’ stories', () => {
  it('(a) dark street lamps: a resident reports, the street head whistles the lamp department, fixed the next day', () => {
    let story = then(
      BEFORE_THE_REPORT,
      on(0, 19),
      mrZhou,
      report(mrZhou, 'resident', 'Six street lamps along the village road are dark', 'G01'),
    );
    expect(stateOf(story)).toMatchObject({ state: 'reported', level: 'community' });
    story = then(story, on(0, 20), communityStaff, {
      type: 'escalate',
      reason: 'Street lighting is not ours',
    });
    story = then(story, on(0, 21), dingShiyun, {
      type: 'whistle',
      lead: STREET_LAMPS,
      assisting: [],
      reason: 'Lamps out on the village road',
    });
    story = then(story, on(1, 8), lampOfficer, { type: 'accept' });
    story = then(story, on(1, 16), lampOfficer, {
      type: 'handle',
      text: 'Six lamp heads replaced',
      attachmentIds: ['photo-1'],
    });
    story = then(story, on(1, 20), gridWorkerG01, {
      type: 'verify',
      passed: true,
      text: 'All lit after dark',
      attachmentIds: [],
    });
    story = then(story, on(2, 9), mrZhou, {
      type: 'rate',
      rating: 'satisfied',
      comment: 'At night I went to look: all lit',
      rework: false,
    });
    story = then(story, on(2, 10), streetDispatcher, { type: 'close', text: 'Lamps repaired' });

    expect(factTypes(story)).toEqual([
      'reported',
      'escalated',
      'whistled',
      'accepted',
      'handled',
      'verified',
      'rated',
      'closed',
    ]);
    expect(stateOf(story)).toMatchObject({
      state: 'closed',
      lead: STREET_LAMPS,
      whistle: 'first',
      rating: 'satisfied',
      reworkCount: 0,
      closedAt: on(2, 10),
    });
  });

  it('(b) a flooded road: one lead department and two assisting ones; only the lead accepts and answers', () => {
    let story = then(
      BEFORE_THE_REPORT,
      on(0, 7),
      mrsDai,
      report(mrsDai, 'hotline', 'The road is flooded knee-deep after the storm', 'G03'),
    );
    expect(stateOf(story)).toMatchObject({ level: 'street' });
    story = then(story, on(0, 8), dingShiyun, {
      type: 'whistle',
      lead: WATER_AFFAIRS,
      assisting: [TRANSPORT, CITY_MANAGEMENT],
      reason: 'The drains are below standard: beyond the street',
    });
    expect(refusedTo(story, on(0, 9), transportOfficer, { type: 'accept' })).toBe('not_the_handling_unit');
    story = then(story, on(0, 9), waterOfficer, { type: 'accept' });
    expect(
      refusedTo(story, on(3, 9), transportOfficer, {
        type: 'handle',
        text: 'Detour signs',
        attachmentIds: [],
      }),
    ).toBe('not_the_handling_unit');
    story = then(story, on(3, 17), waterOfficer, {
      type: 'handle',
      text: 'Drains cleared and pumped; detour signs by transport, debris by city management',
      attachmentIds: ['photo-2', 'photo-3'],
    });
    story = then(story, on(4, 9), streetDispatcher, {
      type: 'verify',
      passed: true,
      text: 'Road dry',
      attachmentIds: [],
    });

    expect(factTypes(story)).toEqual(['reported', 'whistled', 'accepted', 'handled', 'verified']);
    expect(stateOf(story)).toMatchObject({
      state: 'verified',
      lead: WATER_AFFAIRS,
      assisting: [TRANSPORT, CITY_MANAGEMENT],
      dispatchedAtLevel: 'street',
    });
  });

  it('(c) a plot no one owns: the department asks to return it, the street agrees and calls the fallback department', () => {
    let story = then(
      BEFORE_THE_REPORT,
      on(0, 10),
      mrsDai,
      report(mrsDai, 'resident', 'A 2,000 m² plot full of rubbish, weeds and flies', 'G03'),
    );
    story = then(story, on(0, 11), communityStaff, { type: 'escalate', reason: 'No owner on record' });
    story = then(story, on(0, 15), dingShiyun, {
      type: 'whistle',
      lead: HOUSING,
      assisting: [],
      reason: 'Derelict plot',
    });
    story = then(story, on(1, 9), housingOfficer, {
      type: 'return',
      reason: 'Not a housing asset: the plot has no owner',
    });
    expect(refusedTo(story, on(1, 10), housingOfficer, { type: 'accept' })).toBe('request_pending');
    story = then(story, on(1, 10), streetDispatcher, { type: 'approve' });
    expect(stateOf(story)).toMatchObject({ state: 'reported', level: 'street', lead: null, whistle: 'none' });
    story = then(story, on(1, 11), dingShiyun, {
      type: 'whistle',
      lead: FALLBACK,
      assisting: [],
      reason: 'Ownerless: the catalogue’s fallback takes it',
    });
    story = then(story, on(1, 14), fallbackHead, { type: 'accept' });
    story = then(story, on(20, 17), fallbackHead, {
      type: 'handle',
      text: 'Cleared and turned into a garden',
      attachmentIds: ['photo-4'],
    });

    expect(factTypes(story)).toEqual([
      'reported',
      'escalated',
      'whistled',
      'return_requested',
      'return_approved',
      'whistled',
      'accepted',
      'handled',
    ]);
    expect(stateOf(story)).toMatchObject({ state: 'handled', lead: FALLBACK, whistle: 'first' });
  });

  it('(d) a lift dispute climbs grid → community → street, goes to the property office, is redone once, then closed', () => {
    let story = then(
      BEFORE_THE_REPORT,
      on(0, 9),
      wangFengnian,
      report(wangFengnian, 'grid_worker', 'Residents of building 25 quarrel over the new lift', 'G05'),
    );
    expect(stateOf(story)).toMatchObject({ level: 'grid' });
    story = then(story, on(0, 10), gridLeader, { type: 'escalate', reason: 'Mediation in the grid failed' });
    story = then(story, on(0, 14), communityStaff, { type: 'escalate', reason: 'Needs the street' });
    story = then(story, on(0, 15), streetDispatcher, {
      type: 'dispatch',
      lead: PROPERTY_OFFICE,
      assisting: [],
    });
    story = then(story, on(0, 16), propertyOfficer, { type: 'accept' });
    story = then(story, on(2, 17), propertyOfficer, {
      type: 'handle',
      text: 'Both sides met',
      attachmentIds: [],
    });
    story = then(story, on(3, 9), wangFengnian, {
      type: 'verify',
      passed: false,
      text: 'No agreement signed; work still stopped',
      attachmentIds: [],
    });
    expect(stateOf(story)).toMatchObject({ state: 'accepted', reworkCount: 1 });
    story = then(story, on(5, 17), propertyOfficer, {
      type: 'handle',
      text: 'Agreement signed by both sides',
      attachmentIds: ['agreement'],
    });
    story = then(story, on(6, 9), wangFengnian, {
      type: 'verify',
      passed: true,
      text: 'Work resumed',
      attachmentIds: [],
    });
    story = then(story, on(6, 10), wangFengnian, {
      type: 'rate',
      rating: 'basically_satisfied',
      comment: 'Took two rounds',
      rework: false,
    });
    story = then(story, on(6, 11), streetDispatcher, { type: 'close', text: 'Agreement reached' });

    expect(factTypes(story)).toEqual([
      'reported',
      'escalated',
      'escalated',
      'dispatched',
      'accepted',
      'handled',
      'verification_failed',
      'handled',
      'verified',
      'rated',
      'closed',
    ]);
    expect(stateOf(story)).toMatchObject({
      state: 'closed',
      level: 'street',
      dispatchedAtLevel: 'street',
      reworkCount: 1,
      rating: 'basically_satisfied',
    });
  });

  it('(e) a resident is dissatisfied and asks for the work to be redone', () => {
    let story = then(
      BEFORE_THE_REPORT,
      on(0, 8),
      mrsDai,
      report(mrsDai, 'resident', 'Goods piled on the pavement block the way', 'G03'),
    );
    story = then(story, on(0, 9), communityStaff, { type: 'escalate', reason: 'Needs enforcement' });
    story = then(story, on(0, 10), streetDispatcher, {
      type: 'dispatch',
      lead: ENFORCEMENT_TEAM,
      assisting: [],
    });
    story = then(story, on(0, 11), enforcementOfficer, { type: 'accept' });
    story = then(story, on(0, 12), enforcementOfficer, {
      type: 'handle',
      text: 'Goods moved',
      attachmentIds: [],
    });
    story = then(story, on(0, 15), communityStaff, {
      type: 'verify',
      passed: true,
      text: 'Clear',
      attachmentIds: [],
    });
    story = then(story, on(1, 9), mrsDai, {
      type: 'rate',
      rating: 'dissatisfied',
      comment: 'The goods were back the next morning',
      rework: true,
    });
    expect(stateOf(story)).toMatchObject({ state: 'accepted', reworkCount: 1, lead: ENFORCEMENT_TEAM });
    story = then(story, on(1, 12), enforcementOfficer, {
      type: 'handle',
      text: 'Shop owner warned and fined',
      attachmentIds: [],
    });
    story = then(story, on(2, 9), communityStaff, {
      type: 'verify',
      passed: true,
      text: 'Clear two days running',
      attachmentIds: [],
    });
    story = then(story, on(2, 10), mrsDai, { type: 'rate', rating: 'satisfied', comment: '', rework: false });
    story = then(story, on(2, 11), streetDispatcher, { type: 'close', text: '' });

    const ratings = story.log.flatMap(({ fact }) => (fact.type === 'rated' ? [fact.rating] : []));
    expect(ratings).toEqual(['dissatisfied', 'satisfied']);
    expect(factTypes(story)).toContain('rework_ordered');
    expect(stateOf(story)).toMatchObject({ state: 'closed', rating: 'satisfied', reworkCount: 1 });
  });

  it('(f) no one answers the whistle in time: the street head blows the second whistle and the district takes it up', () => {
    let story = then(
      BEFORE_THE_REPORT,
      on(0, 6),
      mrsDai,
      report(mrsDai, 'hotline', 'A big tree has fallen across Sixin Road', 'G03'),
    );
    story = then(story, on(0, 7), dingShiyun, {
      type: 'whistle',
      lead: LANDSCAPING,
      assisting: [],
      reason: 'Tree down across the road',
    });
    // The 24-hour acceptance limit passes with no answer (the deadline is the caller's: the rule only counts whistles).
    expect(refusedTo(story, on(1, 8), streetDispatcher, { type: 'second_whistle', reason: 'Overdue' })).toBe(
      'role_may_not',
    );
    story = then(story, on(1, 8), dingShiyun, {
      type: 'second_whistle',
      reason: 'Not accepted in 24 hours',
    });
    expect(stateOf(story)).toMatchObject({ state: 'dispatched', whistle: 'second', level: 'district' });
    expect(refusedTo(story, on(1, 9), dingShiyun, { type: 'second_whistle', reason: 'Again' })).toBe(
      'already_second_whistle',
    );
    story = then(story, on(1, 9), landscapingOfficer, { type: 'accept' });
    story = then(story, on(1, 15), landscapingOfficer, {
      type: 'handle',
      text: 'Tree cut and removed',
      attachmentIds: [],
    });
    story = then(story, on(1, 17), streetDispatcher, {
      type: 'verify',
      passed: true,
      text: 'Road open',
      attachmentIds: [],
    });
    story = then(story, on(1, 18), dingShiyun, { type: 'close', text: 'Road open again' });

    expect(factTypes(story)).toEqual([
      'reported',
      'whistled',
      'second_whistled',
      'accepted',
      'handled',
      'verified',
      'closed',
    ]);
    expect(stateOf(story)).toMatchObject({ state: 'closed', whistle: 'second', dispatchedAtLevel: 'street' });
  });
});
