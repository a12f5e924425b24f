import type { AreaLevel } from '../domain/areas.ts';
import { createBuildingNamer, drawCommunityNames } from './names.ts';
import { partition, type Random } from './random.ts';

/** An area before it has a code or a boundary: what it is called and whom it holds. */
export interface AreaPlan {
  name: string;
  level: AreaLevel;
  /** Drawn for micro-grids, summed above; also sizes the area's share of its parent's land, so density stays even. */
  households: number;
  population: number;
  children: AreaPlan[];
}

/** A grid is kept under 500 households, the most one grid worker can know by name. */
const GRID_HOUSEHOLDS = { min: 180, max: 480 };
/** A micro-grid is a building or an entrance of 50–80 households. */
const MICRO_GRID_HOUSEHOLDS = { min: 50, max: 80, typical: 65 };
const MICRO_GRIDS_PER_GRID = { min: 3, max: 6 };
const PERSONS_PER_HOUSEHOLD = { min: 2.3, max: 2.8 };

/** Real Hongqiao spreads its communities 10–15 to a street and its grids 6–10 to a community. */
const COMMUNITIES_PER_STREET = { min: 10, max: 15 };
const GRIDS_PER_COMMUNITY = { min: 6, max: 10 };

export function planDistrict(
  name: string,
  streetNames: readonly string[],
  communityCount: number,
  gridCount: number,
  random: Random,
): AreaPlan {
  const communitiesPerStreet = partition(communityCount, streetNames.length, COMMUNITIES_PER_STREET, random);
  const gridsPerCommunity = partition(gridCount, communityCount, GRIDS_PER_COMMUNITY, random);
  const communityNames = drawCommunityNames(communityCount, random);
  let community = 0;
  const streets = streetNames.map((streetName, street) => {
    const communities = Array.from({ length: communitiesPerStreet[street]! }, () => {
      const index = community++;
      return planCommunity(communityNames[index]!, gridsPerCommunity[index]!, random);
    });
    return planGroup(streetName, 'street', communities);
  });
  return planGroup(name, 'district', streets);
}

function planCommunity(name: string, gridCount: number, random: Random): AreaPlan {
  const nameBuildings = createBuildingNamer(random);
  const grids = Array.from({ length: gridCount }, (_, index) =>
    planGrid(`${name}第${index + 1}网格`, nameBuildings, random),
  );
  return planGroup(name, 'community', grids);
}

function planGrid(name: string, nameBuildings: (count: number) => string[], random: Random): AreaPlan {
  const households = random.int(GRID_HOUSEHOLDS.min, GRID_HOUSEHOLDS.max);
  const personsPerHousehold = random.between(PERSONS_PER_HOUSEHOLD.min, PERSONS_PER_HOUSEHOLD.max);
  const shares = partition(households, microGridCount(households), MICRO_GRID_HOUSEHOLDS, random);
  const buildingNames = nameBuildings(shares.length);
  // Rounding the running total, not each share, keeps the grid's population (their sum) within half a person
  // of households × persons per household.
  let counted = 0;
  const microGrids = shares.map((share, index): AreaPlan => {
    const before = Math.round(counted * personsPerHousehold);
    counted += share;
    const population = Math.round(counted * personsPerHousehold) - before;
    return { name: buildingNames[index]!, level: 'micro_grid', households: share, population, children: [] };
  });
  return planGroup(name, 'grid', microGrids);
}

/** As many micro-grids as fit at a typical size, which always leaves each within its bounds. */
function microGridCount(households: number): number {
  const count = Math.round(households / MICRO_GRID_HOUSEHOLDS.typical);
  return Math.min(MICRO_GRIDS_PER_GRID.max, Math.max(MICRO_GRIDS_PER_GRID.min, count));
}

function planGroup(name: string, level: AreaLevel, children: AreaPlan[]): AreaPlan {
  return {
    name,
    level,
    households: children.reduce((total, child) => total + child.households, 0),
    population: children.reduce((total, child) => total + child.population, 0),
    children,
  };
}
