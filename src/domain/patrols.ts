import { PERMITTED_ROLES } from './permissions.ts';
import type { Role } from './roles.ts';

/**
 * Patrol tracks (巡查轨迹): the positions a grid worker's phone records while on patrol. The phone keeps them
 * while it has no network and sends them in batches later, so a point may arrive days after it was taken; one
 * from the future (beyond a clock's drift) or from too long ago is refused.
 */

/** The most points one batch may carry. */
export const PATROL_BATCH_MAX = 500;
/** A phone's clock may run this far ahead of the server's. */
export const PATROL_FUTURE_TOLERANCE_MS = 5 * 60_000;
/** A point older than this is no longer taken: a track is read by the day, and a week is the longest a phone waits. */
export const PATROL_MAX_AGE_DAYS = 7;

/**
 * The most points of one person's day a map is sent (about one every two minutes of an eight-hour day); a
 * longer track is sampled evenly, keeping its last point.
 */
export const PATROL_TRACK_MAX_POINTS = 240;

export type PatrolPointProblem = 'in_future' | 'too_old';

/** Why a point taken at `at` cannot be recorded at `now`, or null when it can. */
export function patrolPointProblem(at: Date, now: Date): PatrolPointProblem | null {
  if (at.getTime() > now.getTime() + PATROL_FUTURE_TOLERANCE_MS) return 'in_future';
  if (at.getTime() < now.getTime() - PATROL_MAX_AGE_DAYS * 86_400_000) return 'too_old';
  return null;
}

/** The roles whose people patrol and record tracks: whose tracks an area's watchers read. */
export const PATROLLING_ROLES: readonly Role[] = PERMITTED_ROLES['patrol:record'];
