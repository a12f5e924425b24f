/**
 * The life of one event as a pure state machine: `decide` answers a command with the facts to record or a
 * refusal, `evolve` folds a fact into the state. No clock (time is passed in), no I/O. The HTTP layer checks
 * first that the event is in the actor's sight (404 otherwise); the rules here check roles, and the places
 * that a rule names: the grid of an on-site check, the community or department a case was sent to, where a
 * unit sits.
 *
 * Checks run in one order, so that a refusal is predictable: the event's state (conflict), then the actor
 * (forbidden), then what else the event must be (located, no request waiting…), then the command's own
 * content (invalid).
 */
import { type EventState, isOpenState, type PendingRequest } from './events.ts';
import { COMMAND_TYPES, type CommandOf, type EventCommand } from './lifecycle/commands.ts';
import { type EventFact, evolve, type FactOf, type LoggedFact, replay } from './lifecycle/facts.ts';
import {
  areaAtLevel,
  initialLevel,
  nextLevel,
  receiversAt,
  unitsAllowed,
  WHISTLED_KINDS,
} from './lifecycle/levels.ts';
import {
  actsHere,
  DISPATCHERS,
  HOLDERS,
  mayVerify,
  ofLeadUnit,
  reporterOr,
  rolesOfAnyLevel,
  SENDERS,
} from './lifecycle/people.ts';
import {
  REFUSAL_REASONS,
  type Refusal,
  type RefusalReason,
  type Refused,
  refused,
  textGiven,
} from './lifecycle/refusals.ts';
import type { Actor } from './permissions.ts';
import type { Role } from './roles.ts';

export type { CommandOf, EventCommand, EventFact, FactOf, LoggedFact, Refusal, RefusalReason };
export { COMMAND_TYPES, evolve, initialLevel, nextLevel, REFUSAL_REASONS, replay };

export type Decision = { ok: true; facts: EventFact[] } | { ok: false; refusal: Refusal };

/** A closed case may be reopened for this many natural days after its close. */
export const REOPEN_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const ANY_HOLDER = rolesOfAnyLevel(HOLDERS);
const ANY_SENDER = rolesOfAnyLevel(SENDERS);
const ANY_DISPATCHER = rolesOfAnyLevel(DISPATCHERS);
/** Closing falls to the dispatcher, or to the holders of a case that never left its level. */
const ANY_CLOSER = [...new Set([...ANY_HOLDER, ...ANY_DISPATCHER])];
const RATERS: readonly Role[] = [
  'community_staff',
  'street_dispatcher',
  'street_head',
  'district_dispatcher',
];
const REOPENERS: readonly Role[] = [
  'street_dispatcher',
  'street_head',
  'district_dispatcher',
  'supervision_office',
];
const WHISTLERS: readonly Role[] = ['street_head'];
const SOLVERS: readonly Role[] = ['grid_worker'];

export function decide(event: EventState | null, command: EventCommand, actor: Actor, now: Date): Decision {
  if (command.type === 'report') return event === null ? report(command) : refused('wrong_state');
  if (event === null) return refused('wrong_state');
  switch (command.type) {
    case 'locate':
      return locate(event, command, actor);
    case 'solve':
      return solve(event, command, actor);
    case 'escalate':
      return escalate(event, command, actor);
    case 'dispatch':
      return dispatch(event, command, actor);
    case 'whistle':
      return whistle(event, command, actor);
    case 'second_whistle':
      return secondWhistle(event, command, actor);
    case 'accept':
      return accept(event, actor);
    case 'return':
      return requestReturn(event, command, actor);
    case 'extend':
      return requestExtension(event, command, actor);
    case 'approve':
      return approve(event, actor);
    case 'refuse':
      return refuse(event, command, actor);
    case 'handle':
      return handle(event, command, actor);
    case 'verify':
      return verify(event, command, actor);
    case 'rate':
      return rate(event, command, actor);
    case 'close':
      return close(event, command, actor);
    case 'reopen':
      return reopen(event, command, actor, now);
    case 'cancel':
      return cancel(event, command, actor);
    case 'urge':
      return urge(event, command, actor);
  }
}

