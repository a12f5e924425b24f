import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildDemoDistrict } from '../demo/district.ts';
import { type AreaInChain, buildAreaLocator, type LocatableArea } from './area-locator.ts';
import type { AreaBoundary, AreaLevel, AreaNode } from './areas.ts';
import { boundingBoxOf } from './geometry.ts';

// Rules over the whole demo district collect the codes that break them and expect none, so a failure names
// the culprits without thousands of `expect` calls.

const district = buildDemoDistrict('district');
const locator = buildAreaLocator(district.areas);
const byCode = new Map(district.areas.map((area) => [area.code, area]));

function centreOf(boundary: AreaBoundary): [number, number] {
  const box = boundingBoxOf(boundary);
  return [(box.minLng + box.maxLng) / 2, (box.minLat + box.maxLat) / 2];
}

const CHAIN_LEVELS: readonly AreaLevel[] = ['district', 'street', 'community', 'grid', 'micro_grid'];

/** What is wrong with a located chain, or null: it must run from the district down, each the parent of the next. */
function chainProblem(chain: readonly AreaInChain[] | null): string | null {
  if (chain === null) return 'not located';
  if (chain.length < 4 || chain.length > 5) return `chain of ${chain.length}`;
  for (const [index, link] of chain.entries()) {
    if (link.level !== CHAIN_LEVELS[index]) return `${link.code} is a ${link.level} at depth ${index}`;
    const stored = byCode.get(link.code);
    if (!stored || stored.name !== link.name || stored.level !== link.level)
      return `${link.code} is not as stored`;
    const parentCode = index === 0 ? null : chain[index - 1]!.code;
    if (stored.parentCode !== parentCode) return `${link.code} is not a child of ${parentCode}`;
  }
  return null;
}

function square(west: number, south: number, size: number): Position[] {
  return [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ];
}

function area(
  code: string,
  level: AreaLevel,
  parentCode: string | null,
  boundary: AreaBoundary,
): LocatableArea {
  return { code, name: `name of ${code}`, level, parentCode, boundary };
}

