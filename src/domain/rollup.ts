/**
 * What each recorded fact adds to the district's figures (指标). The figures are counters kept per day, month
 * and year and per key; this file says, for one fact, which counters of which key move and by how much. The
 * formulas that turn the counters into rates and times are in `indicators.ts`.
 *
 * Pure: the state before the fact, the state after it and the fact are passed in.
 *
 * The key of a fact:
 * - its day in China time (UTC+8), and the month and year holding that day: a report counts on the day it was
 *   reported, a closure on the day it was closed, and so on for every fact (flows, not cohorts);
 * - the district and the street holding the event at that moment (the first and second codes of its area path;
 *   '' for an event not yet placed);
 * - the catalogue class of its item and its source;
 * - the unit answering for the case at that moment: its lead (承办主体) — a district department, a street office
 *   or a community — or '' when none is (a report waiting for triage, a case solved on the spot). Assisting
 *   units count nothing: the lead alone answers for the case.
 *
 * What each fact adds (nothing for the facts not listed):
 * | fact                                   | counters                                   | unit              |
 * |----------------------------------------|--------------------------------------------|-------------------|
 * | reported                               | reported                                   | ''                |
 * | cancelled, merged (a duplicate)        | withdrawn                                  | lead ('' mostly)  |
 * | dispatched                             | assigned                                   | the new lead      |
 * | whistled                               | assigned, whistles                         | the new lead      |
 * | second_whistled                        | second_whistles                            | lead              |
 * | return_approved                        | returned                                   | the lead returning|
 * | accepted                               | accepted, accept time                      | lead              |
 * | handled                                | handled                                    | lead              |
 * | verification_failed, rework_ordered    | reworked (返工)                            | lead              |
 * | rated                                  | rated; satisfied or basically_satisfied    | lead or ''        |
 * | closed                                 | closed, closed_on_time, finish time        | lead or ''        |
 * | deadline_passed (accept, handle step)  | overdue                                    | lead              |
 * | deadline_passed (verify step)          | overdue                                    | '' (the street's) |
 *
 * - Accept time: from the moment the case was last sent to its lead (the latest `dispatched` or `whistled`) to
 *   `accepted`. Finish time: from the report to `closed`. A case reopened and closed again counts a second
 *   closure, with its finish time measured from the report again.
 * - On time (按期): the case is closed and no step limit has ever passed in its log (`overdueCount` is 0),
 *   whichever unit held it when the limit passed.
 * - The verify step (核查) is the street's and the grid's own work: its overdue counts for the area, not the unit.
 */
import type { EventState, Unit } from './events.ts';
import { evolve, type LoggedFact } from './lifecycle/facts.ts';

export const ROLLUP_COUNTERS = [
  'reported',
  'withdrawn',
  'assigned',
  'returned',
  'accepted',
  'handled',
  'reworked',
  'closed',
  'closed_on_time',
  'rated',
  'satisfied',
  'basically_satisfied',
  'overdue',
  'whistles',
  'second_whistles',
] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];
export type Counters = Record<RollupCounter, number>;

