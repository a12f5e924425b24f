/**
 * Scores (考核): every case a unit is sent earns or loses points, automatically, by rules that are data; and the
 * streets rate the district departments once a year ("bottom rates top", 下考上). A department's annual score
 * combines the two, the streets' part weighing 50 % by default (seed 001, Tianjin Hongqiao).
 *
 * Pure: the rules, the event's states and its log are passed in. The default points below are this project's
 * local policy, not a standard's: the seeds say only that a late acceptance and a rating below "satisfied"
 * deduct points automatically (seed 000) and that each case is scored one by one (一事一考). Administrators
 * change the points and switch rules off; a change applies to the facts recorded after it.
 *
 * Who earns or loses: always the case's lead unit (承办主体) at the time of the fact — a district department,
 * a street office or a community. Assisting units earn and lose nothing: the lead answers for the case
 * (only its people may accept, handle or ask for a return), so the lead alone is scored. A case solved on
 * the spot has no unit and scores nobody.
 */
import type { EventState, Rating, Unit } from './events.ts';
import type { EventFact, LoggedFact } from './lifecycle/facts.ts';
import type { Actor } from './permissions.ts';

export interface ScoreRule {
  code: string;
  name: { zh: string; en: string };
  /** Added (positive) or taken (negative) each time the rule fires. */
  points: number;
  /** An inactive rule fires no more; the points it gave stay. */
  active: boolean;
}

export const SCORE_RULE_CODES = [
  'accepted_in_time',
  'handled_in_time',
  'rated_satisfied',
  'rated_basically_satisfied',
  'rated_dissatisfied',
  'step_overdue',
  'rework',
  'return_refused',
] as const;
export type ScoreRuleCode = (typeof SCORE_RULE_CODES)[number];

/**
 * The default rule set (local policy):
 * - `accepted_in_time` +1: the unit accepted (接单) before its accept limit passed.
 * - `handled_in_time` +2: the unit reported the case handled before its handle limit (extensions included)
 *   passed; each attempt after a rework is a new step with a fresh limit.
 * - `rated_satisfied` +2, `rated_basically_satisfied` +1, `rated_dissatisfied` −2: each rating (回访评价).
 * - `step_overdue` −2: each time the accept or the handle limit passes (每个 deadline_passed). The verify
 *   step is the street's and the grid's own work, not the unit's: its overdue scores nobody here.
 * - `rework` −1: each failed on-site check (核查不通过) or rework ordered after a dissatisfied rating (返工).
 * - `return_refused` −1: the unit asked to hand the case back (退单) and the dispatcher refused.
 * A clean case therefore earns 5 points (1 + 2 + 2): see `perfectEventPoints`.
 */
export const DEFAULT_SCORE_RULES: readonly ScoreRule[] = [
  { code: 'accepted_in_time', name: { zh: '按时接单', en: 'Accepted in time' }, points: 1, active: true },
  { code: 'handled_in_time', name: { zh: '按时办结', en: 'Handled in time' }, points: 2, active: true },
  { code: 'rated_satisfied', name: { zh: '评价满意', en: 'Rated satisfied' }, points: 2, active: true },
  {
    code: 'rated_basically_satisfied',
    name: { zh: '评价基本满意', en: 'Rated basically satisfied' },
    points: 1,
    active: true,
  },
  {
    code: 'rated_dissatisfied',
    name: { zh: '评价不满意', en: 'Rated dissatisfied' },
    points: -2,
    active: true,
  },
  { code: 'step_overdue', name: { zh: '环节超期', en: 'Step overdue' }, points: -2, active: true },
  { code: 'rework', name: { zh: '返工', en: 'Rework' }, points: -1, active: true },
  { code: 'return_refused', name: { zh: '退单被驳回', en: 'Return refused' }, points: -1, active: true },
];

/** The share of the streets' evaluation in a department's annual score (下考上: 50 % in seed 001). */
export const STREET_EVALUATION_WEIGHT_DEFAULT = 0.5;

/** Points a rule may give or take at most, and the range of a street's rating of a department. */
export const RULE_POINTS_LIMIT = 100;
export const STREET_RATING_MAX = 100;

