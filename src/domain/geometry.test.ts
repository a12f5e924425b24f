import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { type BoundingBox, boundingBoxOf, type RingProblem, ringProblem } from './geometry.ts';

const CLOSED = [
  [117.1, 39.1],
  [117.2, 39.1],
  [117.2, 39.2],
  [117.1, 39.1],
];

const RINGS: { rule: string; ring: unknown; problem: RingProblem | null }[] = [
  { rule: 'a closed ring of four positions is fine', ring: CLOSED, problem: null },
  {
    rule: 'a closed ring of five positions is fine',
    ring: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
    problem: null,
  },
  {
    rule: 'positions with an altitude are fine',
    ring: [
      [0, 0, 5],
      [1, 0, 5],
      [1, 1, 5],
      [0, 0, 5],
    ],
    problem: null,
  },
  {
    rule: 'the extreme WGS84 values ±180 and ±90 are in range',
    ring: [
      [-180, -90],
      [180, -90],
      [180, 90],
      [-180, -90],
    ],
    problem: null,
  },
  { rule: 'a ring that is not an array has too few positions', ring: 'ring', problem: 'too_few_positions' },
  { rule: 'null has too few positions', ring: null, problem: 'too_few_positions' },
  { rule: 'an empty ring has too few positions', ring: [], problem: 'too_few_positions' },
  {
    rule: 'a ring of three positions has too few, even closed',
    ring: [
      [0, 0],
      [1, 0],
      [0, 0],
    ],
    problem: 'too_few_positions',
  },
  {
    rule: 'a ring whose last position differs from its first is not closed',
    ring: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ],
    problem: 'not_closed',
  },
  {
    rule: 'a ring whose last latitude alone differs is not closed',
    ring: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0.0000001],
    ],
    problem: 'not_closed',
  },
  {
    rule: 'a position with one number is a bad position',
    ring: [[0], [1, 0], [1, 1], [0]],
    problem: 'bad_position',
  },
  {
    rule: 'a position that is not an array is a bad position',
    ring: [{ lng: 0, lat: 0 }, [1, 0], [1, 1], [0, 0]],
    problem: 'bad_position',
  },
  {
    rule: 'a position given as strings is a bad position',
    ring: [
      ['0', '0'],
      [1, 0],
      [1, 1],
      ['0', '0'],
    ],
    problem: 'bad_position',
  },
  {
    rule: 'NaN is a bad position',
    ring: [
      [0, 0],
      [Number.NaN, 0],
      [1, 1],
      [0, 0],
    ],
    problem: 'bad_position',
  },
  {
    rule: 'Infinity is a bad position',
    ring: [
      [0, 0],
      [1, Number.POSITIVE_INFINITY],
      [1, 1],
      [0, 0],
    ],
    problem: 'bad_position',
  },
  {
    rule: 'a longitude of 200 is out of range',
    ring: [
      [200, 39],
      [200.1, 39],
      [200.1, 39.1],
      [200, 39],
    ],
    problem: 'out_of_range',
  },
  {
    rule: 'a longitude just past -180 is out of range',
    ring: [
      [0, 0],
      [-180.0001, 0],
      [1, 1],
      [0, 0],
    ],
    problem: 'out_of_range',
  },
  {
    rule: 'a latitude past 90 is out of range',
    ring: [
      [0, 0],
      [1, 90.5],
      [1, 1],
      [0, 0],
    ],
    problem: 'out_of_range',
  },
  {
    rule: 'a bad position is reported before the ring being unclosed',
    ring: [
      [0, 0],
      [1, 0],
      ['x', 1],
      [0, 1],
    ],
    problem: 'bad_position',
  },
];

describe('ringProblem', () => {
  it.each(RINGS)('$rule', ({ ring, problem }) => {
    expect(ringProblem(ring)).toBe(problem);
  });
});

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [117.1, 39.1],
      [117.2, 39.1],
      [117.2, 39.2],
      [117.1, 39.2],
      [117.1, 39.1],
    ],
  ],
};

const BOXES: { rule: string; boundary: Polygon | MultiPolygon; box: BoundingBox }[] = [
  {
    rule: 'a rectangle is its own box',
    boundary: square,
    box: { minLng: 117.1, minLat: 39.1, maxLng: 117.2, maxLat: 39.2 },
  },
  {
    rule: 'a triangle’s box spans its extreme vertices',
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [2, 1],
          [5, 3],
          [3, 7],
          [2, 1],
        ],
      ],
    },
    box: { minLng: 2, minLat: 1, maxLng: 5, maxLat: 7 },
  },
  {
    rule: 'a hole inside the outer ring does not change the box',
    boundary: {
      type: 'Polygon',
      coordinates: [
        square.coordinates[0]!,
        [
          [117.12, 39.12],
          [117.18, 39.12],
          [117.18, 39.18],
          [117.12, 39.12],
        ],
      ],
    },
    box: { minLng: 117.1, minLat: 39.1, maxLng: 117.2, maxLat: 39.2 },
  },
  {
    rule: 'a MultiPolygon’s box spans all its parts',
    boundary: {
      type: 'MultiPolygon',
      coordinates: [
        square.coordinates,
        [
          [
            [118, 40],
            [118.5, 40],
            [118.5, 40.5],
            [118, 40],
          ],
        ],
      ],
    },
    box: { minLng: 117.1, minLat: 39.1, maxLng: 118.5, maxLat: 40.5 },
  },
  {
    rule: 'negative coordinates (west, south) are handled',
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [-74.1, -40.2],
          [-73.9, -40.2],
          [-73.9, -39.8],
          [-74.1, -40.2],
        ],
      ],
    },
    box: { minLng: -74.1, minLat: -40.2, maxLng: -73.9, maxLat: -39.8 },
  },
  {
    rule: 'the whole world spans -180 to 180 and -90 to 90',
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, -90],
        ],
      ],
    },
    box: { minLng: -180, minLat: -90, maxLng: 180, maxLat: 90 },
  },
];

describe('boundingBoxOf', () => {
  it.each(BOXES)('$rule', ({ boundary, box }) => {
    expect(boundingBoxOf(boundary)).toEqual(box);
  });
});
