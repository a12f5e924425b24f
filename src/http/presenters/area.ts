import type { AreaRow } from '../../db/schema.ts';

export function presentArea(row: AreaRow, withBoundary: boolean) {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    path: row.path,
    households: row.households,
    population: row.population,
    bbox: [row.min_lng, row.min_lat, row.max_lng, row.max_lat],
    ...(withBoundary ? { boundary: row.boundary } : {}),
  };
}

export function presentAreaFeature(row: AreaRow) {
  return {
    type: 'Feature' as const,
    properties: {
      code: row.code,
      name: row.name,
      level: row.level,
      parentCode: row.parent_code,
      households: row.households,
      population: row.population,
    },
    geometry: row.boundary,
  };
}
