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
function chainProblem(chain: AreaInChain[] | null): string | null {
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
