import type { Role } from './api/types.ts';

/** The people who watch an area and command in it: the command centre's users. */
export const COMMAND_ROLES: readonly Role[] = [
  'street_dispatcher',
  'street_head',
  'district_dispatcher',
  'supervision_office',
  'leader',
  'community_staff',
  'administrator',
];
export const DEPARTMENT_ROLES: readonly Role[] = ['department_officer', 'department_head'];
export const FIELD_ROLES: readonly Role[] = ['grid_worker', 'grid_leader'];
export const RESIDENT_ROLES: readonly Role[] = ['resident'];
export const ADMIN_ROLES: readonly Role[] = ['administrator'];
