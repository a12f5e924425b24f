/**
 * The vocabulary of one event (事件): where it came from, the states it moves through, the levels it waits at,
 * the units that handle it and the facts that are recorded about it. The rules that move it are in
 * `lifecycle.ts`; this file only names things.
 */

/** Where a report comes from. */
export const EVENT_SOURCES = [
  'resident', // 居民/企业 (mini-program, WeChat page)
  'grid_worker', // 网格员巡查
  'hotline', // 12345 热线
  'camera', // 视频/物联感知
  'other_system', // 其他系统
  'leader_instruction', // 领导交办
] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The closed loop: 巡查报告 → 调度派遣 → 协调处置 → 跟踪回访 → 评价结案. */
export const EVENT_STATES = [
  'reported', // waits at `level` for triage: solve, escalate, dispatch, whistle, merge or cancel
  'dispatched', // sent to a unit, waits for it to accept (接单)
  'accepted', // the unit is handling it (处置中)
  'handled', // the unit reported it handled, waits for on-site verification (核查)
  'verified', // verified on site, waits for the follow-up with the reporter (回访) or the close
  'rated', // the reporter rated it, waits for the close (结案)
  'closed', // 结案; may be reopened within a window
  'cancelled', // withdrawn before dispatch
  'merged', // a duplicate, folded into another event
] as const;
export type EventStateName = (typeof EVENT_STATES)[number];

/** The states a case leaves the loop in: closed, withdrawn before dispatch, or folded into another. */
export const ENDED_STATES = ['closed', 'cancelled', 'merged'] as const satisfies readonly EventStateName[];
export type EndedStateName = (typeof ENDED_STATES)[number];

export function isOpenState(state: EventStateName): state is Exclude<EventStateName, EndedStateName> {
  return !(ENDED_STATES as readonly EventStateName[]).includes(state);
}

/** The states in which a case is still open, in the loop's order. */
export const OPEN_STATES: readonly Exclude<EventStateName, EndedStateName>[] =
  EVENT_STATES.filter(isOpenState);

/** The tiers of the chain a case climbs: grid → community → street → district. */
export const EVENT_LEVELS = ['grid', 'community', 'street', 'district'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * Who handles a case: a district department (职能部门), a street office (街道科室), or a community handling it
 * itself. `areaPath` is where the unit sits: the district, its street, or the community.
 */
export interface Unit {
  kind: 'district_department' | 'street_office' | 'community';
  code: string;
  areaPath: string;
}

export interface GeoPoint {
  lng: number;
  lat: number;
}

/** A request from the handling unit that waits for the dispatcher's yes or no. */
export type PendingRequest =
  | { kind: 'return'; reason: string; requestedBy: number }
  | { kind: 'extension'; reason: string; extraHours: number; requestedBy: number };

/** The current state of one event, derived from its facts by `evolve` (see lifecycle.ts). */
export interface EventState {
  id: string;
  state: EventStateName;
  level: EventLevel;
  source: EventSource;
  catalogueItemCode: string;
  description: string;
  /** The deepest area holding the event (micro-grid or grid), and its path; null until located. */
  areaCode: string | null;
  areaPath: string | null;
  location: GeoPoint | null;
  address: string | null;
  reporterUserId: number | null;
  reportedAt: Date;
  lead: Unit | null;
  assisting: Unit[];
  /** The level whose dispatcher sent the case out, and so approves returns and extensions and closes it. */
  dispatchedAtLevel: EventLevel | null;
  whistle: 'none' | 'first' | 'second';
  pendingRequest: PendingRequest | null;
  reworkCount: number;
  rating: Rating | null;
  closedAt: Date | null;
  mergedInto: string | null;
  /** Events folded into this one: their reporters get this one's outcome. */
  mergedFrom: string[];
  /** The reporters of those events: they follow this one as if they had reported it. */
  mergedReporterUserIds: number[];
  /** How many step limits this case has passed (each counted once, when the sweeper saw it pass). */
  overdueCount: number;
}
