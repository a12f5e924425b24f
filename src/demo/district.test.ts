import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AREA_LEVELS, type AreaLevel, type AreaNode, parentLevelOf } from '../domain/areas.ts';
import { DEPARTMENT_CODES, DISTRICT_DEPARTMENTS } from './departments.ts';
import { buildDemoDistrict } from './district.ts';

// Each rule collects the codes that break it and expects none, so a failure names the culprits and tens of
// thousands of areas don't cost tens of thousands of `expect` calls.

const district = buildDemoDistrict('district');
const city = buildDemoDistrict('city');

const CODE_LENGTHS: Record<AreaLevel, number> = {
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
  micro_grid: 18,
};
// biome-ignore format: a list of names reads better packed
const HONGQIAO_STREET_NAMES = [
  '西于庄街道', '咸阳北路街道', '丁字沽街道', '西沽南街道', '三条石街道',
  '邵公庄街道', '芥园街道', '铃铛阁街道', '大胡同街道', '和苑街道',
];

interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

function ringOf(area: AreaNode): Position[] {
  if (area.boundary.type !== 'Polygon') throw new Error(`${area.code} is not a Polygon`);
  return area.boundary.coordinates[0]!;
}

function boxOf(area: AreaNode): Box {
  const lngs = ringOf(area).map(([lng]) => lng!);
  const lats = ringOf(area).map(([, lat]) => lat!);
  return {
    west: Math.min(...lngs),
    south: Math.min(...lats),
    east: Math.max(...lngs),
    north: Math.max(...lats),
  };
}

/** Shoelace area in degrees², taken relative to the first vertex so large coordinates don't eat the precision. */
function signedArea(ring: Position[]): number {
  const [x0, y0] = ring[0] as [number, number];
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[i + 1] as [number, number];
    twice += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  }
  return twice / 2;
}

function countByLevel(areas: AreaNode[]): Record<AreaLevel, number> {
  const counts = Object.fromEntries(AREA_LEVELS.map((level) => [level, 0])) as Record<AreaLevel, number>;
  for (const area of areas) counts[area.level] += 1;
  return counts;
}

function childrenByParent(areas: AreaNode[]): Map<string, AreaNode[]> {
  const children = new Map<string, AreaNode[]>();
  for (const area of areas) {
    if (area.parentCode === null) continue;
    const siblings = children.get(area.parentCode) ?? [];
    siblings.push(area);
    children.set(area.parentCode, siblings);
  }
  return children;
}

function byCode(areas: AreaNode[]): Map<string, AreaNode> {
  return new Map(areas.map((area) => [area.code, area]));
}

function codesWhere(areas: AreaNode[], broken: (area: AreaNode) => boolean): string[] {
  return areas.filter(broken).map((area) => area.code);
}

function within(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}

function interiorsOverlap(a: Box, b: Box): boolean {
  return a.west < b.east && b.west < a.east && a.south < b.north && b.south < a.north;
}

function overlappingPairs(areas: AreaNode[]): string[] {
  const boxes = areas.map(boxOf);
  return boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .flatMap((b, j) => (interiorsOverlap(a, b) ? [`${areas[i]!.code}×${areas[i + 1 + j]!.code}`] : [])),
  );
}

