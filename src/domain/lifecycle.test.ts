import { describe, expect, it } from 'vitest';
import type { EventLevel, EventSource, EventState, EventStateName, Unit } from './events.ts';
import {
  COMMAND_TYPES,
  type CommandOf,
  type Decision,
  decide,
  decideMerge,
  type EventCommand,
  type EventFact,
  evolve,
  initialLevel,
  type LoggedFact,
  nextLevel,
  REFUSAL_REASONS,
  REOPEN_WINDOW_DAYS,
  type Refusal,
  type RefusalReason,
  replay,
} from './lifecycle.ts';
import type { Actor } from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

// The place: one district, street S1, community C1, grid G11 where every event of this file lies.
const DISTRICT = 'D';
const STREET = 'D/S1';
const COMMUNITY = 'D/S1/C1';
const GRID = 'D/S1/C1/G11';

const CITY_MANAGEMENT: Unit = { kind: 'district_department', code: 'CGW', areaPath: DISTRICT };
const WATER_AFFAIRS: Unit = { kind: 'district_department', code: 'SWJ', areaPath: DISTRICT };
const PROPERTY_OFFICE: Unit = { kind: 'street_office', code: 'S1-WYB', areaPath: STREET };
const OWN_COMMUNITY: Unit = { kind: 'community', code: 'C1', areaPath: COMMUNITY };
const NEIGHBOUR_COMMUNITY: Unit = { kind: 'community', code: 'C2', areaPath: 'D/S1/C2' };
const OTHER_STREETS_COMMUNITY: Unit = { kind: 'community', code: 'C9', areaPath: 'D/S2/C9' };
const OTHER_STREETS_OFFICE: Unit = { kind: 'street_office', code: 'S2-WYB', areaPath: 'D/S2' };
const OTHER_DISTRICTS_DEPARTMENT: Unit = { kind: 'district_department', code: 'X-CGW', areaPath: 'X' };

/** One person per role, sitting where that role sits for an event in G11; the resident is its reporter. */
const PEOPLE: Record<Role, Actor> = {
  resident: { userId: 1, roles: ['resident'], areaPath: GRID, departmentCode: null },
  grid_worker: { userId: 2, roles: ['grid_worker'], areaPath: GRID, departmentCode: null },
  grid_leader: { userId: 3, roles: ['grid_leader'], areaPath: COMMUNITY, departmentCode: null },
  community_staff: { userId: 4, roles: ['community_staff'], areaPath: COMMUNITY, departmentCode: null },
  street_dispatcher: { userId: 5, roles: ['street_dispatcher'], areaPath: STREET, departmentCode: null },
  street_head: { userId: 6, roles: ['street_head'], areaPath: STREET, departmentCode: null },
  department_officer: { userId: 7, roles: ['department_officer'], areaPath: DISTRICT, departmentCode: 'CGW' },
  department_head: { userId: 8, roles: ['department_head'], areaPath: DISTRICT, departmentCode: 'CGW' },
  district_dispatcher: {
    userId: 9,
    roles: ['district_dispatcher'],
    areaPath: DISTRICT,
    departmentCode: null,
  },
  supervision_office: { userId: 10, roles: ['supervision_office'], areaPath: DISTRICT, departmentCode: null },
  leader: { userId: 11, roles: ['leader'], areaPath: DISTRICT, departmentCode: null },
  administrator: { userId: 12, roles: ['administrator'], areaPath: DISTRICT, departmentCode: null },
};
const {
  resident,
  grid_worker: gridWorker,
  grid_leader: gridLeader,
  community_staff: communityStaff,
  street_dispatcher: streetDispatcher,
  street_head: streetHead,
  department_officer: officer,
  district_dispatcher: districtDispatcher,
  supervision_office: supervisionOffice,
} = PEOPLE;

const T0 = new Date('2024-05-06T08:00:00+08:00');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------
// Building events by playing commands through decide and evolve

interface Played {
  event: EventState;
  log: LoggedFact[];
}
type Step = readonly [EventCommand, Actor];

/** Plays the steps one hour apart (counted along the log), failing loudly on any refusal. */
function play(from: Played | null, ...steps: Step[]): Played {
  let event = from?.event ?? null;
  let log = from?.log ?? [];
  for (const [command, actor] of steps) {
    const at = new Date(T0.getTime() + log.length * HOUR);
    const decision = decide(event, command, actor, at);
    if (!decision.ok)
      throw new Error(`${command.type} by ${actor.roles} refused: ${decision.refusal.reason}`);
    const logged = decision.facts.map((fact) => ({ fact, at, actorUserId: actor.userId }));
    event = logged.reduce<EventState | null>(evolve, event);
    log = [...log, ...logged];
  }
  if (event === null) throw new Error('nothing was played');
  return { event, log };
}

function reportBy(reporter: Actor, source: EventSource, id = 'E1'): CommandOf<'report'> {
  return {
    type: 'report',
    eventId: id,
    source,
    catalogueItemCode: '01001',
    description: 'The manhole cover in front of building 3 is missing',
    location: { lng: 117.15, lat: 39.17 },
    areaCode: 'G11',
    areaPath: GRID,
    address: 'Dingzigu 10th Section, building 3',
    reporterUserId: reporter.userId,
  };
}

const LOCATE: CommandOf<'locate'> = {
  type: 'locate',
  areaCode: 'G11',
  areaPath: GRID,
  location: { lng: 117.15, lat: 39.17 },
};
const ESCALATE: CommandOf<'escalate'> = { type: 'escalate', reason: 'Needs the street' };
const SOLVE: CommandOf<'solve'> = { type: 'solve', text: 'Put the cover back', attachmentIds: ['p1'] };
const WHISTLE: CommandOf<'whistle'> = {
  type: 'whistle',
  lead: CITY_MANAGEMENT,
  assisting: [],
  reason: 'Beyond the street',
};
const SECOND_WHISTLE: CommandOf<'second_whistle'> = {
  type: 'second_whistle',
  reason: 'No one came in 24 hours',
};
const ACCEPT: CommandOf<'accept'> = { type: 'accept' };
const RETURN: CommandOf<'return'> = { type: 'return', reason: 'Not ours: a housing matter' };
const EXTEND: CommandOf<'extend'> = { type: 'extend', reason: 'Waiting for parts', extraHours: 48 };
const APPROVE: CommandOf<'approve'> = { type: 'approve' };
const REFUSE: CommandOf<'refuse'> = { type: 'refuse', reason: 'It is yours by the catalogue' };
const HANDLE: CommandOf<'handle'> = { type: 'handle', text: 'New cover fitted', attachmentIds: ['p2'] };
const VERIFY: CommandOf<'verify'> = { type: 'verify', passed: true, text: 'Seen fitted', attachmentIds: [] };
const VERIFY_FAILED: CommandOf<'verify'> = {
  type: 'verify',
  passed: false,
  text: 'The cover rocks',
  attachmentIds: [],
};
const RATE: CommandOf<'rate'> = { type: 'rate', rating: 'satisfied', comment: '', rework: false };
const CLOSE: CommandOf<'close'> = { type: 'close', text: '' };
const REOPEN: CommandOf<'reopen'> = { type: 'reopen', reason: 'The cover is gone again' };
const CANCEL: CommandOf<'cancel'> = { type: 'cancel', reason: 'Reported twice by mistake' };

