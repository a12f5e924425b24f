import { findAreaPath } from '../db/repositories/areas.ts';
import { deleteSessionsOf } from '../db/repositories/credentials.ts';
import { findDepartment } from '../db/repositories/departments.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { findManagedUser, updateUser } from '../db/repositories/users.ts';
import { type OwnAccountProblem, ownAccountProblem } from '../domain/accounts.ts';
import { type Actor, isInSight } from '../domain/permissions.ts';
import type { Role } from '../domain/roles.ts';

export interface PersonChanges {
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  /** null takes the person out of any area (they then need a department). */
  areaCode?: string | null | undefined;
  departmentCode?: string | null | undefined;
  /** false disables the account: the person cannot sign in and every session of theirs ends. */
  active?: boolean | undefined;
}

export type UpdateUserResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'not_found' | 'no_place' | 'area_out_of_sight' | 'department_out_of_sight' | OwnAccountProblem;
    };

/**
 * Changes a person's name, roles, area, department or whether they may sign in, in one transaction. Their new
 * area must lie in the administrator's sight and their new department serve it, as when a person is added.
 */
export async function updatePerson(
  db: Executor,
  actor: Actor,
  userId: number,
  changes: PersonChanges,
  now: Date,
): Promise<UpdateUserResult> {
  const own = ownAccountProblem(actor, userId, changes);
  if (own) return { ok: false, reason: own };
  return db.transaction().execute(async (trx): Promise<UpdateUserResult> => {
    const person = await findManagedUser(trx, userId);
    if (!person) return { ok: false, reason: 'not_found' };
    if (changes.areaCode) {
      const areaPath = await findAreaPath(trx, changes.areaCode);
      if (!areaPath || !isInSight(actor, { areaPath })) return { ok: false, reason: 'area_out_of_sight' };
    }
    if (changes.departmentCode) {
      const department = await findDepartment(trx, changes.departmentCode);
      if (!department || !isInSight(actor, { areaPath: department.area_path })) {
        return { ok: false, reason: 'department_out_of_sight' };
      }
    }
    const areaCode = changes.areaCode === undefined ? person.own_area_code : changes.areaCode;
    const departmentCode =
      changes.departmentCode === undefined ? person.department_code : changes.departmentCode;
    if (areaCode === null && departmentCode === null) return { ok: false, reason: 'no_place' };
    const disabledAt =
      changes.active === undefined ? undefined : changes.active ? null : (person.disabled_at ?? now);
    await updateUser(trx, userId, {
      ...(changes.displayName !== undefined ? { displayName: changes.displayName.trim() } : {}),
      ...(changes.roles !== undefined ? { roles: changes.roles } : {}),
      ...(changes.areaCode !== undefined ? { areaCode: changes.areaCode } : {}),
      ...(changes.departmentCode !== undefined ? { departmentCode: changes.departmentCode } : {}),
      ...(disabledAt !== undefined ? { disabledAt } : {}),
    });
    if (changes.active === false) await deleteSessionsOf(trx, userId);
    return { ok: true };
  });
}
