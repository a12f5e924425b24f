import type { Polygon } from 'geojson';
import type { Random } from './random.ts';

/** An axis-aligned rectangle in WGS84 degrees. */
export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** How far a cut may stray from its even position, as a share of the smaller neighbour, so no chessboard. */
const CUT_JITTER = 0.3;

/**
 * 7 decimals is about 1 cm. Rounding a cut once, before either neighbour uses it, keeps the shared edge
 * bit-identical on both sides, so the children tile their parent with no sliver gaps or overlaps.
 */
export function roundCoordinate(degrees: number): number {
  return Math.round(degrees * 1e7) / 1e7;
}

/** A closed ring, counter-clockwise as RFC 7946 asks of exterior rings. */
export function boxPolygon({ west, south, east, north }: Box): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/**
 * Tiles `box` with one rectangle per weight, each roughly as large as its weight's share, in rows chosen so the
 * cells come out near square on the ground. Returned in reading order: rows north→south, west→east within a row.
 */
export function tileBox(box: Box, weights: readonly number[], random: Random): Box[] {
  if (weights.length === 0) return [];
  const rowCount = Math.min(
    weights.length,
    Math.max(1, Math.round(Math.sqrt(weights.length / aspectRatio(box)))),
  );
  const rows: number[][] = [];
  let taken = 0;
  for (const count of rowSizes(weights.length, rowCount, random)) {
    rows.push(weights.slice(taken, taken + count));
    taken += count;
  }
  return tileRows(box, rows, random);
}

/** Tiles `box` with the given rows of weighted cells, in reading order like `tileBox`. */
export function tileRows(box: Box, rows: readonly (readonly number[])[], random: Random): Box[] {
  const latitudes = cuts(box.north, box.south, rows.map(sum), random);
  return rows.flatMap((row, r) => {
    const north = latitudes[r]!;
    const south = latitudes[r + 1]!;
    const longitudes = cuts(box.west, box.east, row, random);
    return row.map((_, c) => ({ west: longitudes[c]!, south, east: longitudes[c + 1]!, north }));
  });
}

/** Width over height as walked on the ground: a degree of longitude shrinks with the cosine of the latitude. */
function aspectRatio({ west, south, east, north }: Box): number {
  const midLatitude = ((south + north) / 2) * (Math.PI / 180);
  return ((east - west) * Math.cos(midLatitude)) / (north - south);
}

/** Spreads `count` cells over rows as evenly as counts allow; which rows get the extra cell is drawn. */
function rowSizes(count: number, rowCount: number, random: Random): number[] {
  const base = Math.floor(count / rowCount);
  const extraRows = new Set(random.shuffle([...Array(rowCount).keys()]).slice(0, count % rowCount));
  return Array.from({ length: rowCount }, (_, row) => base + (extraRows.has(row) ? 1 : 0));
}

/** Positions from `start` to `end` (either direction) splitting the span by `weights`; the ends stay exact. */
function cuts(start: number, end: number, weights: readonly number[], random: Random): number[] {
  const total = sum(weights);
  const positions = [start];
  let covered = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    covered += weights[i]!;
    const slack = (CUT_JITTER * Math.min(weights[i]!, weights[i + 1]!)) / total;
    positions.push(
      roundCoordinate(start + (end - start) * (covered / total + random.between(-slack, slack))),
    );
  }
  positions.push(end);
  return positions;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
