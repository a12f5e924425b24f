import type { MultiPolygon, Polygon } from 'geojson';

/** The five levels of the area tree, top down. 微网格 (micro-grid) is a building or a floor of 50–80 households. */
export const AREA_LEVELS = ['district', 'street', 'community', 'grid', 'micro_grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export type AreaBoundary = Polygon | MultiPolygon;

export interface AreaNode {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  boundary: AreaBoundary;
  /** Only grids and micro-grids carry counts; null elsewhere. */
  households: number | null;
  population: number | null;
}

/** The level a node's parent must have, or null for the root level. */
export function parentLevelOf(level: AreaLevel): AreaLevel | null {
  const index = AREA_LEVELS.indexOf(level);
  return index === 0 ? null : (AREA_LEVELS[index - 1] ?? null);
}

export function levelDepth(level: AreaLevel): number {
  return AREA_LEVELS.indexOf(level);
}

/** A node's path is the codes from its root down to itself joined by '/'. */
export function childPath(parentPath: string | null, code: string): string {
  return parentPath === null ? code : `${parentPath}/${code}`;
}

/** Whether `path` is `ancestorPath` itself or lies in its subtree. */
export function isWithin(path: string, ancestorPath: string): boolean {
  return path === ancestorPath || path.startsWith(`${ancestorPath}/`);
}

/** An event is placed on a grid or a micro-grid: the level whose people patrol it and verify on site. */
export function isGridLevel(level: AreaLevel): boolean {
  return level === 'grid' || level === 'micro_grid';
}

/** The code at `level` on a node's path ('D/S1/C1/G11', 'community' → 'C1'), or null when the path does not reach it. */
export function codeAtLevel(path: string | null, level: AreaLevel): string | null {
  if (path === null) return null;
  return path.split('/')[levelDepth(level)] ?? null;
}
