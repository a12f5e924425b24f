import type { Polygon } from 'geojson';
import { upsertAreas } from '../../src/db/repositories/areas.ts';
import { insertDepartments } from '../../src/db/repositories/departments.ts';
import type { Executor } from '../../src/db/repositories/executor.ts';
import { insertUser } from '../../src/db/repositories/users.ts';
import type { AreaLevel, AreaNode } from '../../src/domain/areas.ts';
import type { Role } from '../../src/domain/roles.ts';
import { hashPassword } from '../../src/security/passwords.ts';

export const TEST_PASSWORD = 'correct horse battery';

export function rectangle(west: number, south: number, east: number, north: number): Polygon {
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

export function areaNode(
  code: string,
  level: AreaLevel,
  parentCode: string | null,
  box: [number, number, number, number],
  counts: { households?: number; population?: number } = {},
): AreaNode {
  return {
    code,
    name: `${level} ${code}`,
    level,
    parentCode,
    boundary: rectangle(...box),
    households: counts.households ?? null,
    population: counts.population ?? null,
  };
}

/**
 * A small district: D (0..2 × 0..1) split into streets S1 (west) and S2 (east), each with one community,
 * each community with two grids side by side; grid G11 has one micro-grid covering its south half.
 */
export const smallDistrict: AreaNode[] = [
  areaNode('D', 'district', null, [0, 0, 2, 1]),
  areaNode('S1', 'street', 'D', [0, 0, 1, 1]),
  areaNode('S2', 'street', 'D', [1, 0, 2, 1]),
  areaNode('C1', 'community', 'S1', [0, 0, 1, 1]),
  areaNode('C2', 'community', 'S2', [1, 0, 2, 1]),
  areaNode('G11', 'grid', 'C1', [0, 0, 0.5, 1], { households: 300, population: 750 }),
  areaNode('G12', 'grid', 'C1', [0.5, 0, 1, 1], { households: 200, population: 500 }),
  areaNode('G21', 'grid', 'C2', [1, 0, 1.5, 1], { households: 250, population: 600 }),
  areaNode('G22', 'grid', 'C2', [1.5, 0, 2, 1], { households: 100, population: 260 }),
  areaNode('M111', 'micro_grid', 'G11', [0, 0, 0.5, 0.5], { households: 70, population: 170 }),
];

export async function seedSmallDistrict(db: Executor): Promise<void> {
  await upsertAreas(db, smallDistrict);
  await insertDepartments(db, [
    {
      code: 'URBAN',
      name: '区城市管理委员会',
      nameEn: 'Urban Management',
      kind: 'district_department',
      areaCode: 'D',
    },
    { code: 'WATER', name: '区水务局', nameEn: 'Water Affairs', kind: 'district_department', areaCode: 'D' },
    {
      code: 'S1-LAW',
      name: '综合执法大队',
      nameEn: 'Law Enforcement Team',
      kind: 'street_office',
      areaCode: 'S1',
    },
    {
      code: 'S2-LAW',
      name: '综合执法大队',
      nameEn: 'Law Enforcement Team',
      kind: 'street_office',
      areaCode: 'S2',
    },
  ]);
}

let passwordHash: Promise<string> | null = null;

/** A person with one role, placed in an area or a department, who signs in with TEST_PASSWORD. */
export async function createPerson(
  db: Executor,
  username: string,
  role: Role,
  place: { areaCode?: string; departmentCode?: string },
): Promise<number> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return insertUser(db, {
    username,
    displayName: username,
    passwordHash: await passwordHash,
    roles: [role],
    areaCode: place.areaCode ?? null,
    departmentCode: place.departmentCode ?? null,
  });
}
