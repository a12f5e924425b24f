import { AREA_LEVELS, type AreaLevel, type AreaNode, childPath, isWithin, parentLevelOf } from './areas.ts';
import { type RingProblem, ringProblem } from './geometry.ts';

/** Why a feature of an imported file is refused; rendered into words at the edge. */
export type AreaImportProblem =
  | { reason: 'not_a_feature_collection' }
  | { reason: 'empty' }
  | { reason: 'not_a_feature' }
  | { reason: 'bad_geometry_type'; type: string }
  | { reason: 'bad_ring'; ring: RingProblem }
  | { reason: 'bad_code' }
  | { reason: 'duplicate_code'; code: string }
  | { reason: 'bad_name' }
  | { reason: 'bad_level'; level: string }
  | { reason: 'bad_count'; field: 'households' | 'population' }
  | { reason: 'root_with_parent' }
  | { reason: 'missing_parent_code' }
  | { reason: 'parent_not_found'; parentCode: string }
  | { reason: 'parent_wrong_level'; parentCode: string; expected: AreaLevel; actual: AreaLevel }
  | { reason: 'level_changed'; code: string; existing: AreaLevel }
  | { reason: 'outside_your_area'; code: string };

/** What the store already holds of a node: its level and its path from the root. */
export interface StoredArea {
  level: AreaLevel;
  path: string;
}

export type AreaImportResult =
  | { ok: true; nodes: AreaNode[] }
  /** `feature` counts from 1, as a person reading the file would count; 0 is the file itself. */
  | { ok: false; feature: number; problem: AreaImportProblem };

const CODE_PATTERN = /^[0-9A-Za-z_-]{1,32}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalCount(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/**
 * Why a geometry cannot be an area's boundary (a GeoJSON Polygon or MultiPolygon of closed WGS84 rings), or null
 * when it can: the check of each feature of an import, and of a boundary drawn alone.
 */
export function areaBoundaryProblem(
  geometry: unknown,
): Extract<AreaImportProblem, { reason: 'bad_geometry_type' | 'bad_ring' }> | null {
  if (!isRecord(geometry)) return { reason: 'bad_geometry_type', type: String(geometry) };
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : null;
  if (polygons === null) return { reason: 'bad_geometry_type', type: String(geometry.type) };
  if (!Array.isArray(polygons) || polygons.length === 0)
    return { reason: 'bad_ring', ring: 'too_few_positions' };
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0)
      return { reason: 'bad_ring', ring: 'too_few_positions' };
    for (const ring of polygon) {
      const problem = ringProblem(ring);
      if (problem) return { reason: 'bad_ring', ring: problem };
    }
  }
  return null;
}

function readFeature(feature: unknown): AreaNode | AreaImportProblem {
  if (!isRecord(feature) || feature.type !== 'Feature' || !isRecord(feature.properties)) {
    return { reason: 'not_a_feature' };
  }
  const { code, name, level, parentCode, households, population } = feature.properties;
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) return { reason: 'bad_code' };
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100)
    return { reason: 'bad_name' };
  if (typeof level !== 'string' || !(AREA_LEVELS as readonly string[]).includes(level)) {
    return { reason: 'bad_level', level: String(level) };
  }
  const areaLevel = level as AreaLevel;
  const isRoot = parentLevelOf(areaLevel) === null;
  if (isRoot && parentCode !== undefined && parentCode !== null) return { reason: 'root_with_parent' };
  if (!isRoot && (typeof parentCode !== 'string' || parentCode.length === 0))
    return { reason: 'missing_parent_code' };
  const householdCount = optionalCount(households);
  if (householdCount === undefined) return { reason: 'bad_count', field: 'households' };
  const populationCount = optionalCount(population);
  if (populationCount === undefined) return { reason: 'bad_count', field: 'population' };
  const geometryProblem = areaBoundaryProblem(feature.geometry);
  if (geometryProblem) return geometryProblem;
  return {
    code,
    name: name.trim(),
    level: areaLevel,
    parentCode: isRoot ? null : (parentCode as string),
    boundary: feature.geometry as AreaNode['boundary'],
    households: householdCount,
    population: populationCount,
  };
}

/**
 * Reads a GeoJSON FeatureCollection of area nodes and checks it against the tree already stored. The whole
 * file is accepted or one faulty feature is named: first each feature on its own, then how each fits the
 * tree (a parent may come later in the file), then whether it lies in scope; within a pass, the first fault. With `scopePath`, every node must fall inside it:
 * an administrator imports only into the subtree they administer.
 */
export function readAreaImport(
  input: unknown,
  stored: ReadonlyMap<string, StoredArea>,
  scopePath: string | null,
): AreaImportResult {
  if (!isRecord(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    return { ok: false, feature: 0, problem: { reason: 'not_a_feature_collection' } };
  }
  if (input.features.length === 0) return { ok: false, feature: 0, problem: { reason: 'empty' } };
  const nodes: AreaNode[] = [];
  const inFile = new Map<string, AreaNode>();
  for (const [index, feature] of input.features.entries()) {
    const node = readFeature(feature);
    if ('reason' in node) return { ok: false, feature: index + 1, problem: node };
    if (inFile.has(node.code)) {
      return { ok: false, feature: index + 1, problem: { reason: 'duplicate_code', code: node.code } };
    }
    const existing = stored.get(node.code);
    if (existing !== undefined && existing.level !== node.level) {
      return {
        ok: false,
        feature: index + 1,
        problem: { reason: 'level_changed', code: node.code, existing: existing.level },
      };
    }
    inFile.set(node.code, node);
    nodes.push(node);
  }
  for (const [index, node] of nodes.entries()) {
    if (node.parentCode === null) continue;
    const parentLevel = inFile.get(node.parentCode)?.level ?? stored.get(node.parentCode)?.level;
    if (parentLevel === undefined) {
      return {
        ok: false,
        feature: index + 1,
        problem: { reason: 'parent_not_found', parentCode: node.parentCode },
      };
    }
    const expected = parentLevelOf(node.level);
    if (expected !== null && parentLevel !== expected) {
      return {
        ok: false,
        feature: index + 1,
        problem: { reason: 'parent_wrong_level', parentCode: node.parentCode, expected, actual: parentLevel },
      };
    }
  }
  if (scopePath !== null) {
    // Levels strictly descend from parent to child, so following parents always ends at a root.
    const pathOf = (node: AreaNode): string => {
      if (node.parentCode === null) return node.code;
      const parentInFile = inFile.get(node.parentCode);
      const parentPath = parentInFile ? pathOf(parentInFile) : (stored.get(node.parentCode)?.path ?? null);
      return childPath(parentPath, node.code);
    };
    for (const [index, node] of nodes.entries()) {
      if (!isWithin(pathOf(node), scopePath)) {
        return { ok: false, feature: index + 1, problem: { reason: 'outside_your_area', code: node.code } };
      }
    }
  }
  return { ok: true, nodes };
}
