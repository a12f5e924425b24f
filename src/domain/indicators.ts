/**
 * The figures a district lives by (指标): one formula per indicator, written here once and used by the API,
 * the exports and the monthly report alike. Every indicator is read from counters summed over a period
 * (`Totals`, see `rollup.ts` for what each fact adds); none scans events.
 *
 * The counters are flows: a period counts the reports made in it, the closures made in it, and so on. A rate
 * such as 办结率 therefore compares the closures of a period with its intake, and may pass 100 % in a month
 * that clears an earlier backlog.
 *
 * Intake (受理量) depends on whom a row is about:
 * - an area, a catalogue class, a source or a day (basis `reports`): the reports made, less those withdrawn
 *   (cancelled, or merged into another event as duplicates);
 * - a unit — a department, a street office or a community — (basis `assignments`): the cases handed to it as
 *   lead (派遣 or 吹哨; a case sent again after a return counts again), less those it handed back with the
 *   dispatcher's approval (退单). A unit receives no reports, only cases.
 *
 * The formulas (a divisor of zero or less gives null, shown as "—"):
 * | indicator                      | formula                                                    |
 * |--------------------------------|------------------------------------------------------------|
 * | intake 受理量                  | reported − withdrawn, or assigned − returned (see above)   |
 * | reported 上报量                | reported                                                   |
 * | closed 办结量                  | closed                                                     |
 * | closedRate 办结率              | closed ÷ intake                                            |
 * | onTimeRate 按期办结率          | closed on time ÷ closed (on time: no step limit ever passed)|
 * | satisfactionRate 满意率        | (satisfied + basically satisfied) ÷ rated                  |
 * | reworkRate 返工率              | reworked ÷ handled (failed checks and ordered rework, over the unit's reports of work done) |
 * | acceptMeanMinutes 平均接单时长 | total accept time ÷ accepted (from being sent to accepting) |
 * | acceptP90Minutes 接单时长P90   | 90th percentile of accept times, from the histogram        |
 * | finishMeanMinutes 平均办结时长 | total finish time ÷ closed (from the report to the closure) |
 * | finishP90Minutes 办结时长P90   | 90th percentile of finish times, from the histogram        |
 * | overdue 超期次数               | step limits passed (each limit once)                       |
 * | whistles 吹哨次数              | whistles (街道吹哨)                                        |
 * | secondWhistles 二次哨          | second whistles                                            |
 *
 * 满意率 counts "basically satisfied" (基本满意) as satisfied, as 12345 evaluations commonly do; the two are kept
 * apart in the counters, so a stricter rate can be added without recounting. The percentiles are estimated
 * within a factor 2^(1/3) ≈ 1.26 of the true value (see `quantileMinutes`).
 */
import type { Actor } from './permissions.ts';
import type { Role } from './roles.ts';
import { quantileMinutes, type Totals } from './rollup.ts';

export type Basis = 'reports' | 'assignments';

export const INDICATOR_NAMES = [
  'intake',
  'reported',
  'closed',
  'closedRate',
  'onTimeRate',
  'satisfactionRate',
  'reworkRate',
  'acceptMeanMinutes',
  'acceptP90Minutes',
  'finishMeanMinutes',
  'finishP90Minutes',
  'overdue',
  'whistles',
  'secondWhistles',
] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];
export type Indicators = Record<IndicatorName, number | null>;

export interface IndicatorDefinition {
  zh: string;
  en: string;
  /** How the value reads: a count, a ratio between 0 and 1 (may pass 1 for flows), or minutes. */
  kind: 'count' | 'ratio' | 'minutes';
  /**
   * How a ranking orders it: `descending` puts the largest first (rates: the best; counts of work: the most),
   * `ascending` the smallest first (times, overdue limits and rework: the best).
   */
  order: 'descending' | 'ascending';
  of(totals: Totals, basis: Basis): number | null;
}

const MINUTE_MS = 60_000;
const P90 = 0.9;

/** A ratio, or null when the divisor is zero or less. */
export function ratio(dividend: number, divisor: number): number | null {
  return divisor > 0 ? dividend / divisor : null;
}

export function intakeOf(totals: Totals, basis: Basis): number {
  return basis === 'reports' ? totals.reported - totals.withdrawn : totals.assigned - totals.returned;
}