function dispatchTo(lead: Unit, assisting: Unit[] = []): EventCommand {
  return { type: 'dispatch', lead, assisting };
}

function whistleTo(lead: Unit, assisting: Unit[] = []): EventCommand {
  return { type: 'whistle', lead, assisting, reason: 'Beyond the street' };
}

/** Folds a duplicate into a target with decideMerge, failing loudly on a refusal. */
function merged(duplicate: Played, target: Played, actor: Actor): { duplicate: Played; target: Played } {
  const at = new Date(T0.getTime() + 10 * HOUR);
  const decision = decideMerge(duplicate.event, target.event, actor, at);
  if (!decision.ok) throw new Error(`merge refused: ${decision.refusal.reason}`);
  const applied = (played: Played, facts: EventFact[]): Played => {
    const logged = facts.map((fact) => ({ fact, at, actorUserId: actor.userId }));
    return { event: logged.reduce(evolve, played.event), log: [...played.log, ...logged] };
  };
  return {
    duplicate: applied(duplicate, decision.duplicateFacts),
    target: applied(target, decision.targetFacts),
  };
}

// The representative events: the resident's report climbs from the community to the street, where the street
// head whistles the city-management commission (CGW) to it. Another event waits open as a merge target.
const reportedAtGrid = play(null, [reportBy(gridWorker, 'grid_worker'), gridWorker]);
const reportedAtCommunity = play(null, [reportBy(resident, 'resident'), resident]);
const reportedAtStreet = play(reportedAtCommunity, [ESCALATE, communityStaff]);
const reportedAtDistrict = play(reportedAtStreet, [ESCALATE, streetHead]);
const whistled = play(reportedAtStreet, [WHISTLE, streetHead]);
const returnRequested = play(whistled, [RETURN, officer]);
const accepted = play(whistled, [ACCEPT, officer]);
const extensionRequested = play(accepted, [EXTEND, officer]);
const handled = play(accepted, [HANDLE, officer]);
const verified = play(handled, [VERIFY, gridWorker]);
const rated = play(verified, [RATE, resident]);
const closed = play(rated, [CLOSE, streetDispatcher]);
const cancelled = play(reportedAtStreet, [CANCEL, resident]);
const openTarget = play(null, [reportBy(resident, 'resident', 'E-TARGET'), resident]);
const mergedAway = merged(reportedAtCommunity, openTarget, communityStaff).duplicate;

/** Well after every representative event's last fact, well inside the reopen window of the closed one. */
const NOW = new Date(T0.getTime() + 2 * DAY);

const SITUATIONS = {
  'reported at the grid': reportedAtGrid,
  'reported at the community': reportedAtCommunity,
  'reported at the street': reportedAtStreet,
  'reported at the district': reportedAtDistrict,
  'dispatched by the whistle': whistled,
  'dispatched, a return requested': returnRequested,
  accepted,
  'accepted, an extension requested': extensionRequested,
  handled,
  verified,
  rated,
  closed,
  cancelled,
  merged: mergedAway,
} satisfies Record<string, Played>;
type Situation = keyof typeof SITUATIONS;

const UNIT_SENT_FROM: Record<EventLevel, Unit> = {
  grid: OWN_COMMUNITY,
  community: OWN_COMMUNITY,
  street: PROPERTY_OFFICE,
  district: CITY_MANAGEMENT,
};

