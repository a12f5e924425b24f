import type { LimitStep } from '../catalogue.ts';
import type { EventLevel, EventSource, EventState, GeoPoint, Rating, Unit } from '../events.ts';

/**
 * What is recorded about an event, in the past tense. The log of facts is the event: its state is only their
 * fold (`evolve`), so a fact carries what was decided (the level a case went to, who asked) and never needs
 * the rules to be read back.
 */
export type EventFact =
  | {
      type: 'reported';
      eventId: string;
      source: EventSource;
      catalogueItemCode: string;
      description: string;
      location: GeoPoint | null;
      areaCode: string | null;
      areaPath: string | null;
      address: string | null;
      reporterUserId: number | null;
      level: EventLevel;
    }
  | { type: 'located'; areaCode: string; areaPath: string; location: GeoPoint | null }
  | { type: 'merged'; intoEventId: string } // this event was a duplicate
  | { type: 'duplicate_merged'; duplicateEventId: string; reporterUserId: number | null } // a duplicate was folded in
  | { type: 'solved_on_the_spot'; text: string; attachmentIds: string[] }
  | { type: 'escalated'; fromLevel: EventLevel; toLevel: EventLevel; reason: string }
  | { type: 'dispatched'; level: EventLevel; lead: Unit; assisting: Unit[] }
  | { type: 'whistled'; lead: Unit; assisting: Unit[]; reason: string }
  | { type: 'second_whistled'; reason: string }
  | { type: 'accepted' }
  | { type: 'return_requested'; reason: string; requestedBy: number }
  | { type: 'extension_requested'; reason: string; extraHours: number; requestedBy: number }
  | { type: 'return_approved'; level: EventLevel }
  | { type: 'return_refused'; reason: string }
  | { type: 'extension_approved'; extraHours: number }
  | { type: 'extension_refused'; reason: string }
  | { type: 'handled'; text: string; attachmentIds: string[] }
  | { type: 'verified'; text: string; attachmentIds: string[] }
  | { type: 'verification_failed'; text: string; attachmentIds: string[] }
  | { type: 'rated'; rating: Rating; comment: string }
  | { type: 'rework_ordered' } // after a dissatisfied rating (返工)
  | { type: 'closed'; text: string }
  | { type: 'reopened'; reason: string; level: EventLevel }
  | { type: 'cancelled'; reason: string }
  // 催办: the reporter (the 12345 hotline, for its callers) pressed the case; it changes no state.
  | { type: 'urged'; text: string }
  // Recorded by the deadline sweeper, not by a person: a step's warning point (yellow) or its limit (red) passed.
  | { type: 'deadline_warned'; step: LimitStep; dueAt: string }
  | { type: 'deadline_passed'; step: LimitStep; dueAt: string; notifySupervision?: boolean }
  // An overdue case that was not whistled is taken up by the level above the one that sent it.
  | { type: 'overdue_escalated'; fromLevel: EventLevel; toLevel: EventLevel };

export type FactOf<T extends EventFact['type']> = Extract<EventFact, { type: T }>;

/** A fact as stored: when it happened and who did it (null for the system: a camera, a timer). */
export interface LoggedFact {
  fact: EventFact;
  at: Date;
  actorUserId: number | null;
}

/**
 * The state after one more fact. Pure: the input is never changed. Facts are trusted (`decide` made them);
 * only a log that cannot be, a fact before the report or a second report, throws.
 */
export function evolve(event: EventState | null, logged: LoggedFact): EventState {
  const { fact, at } = logged;
  if (fact.type === 'reported') {
    if (event !== null) throw new Error(`Impossible log: event ${event.id} is reported a second time`);
    return newEvent(fact, at);
  }
  if (event === null) throw new Error(`Impossible log: '${fact.type}' before the event was reported`);
  return { ...event, ...changesOf(event, fact, at) };
}