export const INDICATORS: Readonly<Record<IndicatorName, IndicatorDefinition>> = {
  intake: { zh: '受理量', en: 'Intake', kind: 'count', order: 'descending', of: intakeOf },
  reported: { zh: '上报量', en: 'Reported', kind: 'count', order: 'descending', of: (t) => t.reported },
  closed: { zh: '办结量', en: 'Closed', kind: 'count', order: 'descending', of: (t) => t.closed },
  closedRate: {
    zh: '办结率',
    en: 'Closed rate',
    kind: 'ratio',
    order: 'descending',
    of: (t, basis) => ratio(t.closed, intakeOf(t, basis)),
  },
  onTimeRate: {
    zh: '按期办结率',
    en: 'On-time rate',
    kind: 'ratio',
    order: 'descending',
    of: (t) => ratio(t.closed_on_time, t.closed),
  },
  satisfactionRate: {
    zh: '满意率',
    en: 'Satisfaction',
    kind: 'ratio',
    order: 'descending',
    of: (t) => ratio(t.satisfied + t.basically_satisfied, t.rated),
  },
  reworkRate: {
    zh: '返工率',
    en: 'Rework rate',
    kind: 'ratio',
    order: 'ascending',
    of: (t) => ratio(t.reworked, t.handled),
  },
  acceptMeanMinutes: {
    zh: '平均接单时长（分钟）',
    en: 'Mean time to accept (min)',
    kind: 'minutes',
    order: 'ascending',
    of: (t) => ratio(t.acceptMsSum / MINUTE_MS, t.accepted),
  },
  acceptP90Minutes: {
    zh: '接单时长P90（分钟）',
    en: 'P90 time to accept (min)',
    kind: 'minutes',
    order: 'ascending',
    of: (t) => quantileMinutes(t.acceptHistogram, P90),
  },
  finishMeanMinutes: {
    zh: '平均办结时长（分钟）',
    en: 'Mean time to finish (min)',
    kind: 'minutes',
    order: 'ascending',
    of: (t) => ratio(t.finishMsSum / MINUTE_MS, t.closed),
  },
  finishP90Minutes: {
    zh: '办结时长P90（分钟）',
    en: 'P90 time to finish (min)',
    kind: 'minutes',
    order: 'ascending',
    of: (t) => quantileMinutes(t.finishHistogram, P90),
  },
  overdue: { zh: '超期次数', en: 'Overdue', kind: 'count', order: 'ascending', of: (t) => t.overdue },
  whistles: { zh: '吹哨次数', en: 'Whistles', kind: 'count', order: 'descending', of: (t) => t.whistles },
  secondWhistles: {
    zh: '二次哨次数',
    en: 'Second whistles',
    kind: 'count',
    order: 'descending',
    of: (t) => t.second_whistles,
  },
};

export function indicatorsOf(totals: Totals, basis: Basis): Indicators {
  return Object.fromEntries(
    INDICATOR_NAMES.map((name) => [name, INDICATORS[name].of(totals, basis)]),
  ) as Indicators;
}

// ---------------------------------------------------------------------------------------------------------
// Rankings.

export interface Rankable {
  code: string;
  name: string;
  indicators: Indicators;
}

export type Ranked<T extends Rankable> = T & { rank: number | null; value: number | null };

/**
 * Orders units (or streets) by one indicator, best first as the indicator's `order` says. Equal values share a
 * rank and the next rank skips (1, 2, 2, 4); rows whose value is null (nothing to measure) come last, unranked.
 * Ties are listed by code, so the order is the same every time.
 */
export function rankUnits<T extends Rankable>(rows: readonly T[], by: IndicatorName): Ranked<T>[] {
  const sign = INDICATORS[by].order === 'descending' ? -1 : 1;
  const valued = rows.map((row) => ({ ...row, value: row.indicators[by], rank: null as number | null }));
  valued.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value === b.value) return a.code.localeCompare(b.code);
      return a.value === null ? 1 : -1;
    }
    return a.value === b.value ? a.code.localeCompare(b.code) : sign * (a.value - b.value);
  });
  valued.forEach((row, index) => {
    if (row.value === null) return;
    const previous = valued[index - 1];
    row.rank = previous && previous.value === row.value ? previous.rank : index + 1;
  });
  return valued;
}

// ---------------------------------------------------------------------------------------------------------
// Periods, in China time.

export const PERIOD_KINDS = ['day', 'week', 'month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** The first day, YYYY-MM-DD (China time). */
  from: string;
  /** The day after the last, YYYY-MM-DD: the period is [from, to). */
  to: string;
  /** '2026-11-05', '2026-W45', '2026-11' or '2026'. */
  label: string;
}

const DAY_MS = 86_400_000;

