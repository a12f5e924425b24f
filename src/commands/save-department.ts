import { findArea } from '../db/repositories/areas.ts';
import { findDepartment, upsertDepartment } from '../db/repositories/departments.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { codeAtLevel } from '../domain/areas.ts';
import type { StreetOfficeKind } from '../domain/catalogue.ts';
import { type DepartmentKind, type DepartmentProblem, departmentProblem } from '../domain/departments.ts';
import { type Actor, isInSight } from '../domain/permissions.ts';

export interface DepartmentEdit {
  name: string;
  nameEn: string;
  kind: DepartmentKind;
  /** The street of an office; a district department's district, by default the administrator's own. */
  areaCode?: string | undefined;
  officeKind?: StreetOfficeKind | null | undefined;
  active: boolean;
}

export type SaveDepartmentOutcome =
  | { ok: true; created: boolean }
  | { ok: false; reason: 'area_required' | 'area_out_of_sight' }
  | { ok: false; reason: 'invalid'; problem: DepartmentProblem };

/**
 * Adds a department or street office under `code`, or rewrites a known one, in one transaction. The caller has
 * checked that the actor may manage the unit as it stands; its (new) area must lie in the actor's sight too.
 */
export async function saveDepartment(
  db: Executor,
  actor: Actor,
  code: string,
  edit: DepartmentEdit,
  now: Date,
): Promise<SaveDepartmentOutcome> {
  return db.transaction().execute(async (trx) => {
    const existing = await findDepartment(trx, code);
    const defaultArea = edit.kind === 'district_department' ? codeAtLevel(actor.areaPath, 'district') : null;
    const areaCode = edit.areaCode ?? existing?.area_code ?? defaultArea;
    if (!areaCode) return { ok: false, reason: 'area_required' };
    const area = await findArea(trx, areaCode);
    if (!area || !isInSight(actor, { areaPath: area.path }))
      return { ok: false, reason: 'area_out_of_sight' };
    const officeKind = edit.officeKind === undefined ? (existing?.office_kind ?? null) : edit.officeKind;
    const problem = departmentProblem(
      {
        kind: edit.kind,
        areaLevel: area.level,
        officeKind: edit.kind === 'street_office' ? officeKind : (edit.officeKind ?? null),
      },
      existing?.kind ?? null,
    );
    if (problem) return { ok: false, reason: 'invalid', problem };
    await upsertDepartment(
      trx,
      {
        code,
        name: edit.name.trim(),
        nameEn: edit.nameEn.trim(),
        kind: edit.kind,
        areaCode: area.code,
        officeKind: edit.kind === 'street_office' ? officeKind : null,
        active: edit.active,
      },
      now,
    );
    return { ok: true, created: existing === undefined };
  });
}