/**
 * Folds a duplicate into the event it repeats: the duplicate is merged, and the target remembers it so that
 * the duplicate's reporter hears the target's outcome. Only an untriaged duplicate, only into an open event.
 */
export function decideMerge(
  duplicate: EventState,
  target: EventState,
  actor: Actor,
  // Merging has no time rule yet; `now` keeps the shape of `decide` for the caller.
  _now: Date,
): { ok: true; duplicateFacts: EventFact[]; targetFacts: EventFact[] } | { ok: false; refusal: Refusal } {
  const refusal =
    inState(duplicate, 'reported') ??
    actsHere(actor, HOLDERS[duplicate.level], ANY_HOLDER) ??
    (duplicate.id === target.id ? refused('same_event') : null) ??
    (isOpenState(target.state) ? null : refused('target_not_open'));
  if (refusal) return refusal;
  return {
    ok: true,
    duplicateFacts: [{ type: 'merged', intoEventId: target.id }],
    targetFacts: [
      { type: 'duplicate_merged', duplicateEventId: duplicate.id, reporterUserId: duplicate.reporterUserId },
    ],
  };
}

function recorded(...facts: EventFact[]): Decision {
  return { ok: true, facts };
}

function inState(event: EventState, ...states: EventState['state'][]): Refused | null {
  return states.includes(event.state) ? null : refused('wrong_state');
}

function located(event: EventState): string | Refused {
  return event.areaPath ?? refused('not_located');
}

function noRequestPending(event: EventState): Refused | null {
  return event.pendingRequest === null ? null : refused('request_pending');
}

function report(command: CommandOf<'report'>): Decision {
  return (
    textGiven(command.description) ??
    recorded({
      type: 'reported',
      eventId: command.eventId,
      source: command.source,
      catalogueItemCode: command.catalogueItemCode,
      description: command.description,
      location: command.location,
      areaCode: command.areaCode,
      areaPath: command.areaPath,
      address: command.address,
      reporterUserId: command.reporterUserId,
      level: initialLevel(command.source),
    })
  );
}

function locate(event: EventState, command: CommandOf<'locate'>, actor: Actor): Decision {
  const { areaCode, areaPath, location } = command;
  return (
    inState(event, 'reported') ??
    actsHere(actor, HOLDERS[event.level], ANY_HOLDER) ??
    recorded({ type: 'located', areaCode, areaPath, location })
  );
}

/** 就地解决: the grid worker fixes it there and then, and having seen it done, it counts as verified. */
function solve(event: EventState, command: CommandOf<'solve'>, actor: Actor): Decision {
  const refusal =
    inState(event, 'reported') ?? actsHere(actor, event.level === 'grid' ? SOLVERS : [], SOLVERS);
  if (refusal) return refusal;
  const place = located(event);
  if (typeof place !== 'string') return place;
  return (
    textGiven(command.text) ??
    recorded({ type: 'solved_on_the_spot', text: command.text, attachmentIds: command.attachmentIds })
  );
}

function escalate(event: EventState, command: CommandOf<'escalate'>, actor: Actor): Decision {
  const refusal = inState(event, 'reported') ?? actsHere(actor, HOLDERS[event.level], ANY_HOLDER);
  if (refusal) return refusal;
  const toLevel = nextLevel(event.level);
  if (toLevel === null) return refused('top_level');
  return (
    textGiven(command.reason) ??
    recorded({ type: 'escalated', fromLevel: event.level, toLevel, reason: command.reason })
  );
}

function dispatch(event: EventState, command: CommandOf<'dispatch'>, actor: Actor): Decision {
  const { lead, assisting } = command;
  const refusal = inState(event, 'reported') ?? actsHere(actor, SENDERS[event.level], ANY_SENDER);
  if (refusal) return refusal;
  const place = located(event);
  if (typeof place !== 'string') return place;
  return (
    unitsAllowed([lead, ...assisting], receiversAt(event.level), areaAtLevel(place, event.level)) ??
    recorded({ type: 'dispatched', level: event.level, lead, assisting })
  );
}