/** One point added or taken: which event, which fact of its log, which rule, which unit. */
export interface ScoreEntry {
  eventId: string;
  unitCode: string;
  unitKind: Unit['kind'];
  ruleCode: string;
  points: number;
  at: Date;
}

/** The facts that can score: any other fact is passed over without reading the rules. */
export const SCORING_FACTS: ReadonlySet<EventFact['type']> = new Set([
  'accepted',
  'handled',
  'rated',
  'deadline_passed',
  'verification_failed',
  'rework_ordered',
  'return_refused',
]);

const RATING_RULES: Readonly<Record<Rating, ScoreRuleCode>> = {
  satisfied: 'rated_satisfied',
  basically_satisfied: 'rated_basically_satisfied',
  dissatisfied: 'rated_dissatisfied',
};

/** The facts that start a timed step of the unit (the same as the deadlines' own, src/domain/deadlines.ts). */
const STEP_STARTS: Readonly<Record<'accept' | 'handle', readonly EventFact['type'][]>> = {
  accept: ['dispatched', 'whistled'],
  handle: ['accepted', 'verification_failed', 'rework_ordered'],
};

/**
 * Whether the unit's step finished in time: no `deadline_passed` of that step since the fact that started it.
 * `history` is the log before the finishing fact.
 */
export function finishedInTime(history: readonly LoggedFact[], step: 'accept' | 'handle'): boolean {
  const start = history.findLastIndex((entry) => STEP_STARTS[step].includes(entry.fact.type));
  return !history
    .slice(start + 1)
    .some((entry) => entry.fact.type === 'deadline_passed' && entry.fact.step === step);
}

/** Which rule a fact fires, if any (whoever it would score). */
function ruleFiredBy(fact: EventFact, history: readonly LoggedFact[]): ScoreRuleCode | null {
  switch (fact.type) {
    case 'accepted':
      return finishedInTime(history, 'accept') ? 'accepted_in_time' : null;
    case 'handled':
      return finishedInTime(history, 'handle') ? 'handled_in_time' : null;
    case 'rated':
      return RATING_RULES[fact.rating];
    case 'deadline_passed':
      return fact.step === 'verify' ? null : 'step_overdue';
    case 'verification_failed':
    case 'rework_ordered':
      return 'rework';
    case 'return_refused':
      return 'return_refused';
    default:
      return null;
  }
}

/**
 * The points one fact adds or takes. `before` is the event before the fact, `after` after it; `log` is the
 * event's log (when it holds `logged` itself, only what came before it is read). An inactive rule, or one worth
 * zero points, writes nothing. The unit is the lead of `before`: the one that was to do the step.
 */
export function pointsFor(
  before: EventState | null,
  _after: EventState,
  logged: LoggedFact,
  log: readonly LoggedFact[],
  rules: readonly ScoreRule[],
): ScoreEntry[] {
  if (before === null || !SCORING_FACTS.has(logged.fact.type)) return [];
  const unit = before.lead;
  if (unit === null) return [];
  const position = log.indexOf(logged);
  const history = position >= 0 ? log.slice(0, position) : log;
  const code = ruleFiredBy(logged.fact, history);
  const rule = code === null ? undefined : rules.find((candidate) => candidate.code === code);
  if (!rule?.active || rule.points === 0) return [];
  return [
    {
      eventId: before.id,
      unitCode: unit.code,
      unitKind: unit.kind,
      ruleCode: rule.code,
      points: rule.points,
      at: logged.at,
    },
  ];
}

/**
 * The most one case can earn under these rules: accepted in time, handled in time, and the best rating. It is
 * the full mark the event points are measured against.
 */
export function perfectEventPoints(rules: readonly ScoreRule[]): number {
  const worth = (code: ScoreRuleCode) => {
    const rule = rules.find((candidate) => candidate.code === code);
    return rule?.active ? Math.max(0, rule.points) : 0;
  };
  const bestRating = Math.max(...Object.values(RATING_RULES).map(worth));
  return worth('accepted_in_time') + worth('handled_in_time') + bestRating;
}

