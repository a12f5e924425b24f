import type { AreaLevel, AreaNode } from '../domain/areas.ts';
import type { DepartmentSeed } from '../domain/departments.ts';
import { districtDepartments, streetOffices } from './departments.ts';
import { drawStreetNames } from './names.ts';
import { type AreaPlan, planDistrict } from './plan.ts';
import { createRandom, type Random } from './random.ts';
import {
  CITY_EXTENT,
  type DistrictProfile,
  HONGQIAO,
  HONGQIAO_EXTENT,
  HONGQIAO_STREETS,
  type PlaceName,
  TIANJIN_DISTRICTS,
} from './tianjin.ts';
import { type Box, boxPolygon, tileBox, tileRows } from './tiling.ts';

export interface DemoDistrict {
  /** Parents always come before their children, so the list can be inserted in order. */
  areas: AreaNode[];
  departments: DepartmentSeed[];
}

export type DemoScale = 'district' | 'city';

/** Every district has ten streets, as Hongqiao does. */
const STREETS_PER_DISTRICT = 10;
/** Hongqiao has about 990 base grids; each district draws a total near that. */
const GRIDS_PER_DISTRICT = { min: 970, max: 1010 };
const CITY_LAYOUT_SEED = 12;
/** Only grids and micro-grids publish household and population counts. */
const COUNTED_LEVELS: ReadonlySet<AreaLevel> = new Set(['grid', 'micro_grid']);

/**
 * A made-up but plausible area tree and department register: `district` is Tianjin's Hongqiao district,
 * `city` is ten Tianjin districts built the same way side by side. Same scale in, same output out.
 */
export function buildDemoDistrict(scale: DemoScale): DemoDistrict {
  return scale === 'district' ? buildDistrict(HONGQIAO, HONGQIAO_STREETS, HONGQIAO_EXTENT, '') : buildCity();
}

function buildCity(): DemoDistrict {
  const layout = createRandom(CITY_LAYOUT_SEED);
  const generatedStreets = drawStreetNames((TIANJIN_DISTRICTS.length - 1) * STREETS_PER_DISTRICT, layout);
  const row = Array.from({ length: TIANJIN_DISTRICTS.length / 2 }, () => 1);
  const extents = tileRows(CITY_EXTENT, [row, row], layout);
  const districts = TIANJIN_DISTRICTS.map((district, index) => {
    const streets =
      district === HONGQIAO ? HONGQIAO_STREETS : generatedStreets.splice(0, STREETS_PER_DISTRICT);
    // District codes prefix the department codes, which would otherwise repeat from district to district.
    return buildDistrict(district, streets, extents[index]!, `${district.code}-`);
  });
  return {
    areas: districts.flatMap((district) => district.areas),
    departments: districts.flatMap((district) => district.departments),
  };
}

function buildDistrict(
  district: DistrictProfile,
  streets: readonly PlaceName[],
  extent: Box,
  departmentCodePrefix: string,
): DemoDistrict {
  const random = createRandom(Number(district.code));
  const gridCount = random.int(GRIDS_PER_DISTRICT.min, GRIDS_PER_DISTRICT.max);
  const streetNames = streets.map((street) => street.zh);
  const plan = planDistrict(district.name, streetNames, district.communities, gridCount, random);
  const areas: AreaNode[] = [];
  layOut(plan, district.code, null, extent, random, areas);
  const departments = [
    ...districtDepartments(district, departmentCodePrefix),
    ...streets.flatMap((street, index) => streetOffices(street, childCode(district.code, index), random)),
  ];
  return { areas, departments };
}

/** Gives the planned area its code and land, then shares that land out among its children. */
function layOut(
  plan: AreaPlan,
  code: string,
  parentCode: string | null,
  extent: Box,
  random: Random,
  areas: AreaNode[],
): void {
  const counted = COUNTED_LEVELS.has(plan.level);
  areas.push({
    code,
    name: plan.name,
    level: plan.level,
    parentCode,
    boundary: boxPolygon(extent),
    households: counted ? plan.households : null,
    population: counted ? plan.population : null,
  });
  const childExtents = tileBox(
    extent,
    plan.children.map((child) => child.households),
    random,
  );
  plan.children.forEach((child, index) => {
    layOut(child, childCode(code, index), code, childExtents[index]!, random, areas);
  });
}

/** DB11/T 2157-2023: each level appends a three-digit sequence number, counted in reading order. */
function childCode(parentCode: string, index: number): string {
  return `${parentCode}${String(index + 1).padStart(3, '0')}`;
}