/** 街道吹哨、部门报到: only the street's head calls district departments to a case waiting at the street. */
function whistle(event: EventState, command: CommandOf<'whistle'>, actor: Actor): Decision {
  const { lead, assisting, reason } = command;
  const refusal =
    inState(event, 'reported') ?? actsHere(actor, event.level === 'street' ? WHISTLERS : [], WHISTLERS);
  if (refusal) return refusal;
  const place = located(event);
  if (typeof place !== 'string') return place;
  return (
    unitsAllowed([lead, ...assisting], WHISTLED_KINDS, areaAtLevel(place, 'district')) ??
    textGiven(reason) ??
    recorded({ type: 'whistled', lead, assisting, reason })
  );
}

/** 二次哨: a whistle that went unanswered is blown again, and the district's leaders take the case up. */
function secondWhistle(event: EventState, command: CommandOf<'second_whistle'>, actor: Actor): Decision {
  return (
    inState(event, 'dispatched', 'accepted') ??
    actsHere(actor, WHISTLERS, WHISTLERS) ??
    whistleAnswer(event.whistle) ??
    textGiven(command.reason) ??
    recorded({ type: 'second_whistled', reason: command.reason })
  );
}

function whistleAnswer(whistle: EventState['whistle']): Refused | null {
  switch (whistle) {
    case 'none':
      return refused('not_whistled');
    case 'first':
      return null;
    case 'second':
      return refused('already_second_whistle');
  }
}

function accept(event: EventState, actor: Actor): Decision {
  return (
    inState(event, 'dispatched') ??
    ofLeadUnit(actor, event.lead) ??
    noRequestPending(event) ??
    recorded({ type: 'accepted' })
  );
}

/** 退单 is asked before accepting: once a unit has accepted a case it may not refuse it. */
function requestReturn(event: EventState, command: CommandOf<'return'>, actor: Actor): Decision {
  return (
    inState(event, 'dispatched') ??
    ofLeadUnit(actor, event.lead) ??
    noRequestPending(event) ??
    textGiven(command.reason) ??
    recorded({ type: 'return_requested', reason: command.reason, requestedBy: actor.userId })
  );
}

function requestExtension(event: EventState, command: CommandOf<'extend'>, actor: Actor): Decision {
  const { reason, extraHours } = command;
  return (
    inState(event, 'accepted') ??
    ofLeadUnit(actor, event.lead) ??
    noRequestPending(event) ??
    textGiven(reason) ??
    (Number.isInteger(extraHours) && extraHours > 0 ? null : refused('extra_hours_invalid')) ??
    recorded({ type: 'extension_requested', reason, extraHours, requestedBy: actor.userId })
  );
}

/** The dispatcher of the level that sent the case out answers its unit's request. */
function requestToAnswer(event: EventState, actor: Actor): PendingRequest | Refused {
  const here = event.dispatchedAtLevel === null ? [] : DISPATCHERS[event.dispatchedAtLevel];
  const refusal = inState(event, 'dispatched', 'accepted') ?? actsHere(actor, here, ANY_DISPATCHER);
  return refusal ?? event.pendingRequest ?? refused('no_request_pending');
}

function approve(event: EventState, actor: Actor): Decision {
  const request = requestToAnswer(event, actor);
  if ('refusal' in request) return request;
  switch (request.kind) {
    case 'return':
      // Back to triage at the level that sent it, which now picks another unit.
      return recorded({ type: 'return_approved', level: event.dispatchedAtLevel ?? event.level });
    case 'extension':
      return recorded({ type: 'extension_approved', extraHours: request.extraHours });
  }
}

function refuse(event: EventState, command: CommandOf<'refuse'>, actor: Actor): Decision {
  const request = requestToAnswer(event, actor);
  if ('refusal' in request) return request;
  const type = request.kind === 'return' ? 'return_refused' : 'extension_refused';
  return textGiven(command.reason) ?? recorded({ type, reason: command.reason });
}

