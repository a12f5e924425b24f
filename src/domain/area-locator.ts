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
 * Every area's rings in one flat array of numbers (lng, lat, lng, lat, …), with where each ring ends and which
 * rings are each area's, so that a point is tested without allocating or walking nested GeoJSON arrays, and a
 * city's 60,000 areas are flattened into a handful of arrays rather than one per area.
 */
interface FlatBoundaries {
  readonly coordinates: Float64Array;
  /** The index in `coordinates` just past each ring's last number. */
  readonly ringEnds: Uint32Array;
  /** Area `a`'s rings are `firstRing[a]` up to (not including) `firstRing[a + 1]`. */
  readonly firstRing: Uint32Array;
  /** minLng, minLat, maxLng, maxLat of each area, four numbers per area. */
  readonly boxes: Float64Array;
}

function ringsOf(boundary: AreaBoundary): Position[][] {
  return boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat();
}

function flatten(areas: readonly LocatableArea[]): FlatBoundaries {
  let numbers = 0;
  let ringCount = 0;
  for (const area of areas) {
    const rings = ringsOf(area.boundary);
    for (const ring of rings) numbers += ring.length * 2;
    ringCount += rings.length;
  }
  const coordinates = new Float64Array(numbers);
  const ringEnds = new Uint32Array(ringCount);
  const firstRing = new Uint32Array(areas.length + 1);
  const boxes = new Float64Array(areas.length * 4);
  let at = 0;
  let ringAt = 0;
  for (let area = 0; area < areas.length; area++) {
    firstRing[area] = ringAt;
    let minLng = Infinity;
    let minLat = Infinity;
    let maxLng = -Infinity;
    let maxLat = -Infinity;
    const rings = ringsOf((areas[area] as LocatableArea).boundary);
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
      ringEnds[ringAt++] = at;
    }
    boxes[area * 4] = minLng;
    boxes[area * 4 + 1] = minLat;
    boxes[area * 4 + 2] = maxLng;
    boxes[area * 4 + 3] = maxLat;
  }
  firstRing[areas.length] = ringAt;
  return { coordinates, ringEnds, firstRing, boxes };
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
function holdsPoint(flat: FlatBoundaries, area: number, lng: number, lat: number): boolean {
  const { coordinates, ringEnds, firstRing } = flat;
  const lastRing = firstRing[area + 1] as number;
  let ring = firstRing[area] as number;
  let start = ring === 0 ? 0 : (ringEnds[ring - 1] as number);
  let inside = false;
  for (; ring < lastRing; ring++) {
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

function indexOver(members: readonly number[], boxes: Float64Array): AreaIndex | null {
  if (members.length === 0) return null;
  const tree = new Flatbush(members.length);
  for (const member of members) {
    const at = member * 4;
    tree.add(boxes[at] as number, boxes[at + 1] as number, boxes[at + 2] as number, boxes[at + 3] as number);
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
  const flat = flatten(sorted);
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
  const leafIndex = indexOver(leaves, flat.boxes);
  const innerIndex = indexOver(inner, flat.boxes);

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
      if (holdsPoint(flat, candidate, lng, lat)) best = candidate;
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
