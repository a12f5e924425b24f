import { listDepartmentsInSight } from '../../db/repositories/departments.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import {
  eventPointsByUnit,
  readScoreRules,
  readScoreSettings,
  streetRatingAverages,
} from '../../db/repositories/scores.ts';
import type { DepartmentKind } from '../../domain/departments.ts';
import { chinaYearSpan, departmentScore, perfectEventPoints, rankWithinGroups } from '../../domain/scores.ts';

export interface DepartmentYearScore {
  code: string;
  name: string;
  nameEn: string;
  kind: DepartmentKind;
  areaCode: string;
  /** The sum of the department's score entries in the year. */
  eventPoints: number;
  /** The cases those entries came from. */
  scoredEvents: number;
  /** The average of the streets' ratings (下考上), null when no street rated. */
  streetRating: number | null;
  /** How many streets rated. */
  ratingStreets: number;
  eventPart: number | null;
  streetPart: number | null;
  score: number | null;
  /** 1 = best among the departments of the same area (district); null without a score. */
  rank: number | null;
}

export interface DepartmentScores {
  year: number;
  streetEvaluationWeight: number;
  perfectEventPoints: number;
  items: DepartmentYearScore[];
}

/**
 * The year's score of each department in sight (by default the district departments, whom the streets rate),
 * ranked within their district, best first. See `departmentScore` (src/domain/scores.ts) for the formula.
 */
export async function departmentScores(
  db: Executor,
  sight: { areaPath: string; departmentCode: string | null },
  year: number,
  kind: DepartmentKind = 'district_department',
): Promise<DepartmentScores> {
  const departments = await listDepartmentsInSight(db, sight, kind);
  const codes = departments.map((department) => department.code);
  const rules = await readScoreRules(db);
  const settings = await readScoreSettings(db);
  const points = await eventPointsByUnit(db, codes, chinaYearSpan(year));
  const ratings = await streetRatingAverages(db, codes, year);
  const perfect = perfectEventPoints(rules);
  const weight = settings.streetEvaluationWeight;
  const scored = departments.map((department) => {
    const own = points.get(department.code) ?? { points: 0, events: 0 };
    const rating = ratings.get(department.code);
    const parts = departmentScore({
      eventPoints: own.points,
      scoredEvents: own.events,
      perfectEventPoints: perfect,
      streetRating: rating?.average ?? null,
      weight,
    });
    return {
      code: department.code,
      name: department.name,
      nameEn: department.name_en,
      kind: department.kind,
      areaCode: department.area_code,
      eventPoints: own.points,
      scoredEvents: own.events,
      streetRating: rating === undefined ? null : Math.round(rating.average * 100) / 100,
      ratingStreets: rating?.streets ?? 0,
      ...parts,
    };
  });
  const ranked = rankWithinGroups(scored, (item) => item.areaCode).sort(
    (a, b) =>
      a.areaCode.localeCompare(b.areaCode) ||
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code),
  );
  return { year, streetEvaluationWeight: weight, perfectEventPoints: perfect, items: ranked };
}