export function replay(log: readonly LoggedFact[]): EventState | null {
  return log.reduce<EventState | null>(evolve, null);
}

function newEvent(fact: FactOf<'reported'>, at: Date): EventState {
  return {
    id: fact.eventId,
    state: 'reported',
    level: fact.level,
    source: fact.source,
    catalogueItemCode: fact.catalogueItemCode,
    description: fact.description,
    areaCode: fact.areaCode,
    areaPath: fact.areaPath,
    location: fact.location,
    address: fact.address,
    reporterUserId: fact.reporterUserId,
    reportedAt: at,
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
  };
}

/** A case sent back to triage forgets its last dispatch: the next one starts afresh, whistle included. */
function backToTriage(level: EventLevel): Partial<EventState> {
  return {
    state: 'reported',
    level,
    lead: null,
    assisting: [],
    dispatchedAtLevel: null,
    whistle: 'none',
    pendingRequest: null,
  };
}

function changesOf(
  event: EventState,
  fact: Exclude<EventFact, { type: 'reported' }>,
  at: Date,
): Partial<EventState> {
  switch (fact.type) {
    case 'located':
      return { areaCode: fact.areaCode, areaPath: fact.areaPath, location: fact.location };
    case 'merged':
      return { state: 'merged', mergedInto: fact.intoEventId };
    case 'duplicate_merged':
      return {
        mergedFrom: [...event.mergedFrom, fact.duplicateEventId],
        mergedReporterUserIds:
          fact.reporterUserId === null || event.mergedReporterUserIds.includes(fact.reporterUserId)
            ? event.mergedReporterUserIds
            : [...event.mergedReporterUserIds, fact.reporterUserId],
      };
    case 'solved_on_the_spot':
      return { state: 'verified' };
    case 'escalated':
      return { level: fact.toLevel };
    case 'dispatched':
      return sentTo(fact.lead, fact.assisting, fact.level);
    case 'whistled':
      return { ...sentTo(fact.lead, fact.assisting, 'street'), whistle: 'first' };
    case 'second_whistled':
      // District leaders now follow the case; the street still approves its requests and closes it.
      return { whistle: 'second', level: 'district' };
    case 'accepted':
      return { state: 'accepted' };
    case 'return_requested':
      return { pendingRequest: { kind: 'return', reason: fact.reason, requestedBy: fact.requestedBy } };
    case 'extension_requested':
      return {
        pendingRequest: {
          kind: 'extension',
          reason: fact.reason,
          extraHours: fact.extraHours,
          requestedBy: fact.requestedBy,
        },
      };
    case 'return_approved':
      return backToTriage(fact.level);
    case 'return_refused':
    case 'extension_approved':
    case 'extension_refused':
      return { pendingRequest: null };
    case 'handled':
      // Handled within the time it had: an extension still asked for is moot.
      return { state: 'handled', pendingRequest: null };
    case 'verified':
      return { state: 'verified' };
    case 'verification_failed':
      return { state: 'accepted', reworkCount: event.reworkCount + 1 };
    case 'rated':
      return { state: 'rated', rating: fact.rating };
    case 'rework_ordered':
      // The rating judged work that is now being redone; the fact keeps it for the figures.
      return { state: 'accepted', reworkCount: event.reworkCount + 1, rating: null };
    case 'closed':
      return { state: 'closed', closedAt: at };
    case 'reopened':
      return { ...backToTriage(fact.level), rating: null, closedAt: null };
    case 'cancelled':
      return { state: 'cancelled' };
    case 'deadline_warned':
    case 'urged':
      return {};
    case 'deadline_passed':
      return { overdueCount: event.overdueCount + 1 };
    case 'overdue_escalated':
      return { level: fact.toLevel };
  }
}

function sentTo(lead: Unit, assisting: Unit[], level: EventLevel): Partial<EventState> {
  return { state: 'dispatched', lead, assisting: [...assisting], dispatchedAtLevel: level };
}