describe('demo district: the area tree', () => {
  const children = childrenByParent(district.areas);
  const areas = byCode(district.areas);

  it('has one district, ten streets, 123 communities, about 990 grids and thousands of micro-grids', () => {
    const counts = countByLevel(district.areas);
    expect(counts.district).toBe(1);
    expect(counts.street).toBe(10);
    expect(counts.community).toBe(123);
    expect(counts.grid).toBeGreaterThanOrEqual(960);
    expect(counts.grid).toBeLessThanOrEqual(1020);
    expect(counts.micro_grid).toBeGreaterThanOrEqual(2000);
    expect(counts.micro_grid).toBeLessThan(10_000);
  });

  it('is Hongqiao with its ten real streets', () => {
    expect(district.areas[0]).toMatchObject({
      code: '120106',
      name: '红桥区',
      level: 'district',
      parentCode: null,
    });
    const streets = district.areas.filter((area) => area.level === 'street');
    expect(streets.map((street) => street.name)).toEqual(HONGQIAO_STREET_NAMES);
  });

  it('spreads 10–15 communities over each street, 6–10 grids over each community, 3–6 micro-grids over each grid', () => {
    const childCount = (area: AreaNode) => children.get(area.code)?.length ?? 0;
    const allowed: Record<AreaLevel, [number, number]> = {
      district: [10, 10],
      street: [10, 15],
      community: [6, 10],
      grid: [3, 6],
      micro_grid: [0, 0],
    };
    const broken = codesWhere(district.areas, (area) => !within(childCount(area), ...allowed[area.level]));
    expect(broken).toEqual([]);
  });

  it('gives every area a unique code', () => {
    expect(areas.size).toBe(district.areas.length);
  });

  it('codes each area as its parent code plus three digits, of the right length for its level', () => {
    const broken = codesWhere(
      district.areas,
      (area) =>
        !/^\d+$/.test(area.code) ||
        area.code.length !== CODE_LENGTHS[area.level] ||
        (area.parentCode !== null && !area.code.startsWith(area.parentCode)),
    );
    expect(broken).toEqual([]);
  });

  it('numbers the children of each parent 001, 002, … without gaps', () => {
    const broken = [...children].filter(([, siblings]) =>
      siblings.some((child, index) => Number(child.code.slice(-3)) !== index + 1),
    );
    expect(broken.map(([parentCode]) => parentCode)).toEqual([]);
  });

  it('gives every area but the district a parent one level up, listed before it', () => {
    const position = new Map(district.areas.map((area, index) => [area.code, index]));
    const broken = codesWhere(district.areas, (area) => {
      const parent = areas.get(area.parentCode ?? '');
      const parentLevel = parentLevelOf(area.level);
      if (parentLevel === null) return area.parentCode !== null;
      return parent?.level !== parentLevel || position.get(parent.code)! > position.get(area.code)!;
    });
    expect(broken).toEqual([]);
  });

  it('names communities uniquely like 桃花园社区, grids like 桃花园社区第3网格, micro-grids like 5号楼2单元', () => {
    const communities = district.areas.filter((area) => area.level === 'community');
    expect(new Set(communities.map((community) => community.name)).size).toBe(communities.length);
    const broken = codesWhere(district.areas, (area) => {
      const parentName = areas.get(area.parentCode ?? '')?.name;
      if (area.level === 'community') return !/^\p{Script=Han}{2,4}社区$/u.test(area.name);
      if (area.level === 'grid') return area.name !== `${parentName}第${Number(area.code.slice(-3))}网格`;
      if (area.level === 'micro_grid') return !/^\d+号楼(\d+单元)?$/.test(area.name);
      return false;
    });
    expect(broken).toEqual([]);
  });
});

describe('demo district: determinism', () => {
  it('gives the same output, byte for byte, on every call', () => {
    expect(JSON.stringify(buildDemoDistrict('district'))).toBe(JSON.stringify(district));
  });
});

