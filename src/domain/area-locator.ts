import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { type AreaBoundary, type AreaLevel, levelDepth } from './areas.ts';

export interface LocatableArea {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  boundary: AreaBoundary;
}

export interface AreaInChain {
  code: string;
  name: string;
  level: AreaLevel;
}

/**
 * The chain from the district down to the deepest node holding the point, or null outside every area. The chain
 * is shared by every point of that node and frozen: copy it to change it.
 */
export type LocatedChain = readonly AreaInChain[] | null;

export interface AreaLocator {
  readonly size: number;
  locate(lng: number, lat: number): LocatedChain;
}

/**
 * An area's rings as one flat array of numbers (lng, lat, lng, lat, …) and where each ring ends, so that a point
 * is tested without allocating and without walking nested GeoJSON arrays.
 */
export interface FlatRings {
  readonly coordinates: Float64Array;
  /** The index in `coordinates` just past each ring's last number. */
  readonly ringEnds: Uint32Array;
  readonly minLng: number;
  readonly minLat: number;
  readonly maxLng: number;
  readonly maxLat: number;
}

export function flattenBoundary(boundary: AreaBoundary): FlatRings {
  const rings = boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat();
  let numbers = 0;
  for (let ring = 0; ring < rings.length; ring++) numbers += (rings[ring] as Position[]).length * 2;
  const coordinates = new Float64Array(numbers);
  const ringEnds = new Uint32Array(rings.length);
  let at = 0;
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (let ring = 0; ring < rings.length; ring++) {
    const positions = rings[ring] as Position[];
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index] as Position;
      const lng = position[0] ?? Number.NaN;
      const lat = position[1] ?? Number.NaN;
      coordinates[at++] = lng;
      coordinates[at++] = lat;
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
    ringEnds[ring] = at;
  }
  return { coordinates, ringEnds, minLng, minLat, maxLng, maxLat };
}

/**
 * Whether a point lies in an area, by casting a ray east and counting the edges it crosses over every ring
 * (outer rings, holes and the parts of a MultiPolygon alike: an odd count is inside).
 *
 * The edge rule follows from the count and needs no tie-break: a point on an edge belongs to the area on the
 * edge's north or east side, so a point on an edge shared by two areas belongs to exactly one of them (the one
 * whose west or south edge it lies on), and a point on a corner shared by four belongs to the north-east one.
 * A point on an area's own north or east edge with nothing beyond it is outside.
 */
export function holdsPoint(rings: FlatRings, lng: number, lat: number): boolean {
  const { coordinates, ringEnds } = rings;
  let inside = false;
  let start = 0;
  for (let ring = 0; ring < ringEnds.length; ring++) {
    const end = ringEnds[ring] as number;
    // The ring is closed (its last position repeats its first), so each pair of neighbours is one edge.
    for (let at = start + 2; at < end; at += 2) {
      const lat1 = coordinates[at - 1] as number;
      const lat2 = coordinates[at + 1] as number;
      if (lat1 > lat !== lat2 > lat) {
        const lng1 = coordinates[at - 2] as number;
        const lng2 = coordinates[at] as number;
        if (lng < lng1 + ((lat - lat1) * (lng2 - lng1)) / (lat2 - lat1)) inside = !inside;
      }
    }
    start = end;
  }
  return inside;
}

/** One R-tree over some of the areas, and which area each of its entries is. */
interface AreaIndex {
  tree: Flatbush;
  areaOf: Uint32Array;
}

function indexOver(members: readonly number[], rings: readonly FlatRings[]): AreaIndex | null {
  if (members.length === 0) return null;
  const tree = new Flatbush(members.length);
  for (const member of members) {
    const box = rings[member] as FlatRings;
    tree.add(box.minLng, box.minLat, box.maxLng, box.maxLat);
  }
  tree.finish();
  return { tree, areaOf: Uint32Array.from(members) };
}

/**
 * Point location over the area tree. The R-tree that answers nearly every point holds only the leaves (the
 * areas without children: micro-grids, and grids not divided further), and each leaf carries its chain up to
 * the district, built once. A point found in no leaf is looked up again among the areas with children, for a
 * parent that its children do not cover whole. A point in several areas (only on an edge, or where areas
 * overlap) belongs to the deepest of them, and among equally deep ones to the one first in code order; so the
 * answer never depends on the order the areas were given in.
 */
export function buildAreaLocator(areas: readonly LocatableArea[]): AreaLocator {
  if (areas.length === 0) return { size: 0, locate: () => null };
  const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const positionOf = new Map(sorted.map((area, position) => [area.code, position]));
  const rings = sorted.map((area) => flattenBoundary(area.boundary));
  const depth = Uint8Array.from(sorted, (area) => levelDepth(area.level));
  const parents = new Set(sorted.map((area) => area.parentCode));

  // Each node's chain up to its root, built once (parents first, by depth) and shared by every point in it.
  const notBuilt: readonly AreaInChain[] = Object.freeze([]);
  const chains = Array.from({ length: sorted.length }, () => notBuilt);
  const byDepth = Array.from(sorted.keys()).sort((a, b) => (depth[a] as number) - (depth[b] as number));
  for (const position of byDepth) {
    const area = sorted[position] as LocatableArea;
    const parent = area.parentCode === null ? undefined : positionOf.get(area.parentCode);
    // A parent missing from the tree (or not above the node) ends the chain where it is, as a root would.
    const above = parent === undefined ? notBuilt : (chains[parent] as readonly AreaInChain[]);
    const link = Object.freeze({ code: area.code, name: area.name, level: area.level });
    chains[position] = Object.freeze([...above, link]);
  }

  const leaves: number[] = [];
  const inner: number[] = [];
  for (const [position, area] of sorted.entries()) (parents.has(area.code) ? inner : leaves).push(position);
  const leafIndex = indexOver(leaves, rings);
  const innerIndex = indexOver(inner, rings);

  /** The deepest area of the index holding the point, first in code order among equals; -1 for none. */
  function deepestIn(index: AreaIndex | null, lng: number, lat: number): number {
    if (!index) return -1;
    const { tree, areaOf } = index;
    let best = -1;
    for (const entry of tree.search(lng, lat, lng, lat)) {
      const candidate = areaOf[entry] as number;
      if (best >= 0) {
        const deeper = (depth[candidate] as number) - (depth[best] as number);
        if (deeper < 0 || (deeper === 0 && candidate > best)) continue;
      }
      if (holdsPoint(rings[candidate] as FlatRings, lng, lat)) best = candidate;
    }
    return best;
  }

  return {
    size: areas.length,
    locate(lng, lat) {
      let found = deepestIn(leafIndex, lng, lat);
      if (found < 0) found = deepestIn(innerIndex, lng, lat);
      return found < 0 ? null : (chains[found] as readonly AreaInChain[]);
    },
  };
}