describe('area locator over the demo district', () => {
  const grids = district.areas.filter((node) => node.level === 'grid');
  const microGrids = district.areas.filter((node) => node.level === 'micro_grid');

  it('indexes every node of the demo district (6,044 of them)', () => {
    expect(locator.size).toBe(district.areas.length);
    expect(district.areas.length).toBe(6044);
    expect(grids.length).toBeGreaterThan(950);
  });

  it('locates the centre of every grid to a chain whose grid is that grid', () => {
    const misplaced = grids.filter(
      (grid: AreaNode) => locator.locate(...centreOf(grid.boundary))?.[3]?.code !== grid.code,
    );
    expect(misplaced.map((grid) => grid.code)).toEqual([]);
  });

  it('gives for the centre of every grid a chain district → street → community → grid [→ micro-grid], each the parent of the next', () => {
    const broken = grids.flatMap((grid) => {
      const problem = chainProblem(locator.locate(...centreOf(grid.boundary)));
      return problem ? [`${grid.code}: ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('returns the micro-grid as the last element for a point in a micro-grid', () => {
    const misplaced = microGrids.filter((micro) => {
      const chain = locator.locate(...centreOf(micro.boundary));
      return chain?.length !== 5 || chain[4]?.code !== micro.code || chainProblem(chain) !== null;
    });
    expect(microGrids.length).toBeGreaterThan(0);
    expect(misplaced.map((micro) => micro.code)).toEqual([]);
  });

  it('gives null for a point outside the district (lng 116.0)', () => {
    const [, lat] = centreOf(district.areas[0]!.boundary);
    expect(locator.locate(116.0, lat)).toBeNull();
  });

  it('gives null for a point just north of the district', () => {
    const box = boundingBoxOf(district.areas[0]!.boundary);
    expect(locator.locate((box.minLng + box.maxLng) / 2, box.maxLat + 0.001)).toBeNull();
  });
});

describe('area locator over hand-made shapes', () => {
  it('an empty locator has size 0 and locates nothing', () => {
    const empty = buildAreaLocator([]);
    expect(empty.size).toBe(0);
    expect(empty.locate(117.15, 39.17)).toBeNull();
  });

  const twoParts: MultiPolygon = {
    type: 'MultiPolygon',
    coordinates: [[square(0, 0, 1)], [square(2, 0, 1)]],
  };
  const twoPartLocator = buildAreaLocator([area('D', 'district', null, twoParts)]);

  it.each([
    { where: 'the first part', lng: 0.5, lat: 0.5 },
    { where: 'the second part', lng: 2.5, lat: 0.5 },
  ])('finds a MultiPolygon area from a point in $where', ({ lng, lat }) => {
    expect(twoPartLocator.locate(lng, lat)).toEqual([{ code: 'D', name: 'name of D', level: 'district' }]);
  });

  it('does not find a MultiPolygon area from a point between its parts (inside its bounding box)', () => {
    expect(twoPartLocator.locate(1.5, 0.5)).toBeNull();
  });

  const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 4), square(1, 1, 2)] };

  it('a point in a polygon’s hole is not in it', () => {
    const holed = buildAreaLocator([area('D', 'district', null, withHole)]);
    expect(holed.locate(2, 2)).toBeNull();
    expect(holed.locate(0.5, 0.5)?.map((link) => link.code)).toEqual(['D']);
  });

  it('a point in a polygon’s hole belongs to the area filling the hole', () => {
    const filled = buildAreaLocator([
      area('D', 'district', null, withHole),
      area('E', 'district', null, { type: 'Polygon', coordinates: [square(1, 1, 2)] }),
    ]);
    expect(filled.locate(2, 2)?.map((link) => link.code)).toEqual(['E']);
    expect(filled.locate(0.5, 3.5)?.map((link) => link.code)).toEqual(['D']);
  });

  it('returns the deepest area holding the point whatever order the areas were given in', () => {
    const nodes = [
      area('G', 'grid', 'C', { type: 'Polygon', coordinates: [square(0, 0, 1)] }),
      area('C', 'community', 'S', { type: 'Polygon', coordinates: [square(0, 0, 2)] }),
      area('D', 'district', null, { type: 'Polygon', coordinates: [square(0, 0, 8)] }),
      area('S', 'street', 'D', { type: 'Polygon', coordinates: [square(0, 0, 4)] }),
    ];
    const nested = buildAreaLocator(nodes);
    expect(nested.locate(0.5, 0.5)?.map((link) => link.code)).toEqual(['D', 'S', 'C', 'G']);
    expect(nested.locate(1.5, 1.5)?.map((link) => link.code)).toEqual(['D', 'S', 'C']);
    expect(nested.locate(3, 3)?.map((link) => link.code)).toEqual(['D', 'S']);
    expect(nested.locate(6, 6)?.map((link) => link.code)).toEqual(['D']);
  });
});

describe('area locator: leaves first, their chains, and the edge rule', () => {
  // D (0..4) holds S (0..4 × 0..2); S holds C (0..2 × 0..2), C holds grids G1 (0..1) and G2 (1..2) on the
  // bottom row, and G3 (0..1 × 1..2) above G1, which leaves C's top-right square to no grid. G2 is divided into
  // micro-grids M1 (west half) and M2 (east half). D's top half has no street.
  const tree = buildAreaLocator([
    area('M2', 'micro_grid', 'G2', {
      type: 'Polygon',
      coordinates: [
        [
          [1.5, 0],
          [2, 0],
          [2, 1],
          [1.5, 1],
          [1.5, 0],
        ],
      ],
    }),
    area('G3', 'grid', 'C', { type: 'Polygon', coordinates: [square(0, 1, 1)] }),
    area('D', 'district', null, { type: 'Polygon', coordinates: [square(0, 0, 4)] }),
    area('G1', 'grid', 'C', { type: 'Polygon', coordinates: [square(0, 0, 1)] }),
    area('M1', 'micro_grid', 'G2', {
      type: 'Polygon',
      coordinates: [
        [
          [1, 0],
          [1.5, 0],
          [1.5, 1],
          [1, 1],
          [1, 0],
        ],
      ],
    }),
    area('C', 'community', 'S', { type: 'Polygon', coordinates: [square(0, 0, 2)] }),
    area('G2', 'grid', 'C', {
      type: 'Polygon',
      coordinates: [
        [
          [1, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 0],
        ],
      ],
    }),
    area('S', 'street', 'D', {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    }),
  ]);
  const codes = (lng: number, lat: number) => tree.locate(lng, lat)?.map((link) => link.code) ?? null;

  it.each([
    { rule: 'a point in a grid without micro-grids', lng: 0.5, lat: 0.5, chain: ['D', 'S', 'C', 'G1'] },
    { rule: 'a point in a micro-grid', lng: 1.75, lat: 0.5, chain: ['D', 'S', 'C', 'G2', 'M2'] },
    {
      rule: 'a point in a community that no grid covers there',
      lng: 1.5,
      lat: 1.5,
      chain: ['D', 'S', 'C'],
    },
    { rule: 'a point in a street outside its community', lng: 3, lat: 1, chain: ['D', 'S'] },
    { rule: 'a point in the district outside every street', lng: 3, lat: 3, chain: ['D'] },
    { rule: 'a point outside every area', lng: 5, lat: 1, chain: null },
    {
      rule: 'a point on an edge shared west–east belongs to the east area',
      lng: 1,
      lat: 0.5,
      chain: ['D', 'S', 'C', 'G2', 'M1'],
    },
    {
      rule: 'a point on an edge shared by micro-grids belongs to the east one',
      lng: 1.5,
      lat: 0.5,
      chain: ['D', 'S', 'C', 'G2', 'M2'],
    },
    {
      rule: 'a point on an edge shared south–north belongs to the north area',
      lng: 0.5,
      lat: 1,
      chain: ['D', 'S', 'C', 'G3'],
    },
    { rule: 'a corner shared by four belongs to the north-east one', lng: 1, lat: 1, chain: ['D', 'S', 'C'] },
    {
      rule: 'a point on a grid’s north edge with no grid beyond belongs to its community',
      lng: 1.25,
      lat: 1,
      chain: ['D', 'S', 'C'],
    },
    {
      rule: 'a point on the district’s south-west corner is inside',
      lng: 0,
      lat: 0,
      chain: ['D', 'S', 'C', 'G1'],
    },
    { rule: 'a point on the district’s east edge is outside', lng: 4, lat: 3, chain: null },
    { rule: 'a point on the district’s north edge is outside', lng: 3, lat: 4, chain: null },
  ])('$rule', ({ lng, lat, chain }) => {
    expect(codes(lng, lat)).toEqual(chain);
  });

  it('hands back the same frozen chain for every point of a leaf', () => {
    const one = tree.locate(0.25, 0.25);
    expect(tree.locate(0.75, 0.75)).toBe(one);
    expect(Object.isFrozen(one)).toBe(true);
    expect(Object.isFrozen(one?.[0])).toBe(true);
  });

  it('where two areas of one level overlap, the point belongs to the one first in code order, whatever the input order', () => {
    const a = area('GA', 'grid', null, { type: 'Polygon', coordinates: [square(0, 0, 2)] });
    const b = area('GB', 'grid', null, { type: 'Polygon', coordinates: [square(1, 1, 2)] });
    expect(
      buildAreaLocator([a, b])
        .locate(1.5, 1.5)
        ?.map((link) => link.code),
    ).toEqual(['GA']);
    expect(
      buildAreaLocator([b, a])
        .locate(1.5, 1.5)
        ?.map((link) => link.code),
    ).toEqual(['GA']);
  });

  it('where a leaf overlaps a deeper leaf of another branch, the deeper one wins', () => {
    const nodes = [
      area('G1', 'grid', null, { type: 'Polygon', coordinates: [square(0, 0, 2)] }),
      area('G2', 'grid', null, { type: 'Polygon', coordinates: [square(1, 0, 2)] }),
      area('M2', 'micro_grid', 'G2', { type: 'Polygon', coordinates: [square(1, 0, 1)] }),
    ];
    expect(
      buildAreaLocator(nodes)
        .locate(1.5, 0.5)
        ?.map((link) => link.code),
    ).toEqual(['G2', 'M2']);
    expect(
      buildAreaLocator(nodes.reverse())
        .locate(1.5, 0.5)
        ?.map((link) => link.code),
    ).toEqual(['G2', 'M2']);
  });
});
