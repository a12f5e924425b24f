import { findArea } from '../../db/repositories/areas.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import { isGridLevel } from '../../domain/areas.ts';
import type { GeoPoint } from '../../domain/events.ts';

/** Where an event lies: the grid (or micro-grid) that holds it, with its path and the point if one was given. */
export interface ResolvedPlace {
  areaCode: string;
  areaPath: string;
  location: GeoPoint | null;
}

export type PlaceProblem = 'outside_every_area' | 'unknown_area' | 'area_not_a_grid' | 'no_place';

/** The grid (or micro-grid) holding a point, with its path; null outside every grid. */
export function placeOnGrid(
  locator: AreaLocator,
  point: GeoPoint,
): { areaCode: string; areaPath: string } | null {
  const chain = locator.locate(point.lng, point.lat);
  const deepest = chain?.at(-1);
  if (!chain || !deepest || !isGridLevel(deepest.level)) return null;
  return { areaCode: deepest.code, areaPath: chain.map((area) => area.code).join('/') };
}

/**
 * The one way a point or an area code becomes an event's place, for a report and for the locate command alike:
 * a point is located on its grid; without one, the area named must be a grid.
 */
export async function resolvePlace(
  db: Executor,
  locator: AreaLocator,
  where: { location: GeoPoint | null; areaCode: string | null },
): Promise<ResolvedPlace | { problem: PlaceProblem }> {
  if (where.location) {
    const placed = placeOnGrid(locator, where.location);
    return placed ? { ...placed, location: where.location } : { problem: 'outside_every_area' };
  }
  if (where.areaCode === null) return { problem: 'no_place' };
  const area = await findArea(db, where.areaCode);
  if (!area) return { problem: 'unknown_area' };
  if (!isGridLevel(area.level)) return { problem: 'area_not_a_grid' };
  return { areaCode: area.code, areaPath: area.path, location: null };
}
