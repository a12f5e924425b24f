import { findArea } from '../../../db/repositories/areas.ts';
import { findDepartment } from '../../../db/repositories/departments.ts';
import type { Executor } from '../../../db/repositories/executor.ts';
import type { Unit } from '../../../domain/events.ts';

/** A unit named by its code: a department or street office by its code, a community by its area code. */
export async function resolveUnitCode(db: Executor, code: string): Promise<Unit | null> {
  const department = await findDepartment(db, code);
  if (department) return { kind: department.kind, code: department.code, areaPath: department.area_path };
  const area = await findArea(db, code);
  if (area?.level === 'community') return { kind: 'community', code: area.code, areaPath: area.path };
  return null;
}
