import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { type AreaBoundary, type AreaLevel, levelDepth } from './areas.ts';
import { boundingBoxOf } from './geometry.ts';

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

/** The chain from the district down to the deepest node holding the point, or null outside every area. */
export type LocatedChain = AreaInChain[] | null;

export interface AreaLocator {
  readonly size: number;
  locate(lng: number, lat: number): LocatedChain;
}

/**
 * A static R-tree (flatbush) over the bounding boxes of every node; a point is tested against the exact
 * polygons of the few nodes whose boxes hold it. Points on a shared edge belong to the first node found.
 */
export function buildAreaLocator(areas: readonly LocatableArea[]): AreaLocator {
  const byCode = new Map(areas.map((area) => [area.code, area]));
  if (areas.length === 0) return { size: 0, locate: () => null };
  const index = new Flatbush(areas.length);
  for (const area of areas) {
    const box = boundingBoxOf(area.boundary);
    index.add(box.minLng, box.minLat, box.maxLng, box.maxLat);
  }
  index.finish();

  function chainUpFrom(area: LocatableArea): AreaInChain[] {
    const chain: AreaInChain[] = [];
    for (
      let node: LocatableArea | undefined = area;
      node;
      node = node.parentCode ? byCode.get(node.parentCode) : undefined
    ) {
      chain.unshift({ code: node.code, name: node.name, level: node.level });
    }
    return chain;
  }

  return {
    size: areas.length,
    locate(lng, lat) {
      let deepest: LocatableArea | null = null;
      for (const candidate of index.search(lng, lat, lng, lat)) {
        const area = areas[candidate];
        if (!area || (deepest && levelDepth(area.level) <= levelDepth(deepest.level))) continue;
        if (booleanPointInPolygon([lng, lat], area.boundary)) deepest = area;
      }
      return deepest ? chainUpFrom(deepest) : null;
    },
  };
}