/** A command whose content is valid for this event, so that only the state and the actor decide. */
function validCommand(type: EventCommand['type'], event: EventState): EventCommand {
  switch (type) {
    case 'report':
      return reportBy(resident, 'resident', 'E-NEW');
    case 'locate':
      return LOCATE;
    case 'urge':
      return { type: 'urge', text: '市民来电催办' };
    case 'solve':
      return SOLVE;
    case 'escalate':
      return ESCALATE;
    case 'dispatch':
      return dispatchTo(UNIT_SENT_FROM[event.level]);
    case 'whistle':
      return WHISTLE;
    case 'second_whistle':
      return SECOND_WHISTLE;
    case 'accept':
      return ACCEPT;
    case 'return':
      return RETURN;
    case 'extend':
      return EXTEND;
    case 'approve':
      return APPROVE;
    case 'refuse':
      return REFUSE;
    case 'handle':
      return HANDLE;
    case 'verify':
      return VERIFY;
    case 'rate':
      return RATE;
    case 'close':
      return CLOSE;
    case 'reopen':
      return REOPEN;
    case 'cancel':
      return CANCEL;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The specification: every situation × every command × every role, written out by hand

type TableCommand = EventCommand['type'] | 'merge';

const TOKENS = {
  ok: 'ok',
  state: 'wrong_state',
  role: 'role_may_not',
  holder: 'not_the_holder',
  notrep: 'not_reporter',
  top: 'top_level',
  pending: 'request_pending',
  none: 'no_request_pending',
} as const satisfies Record<string, RefusalReason | 'ok'>;
type Outcome = (typeof TOKENS)[keyof typeof TOKENS];

/** The rule in words, one token per role in ROLES order (see COLUMNS), and the state an allowed command leads to. */
type Row = readonly [rule: string, outcomes: string, leadsTo?: EventStateName];

const COLUMNS: readonly Role[] = [
  'resident',
  'grid_worker',
  'grid_leader',
  'community_staff',
  'street_dispatcher',
  'street_head',
  'department_officer',
  'department_head',
  'district_dispatcher',
  'supervision_office',
  'leader',
  'administrator',
];

// A command not listed for a situation is refused as wrong_state to everyone.
// columns:  resident grid_worker grid_leader community_staff street_dispatcher street_head
//           department_officer department_head district_dispatcher supervision_office leader administrator
const SPEC: Record<Situation, Partial<Record<TableCommand, Row>>> = {
  'reported at the grid': {
    locate: [
      'the holders of the grid (grid worker, grid leader) place it',
      'role   ok     ok     holder holder holder role   role   holder role   role   role',
      'reported',
    ],
    merge: [
      'the holders of the grid fold it into an open event',
      'role   ok     ok     holder holder holder role   role   holder role   role   role',
      'merged',
    ],
    solve: [
      'the grid worker solves it on the spot',
      'role   ok     role   role   role   role   role   role   role   role   role   role',
      'verified',
    ],
    escalate: [
      'the holders of the grid escalate it to the community',
      'role   ok     ok     holder holder holder role   role   holder role   role   role',
      'reported',
    ],
    dispatch: [
      'no one dispatches from the grid: it solves or escalates',
      'role   role   holder holder holder holder role   role   holder role   role   role',
    ],
    whistle: [
      'only the street head whistles, and only at the street',
      'role   role   role   role   role   holder role   role   role   role   role   role',
    ],
    cancel: [
      'the reporter (here the grid worker) or the holders of the grid cancel it',
      'notrep ok     ok     holder holder holder role   role   holder role   role   role',
      'cancelled',
    ],
  },
  'reported at the community': {
    locate: [
      'the holders of the community (community staff, grid leader) place it',
      'role   holder ok     ok     holder holder role   role   holder role   role   role',
      'reported',
    ],
    merge: [
      'the holders of the community fold it into an open event',
      'role   holder ok     ok     holder holder role   role   holder role   role   role',
      'merged',
    ],
    solve: [
      'the grid worker solves on the spot only while the case waits at the grid',
      'role   holder role   role   role   role   role   role   role   role   role   role',
    ],
    escalate: [
      'the holders of the community escalate it to the street',
      'role   holder ok     ok     holder holder role   role   holder role   role   role',
      'reported',
    ],
    dispatch: [
      'the holders of the community dispatch it to their own community',
      'role   role   ok     ok     holder holder role   role   holder role   role   role',
      'dispatched',
    ],
    whistle: [
      'only the street head whistles, and only at the street',
      'role   role   role   role   role   holder role   role   role   role   role   role',
    ],
    cancel: [
      'the reporter or the holders of the community cancel it',
      'ok     holder ok     ok     holder holder role   role   holder role   role   role',
      'cancelled',
    ],
  },
  'reported at the street': {
    locate: [
      'the holders of the street (dispatcher, head) place it',
      'role   holder holder holder ok     ok     role   role   holder role   role   role',
      'reported',
    ],
    merge: [
      'the holders of the street fold it into an open event',
      'role   holder holder holder ok     ok     role   role   holder role   role   role',
      'merged',
    ],
    solve: [
      'the grid worker solves on the spot only while the case waits at the grid',
      'role   holder role   role   role   role   role   role   role   role   role   role',
    ],
    escalate: [
      'the holders of the street escalate it to the district',
      'role   holder holder holder ok     ok     role   role   holder role   role   role',
      'reported',
    ],
    dispatch: [
      'the holders of the street dispatch it to a street office or a community',
      'role   role   holder holder ok     ok     role   role   holder role   role   role',
      'dispatched',
    ],
    whistle: [
      'only the street head whistles district departments to it, not the street dispatcher',
      'role   role   role   role   role   ok     role   role   role   role   role   role',
      'dispatched',
    ],
    cancel: [
      'the reporter or the holders of the street cancel it',
      'ok     holder holder holder ok     ok     role   role   holder role   role   role',
      'cancelled',
    ],
  },
  'reported at the district': {
    locate: [
      'the district dispatcher places it',
      'role   holder holder holder holder holder role   role   ok     role   role   role',
      'reported',
    ],
    merge: [
      'the district dispatcher folds it into an open event',
      'role   holder holder holder holder holder role   role   ok     role   role   role',
      'merged',
    ],
    solve: [
      'the grid worker solves on the spot only while the case waits at the grid',
      'role   holder role   role   role   role   role   role   role   role   role   role',
    ],
    escalate: [
      'there is no level above the district',
      'role   holder holder holder holder holder role   role   top    role   role   role',
    ],
    dispatch: [
      'the district dispatcher dispatches it to district departments',
      'role   role   holder holder holder holder role   role   ok     role   role   role',
      'dispatched',
    ],
    whistle: [
      'only the street head whistles, and only at the street',
      'role   role   role   role   role   holder role   role   role   role   role   role',
    ],
    cancel: [
      'the reporter or the district dispatcher cancel it',
      'ok     holder holder holder holder holder role   role   ok     role   role   role',
      'cancelled',
    ],
  },
  'dispatched by the whistle': {
    second_whistle: [
      'only the street head blows the second whistle',
      'role   role   role   role   role   ok     role   role   role   role   role   role',
      'dispatched',
    ],
    accept: [
      'the lead department’s people accept it',
      'role   role   role   role   role   role   ok     ok     role   role   role   role',
      'accepted',
    ],
    return: [
      'the lead department’s people may ask to return it before accepting',
      'role   role   role   role   role   role   ok     ok     role   role   role   role',
      'dispatched',
    ],
    approve: [
      'the street’s dispatchers answer requests, and none is waiting',
      'role   role   role   holder none   none   role   role   holder role   role   role',
    ],
    refuse: [
      'the street’s dispatchers answer requests, and none is waiting',
      'role   role   role   holder none   none   role   role   holder role   role   role',
    ],
  },
  'dispatched, a return requested': {
    second_whistle: [
      'only the street head blows the second whistle, a request waiting or not',
      'role   role   role   role   role   ok     role   role   role   role   role   role',
      'dispatched',
    ],
    accept: [
      'a case is not accepted while its return request waits',
      'role   role   role   role   role   role   pending pending role  role   role   role',
    ],
    return: [
      'one request at a time',
      'role   role   role   role   role   role   pending pending role  role   role   role',
    ],
    approve: [
      'the street that sent it approves the return: back to triage at the street',
      'role   role   role   holder ok     ok     role   role   holder role   role   role',
      'reported',
    ],
    refuse: [
      'the street that sent it refuses the return: the department keeps it',
      'role   role   role   holder ok     ok     role   role   holder role   role   role',
      'dispatched',
    ],
  },
  accepted: {
    second_whistle: [
      'only the street head blows the second whistle',
      'role   role   role   role   role   ok     role   role   role   role   role   role',
      'accepted',
    ],
    extend: [
      'the lead department’s people may ask for more time',
      'role   role   role   role   role   role   ok     ok     role   role   role   role',
      'accepted',
    ],
    approve: [
      'the street’s dispatchers answer requests, and none is waiting',
      'role   role   role   holder none   none   role   role   holder role   role   role',
    ],
    refuse: [
      'the street’s dispatchers answer requests, and none is waiting',
      'role   role   role   holder none   none   role   role   holder role   role   role',
    ],
    handle: [
      'the lead department’s people report it handled',
      'role   role   role   role   role   role   ok     ok     role   role   role   role',
      'handled',
    ],
  },
  'accepted, an extension requested': {
    second_whistle: [
      'only the street head blows the second whistle, a request waiting or not',
      'role   role   role   role   role   ok     role   role   role   role   role   role',
      'accepted',
    ],
    extend: [
      'one request at a time',
      'role   role   role   role   role   role   pending pending role  role   role   role',
    ],
    approve: [
      'the street that sent it grants the extension',
      'role   role   role   holder ok     ok     role   role   holder role   role   role',
      'accepted',
    ],
    refuse: [
      'the street that sent it refuses the extension',
      'role   role   role   holder ok     ok     role   role   holder role   role   role',
      'accepted',
    ],
    handle: [
      'the lead department may still report it handled, which drops the request',
      'role   role   role   role   role   role   ok     ok     role   role   role   role',
      'handled',
    ],
  },
  handled: {
    verify: [
      'grid people of its grid, the community and the street check it on site',
      'role   ok     ok     ok     ok     ok     role   role   role   role   role   role',
      'verified',
    ],
  },
  verified: {
    rate: [
      'the reporter, or the community, street and district staff rate it',
      'ok     role   role   ok     ok     ok     role   role   ok     role   role   role',
      'rated',
    ],
    close: [
      'the dispatchers of the street that sent it out close it',
      'role   holder holder holder ok     ok     role   role   holder role   role   role',
      'closed',
    ],
  },
  rated: {
    close: [
      'the dispatchers of the street that sent it out close it',
      'role   holder holder holder ok     ok     role   role   holder role   role   role',
      'closed',
    ],
  },
  closed: {
    reopen: [
      'the street, the district dispatcher and the supervision office reopen it within the window',
      'role   role   role   role   ok     ok     role   role   ok     ok     role   role',
      'reported',
    ],
  },
  cancelled: {},
  merged: {},
};

function outcomesOf(row: string): Outcome[] {
  return row
    .trim()
    .split(/\s+/)
    .map((token) => {
      if (!(token in TOKENS)) throw new Error(`Unknown token ${token}`);
      return TOKENS[token as keyof typeof TOKENS];
    });
}

/** How each reason reaches the edge: conflict 409, forbidden 403, invalid 400. */
const KIND_OF_REASON: Record<RefusalReason, Refusal['kind']> = {
  wrong_state: 'conflict',
  not_located: 'conflict',
  top_level: 'conflict',
  request_pending: 'conflict',
  no_request_pending: 'conflict',
  not_whistled: 'conflict',
  already_second_whistle: 'conflict',
  reopen_window_passed: 'conflict',
  target_not_open: 'conflict',
  role_may_not: 'forbidden',
  not_the_holder: 'forbidden',
  not_the_handling_unit: 'forbidden',
  not_reporter: 'forbidden',
  reason_required: 'invalid',
  unit_not_allowed: 'invalid',
  same_event: 'invalid',
  extra_hours_invalid: 'invalid',
  rework_only_if_dissatisfied: 'invalid',
};

/** 'ok', or the reason of the refusal, whose kind is checked against the specification on the way. */
function outcomeOf(decision: Decision | ReturnType<typeof decideMerge>): 'ok' | RefusalReason {
  if (decision.ok) return 'ok';
  expect(decision.refusal.kind).toBe(KIND_OF_REASON[decision.refusal.reason]);
  return decision.refusal.reason;
}

function refusalOf(decision: Decision | ReturnType<typeof decideMerge>): RefusalReason | null {
  const outcome = outcomeOf(decision);
  return outcome === 'ok' ? null : outcome;
}

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

/** What comes of one command by one role, and the state it leads to when allowed. */
function attempt(
  situation: Played,
  command: TableCommand,
  actor: Actor,
): { outcome: 'ok' | RefusalReason; stateAfter: EventStateName | null } {
  if (command === 'merge') {
    const decision = decideMerge(situation.event, openTarget.event, actor, NOW);
    const after = decision.ok ? replay([...situation.log, ...logAt(decision.duplicateFacts)]) : null;
    return { outcome: outcomeOf(decision), stateAfter: after?.state ?? null };
  }
  const decision = decide(situation.event, validCommand(command, situation.event), actor, NOW);
  const after = decision.ok ? replay([...situation.log, ...logAt(decision.facts)]) : null;
  return { outcome: outcomeOf(decision), stateAfter: after?.state ?? null };
}

function logAt(facts: EventFact[]): LoggedFact[] {
  return facts.map((fact) => ({ fact, at: NOW, actorUserId: null }));
}

/** Urging has its own named tests (below): who may urge depends on who reported, not on a role. */
const TABLE_COMMANDS: readonly TableCommand[] = [...COMMAND_TYPES.filter((type) => type !== 'urge'), 'merge'];

interface Cell {
  name: string;
  situation: Situation;
  command: TableCommand;
  role: Role;
  expected: Outcome;
  leadsTo: EventStateName | undefined;
}

const CELLS: Cell[] = (Object.keys(SPEC) as Situation[]).flatMap((situation) =>
  TABLE_COMMANDS.flatMap((command) => {
    const [rule, row, leadsTo] = SPEC[situation][command] ?? [
      `${command} does not apply to an event ${situation}`,
      'state  state  state  state  state  state  state  state  state  state  state  state',
    ];
    const outcomes = outcomesOf(row);
    return COLUMNS.map((role, column): Cell => {
      const expected = must(outcomes[column]);
      const verdict = expected === 'ok' ? 'may' : `is refused (${expected})`;
      return {
        name: `${situation} · ${command}: ${rule} — ${role} ${verdict}`,
        situation,
        command,
        role,
        expected,
        leadsTo,
      };
    });
  }),
);

describe('the specification table covers every state, command and role', () => {
  it('names the 12 roles in ROLES order', () => {
    expect(COLUMNS).toEqual(ROLES);
  });

  it('knows every command there is, and no other', () => {
    expect([...COMMAND_TYPES].sort()).toEqual(
      [
        'report',
        'locate',
        'solve',
        'escalate',
        'dispatch',
        'whistle',
        'second_whistle',
        'accept',
        'return',
        'extend',
        'approve',
        'refuse',
        'handle',
        'verify',
        'rate',
        'close',
        'reopen',
        'cancel',
        'urge',
      ].sort(),
    );
  });

  it('has a representative event in each of the 9 states, built by playing commands', () => {
    const states = new Set(Object.values(SITUATIONS).map((played) => played.event.state));
    expect([...states].sort()).toEqual(
      [
        'reported',
        'dispatched',
        'accepted',
        'handled',
        'verified',
        'rated',
        'closed',
        'cancelled',
        'merged',
      ].sort(),
    );
  });

  it('gives every row one outcome per role, and a next state to every row that allows something', () => {
    for (const rows of Object.values(SPEC)) {
      for (const [, row, leadsTo] of Object.values(rows)) {
        expect(outcomesOf(row)).toHaveLength(12);
        expect(outcomesOf(row).includes('ok')).toBe(leadsTo !== undefined);
      }
    }
  });

  it('walks 14 situations × 19 commands × 12 roles', () => {
    expect(CELLS).toHaveLength(14 * 19 * 12);
  });
});

describe('decide: every situation × command × role', () => {
  it.each(CELLS)('$name', ({ situation, command, role, expected, leadsTo }) => {
    const { outcome, stateAfter } = attempt(SITUATIONS[situation], command, PEOPLE[role]);
    expect(outcome).toBe(expected);
    expect(stateAfter).toBe(expected === 'ok' ? leadsTo : null);
  });
});

describe('decide: before the event exists', () => {
  it.each(ROLES)('anyone may report: %s', (role) => {
    const decision = decide(null, reportBy(PEOPLE[role], 'resident'), PEOPLE[role], T0);
    expect(decision.ok).toBe(true);
  });

  it.each(COMMAND_TYPES.filter((type) => type !== 'report'))(
    '%s needs an event: refused as wrong_state (conflict)',
    (type) => {
      const decision = decide(null, validCommand(type, reportedAtStreet.event), streetHead, T0);
      expect(decision).toEqual({ ok: false, refusal: { reason: 'wrong_state', kind: 'conflict' } });
    },
  );

  it('the report carries everything the first state is built from', () => {
    const { event } = reportedAtCommunity;
    expect(event).toEqual({
      id: 'E1',
      state: 'reported',
      level: 'community',
      source: 'resident',
      catalogueItemCode: '01001',
      description: 'The manhole cover in front of building 3 is missing',
      areaCode: 'G11',
      areaPath: GRID,
      location: { lng: 117.15, lat: 39.17 },
      address: 'Dingzigu 10th Section, building 3',
      reporterUserId: resident.userId,
      reportedAt: T0,
      lead: null,
      assisting: [],
      dispatchedAtLevel: null,
      whistle: 'none',
      pendingRequest: null,
      reworkCount: 0,
      rating: null,
      closedAt: null,
      mergedInto: null,
      mergedFrom: [],
      mergedReporterUserIds: [],
      overdueCount: 0,
    });
  });

  it('a report with a blank description is refused: reason_required (invalid)', () => {
    const blank = { ...reportBy(resident, 'resident'), description: '  ' };
    expect(decide(null, blank, resident, T0)).toEqual({
      ok: false,
      refusal: { reason: 'reason_required', kind: 'invalid' },
    });
  });
});

describe('levels', () => {
  it.each([
    ['grid_worker', 'grid'],
    ['resident', 'community'],
    ['hotline', 'street'],
    ['camera', 'street'],
    ['other_system', 'street'],
    ['leader_instruction', 'district'],
  ] as const)('a report from %s first waits at the %s', (source, level) => {
    expect(initialLevel(source)).toBe(level);
  });

  it.each([
    ['grid', 'community'],
    ['community', 'street'],
    ['street', 'district'],
    ['district', null],
  ] as const)('above the %s is %s', (level, above) => {
    expect(nextLevel(level)).toBe(above);
  });

  it('a case climbs grid → community → street → district, each level escalating its own', () => {
    const atDistrict = play(
      reportedAtGrid,
      [ESCALATE, gridWorker],
      [ESCALATE, communityStaff],
      [ESCALATE, streetDispatcher],
    );
    expect(atDistrict.log.map(({ fact }) => fact)).toContainEqual({
      type: 'escalated',
      fromLevel: 'street',
      toLevel: 'district',
      reason: 'Needs the street',
    });
    expect(atDistrict.event.level).toBe('district');
  });

  it('escalating needs a reason', () => {
    const blank = { type: 'escalate', reason: '' } as const;
    expect(refusalOf(decide(reportedAtGrid.event, blank, gridWorker, NOW))).toBe('reason_required');
  });
});

describe('locating and solving on the spot', () => {
  const unlocated = play(null, [
    { ...reportBy(gridWorker, 'grid_worker'), areaCode: null, areaPath: null },
    gridWorker,
  ]);

  it('solving on the spot needs a located event', () => {
    expect(refusalOf(decide(unlocated.event, SOLVE, gridWorker, NOW))).toBe('not_located');
    const placed = play(unlocated, [LOCATE, gridWorker]);
    expect(placed.event.areaPath).toBe(GRID);
    expect(decide(placed.event, SOLVE, gridWorker, NOW).ok).toBe(true);
  });

  it('dispatching and whistling need a located event', () => {
    const atStreet = play(unlocated, [ESCALATE, gridWorker], [ESCALATE, communityStaff]);
    expect(refusalOf(decide(atStreet.event, dispatchTo(PROPERTY_OFFICE), streetDispatcher, NOW))).toBe(
      'not_located',
    );
    expect(refusalOf(decide(atStreet.event, WHISTLE, streetHead, NOW))).toBe('not_located');
  });

  it('a case solved on the spot is verified at once, has no unit, and is closed by the holders of the grid', () => {
    const solved = play(reportedAtGrid, [SOLVE, gridWorker]);
    expect(solved.event).toMatchObject({ state: 'verified', lead: null, dispatchedAtLevel: null });
    expect(refusalOf(decide(solved.event, CLOSE, streetDispatcher, NOW))).toBe('not_the_holder');
    expect(play(solved, [CLOSE, gridLeader]).event.state).toBe('closed');
  });

  it('solving needs a word on what was done', () => {
    const blank = { ...SOLVE, text: ' ' };
    expect(refusalOf(decide(reportedAtGrid.event, blank, gridWorker, NOW))).toBe('reason_required');
  });
});

describe('dispatch: who may be sent the case depends on the level sending it', () => {
  it.each([
    ['the community to itself', reportedAtCommunity, communityStaff, OWN_COMMUNITY, 'ok'],
    [
      'the community to a neighbour',
      reportedAtCommunity,
      communityStaff,
      NEIGHBOUR_COMMUNITY,
      'unit_not_allowed',
    ],
    [
      'the community to its street office',
      reportedAtCommunity,
      gridLeader,
      PROPERTY_OFFICE,
      'unit_not_allowed',
    ],
    ['the street to its office', reportedAtStreet, streetDispatcher, PROPERTY_OFFICE, 'ok'],
    ['the street to a community of its own', reportedAtStreet, streetHead, NEIGHBOUR_COMMUNITY, 'ok'],
    [
      'the street to a community of another street',
      reportedAtStreet,
      streetDispatcher,
      OTHER_STREETS_COMMUNITY,
      'unit_not_allowed',
    ],
    [
      'the street to another street’s office',
      reportedAtStreet,
      streetDispatcher,
      OTHER_STREETS_OFFICE,
      'unit_not_allowed',
    ],
    [
      'the street to a district department (that is the whistle)',
      reportedAtStreet,
      streetHead,
      CITY_MANAGEMENT,
      'unit_not_allowed',
    ],
    ['the district to a department', reportedAtDistrict, districtDispatcher, CITY_MANAGEMENT, 'ok'],
    [
      'the district to another district’s department',
      reportedAtDistrict,
      districtDispatcher,
      OTHER_DISTRICTS_DEPARTMENT,
      'unit_not_allowed',
    ],
    [
      'the district to a street office',
      reportedAtDistrict,
      districtDispatcher,
      PROPERTY_OFFICE,
      'unit_not_allowed',
    ],
  ] as const)('%s → %s', (_rule, played, actor, lead, expected) => {
    expect(outcomeOf(decide(played.event, dispatchTo(lead), actor, NOW))).toBe(expected);
  });

  it('assisting units follow the lead’s rule and may not repeat it', () => {
    const street = reportedAtStreet.event;
    expect(decide(street, dispatchTo(PROPERTY_OFFICE, [OWN_COMMUNITY]), streetHead, NOW).ok).toBe(true);
    for (const assisting of [[WATER_AFFAIRS], [PROPERTY_OFFICE], [OWN_COMMUNITY, OWN_COMMUNITY]]) {
      const decision = decide(street, dispatchTo(PROPERTY_OFFICE, assisting), streetHead, NOW);
      expect(refusalOf(decision)).toBe('unit_not_allowed');
    }
  });

  it('records the lead, the assisting units and the level that sent it', () => {
    const sent = play(reportedAtStreet, [dispatchTo(PROPERTY_OFFICE, [OWN_COMMUNITY]), streetDispatcher]);
    expect(sent.event).toMatchObject({
      state: 'dispatched',
      lead: PROPERTY_OFFICE,
      assisting: [OWN_COMMUNITY],
      dispatchedAtLevel: 'street',
      whistle: 'none',
    });
  });
});

describe('the whistle (街道吹哨) and the second whistle (二次哨)', () => {
  it('only the street head whistles; the street dispatcher may not', () => {
    expect(refusalOf(decide(reportedAtStreet.event, WHISTLE, streetDispatcher, NOW))).toBe('role_may_not');
    expect(refusalOf(decide(reportedAtStreet.event, WHISTLE, streetHead, NOW))).toBeNull();
  });

  it('the whistle calls district departments only, never a street office or community', () => {
    for (const lead of [PROPERTY_OFFICE, OWN_COMMUNITY, OTHER_DISTRICTS_DEPARTMENT]) {
      expect(refusalOf(decide(reportedAtStreet.event, whistleTo(lead), streetHead, NOW))).toBe(
        'unit_not_allowed',
      );
    }
    const withOffice = whistleTo(CITY_MANAGEMENT, [PROPERTY_OFFICE]);
    expect(refusalOf(decide(reportedAtStreet.event, withOffice, streetHead, NOW))).toBe('unit_not_allowed');
  });

  it('a whistle names a lead and assisting departments, and the street is its dispatcher', () => {
    const called = play(reportedAtStreet, [whistleTo(WATER_AFFAIRS, [CITY_MANAGEMENT]), streetHead]);
    expect(called.event).toMatchObject({
      state: 'dispatched',
      lead: WATER_AFFAIRS,
      assisting: [CITY_MANAGEMENT],
      whistle: 'first',
      dispatchedAtLevel: 'street',
      level: 'street',
    });
  });

  it('an assisting department’s officer may not accept, return or handle: only the lead’s people', () => {
    const called = play(reportedAtStreet, [whistleTo(WATER_AFFAIRS, [CITY_MANAGEMENT]), streetHead]);
    expect(refusalOf(decide(called.event, ACCEPT, officer, NOW))).toBe('not_the_handling_unit');
    expect(refusalOf(decide(called.event, RETURN, officer, NOW))).toBe('not_the_handling_unit');
    const waterOfficer: Actor = { ...officer, userId: 70, departmentCode: 'SWJ' };
    const taken = play(called, [ACCEPT, waterOfficer]);
    expect(refusalOf(decide(taken.event, HANDLE, officer, NOW))).toBe('not_the_handling_unit');
  });

  it('the second whistle brings the district in, keeps the state, and the street still answers and closes', () => {
    const again = play(whistled, [SECOND_WHISTLE, streetHead]);
    expect(again.event).toMatchObject({
      state: 'dispatched',
      whistle: 'second',
      level: 'district',
      dispatchedAtLevel: 'street',
    });
    expect(refusalOf(decide(again.event, SECOND_WHISTLE, streetHead, NOW))).toBe('already_second_whistle');
  });

  it('there is no second whistle without a first', () => {
    const sent = play(reportedAtStreet, [dispatchTo(PROPERTY_OFFICE), streetDispatcher]);
    expect(refusalOf(decide(sent.event, SECOND_WHISTLE, streetHead, NOW))).toBe('not_whistled');
  });
});

describe('the handling unit and its people', () => {
  const toCommunity = play(reportedAtCommunity, [dispatchTo(OWN_COMMUNITY), communityStaff]);

  it('a case sent to a community is accepted by that community’s staff or grid leader', () => {
    expect(decide(toCommunity.event, ACCEPT, communityStaff, NOW).ok).toBe(true);
    expect(decide(toCommunity.event, ACCEPT, gridLeader, NOW).ok).toBe(true);
  });

  it('another community’s staff may not accept it, nor may a department officer', () => {
    const neighbour: Actor = { ...communityStaff, userId: 40, areaPath: 'D/S1/C2' };
    expect(refusalOf(decide(toCommunity.event, ACCEPT, neighbour, NOW))).toBe('not_the_handling_unit');
    expect(refusalOf(decide(toCommunity.event, ACCEPT, officer, NOW))).toBe('role_may_not');
  });

  it('another department’s officer may not accept a case whistled to CGW', () => {
    const water: Actor = { ...officer, userId: 70, departmentCode: 'SWJ' };
    expect(refusalOf(decide(whistled.event, ACCEPT, water, NOW))).toBe('not_the_handling_unit');
  });

  it('a return is refused once the case is accepted: a department may not refuse what it took', () => {
    expect(decide(accepted.event, RETURN, officer, NOW)).toEqual({
      ok: false,
      refusal: { reason: 'wrong_state', kind: 'conflict' },
    });
  });

  it('an extension is asked only of an accepted case, in whole positive hours, with a reason', () => {
    expect(refusalOf(decide(whistled.event, EXTEND, officer, NOW))).toBe('wrong_state');
    for (const extraHours of [0, -4, 1.5]) {
      const decision = decide(accepted.event, { ...EXTEND, extraHours }, officer, NOW);
      expect(refusalOf(decision)).toBe('extra_hours_invalid');
    }
    expect(refusalOf(decide(accepted.event, { ...EXTEND, reason: '' }, officer, NOW))).toBe(
      'reason_required',
    );
  });

  it('handling drops an extension still waiting', () => {
    const done = play(extensionRequested, [HANDLE, officer]);
    expect(done.event).toMatchObject({ state: 'handled', pendingRequest: null });
  });

  it('a request remembers who asked', () => {
    expect(returnRequested.event.pendingRequest).toEqual({
      kind: 'return',
      reason: 'Not ours: a housing matter',
      requestedBy: officer.userId,
    });
    expect(extensionRequested.event.pendingRequest).toEqual({
      kind: 'extension',
      reason: 'Waiting for parts',
      extraHours: 48,
      requestedBy: officer.userId,
    });
  });
});

describe('answering requests: approve and refuse, for each kind', () => {
  it('an approved return sends the case back to triage at the street, forgetting unit and whistle', () => {
    const back = play(returnRequested, [APPROVE, streetDispatcher]);
    expect(back.log.at(-1)?.fact).toEqual({ type: 'return_approved', level: 'street' });
    expect(back.event).toMatchObject({
      state: 'reported',
      level: 'street',
      lead: null,
      assisting: [],
      dispatchedAtLevel: null,
      whistle: 'none',
      pendingRequest: null,
    });
  });

  it('an approved return after a second whistle goes back to the street, not the district', () => {
    const back = play(whistled, [SECOND_WHISTLE, streetHead], [RETURN, officer], [APPROVE, streetHead]);
    expect(back.event).toMatchObject({ state: 'reported', level: 'street', whistle: 'none' });
  });

  it('a refused return leaves the case with the department, which may then accept it', () => {
    const kept = play(returnRequested, [REFUSE, streetHead]);
    expect(kept.log.at(-1)?.fact).toEqual({ type: 'return_refused', reason: 'It is yours by the catalogue' });
    expect(kept.event).toMatchObject({ state: 'dispatched', lead: CITY_MANAGEMENT, pendingRequest: null });
    expect(play(kept, [ACCEPT, officer]).event.state).toBe('accepted');
  });

  it('an approved extension records the extra hours and clears the request', () => {
    const longer = play(extensionRequested, [APPROVE, streetDispatcher]);
    expect(longer.log.at(-1)?.fact).toEqual({ type: 'extension_approved', extraHours: 48 });
    expect(longer.event).toMatchObject({ state: 'accepted', pendingRequest: null });
  });

  it('a refused extension clears the request, and the unit may ask again', () => {
    const refusedOnce = play(extensionRequested, [REFUSE, streetDispatcher]);
    expect(refusedOnce.log.at(-1)?.fact).toEqual({
      type: 'extension_refused',
      reason: 'It is yours by the catalogue',
    });
    expect(refusedOnce.event.pendingRequest).toBeNull();
    expect(decide(refusedOnce.event, EXTEND, officer, NOW).ok).toBe(true);
  });

  it('refusing needs a reason', () => {
    const blank = { type: 'refuse', reason: '\t' } as const;
    expect(refusalOf(decide(returnRequested.event, blank, streetHead, NOW))).toBe('reason_required');
  });

  it('a community that sent a case answers through its staff, not its grid leader', () => {
    const asked = play(
      reportedAtCommunity,
      [dispatchTo(OWN_COMMUNITY), gridLeader],
      [RETURN, communityStaff],
    );
    expect(refusalOf(decide(asked.event, APPROVE, gridLeader, NOW))).toBe('role_may_not');
    expect(refusalOf(decide(asked.event, APPROVE, streetHead, NOW))).toBe('not_the_holder');
    expect(play(asked, [APPROVE, communityStaff]).event).toMatchObject({
      state: 'reported',
      level: 'community',
    });
  });
});

describe('verification, rating and rework (返工)', () => {
  it('a grid worker verifies only in their own grid', () => {
    const elsewhere: Actor = { ...gridWorker, userId: 20, areaPath: 'D/S1/C1/G12' };
    expect(refusalOf(decide(handled.event, VERIFY, elsewhere, NOW))).toBe('not_the_holder');
  });

  it('a failed verification needs a reason and sends the case back to the unit, counting a rework', () => {
    expect(refusalOf(decide(handled.event, { ...VERIFY_FAILED, text: '' }, gridWorker, NOW))).toBe(
      'reason_required',
    );
    const once = play(handled, [VERIFY_FAILED, gridWorker]);
    expect(once.event).toMatchObject({ state: 'accepted', reworkCount: 1, lead: CITY_MANAGEMENT });
    const twice = play(once, [HANDLE, officer], [VERIFY_FAILED, communityStaff]);
    expect(twice.event.reworkCount).toBe(2);
  });

  it('a dissatisfied rating with rework sends the case back and counts a rework; the rating is kept in the log', () => {
    const dissatisfied = {
      type: 'rate',
      rating: 'dissatisfied',
      comment: 'Still rocks',
      rework: true,
    } as const;
    const back = play(verified, [dissatisfied, resident]);
    expect(back.log.slice(-2).map(({ fact }) => fact)).toEqual([
      { type: 'rated', rating: 'dissatisfied', comment: 'Still rocks' },
      { type: 'rework_ordered' },
    ]);
    expect(back.event).toMatchObject({ state: 'accepted', reworkCount: 1, rating: null });
    const fixedAgain = play(back, [HANDLE, officer], [VERIFY, gridWorker], [RATE, resident]);
    expect(fixedAgain.event).toMatchObject({ state: 'rated', rating: 'satisfied', reworkCount: 1 });
  });

  it('a dissatisfied rating without rework stands, and the case goes on to be closed', () => {
    const dissatisfied = { type: 'rate', rating: 'dissatisfied', comment: 'Slow', rework: false } as const;
    expect(play(verified, [dissatisfied, resident]).event).toMatchObject({
      state: 'rated',
      rating: 'dissatisfied',
    });
  });

  it('rework is ordered only with a dissatisfied rating', () => {
    const notDissatisfied = {
      type: 'rate',
      rating: 'basically_satisfied',
      comment: '',
      rework: true,
    } as const;
    expect(refusalOf(decide(verified.event, notDissatisfied, resident, NOW))).toBe(
      'rework_only_if_dissatisfied',
    );
  });

  it('a case solved on the spot has no unit to redo it: rework is refused', () => {
    const solved = play(reportedAtGrid, [SOLVE, gridWorker]);
    const dissatisfied = { type: 'rate', rating: 'dissatisfied', comment: '', rework: true } as const;
    expect(refusalOf(decide(solved.event, dissatisfied, gridWorker, NOW))).toBe('wrong_state');
  });

  it('a resident rates only what they reported', () => {
    const neighbour: Actor = { ...resident, userId: 100 };
    expect(refusalOf(decide(verified.event, RATE, neighbour, NOW))).toBe('not_reporter');
  });
});

describe('closing and reopening', () => {
  const closedAt = must(closed.event.closedAt);
  const daysAfterClose = (days: number) => new Date(closedAt.getTime() + days * DAY);

  it('closing records when', () => {
    expect(closed.event.closedAt).toEqual(closed.log.at(-1)?.at);
  });

  it.each([
    [29, 'ok'],
    [REOPEN_WINDOW_DAYS, 'ok'],
    [31, 'reopen_window_passed'],
  ] as const)('%i days after the close, a reopen → %s', (days, expected) => {
    expect(outcomeOf(decide(closed.event, REOPEN, supervisionOffice, daysAfterClose(days)))).toBe(expected);
  });

  it('a reopened case returns to triage at the level that sent it out, its unit, rating and close forgotten', () => {
    const again = play(closed, [REOPEN, districtDispatcher]);
    expect(again.event).toMatchObject({
      state: 'reported',
      level: 'street',
      lead: null,
      assisting: [],
      dispatchedAtLevel: null,
      whistle: 'none',
      rating: null,
      closedAt: null,
    });
  });

  it('a case solved on the spot reopens at the grid', () => {
    const solved = play(reportedAtGrid, [SOLVE, gridWorker], [CLOSE, gridWorker], [REOPEN, streetHead]);
    expect(solved.event).toMatchObject({ state: 'reported', level: 'grid' });
  });

  it('reopening needs a reason', () => {
    const blank = { type: 'reopen', reason: '' } as const;
    expect(refusalOf(decide(closed.event, blank, streetHead, daysAfterClose(1)))).toBe('reason_required');
  });
});

describe('merging duplicates', () => {
  it('the duplicate is merged into the target, and the target remembers it, its state unchanged', () => {
    const both = merged(reportedAtCommunity, openTarget, communityStaff);
    expect(both.duplicate.event).toMatchObject({ state: 'merged', mergedInto: 'E-TARGET' });
    expect(both.target.event).toMatchObject({ state: 'reported', mergedFrom: ['E1'] });
    expect(both.target.log.at(-1)?.fact).toMatchObject({ type: 'duplicate_merged', duplicateEventId: 'E1' });
  });

  it('an event is not merged into itself', () => {
    expect(
      refusalOf(decideMerge(reportedAtCommunity.event, reportedAtCommunity.event, communityStaff, NOW)),
    ).toBe('same_event');
  });

  it.each([
    ['closed', closed],
    ['cancelled', cancelled],
    ['merged', mergedAway],
  ] as const)('the target may not be %s', (_state, target) => {
    const duplicate = play(null, [reportBy(resident, 'resident', 'E-DUP'), resident]);
    expect(refusalOf(decideMerge(duplicate.event, target.event, communityStaff, NOW))).toBe(
      'target_not_open',
    );
  });

  it('the target may be any open state, e.g. being handled', () => {
    const duplicate = play(null, [reportBy(resident, 'resident', 'E-DUP'), resident]);
    expect(decideMerge(duplicate.event, accepted.event, communityStaff, NOW).ok).toBe(true);
  });
});

describe('cancelling', () => {
  it('cancelling needs a reason', () => {
    const blank = { type: 'cancel', reason: '' } as const;
    expect(refusalOf(decide(reportedAtStreet.event, blank, resident, NOW))).toBe('reason_required');
  });
});

describe('evolve and replay', () => {
  it('replaying the log gives the state reached fact by fact', () => {
    for (const played of Object.values(SITUATIONS)) {
      expect(replay(played.log)).toEqual(played.event);
    }
  });

  it('an empty log is no event', () => {
    expect(replay([])).toBeNull();
  });

  it('evolve never changes the state it is given, whatever the fact', () => {
    const longLife = play(
      whistled,
      [SECOND_WHISTLE, streetHead],
      [ACCEPT, officer],
      [EXTEND, officer],
      [APPROVE, streetHead],
      [HANDLE, officer],
      [VERIFY_FAILED, gridWorker],
      [HANDLE, officer],
      [VERIFY, gridWorker],
      [{ type: 'rate', rating: 'dissatisfied', comment: '', rework: true }, resident],
      [HANDLE, officer],
      [VERIFY, gridWorker],
      [CLOSE, streetHead],
      [REOPEN, streetHead],
    );
    const target = merged(reportedAtStreet, openTarget, streetHead).target;
    for (const { log } of [...Object.values(SITUATIONS), longLife, target]) {
      let before: EventState | null = null;
      for (const logged of log) {
        const snapshot = structuredClone(before);
        const after: EventState = evolve(before === null ? null : deepFrozen(before), logged);
        expect(before).toEqual(snapshot);
        before = after;
      }
    }
  });

  it('a fact before the report, or a second report, is an impossible log', () => {
    const accepting: LoggedFact = { fact: { type: 'accepted' }, at: T0, actorUserId: 7 };
    expect(() => evolve(null, accepting)).toThrow(/before the event was reported/);
    const firstReport = must(reportedAtGrid.log[0]);
    expect(() => evolve(reportedAtGrid.event, firstReport)).toThrow(/reported a second time/);
  });
});

describe('refusal reasons', () => {
  it('are the specified ones, each named once', () => {
    expect([...REFUSAL_REASONS].sort()).toEqual(Object.keys(KIND_OF_REASON).sort());
    expect(new Set(REFUSAL_REASONS).size).toBe(REFUSAL_REASONS.length);
  });
});

function deepFrozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}

describe('urging (催办)', () => {
  const URGE: EventCommand = { type: 'urge', text: '市民来电催办' };
  const reporterOf = (played: Played): Actor => ({
    userId: must(played.event.reporterUserId),
    roles: ['community_staff'],
    areaPath: 'D',
    departmentCode: null,
  });

  it('the reporter urges a case still open, and the state stays as it was', () => {
    for (const played of [reportedAtStreet, whistled, accepted, handled]) {
      const decision = decide(played.event, URGE, reporterOf(played), NOW);
      expect(decision).toEqual({ ok: true, facts: [{ type: 'urged', text: '市民来电催办' }] });
      const after = replay([...played.log, ...logAt(decision.ok ? decision.facts : [])]);
      expect(after?.state).toBe(played.event.state);
    }
  });

  it('nobody but the reporter urges: a dispatcher is refused as not the reporter', () => {
    expect(refusalOf(decide(accepted.event, URGE, streetHead, NOW))).toBe('not_reporter');
  });

  it('an ended case cannot be urged', () => {
    for (const played of [closed, cancelled, mergedAway]) {
      expect(refusalOf(decide(played.event, URGE, reporterOf(played), NOW))).toBe('wrong_state');
    }
  });

  it('an urge says what the caller pressed for', () => {
    expect(refusalOf(decide(accepted.event, { type: 'urge', text: ' ' }, reporterOf(accepted), NOW))).toBe(
      'reason_required',
    );
  });
});
