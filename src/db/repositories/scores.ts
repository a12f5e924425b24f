import { sql } from 'kysely';
import type { ScoreEntry, ScoreRule } from '../../domain/scores.ts';
import { belowPathPattern, type Executor, type Write, writesInBatches } from './executor.ts';

export interface StoredScoreRule extends ScoreRule {
  updatedAt: Date;
}

function storedRule(row: {
  code: string;
  name_zh: string;
  name_en: string;
  points: string;
  active: boolean;
  updated_at: Date;
}): StoredScoreRule {
  return {
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    points: Number(row.points),
    active: row.active,
    updatedAt: row.updated_at,
  };
}

const RULE_COLUMNS = ['code', 'name_zh', 'name_en', 'points', 'active', 'updated_at'] as const;

export async function readScoreRules(db: Executor): Promise<StoredScoreRule[]> {
  const rows = await db.selectFrom('score_rules').select(RULE_COLUMNS).orderBy('code').execute();
  return rows.map(storedRule);
}

/** Adds the rules the store does not have yet; rules already there (edited or not) are left as they are. */
export async function insertMissingScoreRules(db: Executor, rules: readonly ScoreRule[]): Promise<number> {
  if (rules.length === 0) return 0;
  const inserted = await db
    .insertInto('score_rules')
    .values(
      rules.map((rule) => ({
        code: rule.code,
        name_zh: rule.name.zh,
        name_en: rule.name.en,
        points: rule.points,
        active: rule.active,
      })),
    )
    .onConflict((conflict) => conflict.column('code').doNothing())
    .returning('code')
    .execute();
  return inserted.length;
}

export async function updateScoreRule(
  db: Executor,
  code: string,
  change: { points?: number | undefined; active?: boolean | undefined },
  userId: number,
  now: Date,
): Promise<StoredScoreRule | undefined> {
  const row = await db
    .updateTable('score_rules')
    .set({
      ...(change.points === undefined ? {} : { points: change.points }),
      ...(change.active === undefined ? {} : { active: change.active }),
      updated_by: userId,
      updated_at: now,
    })
    .where('code', '=', code)
    .returning(RULE_COLUMNS)
    .executeTakeFirst();
  return row ? storedRule(row) : undefined;
}

export interface ScoreSettings {
  streetEvaluationWeight: number;
  updatedAt: Date;
}

