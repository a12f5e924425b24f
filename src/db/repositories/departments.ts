import { sql } from 'kysely';
import type { StreetOfficeKind } from '../../domain/catalogue.ts';
import type { DepartmentSeed } from '../../domain/departments.ts';
import { belowPathPattern, type Executor, inBatches } from './executor.ts';

export interface DepartmentWithPlace {
  code: string;
  name: string;
  name_en: string;
  kind: DepartmentSeed['kind'];
  area_code: string;
  area_path: string;
  office_kind: StreetOfficeKind | null;
  active: boolean;
}

export async function insertDepartments(db: Executor, departments: readonly DepartmentSeed[]): Promise<void> {
  for (const batch of inBatches(departments, 1000)) {
    await db
      .insertInto('departments')
      .values(
        batch.map((d) => ({
          code: d.code,
          name: d.name,
          name_en: d.nameEn,
          kind: d.kind,
          area_code: d.areaCode,
        })),
      )
      .execute();
  }
}

function departmentsWithPlace(db: Executor) {
  return db
    .selectFrom('departments as d')
    .innerJoin('areas as a', 'a.code', 'd.area_code')
    .select([
      'd.code',
      'd.name',
      'd.name_en',
      'd.kind',
      'd.area_code',
      'a.path as area_path',
      'd.office_kind',
      'd.active',
    ]);
}

export async function findDepartment(db: Executor, code: string): Promise<DepartmentWithPlace | undefined> {
  return departmentsWithPlace(db).where('d.code', '=', code).executeTakeFirst();
}

/** The active offices a street keeps (街道科室), by code. */
export async function streetOfficesOf(
  db: Executor,
  streetCode: string,
): Promise<{ code: string; name: string; office_kind: StreetOfficeKind | null }[]> {
  return db
    .selectFrom('departments')
    .select(['code', 'name', 'office_kind'])
    .where('kind', '=', 'street_office')
    .where('area_code', '=', streetCode)
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

export interface DepartmentToSave {
  code: string;
  name: string;
  nameEn: string;
  kind: DepartmentSeed['kind'];
  areaCode: string;
  officeKind: StreetOfficeKind | null;
  active: boolean;
}

/** Adds a unit, or replaces what a known code says of it. */
export async function upsertDepartment(db: Executor, unit: DepartmentToSave, now: Date): Promise<void> {
  const columns = {
    name: unit.name,
    name_en: unit.nameEn,
    kind: unit.kind,
    area_code: unit.areaCode,
    office_kind: unit.officeKind,
    active: unit.active,
    updated_at: now,
  };
  await db
    .insertInto('departments')
    .values({ code: unit.code, ...columns })
    .onConflict((conflict) => conflict.column('code').doUpdateSet(columns))
    .execute();
}

export interface DepartmentSight {
  areaPath: string;
  departmentCode: string | null;
}

/**
 * The departments a person sees: those placed inside their area, those serving an area above it (a district
 * department serves every street), and their own. The same rule as `isInSight` with `servesSubtree`.
 */
export async function listDepartmentsInSight(
  db: Executor,
  sight: DepartmentSight,
  kind?: DepartmentSeed['kind'],
  active?: boolean,
): Promise<DepartmentWithPlace[]> {
  let query = departmentsWithPlace(db).where((eb) =>
    eb.or([
      eb('a.path', '=', sight.areaPath),
      eb('a.path', 'like', belowPathPattern(sight.areaPath)),
      eb(
        sql.val(sight.areaPath),
        'like',
        sql<string>`replace(replace(replace(a.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '/%'`,
      ),
      eb('d.code', '=', sight.departmentCode ?? ''),
    ]),
  );
  if (kind) query = query.where('d.kind', '=', kind);
  if (active !== undefined) query = query.where('d.active', '=', active);
  return query.orderBy('d.kind').orderBy('d.code').execute();
}

export async function allDepartmentCodes(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('departments').select('code').execute();
  return rows.map((row) => row.code);
}

/**
 * The names of units by code, stood-down ones too, since history still names them: departments and street
 * offices from the register, communities by their area (which has one name in both languages).
 */
export async function unitNamesByCode(
  db: Executor,
  codes: readonly string[],
): Promise<{ code: string; name: string; nameEn: string }[]> {
  if (codes.length === 0) return [];
  const departments = await db
    .selectFrom('departments')
    .select(['code', 'name', 'name_en'])
    .where('code', 'in', codes)
    .execute();
  const named = new Set(departments.map((one) => one.code));
  const rest = codes.filter((code) => !named.has(code));
  const communities =
    rest.length === 0
      ? []
      : await db
          .selectFrom('areas')
          .select(['code', 'name'])
          .where('code', 'in', rest)
          .where('level', '=', 'community')
          .execute();
  return [
    ...departments.map((one) => ({ code: one.code, name: one.name, nameEn: one.name_en })),
    ...communities.map((one) => ({ code: one.code, name: one.name, nameEn: one.name })),
  ];
}
