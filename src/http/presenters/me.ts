import type { UserInSight } from '../../db/repositories/users.ts';

export function presentMe(user: UserInSight) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles,
    area:
      user.area_code && user.area_name && user.area_path
        ? { code: user.area_code, name: user.area_name, path: user.area_path }
        : null,
    department:
      user.department_code && user.department_name
        ? { code: user.department_code, name: user.department_name, nameEn: user.department_name_en ?? '' }
        : null,
  };
}