export async function readScoreSettings(db: Executor): Promise<ScoreSettings> {
  const row = await db
    .selectFrom('score_settings')
    .select(['street_evaluation_weight', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { streetEvaluationWeight: Number(row.street_evaluation_weight), updatedAt: row.updated_at };
}

export async function saveScoreSettings(
  db: Executor,
  settings: { streetEvaluationWeight: number },
  userId: number,
  now: Date,
): Promise<ScoreSettings> {
  const row = await db
    .updateTable('score_settings')
    .set({ street_evaluation_weight: settings.streetEvaluationWeight, updated_by: userId, updated_at: now })
    .returning(['street_evaluation_weight', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { streetEvaluationWeight: Number(row.street_evaluation_weight), updatedAt: row.updated_at };
}

/** An entry as written: the fact that caused it is the event's `eventSeq`-th. */
export type ScoreEntryToWrite = ScoreEntry & { eventSeq: number };

/** Writes entries in the caller's transaction; the points a fact already gave by a rule are not given again. */
export function scoreEntryWrites(trx: Executor, entries: readonly ScoreEntryToWrite[]): Write[] {
  return writesInBatches(entries, 7, (batch) =>
    trx
      .insertInto('score_entries')
      .values(
        batch.map((entry) => ({
          event_id: entry.eventId,
          event_seq: entry.eventSeq,
          unit_code: entry.unitCode,
          unit_kind: entry.unitKind,
          rule_code: entry.ruleCode,
          points: entry.points,
          at: entry.at,
        })),
      )
      .onConflict((conflict) => conflict.columns(['event_id', 'event_seq', 'rule_code']).doNothing()),
  );
}

/** Whose entries a person reads: those of events in their area (if they watch one) and of their own unit. */
export interface ScoreSight {
  areaPath: string | null;
  departmentCode: string | null;
}

export interface ScoreEntryFilter {
  sight: ScoreSight;
  unitCode?: string | undefined;
  eventId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  afterId?: number | undefined;
  limit: number;
}

export interface ListedScoreEntry {
  id: number;
  eventId: string;
  trackingCode: string;
  eventSeq: number;
  factType: string;
  unitCode: string;
  unitKind: ScoreEntry['unitKind'];
  ruleCode: string;
  ruleName: { zh: string; en: string };
  points: number;
  at: Date;
}

/**
 * Entries in id order (the order they were written), each with its event's tracking code, the type of the fact
 * that caused it and the rule's name. An entry is in sight when its event lies in the person's area, or when
 * it scores their own unit or an event their unit handles or assists.
 */
export async function listScoreEntries(db: Executor, filter: ScoreEntryFilter): Promise<ListedScoreEntry[]> {
  const { sight } = filter;
  let query = db
    .selectFrom('score_entries as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .innerJoin('score_rules as r', 'r.code', 's.rule_code')
    .innerJoin('event_log as l', (join) =>
      join.onRef('l.event_id', '=', 's.event_id').onRef('l.event_seq', '=', 's.event_seq'),
    )
    .select([
      's.id',
      's.event_id',
      'e.tracking_code',
      's.event_seq',
      'l.fact_type',
      's.unit_code',
      's.unit_kind',
      's.rule_code',
      'r.name_zh',
      'r.name_en',
      's.points',
      's.at',
    ])
    .where((eb) =>
      eb.or([
        ...(sight.areaPath
          ? [
              eb('e.area_path', '=', sight.areaPath),
              eb('e.area_path', 'like', belowPathPattern(sight.areaPath)),
            ]
          : []),
        ...(sight.departmentCode
          ? [
              eb('s.unit_code', '=', sight.departmentCode),
              eb('e.lead_code', '=', sight.departmentCode),
              eb(sql.val(sight.departmentCode), '=', eb.fn.any('e.assisting_codes')),
            ]
          : []),
        eb.val(false),
      ]),
    );
  if (filter.unitCode) query = query.where('s.unit_code', '=', filter.unitCode);
  if (filter.eventId) query = query.where('s.event_id', '=', filter.eventId);
  if (filter.from) query = query.where('s.at', '>=', filter.from);
  if (filter.to) query = query.where('s.at', '<', filter.to);
  if (filter.afterId !== undefined) query = query.where('s.id', '>', filter.afterId);
  const rows = await query.orderBy('s.id').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: Number(row.id),
    eventId: row.event_id,
    trackingCode: row.tracking_code,
    eventSeq: row.event_seq,
    factType: row.fact_type,
    unitCode: row.unit_code,
    unitKind: row.unit_kind,
    ruleCode: row.rule_code,
    ruleName: { zh: row.name_zh, en: row.name_en },
    points: Number(row.points),
    at: row.at,
  }));
}

/** The points of each unit in [from, to), and how many cases they came from. */
export async function eventPointsByUnit(
  db: Executor,
  unitCodes: readonly string[],
  span: { from: Date; to: Date },
): Promise<Map<string, { points: number; events: number }>> {
  if (unitCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('score_entries')
    .select((eb) => [
      'unit_code',
      eb.fn.sum<string>('points').as('points'),
      eb.fn.count<number>('event_id').distinct().as('events'),
    ])
    .where('unit_code', 'in', [...unitCodes])
    .where('at', '>=', span.from)
    .where('at', '<', span.to)
    .groupBy('unit_code')
    .execute();
  return new Map(
    rows.map((row) => [row.unit_code, { points: Number(row.points), events: Number(row.events) }]),
  );
}

export interface StreetRatingToSave {
  streetCode: string;
  departmentCode: string;
  year: number;
  score: number;
  comment: string;
  ratedBy: number;
  ratedAt: Date;
}

/** A street's rating of a department for a year: given once, then replaced by the street's later ones. */
export async function upsertStreetRating(
  db: Executor,
  rating: StreetRatingToSave,
): Promise<{ created: boolean }> {
  const row = await db
    .insertInto('street_ratings')
    .values({
      street_code: rating.streetCode,
      department_code: rating.departmentCode,
      year: rating.year,
      score: rating.score,
      comment: rating.comment,
      rated_by: rating.ratedBy,
      rated_at: rating.ratedAt,
    })
    .onConflict((conflict) =>
      conflict.columns(['street_code', 'department_code', 'year']).doUpdateSet((eb) => ({
        score: eb.ref('excluded.score'),
        comment: eb.ref('excluded.comment'),
        rated_by: eb.ref('excluded.rated_by'),
        rated_at: eb.ref('excluded.rated_at'),
      })),
    )
    // xmax is zero on a row this statement inserted, and the updating transaction's id on one it updated.
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
  return { created: row.created };
}

/** The average of the streets' ratings of each department for a year, and how many streets rated. */
export async function streetRatingAverages(
  db: Executor,
  departmentCodes: readonly string[],
  year: number,
): Promise<Map<string, { average: number; streets: number }>> {
  if (departmentCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('street_ratings')
    .select((eb) => [
      'department_code',
      eb.fn.avg<string>('score').as('average'),
      eb.fn.countAll<number>().as('streets'),
    ])
    .where('department_code', 'in', [...departmentCodes])
    .where('year', '=', year)
    .groupBy('department_code')
    .execute();
  return new Map(
    rows.map((row) => [row.department_code, { average: Number(row.average), streets: Number(row.streets) }]),
  );
}
