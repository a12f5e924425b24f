import { sql } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import { belowPathPattern, type Executor } from './executor.ts';

export interface NewPatrolPoint {
  at: Date;
  lng: number;
  lat: number;
  accuracy: number | null;
}

/** Adds one person's points; a point they already have (same instant) is skipped. Answers how many were new. */
export async function insertPatrolPoints(
  db: Executor,
  userId: number,
  points: readonly NewPatrolPoint[],
): Promise<number> {
  if (points.length === 0) return 0;
  const inserted = await db
    .insertInto('patrol_points')
    .values(
      points.map((point) => ({
        user_id: userId,
        recorded_at: point.at,
        lng: point.lng,
        lat: point.lat,
        accuracy_m: point.accuracy,
      })),
    )
    .onConflict((conflict) => conflict.columns(['user_id', 'recorded_at']).doNothing())
    .returning('user_id')
    .execute();
  return inserted.length;
}

export interface PatrolPointRow {
  user_id: number;
  display_name: string;
  area_code: string;
  recorded_at: Date;
  lng: number;
  lat: number;
  /** How many points the person recorded in the span, of which the rows are an even sample. */
  recorded_points: number;
}

/**
 * The points recorded in [from, to) by people holding one of `roles` whose area lies in the subtree of
 * `withinPath`, by person and then in time order: at most about `maxPerPerson` of each person's, taken evenly
 * (every k-th from the first, and always the last), so that a district's day stays a map, not a flood.
 */
export async function patrolPointsWithin(
  db: Executor,
  filter: { withinPath: string; roles: readonly Role[]; from: Date; to: Date; maxPerPerson: number },
): Promise<PatrolPointRow[]> {
  const { withinPath, roles, from, to, maxPerPerson } = filter;
  const numbered = db
    .selectFrom('patrol_points as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      'p.user_id',
      'u.display_name',
      'a.code as area_code',
      'p.recorded_at',
      'p.lng',
      'p.lat',
      sql<number>`row_number() over (partition by p.user_id order by p.recorded_at)::int`.as('n'),
      sql<number>`(count(*) over (partition by p.user_id))::int`.as('recorded_points'),
    ])
    .where('p.recorded_at', '>=', from)
    .where('p.recorded_at', '<', to)
    .where((eb) => eb.or([eb('a.path', '=', withinPath), eb('a.path', 'like', belowPathPattern(withinPath))]))
    .where((eb) => eb.or(roles.map((role) => eb(eb.val(role), '=', eb.fn.any('u.roles')))));
  return db
    .selectFrom(numbered.as('t'))
    .select(['user_id', 'display_name', 'area_code', 'recorded_at', 'lng', 'lat', 'recorded_points'])
    .where(
      sql<boolean>`t.n = t.recorded_points or (t.n - 1) % ceil(t.recorded_points::numeric / ${maxPerPerson}::int)::int = 0`,
    )
    .orderBy('user_id')
    .orderBy('recorded_at')
    .execute();
}

/** One person's own points recorded in [from, to), in time order: all of them, a day being at most a few thousand. */
export async function ownPatrolPoints(
  db: Executor,
  userId: number,
  span: { from: Date; to: Date },
): Promise<{ recorded_at: Date; lng: number; lat: number }[]> {
  return db
    .selectFrom('patrol_points')
    .select(['recorded_at', 'lng', 'lat'])
    .where('user_id', '=', userId)
    .where('recorded_at', '>=', span.from)
    .where('recorded_at', '<', span.to)
    .orderBy('recorded_at')
    .execute();
}
