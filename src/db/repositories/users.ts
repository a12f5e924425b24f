import type { Role } from '../../domain/roles.ts';
import { belowPathPattern, type Executor } from './executor.ts';

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string | null;
  roles: readonly Role[];
  areaCode: string | null;
  departmentCode: string | null;
  phone?: string | null;
  email?: string | null;
}

export async function insertUser(db: Executor, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      roles: [...user.roles],
      area_code: user.areaCode,
      department_code: user.departmentCode,
      phone: user.phone ?? null,
      email: user.email ?? null,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A person as the server acts for them: the area they see is their own, or their department's. */
export interface UserInSight {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  area_code: string | null;
  area_path: string | null;
  area_name: string | null;
  department_code: string | null;
  department_name: string | null;
  department_name_en: string | null;
}

function usersWithPlace(db: Executor) {
  return everyUserWithPlace(db).where('u.disabled_at', 'is', null);
}

function everyUserWithPlace(db: Executor) {
  return db
    .selectFrom('users as u')
    .leftJoin('departments as d', 'd.code', 'u.department_code')
    .leftJoin('areas as a', (join) =>
      join.on((eb) => eb('a.code', '=', eb.fn.coalesce('u.area_code', 'd.area_code'))),
    )
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.roles',
      'a.code as area_code',
      'a.path as area_path',
      'a.name as area_name',
      'u.department_code',
      'd.name as department_name',
      'd.name_en as department_name_en',
    ]);
}

export async function findActiveUserById(db: Executor, id: number): Promise<UserInSight | undefined> {
  return usersWithPlace(db).where('u.id', '=', id).executeTakeFirst();
}

/** A person as an administrator manages them, disabled or not, with the area and department of their own. */
export interface ManagedUser extends UserInSight {
  own_area_code: string | null;
  disabled_at: Date | null;
}

export async function findManagedUser(db: Executor, id: number): Promise<ManagedUser | undefined> {
  return everyUserWithPlace(db)
    .select(['u.area_code as own_area_code', 'u.disabled_at'])
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export interface UserChanges {
  displayName?: string;
  roles?: readonly Role[];
  areaCode?: string | null;
  departmentCode?: string | null;
  disabledAt?: Date | null;
}

export async function updateUser(db: Executor, id: number, changes: UserChanges): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.roles !== undefined ? { roles: [...changes.roles] } : {}),
      ...(changes.areaCode !== undefined ? { area_code: changes.areaCode } : {}),
      ...(changes.departmentCode !== undefined ? { department_code: changes.departmentCode } : {}),
      ...(changes.disabledAt !== undefined ? { disabled_at: changes.disabledAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The person behind a live session and when it ends, in one query: each app process asks it for a session at
 * most once every few seconds (src/read-models/signed-in-cache.ts).
 */
export async function findUserBySession(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<(UserInSight & { expires_at: Date }) | undefined> {
  return usersWithPlace(db)
    .innerJoin('sessions as s', 's.user_id', 'u.id')
    .select('s.expires_at')
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

/** The person an unrevoked API token acts for, in one query. */
export async function findUserByApiToken(db: Executor, tokenHash: string): Promise<UserInSight | undefined> {
  return usersWithPlace(db)
    .innerJoin('api_tokens as t', 't.user_id', 'u.id')
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function findPasswordHash(
  db: Executor,
  username: string,
): Promise<{ id: number; password_hash: string | null } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('username', '=', username)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function countUsersNamedLike(db: Executor, prefix: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('username', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether a phone number is someone's username already, or the phone number of someone's account. */
export async function phoneTaken(db: Executor, phone: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('username', '=', phone), eb('phone', '=', phone)]))
    .executeTakeFirst();
  return row !== undefined;
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row !== undefined;
}

export interface UserPlace {
  id: number;
  area_path: string | null;
  department_code: string | null;
}

/** Where a person lies, to decide who may see or manage them. */
export async function findUserPlace(db: Executor, id: number): Promise<UserPlace | undefined> {
  return db
    .selectFrom('users as u')
    .leftJoin('departments as d', 'd.code', 'u.department_code')
    .leftJoin('areas as a', (join) =>
      join.on((eb) => eb('a.code', '=', eb.fn.coalesce('u.area_code', 'd.area_code'))),
    )
    .select(['u.id', 'a.path as area_path', 'u.department_code'])
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export async function listUsersInSight(
  db: Executor,
  sight: { areaPath: string; departmentCode: string | null },
  page: { after: number; limit: number },
  includeDisabled = false,
): Promise<(UserInSight & { disabled_at: Date | null })[]> {
  const people = includeDisabled ? everyUserWithPlace(db) : usersWithPlace(db);
  return people
    .select('u.disabled_at')
    .where((eb) =>
      eb.or([
        eb('a.path', '=', sight.areaPath),
        eb('a.path', 'like', belowPathPattern(sight.areaPath)),
        eb('u.department_code', '=', sight.departmentCode ?? ''),
      ]),
    )
    .where('u.id', '>', page.after)
    .orderBy('u.id')
    .limit(page.limit)
    .execute();
}

export async function displayNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