export interface DepartmentScoreInput {
  /** The sum of the department's entries in the period. */
  eventPoints: number;
  /** The cases those entries belong to. */
  scoredEvents: number;
  /** What one clean case earns under the current rules (`perfectEventPoints`). */
  perfectEventPoints: number;
  /** The average of the streets' ratings, 0–100; null when no street has rated the department. */
  streetRating: number | null;
  /** The share of the streets' evaluation, 0–1. */
  weight: number;
}

export interface DepartmentScore {
  /** The event points on 0–100; null without scored cases. */
  eventPart: number | null;
  /** The streets' rating on 0–100; null when no street rated. */
  streetPart: number | null;
  /** The weighted score on 0–100; null when neither part exists. */
  score: number | null;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * A department's score (部门考核得分), on 0–100:
 *
 *   eventPart  = clamp(100 × (eventPoints ÷ scoredEvents) ÷ perfectEventPoints, 0, 100)
 *   streetPart = the average of the streets' ratings (0–100)
 *   score      = (1 − weight) × eventPart + weight × streetPart
 *
 * The event part is the average per case measured against a clean case, so that a department sent many
 * cases is neither favoured nor punished for their number: a department whose every case was accepted and
 * handled in time and rated satisfied has 100, one that loses as much as it earns has 0. When one part is
 * missing (no case scored, or no street rated) the score is the other part alone; with neither there is no
 * score. Parts and score are rounded to two decimals.
 */
export function departmentScore(input: DepartmentScoreInput): DepartmentScore {
  const { eventPoints, scoredEvents, streetRating, weight } = input;
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) {
    throw new RangeError(`The streets' weight must be between 0 and 1, not ${weight}`);
  }
  const eventPart =
    scoredEvents > 0 && input.perfectEventPoints > 0
      ? round2(clamp((100 * eventPoints) / scoredEvents / input.perfectEventPoints, 0, 100))
      : null;
  const streetPart = streetRating === null ? null : round2(clamp(streetRating, 0, STREET_RATING_MAX));
  let score: number | null;
  if (eventPart !== null && streetPart !== null) score = (1 - weight) * eventPart + weight * streetPart;
  else score = eventPart ?? streetPart;
  return { eventPart, streetPart, score: score === null ? null : round2(score) };
}

/**
 * Ranks (1 = best) within each group (a district's departments are ranked among themselves): equal scores
 * share a rank and the next rank skips (1, 1, 3); an item without a score has no rank.
 */
export function rankWithinGroups<T extends { score: number | null }>(
  items: readonly T[],
  groupOf: (item: T) => string,
): (T & { rank: number | null })[] {
  return items.map((item) => {
    const score = item.score;
    if (score === null) return { ...item, rank: null };
    const better = items.filter(
      (other) => groupOf(other) === groupOf(item) && other.score !== null && other.score > score,
    ).length;
    return { ...item, rank: better + 1 };
  });
}

/** The roles that rate the district departments for their street (下考上): the street's head. */
export const STREET_RATERS = ['street_head'] as const;

export type StreetRatingRefusal = 'role_may_not' | 'not_their_street' | 'not_a_street';

/**
 * May this person rate departments for this street? Only a street head, and only for the street they head
 * (their own area is the street itself). Whether the street is in their sight is decided before (404).
 */
export function streetRatingRefusal(
  actor: Actor,
  street: { path: string; level: string },
): StreetRatingRefusal | null {
  if (!actor.roles.some((role) => (STREET_RATERS as readonly string[]).includes(role))) return 'role_may_not';
  if (street.level !== 'street') return 'not_a_street';
  return actor.areaPath === street.path ? null : 'not_their_street';
}

/** The year a moment falls in, in China time (UTC+8 all year). */
export function chinaYearOf(instant: Date): number {
  return new Date(instant.getTime() + 8 * 60 * 60 * 1000).getUTCFullYear();
}

/** The instants a China-time year starts and the next one starts: [from, to). */
export function chinaYearSpan(year: number): { from: Date; to: Date } {
  const startOf = (y: number) => new Date(`${String(y).padStart(4, '0')}-01-01T00:00:00+08:00`);
  return { from: startOf(year), to: startOf(year + 1) };
}