function handle(event: EventState, command: CommandOf<'handle'>, actor: Actor): Decision {
  return (
    inState(event, 'accepted') ??
    ofLeadUnit(actor, event.lead) ??
    textGiven(command.text) ??
    recorded({ type: 'handled', text: command.text, attachmentIds: command.attachmentIds })
  );
}

/** 核查: a failed check sends the case back to the unit (返工); the reason for it must be written down. */
function verify(event: EventState, command: CommandOf<'verify'>, actor: Actor): Decision {
  const { passed, text, attachmentIds } = command;
  return (
    inState(event, 'handled') ??
    mayVerify(actor, event) ??
    (passed ? null : textGiven(text)) ??
    recorded({ type: passed ? 'verified' : 'verification_failed', text, attachmentIds })
  );
}

/** 回访: the reporter, or staff following the case, rates it; a dissatisfied rating may order rework. */
function rate(event: EventState, command: CommandOf<'rate'>, actor: Actor): Decision {
  const { rating, comment, rework } = command;
  const refusal =
    inState(event, 'verified') ??
    reporterOr(actor, event, actsHere(actor, RATERS, RATERS)) ??
    reworkAllowed(event, command);
  if (refusal) return refusal;
  const rated: FactOf<'rated'> = { type: 'rated', rating, comment };
  return rework ? recorded(rated, { type: 'rework_ordered' }) : recorded(rated);
}

/** Rework goes back to the unit that did the work; a case solved on the spot has no unit to send it to. */
function reworkAllowed(event: EventState, command: CommandOf<'rate'>): Refused | null {
  if (!command.rework) return null;
  if (event.lead === null) return refused('wrong_state');
  return command.rating === 'dissatisfied' ? null : refused('rework_only_if_dissatisfied');
}

/** 结案: by the dispatcher that sent the case out, or by the holders of a case that never left its level. */
function close(event: EventState, command: CommandOf<'close'>, actor: Actor): Decision {
  const closers =
    event.dispatchedAtLevel === null ? HOLDERS[event.level] : DISPATCHERS[event.dispatchedAtLevel];
  return (
    inState(event, 'verified', 'rated') ??
    actsHere(actor, closers, ANY_CLOSER) ??
    recorded({ type: 'closed', text: command.text })
  );
}

/** A closed case that comes back (the lamp is dark again) returns to triage at the level that closed it. */
function reopen(event: EventState, command: CommandOf<'reopen'>, actor: Actor, now: Date): Decision {
  return (
    inState(event, 'closed') ??
    actsHere(actor, REOPENERS, REOPENERS) ??
    (withinReopenWindow(event.closedAt, now) ? null : refused('reopen_window_passed')) ??
    textGiven(command.reason) ??
    recorded({ type: 'reopened', reason: command.reason, level: event.dispatchedAtLevel ?? event.level })
  );
}

function withinReopenWindow(closedAt: Date | null, now: Date): boolean {
  return closedAt !== null && now.getTime() - closedAt.getTime() <= REOPEN_WINDOW_DAYS * DAY_MS;
}

/** Withdrawn before anyone was sent: by the reporter, or by the holders of its level. */
function cancel(event: EventState, command: CommandOf<'cancel'>, actor: Actor): Decision {
  return (
    inState(event, 'reported') ??
    reporterOr(actor, event, actsHere(actor, HOLDERS[event.level], ANY_HOLDER)) ??
    textGiven(command.reason) ??
    recorded({ type: 'cancelled', reason: command.reason })
  );
}

/**
 * 催办: the reporter presses a case still open, as the 12345 hotline does for its callers. Only the reporter
 * urges (a hotline's account is the reporter of its orders); whoever holds the case hears of it.
 */
function urge(event: EventState, command: CommandOf<'urge'>, actor: Actor): Decision {
  if (!isOpenState(event.state)) return refused('wrong_state');
  if (actor.userId !== event.reporterUserId) return refused('not_reporter');
  return textGiven(command.text) ?? recorded({ type: 'urged', text: command.text });
}
