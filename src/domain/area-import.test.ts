import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { type AreaImportProblem, readAreaImport, type StoredArea } from './area-import.ts';

// The stored tree the files are checked against: paths are codes joined by '/'.
const STORED: ReadonlyMap<string, StoredArea> = new Map<string, StoredArea>([
  ['D', { level: 'district', path: 'D' }],
  ['S1', { level: 'street', path: 'D/S1' }],
  ['S2', { level: 'street', path: 'D/S2' }],
  ['S10', { level: 'street', path: 'D/S10' }],
  ['C1', { level: 'community', path: 'D/S1/C1' }],
  ['C2', { level: 'community', path: 'D/S2/C2' }],
  ['C10', { level: 'community', path: 'D/S10/C10' }],
]);
const NOTHING_STORED: ReadonlyMap<string, StoredArea> = new Map();

function square(lng = 117.1, lat = 39.1, size = 0.01): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng, lat],
        [lng + size, lat],
        [lng + size, lat + size],
        [lng, lat + size],
        [lng, lat],
      ],
    ],
  };
}

function feature(properties: Record<string, unknown>, geometry: unknown = square()): Record<string, unknown> {
  return { type: 'Feature', properties, geometry };
}

function grid(code: string, parentCode = 'C1', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return feature({ code, name: `网格 ${code}`, level: 'grid', parentCode, ...extra });
}

function collection(features: unknown[]): Record<string, unknown> {
  return { type: 'FeatureCollection', features };
}

/** Four features, three valid grids under the stored community C1 and the faulty one at `at` (1-based). */
function fileWith(faulty: unknown, at = 3): Record<string, unknown> {
  const features: unknown[] = [grid('GA'), grid('GB'), grid('GC')];
  features.splice(at - 1, 0, faulty);
  return collection(features);
}

function ring(...positions: unknown[]): unknown {
  return { type: 'Polygon', coordinates: [positions] };
}

interface FaultCase {
  rule: string;
  input: unknown;
  scopePath?: string | null;
  feature: number;
  problem: AreaImportProblem;
}