describe('demo district: boundaries', () => {
  const areas = byCode(district.areas);
  const children = childrenByParent(district.areas);

  it('draws every boundary as a closed, counter-clockwise, axis-aligned rectangle', () => {
    const broken = codesWhere(district.areas, (area) => {
      const ring = ringOf(area);
      const { west, south, east, north } = boxOf(area);
      const [first, last] = [ring[0]!, ring[ring.length - 1]!];
      return (
        ring.length !== 5 ||
        first[0] !== last[0] ||
        first[1] !== last[1] ||
        !(signedArea(ring) > 0) ||
        ring.some(([lng, lat]) => (lng !== west && lng !== east) || (lat !== south && lat !== north))
      );
    });
    expect(broken).toEqual([]);
  });

  it('keeps coordinates to 7 decimals and within Hongqiao', () => {
    const onSevenDecimals = (degrees: number) => Math.round(degrees * 1e7) / 1e7 === degrees;
    const broken = codesWhere(district.areas, (area) =>
      ringOf(area).some(
        ([lng = Number.NaN, lat = Number.NaN]) =>
          !onSevenDecimals(lng) ||
          !onSevenDecimals(lat) ||
          !within(lng, 117.1, 117.19) ||
          !within(lat, 39.14, 39.21),
      ),
    );
    expect(broken).toEqual([]);
  });

  it("tiles every parent: the children's areas add up to the parent's", () => {
    const broken = [...children].filter(([parentCode, siblings]) => {
      const parentArea = signedArea(ringOf(areas.get(parentCode)!));
      const childArea = siblings.reduce((total, child) => total + signedArea(ringOf(child)), 0);
      return !(Math.abs(childArea - parentArea) / parentArea < 1e-9);
    });
    expect(broken.map(([parentCode]) => parentCode)).toEqual([]);
  });

  it("keeps every child inside its parent's bounding box", () => {
    const broken = codesWhere(district.areas, (area) => {
      if (area.parentCode === null) return false;
      const inner = boxOf(area);
      const outer = boxOf(areas.get(area.parentCode)!);
      return (
        inner.west < outer.west ||
        inner.east > outer.east ||
        inner.south < outer.south ||
        inner.north > outer.north
      );
    });
    expect(broken).toEqual([]);
  });

  it('never lets two siblings overlap', () => {
    expect([...children.values()].flatMap(overlappingPairs)).toEqual([]);
  });

  it('numbers siblings west→east along a row, rows north→south', () => {
    const broken = [...children.values()].flatMap((siblings) =>
      siblings.slice(1).filter((next, i) => {
        const [a, b] = [boxOf(siblings[i]!), boxOf(next)];
        const sameRowFurtherEast = b.north === a.north && b.west >= a.east;
        const lowerRow = b.north <= a.south;
        return !sameRowFurtherEast && !lowerRow;
      }),
    );
    expect(broken.map((area) => area.code)).toEqual([]);
  });

  it('varies the sizes of grids rather than cutting a uniform chessboard', () => {
    const grids = district.areas
      .filter((area) => area.level === 'grid')
      .map((grid) => signedArea(ringOf(grid)));
    expect(Math.max(...grids) / Math.min(...grids)).toBeGreaterThan(2);
  });

  it('jitters the cuts, so land per household differs from grid to grid', () => {
    const grids = district.areas.filter((area) => area.level === 'grid');
    const landPerHousehold = grids.map((grid) => signedArea(ringOf(grid)) / grid.households!);
    expect(Math.max(...landPerHousehold) / Math.min(...landPerHousehold)).toBeGreaterThan(1.5);
  });
});

describe('demo district: households and population', () => {
  const grids = district.areas.filter((area) => area.level === 'grid');
  const microGrids = district.areas.filter((area) => area.level === 'micro_grid');

  it('counts people only in grids and micro-grids', () => {
    const broken = codesWhere(district.areas, (area) => {
      const counted = area.level === 'grid' || area.level === 'micro_grid';
      return (area.households === null) === counted || (area.population === null) === counted;
    });
    expect(broken).toEqual([]);
  });

  it('keeps a grid at or under 500 households, of about 2.3–2.8 people each', () => {
    const broken = codesWhere(
      grids,
      (grid) =>
        !Number.isInteger(grid.households) ||
        !within(grid.households!, 1, 500) ||
        !within(grid.population! / grid.households!, 2.29, 2.81),
    );
    expect(broken).toEqual([]);
  });

  it('sizes micro-grids at 40–90 households', () => {
    const broken = codesWhere(
      microGrids,
      (micro) => !Number.isInteger(micro.households) || !within(micro.households!, 40, 90),
    );
    expect(broken).toEqual([]);
  });

  it("adds the micro-grids' households and population up to their grid's", () => {
    const totals = new Map<string, { households: number; population: number }>();
    for (const micro of microGrids) {
      const total = totals.get(micro.parentCode!) ?? { households: 0, population: 0 };
      total.households += micro.households!;
      total.population += micro.population!;
      totals.set(micro.parentCode!, total);
    }
    const broken = codesWhere(grids, (grid) => {
      const total = totals.get(grid.code);
      return total?.households !== grid.households || total?.population !== grid.population;
    });
    expect(broken).toEqual([]);
  });
});

