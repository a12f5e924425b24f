import { findArea } from '../../db/repositories/areas.ts';
import { findDepartment } from '../../db/repositories/departments.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { upsertStreetRating } from '../../db/repositories/scores.ts';
import { type Actor, isInSight } from '../../domain/permissions.ts';
import { chinaYearOf, type StreetRatingRefusal, streetRatingRefusal } from '../../domain/scores.ts';

export interface StreetRatingRequest {
  /** The street rating; by default the street the person heads. */
  streetCode?: string | undefined;
  departmentCode: string;
  /** By default the current year (China time); only the current year can be rated. */
  year?: number | undefined;
  score: number;
  comment: string;
}

export interface SavedStreetRating {
  streetCode: string;
  departmentCode: string;
  year: number;
  score: number;
  comment: string;
  ratedBy: number;
  ratedAt: Date;
}

export type StreetRatingOutcome =
  | { ok: true; created: boolean; rating: SavedStreetRating }
  | { ok: false; reason: 'street_not_found' | 'department_not_found' }
  | { ok: false; reason: StreetRatingRefusal }
  | { ok: false; reason: 'not_a_district_department' | 'score_out_of_range' }
  | { ok: false; reason: 'not_this_year'; currentYear: number };

/**
 * 下考上: a street's head rates a district department for the year, 0–100. One rating per street, department
 * and year; the street may change it while the year lasts, and the last one counts. Checked in the project's
 * order: the street and the department must be in the person's sight (else not found), then the person must
 * head that street, then the request must make sense.
 */
export async function rateDepartment(
  db: Executor,
  actor: Actor,
  request: StreetRatingRequest,
  now: Date,
): Promise<StreetRatingOutcome> {
  const streetCode = request.streetCode ?? actor.areaPath?.split('/').at(-1);
  const street = streetCode === undefined ? undefined : await findArea(db, streetCode);
  if (!street || !isInSight(actor, { areaPath: street.path }))
    return { ok: false, reason: 'street_not_found' };
  const refusal = streetRatingRefusal(actor, street);
  if (refusal) return { ok: false, reason: refusal };
  const department = await findDepartment(db, request.departmentCode);
  if (
    !department ||
    !isInSight(actor, {
      areaPath: department.area_path,
      departmentCode: department.code,
      servesSubtree: true,
    })
  ) {
    return { ok: false, reason: 'department_not_found' };
  }
  if (department.kind !== 'district_department') return { ok: false, reason: 'not_a_district_department' };
  if (!Number.isFinite(request.score) || request.score < 0 || request.score > 100) {
    return { ok: false, reason: 'score_out_of_range' };
  }
  const currentYear = chinaYearOf(now);
  const year = request.year ?? currentYear;
  if (year !== currentYear) return { ok: false, reason: 'not_this_year', currentYear };
  const rating: SavedStreetRating = {
    streetCode: street.code,
    departmentCode: department.code,
    year,
    // Stored with two decimals, and answered as stored.
    score: Math.round(request.score * 100) / 100,
    comment: request.comment,
    ratedBy: actor.userId,
    ratedAt: now,
  };
  const { created } = await upsertStreetRating(db, rating);
  return { ok: true, created, rating };
}