const FAULTS: FaultCase[] = [
  {
    rule: 'a file that is not a FeatureCollection is refused as a whole',
    input: { type: 'Feature', properties: {}, geometry: square() },
    feature: 0,
    problem: { reason: 'not_a_feature_collection' },
  },
  {
    rule: 'a FeatureCollection without a features array is refused as a whole',
    input: { type: 'FeatureCollection' },
    feature: 0,
    problem: { reason: 'not_a_feature_collection' },
  },
  {
    rule: 'a bare array of features is refused as a whole',
    input: [grid('GA')],
    feature: 0,
    problem: { reason: 'not_a_feature_collection' },
  },
  {
    rule: 'null is refused as a whole',
    input: null,
    feature: 0,
    problem: { reason: 'not_a_feature_collection' },
  },
  {
    rule: 'an empty FeatureCollection is refused as a whole',
    input: collection([]),
    feature: 0,
    problem: { reason: 'empty' },
  },
  {
    rule: 'a feature that is not a Feature is named',
    input: fileWith({ type: 'Polygon', coordinates: square().coordinates }),
    feature: 3,
    problem: { reason: 'not_a_feature' },
  },
  {
    rule: 'a Feature without properties is not a feature',
    input: fileWith({ type: 'Feature', geometry: square() }),
    feature: 3,
    problem: { reason: 'not_a_feature' },
  },
  {
    rule: 'a Point geometry is refused',
    input: fileWith(
      feature(
        { code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' },
        { type: 'Point', coordinates: [117, 39] },
      ),
    ),
    feature: 3,
    problem: { reason: 'bad_geometry_type', type: 'Point' },
  },
  {
    rule: 'a ring of 3 positions is refused',
    input: fileWith(
      feature(
        { code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' },
        ring([117, 39], [117.01, 39], [117, 39]),
      ),
    ),
    feature: 3,
    problem: { reason: 'bad_ring', ring: 'too_few_positions' },
  },
  {
    rule: 'an unclosed ring is refused',
    input: fileWith(
      feature(
        { code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' },
        ring([117, 39], [117.01, 39], [117.01, 39.01], [117, 39.01]),
      ),
    ),
    feature: 3,
    problem: { reason: 'bad_ring', ring: 'not_closed' },
  },
  {
    rule: 'a position out of range (lng 200) is refused',
    input: fileWith(
      feature(
        { code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' },
        ring([200, 39], [200.01, 39], [200.01, 39.01], [200, 39]),
      ),
    ),
    feature: 3,
    problem: { reason: 'bad_ring', ring: 'out_of_range' },
  },
  {
    rule: 'a non-numeric position is refused',
    input: fileWith(
      feature(
        { code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' },
        ring(['117', 39], [117.01, 39], [117.01, 39.01], ['117', 39]),
      ),
    ),
    feature: 3,
    problem: { reason: 'bad_ring', ring: 'bad_position' },
  },
  {
    rule: 'a bad hole in a MultiPolygon is refused',
    input: fileWith(
      feature(
        { code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' },
        {
          type: 'MultiPolygon',
          coordinates: [square().coordinates, [square(118).coordinates[0], [[118, 39]]]],
        },
      ),
    ),
    feature: 3,
    problem: { reason: 'bad_ring', ring: 'too_few_positions' },
  },
  {
    rule: 'a code with a space is refused',
    input: fileWith(grid('G 1')),
    feature: 3,
    problem: { reason: 'bad_code' },
  },
  {
    rule: 'a missing code is refused',
    input: fileWith(feature({ name: 'x', level: 'grid', parentCode: 'C1' })),
    feature: 3,
    problem: { reason: 'bad_code' },
  },
  {
    rule: 'a code already used earlier in the file is named where it repeats',
    input: fileWith(grid('GA')),
    feature: 3,
    problem: { reason: 'duplicate_code', code: 'GA' },
  },
  {
    rule: 'an empty name is refused',
    input: fileWith(feature({ code: 'GX', name: '', level: 'grid', parentCode: 'C1' })),
    feature: 3,
    problem: { reason: 'bad_name' },
  },
  {
    rule: 'a name of blanks only is refused',
    input: fileWith(feature({ code: 'GX', name: '   ', level: 'grid', parentCode: 'C1' })),
    feature: 3,
    problem: { reason: 'bad_name' },
  },
  {
    rule: 'an unknown level is refused',
    input: fileWith(feature({ code: 'GX', name: 'x', level: 'village', parentCode: 'C1' })),
    feature: 3,
    problem: { reason: 'bad_level', level: 'village' },
  },
  {
    rule: 'negative households are refused',
    input: fileWith(grid('GX', 'C1', { households: -1 })),
    feature: 3,
    problem: { reason: 'bad_count', field: 'households' },
  },
  {
    rule: 'a fractional population is refused',
    input: fileWith(grid('GX', 'C1', { population: 2.5 })),
    feature: 3,
    problem: { reason: 'bad_count', field: 'population' },
  },
  {
    rule: 'a district with a parentCode is refused',
    input: fileWith(feature({ code: 'D2', name: 'x', level: 'district', parentCode: 'D' })),
    feature: 3,
    problem: { reason: 'root_with_parent' },
  },
  {
    rule: 'a street without a parentCode is refused',
    input: fileWith(feature({ code: 'S9', name: 'x', level: 'street' })),
    feature: 3,
    problem: { reason: 'missing_parent_code' },
  },
  {
    rule: 'a parent neither in the file nor stored is named',
    input: fileWith(grid('GX', 'C9')),
    feature: 3,
    problem: { reason: 'parent_not_found', parentCode: 'C9' },
  },
  {
    rule: 'a grid under a street (parent at the wrong level) is refused',
    input: fileWith(grid('GX', 'S1')),
    feature: 3,
    problem: { reason: 'parent_wrong_level', parentCode: 'S1', expected: 'community', actual: 'street' },
  },
  {
    rule: 'a grid under a grid of the same file is refused',
    input: fileWith(grid('GX', 'GA')),
    feature: 3,
    problem: { reason: 'parent_wrong_level', parentCode: 'GA', expected: 'community', actual: 'grid' },
  },
  {
    rule: 'a stored node may not change its level',
    input: fileWith(feature({ code: 'C1', name: 'x', level: 'grid', parentCode: 'C2' })),
    feature: 3,
    problem: { reason: 'level_changed', code: 'C1', existing: 'community' },
  },
  {
    rule: 'a node outside scopePath is refused',
    input: fileWith(grid('GX', 'C2')),
    scopePath: 'D/S1',
    feature: 3,
    problem: { reason: 'outside_your_area', code: 'GX' },
  },
  {
    rule: 'a node under a sibling whose code starts with the same text (S10 vs S1) is outside D/S1',
    input: fileWith(grid('GX', 'C10')),
    scopePath: 'D/S1',
    feature: 3,
    problem: { reason: 'outside_your_area', code: 'GX' },
  },
  {
    rule: 'a fault in the first feature is named as feature 1',
    input: fileWith(grid('G 1'), 1),
    feature: 1,
    problem: { reason: 'bad_code' },
  },
  {
    rule: 'a fault in the last feature is named as feature 4',
    input: fileWith(grid('GX', 'C9'), 4),
    feature: 4,
    problem: { reason: 'parent_not_found', parentCode: 'C9' },
  },
];

describe('readAreaImport: faulty files', () => {
  it.each(FAULTS)('$rule', ({ input, scopePath = null, feature: number, problem }) => {
    expect(readAreaImport(input, STORED, scopePath)).toEqual({ ok: false, feature: number, problem });
  });

  it.each([1, 2, 3, 4])('a bad level at position %i of 4 is named as that feature', (at) => {
    const faulty = feature({ code: 'GX', name: 'x', level: 'hamlet', parentCode: 'C1' });
    expect(readAreaImport(fileWith(faulty, at), STORED, null)).toEqual({
      ok: false,
      feature: at,
      problem: { reason: 'bad_level', level: 'hamlet' },
    });
  });
});

describe('readAreaImport: valid files', () => {
  it('accepts a whole tree in one file with children listed before their parents', () => {
    const input = collection([
      feature({ code: 'M1', name: '微网格', level: 'micro_grid', parentCode: 'G1', households: 60 }),
      feature({
        code: 'G1',
        name: '网格',
        level: 'grid',
        parentCode: 'C1',
        households: 300,
        population: 800,
      }),
      feature({ code: 'C1', name: '社区', level: 'community', parentCode: 'S1' }),
      feature({ code: 'S1', name: '街道', level: 'street', parentCode: 'D' }),
      feature({ code: 'D', name: '区', level: 'district' }),
    ]);
    const result = readAreaImport(input, NOTHING_STORED, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.nodes.map((node) => [node.code, node.level, node.parentCode])).toEqual([
      ['M1', 'micro_grid', 'G1'],
      ['G1', 'grid', 'C1'],
      ['C1', 'community', 'S1'],
      ['S1', 'street', 'D'],
      ['D', 'district', null],
    ]);
  });

  it('reads every field of a node, with absent counts as null', () => {
    const result = readAreaImport(collection([grid('GX')]), STORED, null);
    expect(result).toEqual({
      ok: true,
      nodes: [
        {
          code: 'GX',
          name: '网格 GX',
          level: 'grid',
          parentCode: 'C1',
          boundary: square(),
          households: null,
          population: null,
        },
      ],
    });
  });

  it('keeps counts that are given, zero included', () => {
    const result = readAreaImport(
      collection([grid('GX', 'C1', { households: 0, population: 1200 })]),
      STORED,
      null,
    );
    expect(result.ok && result.nodes[0]).toMatchObject({ households: 0, population: 1200 });
  });

  it('accepts nodes whose parent exists only in the stored tree', () => {
    const result = readAreaImport(collection([grid('GX', 'C1'), grid('GY', 'C2')]), STORED, null);
    expect(result.ok).toBe(true);
  });

  it('accepts a stored node imported again at the same level', () => {
    const input = collection([feature({ code: 'C1', name: '社区一', level: 'community', parentCode: 'S1' })]);
    expect(readAreaImport(input, STORED, null).ok).toBe(true);
  });

  it('accepts a MultiPolygon boundary', () => {
    const boundary: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [square(117.1).coordinates, square(117.2).coordinates],
    };
    const result = readAreaImport(
      collection([feature({ code: 'GX', name: 'x', level: 'grid', parentCode: 'C1' }, boundary)]),
      STORED,
      null,
    );
    expect(result.ok && result.nodes[0]?.boundary).toEqual(boundary);
  });

  it('trims names', () => {
    const input = collection([feature({ code: 'GX', name: '  网格一  ', level: 'grid', parentCode: 'C1' })]);
    const result = readAreaImport(input, STORED, null);
    expect(result.ok && result.nodes[0]?.name).toBe('网格一');
  });

  it('with scopePath null accepts nodes anywhere, a new district included', () => {
    const input = collection([
      feature({ code: 'D2', name: '另一区', level: 'district' }),
      grid('GX', 'C1'),
      grid('GY', 'C2'),
    ]);
    expect(readAreaImport(input, STORED, null).ok).toBe(true);
  });

  it('with scopePath D/S1 accepts a grid under the stored community D/S1/C1', () => {
    expect(readAreaImport(collection([grid('GX', 'C1')]), STORED, 'D/S1').ok).toBe(true);
  });

  it('with scopePath D/S1 refuses a grid under the stored community D/S2/C2', () => {
    expect(readAreaImport(collection([grid('GX', 'C1'), grid('GY', 'C2')]), STORED, 'D/S1')).toEqual({
      ok: false,
      feature: 2,
      problem: { reason: 'outside_your_area', code: 'GY' },
    });
  });

  it('with scopePath D/S1 accepts a new community and its grid, the grid listed first', () => {
    const input = collection([
      grid('GX', 'C3'),
      feature({ code: 'C3', name: '新社区', level: 'community', parentCode: 'S1' }),
    ]);
    expect(readAreaImport(input, STORED, 'D/S1').ok).toBe(true);
  });

  it('with scopePath D/S1 refuses a new community under D/S2 where it stands, not at its grid', () => {
    const input = collection([
      feature({ code: 'C3', name: '新社区', level: 'community', parentCode: 'S2' }),
      grid('GX', 'C3'),
    ]);
    expect(readAreaImport(input, STORED, 'D/S1')).toEqual({
      ok: false,
      feature: 1,
      problem: { reason: 'outside_your_area', code: 'C3' },
    });
  });

  it('with scopePath D/S1 accepts the street D/S1 itself: the root of the scope is inside it', () => {
    const input = collection([feature({ code: 'S1', name: '街道一', level: 'street', parentCode: 'D' })]);
    expect(readAreaImport(input, STORED, 'D/S1').ok).toBe(true);
  });
});