function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day ? date : null;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The ISO week (Monday first; week 1 holds the year's first Thursday) of a Monday, as 'YYYY-Www'. */
function isoWeekLabel(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstOfYear = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - firstOfYear) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The period of a kind holding the anchor day (YYYY-MM-DD, China time): that day, its ISO week (Monday to
 * Sunday), its month or its year. Null for a day that does not exist.
 */
export function periodRange(kind: PeriodKind, anchor: string): Period | null {
  const date = parseDay(anchor);
  if (!date) return null;
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (kind) {
    case 'day':
      return { kind, from: anchor, to: dayOf(new Date(date.getTime() + DAY_MS)), label: anchor };
    case 'week': {
      const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS);
      return {
        kind,
        from: dayOf(monday),
        to: dayOf(new Date(monday.getTime() + 7 * DAY_MS)),
        label: isoWeekLabel(monday),
      };
    }
    case 'month':
      return {
        kind,
        from: dayOf(new Date(Date.UTC(year, month, 1))),
        to: dayOf(new Date(Date.UTC(year, month + 1, 1))),
        label: anchor.slice(0, 7),
      };
    case 'year':
      return { kind, from: `${year}-01-01`, to: `${year + 1}-01-01`, label: String(year) };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Who sees which figures.

/** Roles that see the figures of the area they sit in: the district's, or with a street's code, the street's. */
const DISTRICT_WATCHERS: ReadonlySet<Role> = new Set([
  'administrator',
  'leader',
  'supervision_office',
  'district_dispatcher',
]);
const STREET_WATCHERS: ReadonlySet<Role> = new Set(['street_head', 'street_dispatcher']);
const UNIT_WATCHERS: ReadonlySet<Role> = new Set(['department_head', 'department_officer']);

/**
 * The rows of figures a person may read: those of a district, of one street of it, or of one unit (every
 * street's rows where that unit was the lead). A null field does not narrow.
 */
export interface FigureSight {
  districtCode: string | null;
  streetCode: string | null;
  unitCode: string | null;
}

/**
 * The figures in a person's sight, or null for roles that read no figures (residents, grid and community
 * staff: their area is finer than the figures' streets). District roles see their district (their street if
 * they sit in one), street heads and dispatchers their street, department people their unit's rows.
 */
export function figureSightOf(actor: Actor): FigureSight | null {
  const codes = actor.areaPath === null ? [] : actor.areaPath.split('/');
  const holds = (roles: ReadonlySet<Role>) => actor.roles.some((role) => roles.has(role));
  if (holds(DISTRICT_WATCHERS) && codes.length >= 1) {
    return { districtCode: codes[0]!, streetCode: codes[1] ?? null, unitCode: null };
  }
  if (holds(STREET_WATCHERS) && codes.length >= 2) {
    return { districtCode: codes[0]!, streetCode: codes[1]!, unitCode: null };
  }
  if (holds(UNIT_WATCHERS) && actor.departmentCode !== null) {
    return { districtCode: null, streetCode: null, unitCode: actor.departmentCode };
  }
  return null;
}

/** Whether a sight holds the whole of a district (for its monthly report). */
export function seesWholeDistrict(sight: FigureSight, districtCode: string): boolean {
  return sight.districtCode === districtCode && sight.streetCode === null && sight.unitCode === null;
}

/** Rows about units, or rows narrowed to one unit, measure intake by assignments; all others by reports. */
export function basisOf(grouping: 'unit' | 'other', sight: FigureSight): Basis {
  return grouping === 'unit' || sight.unitCode !== null ? 'assignments' : 'reports';
}

/**
 * The 12345 hotline's three rates per source (Beijing's 接诉即办 evaluates by them; their weights in a combined
 * score are local policy and not fixed here). Counted over the orders received in a period
 * (src/db/repositories/hotline.ts, `hotlineCounts`); a divisor of zero gives null:
 * | rate                   | formula                                                                        |
 * |------------------------|--------------------------------------------------------------------------------|
 * | responseRate 响应率    | responded ÷ orders (responded: a unit signed for it, or it was handed back)    |
 * | resolutionRate 解决率  | (resolved + ½ partly resolved) ÷ finished (closed or handed back)               |
 * | satisfactionRate 满意率| satisfied ÷ rated (非常满意 and 满意; 理解 and 不满意 are not satisfied)        |
 */
export function hotlineRates(counts: {
  orders: number;
  responded: number;
  finished: number;
  resolved: number;
  partlyResolved: number;
  rated: number;
  satisfied: number;
}): { responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null } {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    responseRate: ratio(counts.responded, counts.orders),
    resolutionRate: ratio(counts.resolved + counts.partlyResolved / 2, counts.finished),
    satisfactionRate: ratio(counts.satisfied, counts.rated),
  };
}
