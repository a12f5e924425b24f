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
}

/**
 * The points recorded in [from, to) by people holding one of `roles` whose area lies in the subtree of
 * `withinPath`, by person and then in time order.
 */
export async function patrolPointsWithin(
  db: Executor,
  filter: { withinPath: string; roles: readonly Role[]; from: Date; to: Date },
): Promise<PatrolPointRow[]> {
  const { withinPath, roles, from, to } = filter;
  const rows = await db
    .selectFrom('patrol_points as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('areas as a', 'a.code', 'u.area_code')
    .select(['p.user_id', 'u.display_name', 'a.code as area_code', 'p.recorded_at', 'p.lng', 'p.lat'])
    .where('p.recorded_at', '>=', from)
    .where('p.recorded_at', '<', to)
    .where((eb) => eb.or([eb('a.path', '=', withinPath), eb('a.path', 'like', belowPathPattern(withinPath))]))
    .where((eb) => eb.or(roles.map((role) => eb(eb.val(role), '=', eb.fn.any('u.roles')))))
    .orderBy('p.user_id')
    .orderBy('p.recorded_at')
    .execute();
  return rows;
}
