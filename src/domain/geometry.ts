import type { Position } from 'geojson';
import type { AreaBoundary } from './areas.ts';

export interface BoundingBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

function ringsOf(boundary: AreaBoundary): Position[][] {
  return boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat();
}

export function boundingBoxOf(boundary: AreaBoundary): BoundingBox {
  const box = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  for (const ring of ringsOf(boundary)) {
    for (const [lng = Number.NaN, lat = Number.NaN] of ring) {
      box.minLng = Math.min(box.minLng, lng);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLng = Math.max(box.maxLng, lng);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

export type RingProblem = 'too_few_positions' | 'not_closed' | 'bad_position' | 'out_of_range';

function positionProblem(position: unknown): RingProblem | null {
  if (!Array.isArray(position) || position.length < 2) return 'bad_position';
  const [lng, lat] = position;
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    return 'bad_position';
  }
  return Math.abs(lng) > 180 || Math.abs(lat) > 90 ? 'out_of_range' : null;
}

/** RFC 7946 linear ring: four or more WGS84 positions, the first and last the same. */
export function ringProblem(ring: unknown): RingProblem | null {
  if (!Array.isArray(ring) || ring.length < 4) return 'too_few_positions';
  for (const position of ring) {
    const problem = positionProblem(position);
    if (problem) return problem;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  return first[0] === last[0] && first[1] === last[1] ? null : 'not_closed';
}
