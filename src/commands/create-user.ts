import { findAreaPath } from '../db/repositories/areas.ts';
import { findDepartment } from '../db/repositories/departments.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { insertUser, usernameTaken } from '../db/repositories/users.ts';
import { type Actor, isInSight } from '../domain/permissions.ts';
import type { Role } from '../domain/roles.ts';
import { hashPassword } from '../security/passwords.ts';

export interface NewPerson {
  username: string;
  displayName: string;
  password?: string | undefined;
  roles: Role[];
  areaCode?: string | undefined;
  departmentCode?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export type CreateUserResult =
  | { ok: true; id: number }
  | { ok: false; reason: 'username_taken' | 'area_out_of_sight' | 'department_out_of_sight' | 'no_place' };

/** Adds a person inside the creator's own sight: their area must lie in it, their department serve it. */
export async function createUser(db: Executor, creator: Actor, person: NewPerson): Promise<CreateUserResult> {
  if (!person.areaCode && !person.departmentCode) return { ok: false, reason: 'no_place' };
  if (person.areaCode) {
    const areaPath = await findAreaPath(db, person.areaCode);
    if (!areaPath || !isInSight(creator, { areaPath })) return { ok: false, reason: 'area_out_of_sight' };
  }
  if (person.departmentCode) {
    const department = await findDepartment(db, person.departmentCode);
    if (!department || !isInSight(creator, { areaPath: department.area_path })) {
      return { ok: false, reason: 'department_out_of_sight' };
    }
  }
  const passwordHash = person.password ? await hashPassword(person.password) : null;
  if (await usernameTaken(db, person.username)) return { ok: false, reason: 'username_taken' };
  const id = await insertUser(db, {
    username: person.username,
    displayName: person.displayName,
    passwordHash,
    roles: person.roles,
    areaCode: person.areaCode ?? null,
    departmentCode: person.departmentCode ?? null,
    phone: person.phone ?? null,
    email: person.email ?? null,
  });
  return { ok: true, id };
}