describe('demo district: departments', () => {
  const districtDepartments = district.departments.filter((d) => d.kind === 'district_department');
  const streetOffices = district.departments.filter((d) => d.kind === 'street_office');
  const streets = district.areas.filter((area) => area.level === 'street');

  it('has 45–60 district departments of Hongqiao, coded D001…, named in Chinese and English', () => {
    expect(districtDepartments.length).toBeGreaterThanOrEqual(45);
    expect(districtDepartments.length).toBeLessThanOrEqual(60);
    expect(districtDepartments).toEqual(DISTRICT_DEPARTMENTS);
    const broken = districtDepartments.filter(
      (d) => !/^D\d{3}$/.test(d.code) || d.areaCode !== '120106' || !d.name.trim() || !d.nameEn.trim(),
    );
    expect(broken).toEqual([]);
  });

  it('gives every department a unique code', () => {
    const codes = district.departments.map((department) => department.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('finds the departments dispatch rules name by their documented codes', () => {
    const names = new Map(districtDepartments.map((department) => [department.code, department.name]));
    expect(names.get(DEPARTMENT_CODES.publicSecurity)).toBe('区公安分局');
    expect(names.get(DEPARTMENT_CODES.urbanManagement)).toBe('区城市管理委员会');
    expect(names.get(DEPARTMENT_CODES.housingAndConstruction)).toBe('区住房和建设委员会');
    expect(names.get(DEPARTMENT_CODES.waterAffairs)).toBe('区水务局');
    expect(names.get(DEPARTMENT_CODES.transport)).toBe('区交通运输委员会');
    expect(names.get(DEPARTMENT_CODES.urbanLawEnforcement)).toBe('区城市管理综合执法支队');
    expect(names.get(DEPARTMENT_CODES.drainage)).toBe('区排水管理所');
    expect(names.get(DEPARTMENT_CODES.streetLighting)).toBe('区路灯管理所');
  });

  it('gives each street 5–7 offices, coded S + street code + two digits', () => {
    const broken = streets.filter((street) => {
      const offices = streetOffices.filter((office) => office.areaCode === street.code);
      return (
        !within(offices.length, 5, 7) ||
        offices.some(
          (office) =>
            !new RegExp(`^S${street.code}\\d{2}$`).test(office.code) ||
            !office.name.startsWith(street.name) ||
            !office.nameEn.trim(),
        )
      );
    });
    expect(broken.map((street) => street.code)).toEqual([]);
  });

  it('assigns every street office to a street', () => {
    const streetCodes = new Set(streets.map((street) => street.code));
    expect(streetOffices.filter((office) => !streetCodes.has(office.areaCode))).toEqual([]);
  });
});

describe('demo city', () => {
  const roots = city.areas.filter((area) => area.parentCode === null);
  const rootCodes = new Set(roots.map((root) => root.code));

  it('has ten Tianjin districts as roots', () => {
    // biome-ignore format: a list of names reads better packed
    expect(roots.map((root) => `${root.code} ${root.level} ${root.name}`)).toEqual([
      '120101 district 和平区', '120102 district 河东区', '120103 district 河西区', '120104 district 南开区',
      '120105 district 河北区', '120106 district 红桥区', '120110 district 东丽区', '120111 district 西青区',
      '120112 district 津南区', '120113 district 北辰区',
    ]);
  });

  it('is about ten times the district scale, with ten streets to each district', () => {
    const ratio = city.areas.length / district.areas.length;
    expect(ratio).toBeGreaterThan(9);
    expect(ratio).toBeLessThan(11);
    expect(countByLevel(city.areas).street).toBe(100);
  });

  it('gives every area and every department a unique code', () => {
    expect(byCode(city.areas).size).toBe(city.areas.length);
    const departmentCodes = city.departments.map((department) => department.code);
    expect(new Set(departmentCodes).size).toBe(departmentCodes.length);
  });

  it('keeps every area and department inside one of its districts', () => {
    expect(codesWhere(city.areas, (area) => !rootCodes.has(area.code.slice(0, 6)))).toEqual([]);
    const broken = city.departments.filter(
      (d) =>
        !rootCodes.has(d.areaCode.slice(0, 6)) ||
        (d.kind === 'district_department' && !d.code.startsWith(`${d.areaCode}-D`)),
    );
    expect(broken).toEqual([]);
  });

  it('lays the districts side by side without overlap', () => {
    expect(overlappingPairs(roots)).toEqual([]);
  });

  it('names no two streets of the city alike', () => {
    const names = city.areas.filter((area) => area.level === 'street').map((street) => street.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !name.endsWith('街道'))).toEqual([]);
  });
});
