import { sql } from 'kysely';
import type { DepartmentSeed } from '../../domain/departments.ts';
import { belowPathPattern, type Executor, inBatches } from './executor.ts';

export interface DepartmentWithPlace {
  code: string;
  name: string;
  name_en: string;
  kind: DepartmentSeed['kind'];
  area_code: string;
  area_path: string;
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
    .select(['d.code', 'd.name', 'd.name_en', 'd.kind', 'd.area_code', 'a.path as area_path']);
}

export async function findDepartment(db: Executor, code: string): Promise<DepartmentWithPlace | undefined> {
  return departmentsWithPlace(db).where('d.code', '=', code).executeTakeFirst();
}

/** The offices a street keeps (街道科室), by code. */
export async function streetOfficesOf(
  db: Executor,
  streetCode: string,
): Promise<{ code: string; name: string }[]> {
  return db
    .selectFrom('departments')
    .select(['code', 'name'])
    .where('kind', '=', 'street_office')
    .where('area_code', '=', streetCode)
    .orderBy('code')
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
  return query.orderBy('d.kind').orderBy('d.code').execute();
}

export async function allDepartmentCodes(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('departments').select('code').execute();
  return rows.map((row) => row.code);
}