export const GRAINS = ['day', 'month', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

export type UnitKind = '' | Unit['kind'];

/** Where a fact is counted, apart from its period. */
export interface RollupKey {
  districtCode: string;
  streetCode: string;
  catalogueClass: string;
  source: string;
  unitKind: UnitKind;
  unitCode: string;
}

/** What one fact adds: counters under a key on a day, and at most one duration of each kind. */
export interface RollupDelta {
  /** The fact's day in China time, YYYY-MM-DD. */
  day: string;
  key: RollupKey;
  counters: Partial<Counters>;
  acceptMs: number | null;
  finishMs: number | null;
}

/** Counters summed over facts: what one stored row holds, and what the indicator formulas read. */
export interface Totals extends Counters {
  acceptMsSum: number;
  finishMsSum: number;
  /** Counts per duration bucket (see DURATION_BUCKETS), without trailing zeros. */
  acceptHistogram: number[];
  finishHistogram: number[];
}

/** One stored row: totals under a key for one period of one grain. */
export interface RollupRow {
  grain: Grain;
  /** The first day of the period, YYYY-MM-DD. */
  periodStart: string;
  key: RollupKey;
  totals: Totals;
}

export interface RollupContext {
  /** The class of the event's catalogue item (copied on the event when reported). */
  catalogueClassCode: string;
  /** When the case was last sent to its lead (dispatched or whistled) before this fact; null if never. */
  sentAt: Date | null;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const MINUTE_MS = 60_000;

/** The day of an instant in China time (UTC+8, no daylight saving), YYYY-MM-DD. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first day of the period of a grain holding a day. */
export function periodStartOf(grain: Grain, day: string): string {
  switch (grain) {
    case 'day':
      return day;
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'year':
      return `${day.slice(0, 4)}-01-01`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Durations: log-scaled histograms in minutes.

/** Buckets per doubling of the duration: each bucket is 2^(1/3) ≈ 1.26 times as wide as the one below. */
export const BUCKETS_PER_DOUBLING = 3;
/** The last bounded bucket ends at 2^18 minutes (about 182 days); longer durations share one open bucket. */
const LAST_BOUND_EXPONENT = 18;
/**
 * The duration buckets, by their lower edge in minutes: bucket 0 holds [0, 1 min); bucket i (1…54) holds
 * [2^((i−1)/3), 2^(i/3)) minutes; bucket 55 holds 2^18 minutes (≈ 182 days) and more.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0,
  ...Array.from(
    { length: LAST_BOUND_EXPONENT * BUCKETS_PER_DOUBLING + 1 },
    (_, i) => 2 ** (i / BUCKETS_PER_DOUBLING),
  ),
];
const LAST_BUCKET = DURATION_BUCKETS.length - 1;

/** The bucket holding a duration. */
export function durationBucket(ms: number): number {
  const minutes = Math.max(0, ms) / MINUTE_MS;
  if (minutes < 1) return 0;
  const bucket = Math.floor(Math.log2(minutes) * BUCKETS_PER_DOUBLING) + 1;
  return Math.min(bucket, LAST_BUCKET);
}

/** Adds two histograms bucket by bucket; the result has no trailing zeros. */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  const sum = Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
  while (sum.length > 0 && sum.at(-1) === 0) sum.pop();
  return sum;
}

/** A histogram holding one duration. */
export function histogramOf(ms: number): number[] {
  const bucket = durationBucket(ms);
  return Array.from({ length: bucket + 1 }, (_, i) => (i === bucket ? 1 : 0));
}

/**
 * The q-quantile (0 < q ≤ 1) of the durations a histogram counts, in minutes; null when it counts none.
 *
 * The quantile is the nearest-rank one: the ⌈q·n⌉-th smallest duration. Its bucket is found exactly from the
 * counts; inside the bucket the estimate moves from the lower to the upper edge geometrically (linearly in
 * the first bucket, [0, 1 min)) in proportion to the rank's place among the bucket's durations.
 *
 * Error bound: the estimate and the true duration lie in the same bucket, so the estimate is within a factor
 * 2^(1/3) ≈ 1.26 of the truth (at most 26 % above, 21 % below) for durations of a minute or more, and within
 * one minute below that. Beyond 2^18 minutes (≈ 182 days) the estimate is the bucket's lower edge: a floor.
 */
export function quantileMinutes(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let below = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const count = histogram[bucket] ?? 0;
    if (count > 0 && below + count >= rank) {
      const fraction = (rank - below) / count;
      if (bucket === 0) return fraction;
      if (bucket === LAST_BUCKET) return DURATION_BUCKETS[LAST_BUCKET]!;
      return 2 ** ((bucket - 1 + fraction) / BUCKETS_PER_DOUBLING);
    }
    below += count;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Facts to deltas.

/** The district and street codes of an area path: its first and second codes ('' when missing). */
export function districtAndStreetOf(areaPath: string | null): { districtCode: string; streetCode: string } {
  const [districtCode = '', streetCode = ''] = areaPath === null ? [] : areaPath.split('/');
  return { districtCode, streetCode };
}

function unitKey(unit: Unit | null): Pick<RollupKey, 'unitKind' | 'unitCode'> {
  return unit === null ? { unitKind: '', unitCode: '' } : { unitKind: unit.kind, unitCode: unit.code };
}

/**
 * What one fact adds to the figures: none, or one delta. `before` is the state the fact found (null for the
 * report), `after` the state it left.
 */
export function rollupDeltas(
  before: EventState | null,
  after: EventState,
  logged: LoggedFact,
  context: RollupContext,
): RollupDelta[] {
  const { fact, at } = logged;
  const lead = before?.lead ?? null;
  const delta = (
    unit: Unit | null,
    counters: Partial<Counters>,
    durations: { acceptMs?: number; finishMs?: number } = {},
  ): RollupDelta[] => [
    {
      day: chinaDay(at),
      key: {
        ...districtAndStreetOf(after.areaPath),
        catalogueClass: context.catalogueClassCode,
        source: after.source,
        ...unitKey(unit),
      },
      counters,
      acceptMs: durations.acceptMs ?? null,
      finishMs: durations.finishMs ?? null,
    },
  ];
  switch (fact.type) {
    case 'reported':
      return delta(null, { reported: 1 });
    case 'cancelled':
    case 'merged':
      return delta(lead, { withdrawn: 1 });
    case 'dispatched':
      return delta(after.lead, { assigned: 1 });
    case 'whistled':
      return delta(after.lead, { assigned: 1, whistles: 1 });
    case 'second_whistled':
      return delta(lead, { second_whistles: 1 });
    case 'return_approved':
      return delta(lead, { returned: 1 });
    case 'accepted': {
      const sentAt = context.sentAt ?? after.reportedAt;
      return delta(lead, { accepted: 1 }, { acceptMs: Math.max(0, at.getTime() - sentAt.getTime()) });
    }
    case 'handled':
      return delta(lead, { handled: 1 });
    case 'verification_failed':
    case 'rework_ordered':
      return delta(lead, { reworked: 1 });
    case 'rated':
      return delta(lead, {
        rated: 1,
        ...(fact.rating === 'satisfied' ? { satisfied: 1 } : {}),
        ...(fact.rating === 'basically_satisfied' ? { basically_satisfied: 1 } : {}),
      });
    case 'closed':
      return delta(
        lead,
        { closed: 1, ...(after.overdueCount === 0 ? { closed_on_time: 1 } : {}) },
        { finishMs: Math.max(0, at.getTime() - after.reportedAt.getTime()) },
      );
    case 'deadline_passed':
      return delta(fact.step === 'verify' ? null : lead, { overdue: 1 });
    default:
      return [];
  }
}

/** When the case was last sent to a unit (dispatched or whistled), in a log; null if never. */
export function lastSentAt(log: readonly LoggedFact[]): Date | null {
  for (let index = log.length - 1; index >= 0; index--) {
    const entry = log[index]!;
    if (entry.fact.type === 'dispatched' || entry.fact.type === 'whistled') return entry.at;
  }
  return null;
}

/** The deltas of several facts recorded one after another, starting from `before`, with the state they leave. */
export function foldDeltas(
  before: EventState | null,
  logged: readonly LoggedFact[],
  context: RollupContext,
): { deltas: RollupDelta[]; after: EventState | null; sentAt: Date | null } {
  let state = before;
  let sentAt = context.sentAt;
  const deltas: RollupDelta[] = [];
  for (const entry of logged) {
    const next = evolve(state, entry);
    deltas.push(...rollupDeltas(state, next, entry, { ...context, sentAt }));
    if (entry.fact.type === 'dispatched' || entry.fact.type === 'whistled') sentAt = entry.at;
    state = next;
  }
  return { deltas, after: state, sentAt };
}

// ---------------------------------------------------------------------------------------------------------
// Deltas to rows.

export function emptyTotals(): Totals {
  return {
    ...(Object.fromEntries(ROLLUP_COUNTERS.map((name) => [name, 0])) as Counters),
    acceptMsSum: 0,
    finishMsSum: 0,
    acceptHistogram: [],
    finishHistogram: [],
  };
}

export function addTotals(a: Totals, b: Totals): Totals {
  const sum = emptyTotals();
  for (const name of ROLLUP_COUNTERS) sum[name] = a[name] + b[name];
  sum.acceptMsSum = a.acceptMsSum + b.acceptMsSum;
  sum.finishMsSum = a.finishMsSum + b.finishMsSum;
  sum.acceptHistogram = addHistograms(a.acceptHistogram, b.acceptHistogram);
  sum.finishHistogram = addHistograms(a.finishHistogram, b.finishHistogram);
  return sum;
}

function totalsOfDelta(delta: RollupDelta): Totals {
  const totals = emptyTotals();
  for (const name of ROLLUP_COUNTERS) totals[name] = delta.counters[name] ?? 0;
  if (delta.acceptMs !== null) {
    totals.acceptMsSum = delta.acceptMs;
    totals.acceptHistogram = histogramOf(delta.acceptMs);
  }
  if (delta.finishMs !== null) {
    totals.finishMsSum = delta.finishMs;
    totals.finishHistogram = histogramOf(delta.finishMs);
  }
  return totals;
}

export function rowIdentity(row: Pick<RollupRow, 'grain' | 'periodStart' | 'key'>): string {
  const { key } = row;
  return [
    row.grain,
    row.periodStart,
    key.districtCode,
    key.streetCode,
    key.catalogueClass,
    key.source,
    key.unitKind,
    key.unitCode,
  ].join('\u0000');
}

/** Rows with the same period and key summed into one, in key order: what folding adds into the figures. */
export function sumRowsByKey(rows: readonly RollupRow[]): RollupRow[] {
  const summed = new Map<string, RollupRow>();
  for (const row of rows) {
    const identity = rowIdentity(row);
    const known = summed.get(identity);
    summed.set(identity, known ? { ...known, totals: addTotals(known.totals, row.totals) } : row);
  }
  return [...summed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
}

/**
 * Deltas summed into rows at every grain: one row per period and key, so that a batch of rows can be added
 * to the store in one statement.
 */
export function rowsOfDeltas(deltas: readonly RollupDelta[], grains: readonly Grain[] = GRAINS): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const delta of deltas) {
    const totals = totalsOfDelta(delta);
    for (const grain of grains) {
      const row: RollupRow = { grain, periodStart: periodStartOf(grain, delta.day), key: delta.key, totals };
      const identity = rowIdentity(row);
      const known = rows.get(identity);
      rows.set(identity, known ? { ...known, totals: addTotals(known.totals, totals) } : row);
    }
  }
  return [...rows.values()];
}
