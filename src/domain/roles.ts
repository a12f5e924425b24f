/**
 * The roles a person can hold. A person belongs to an area (their subtree is what they see) or to a
 * department (what it is asked to do is what they see), or both.
 */
export const ROLES = [
  'resident',
  'grid_worker', // 网格员
  'grid_leader', // 网格长
  'community_staff', // 社区工作人员
  'street_dispatcher', // 街镇指挥中心调度员
  'street_head', // 街道书记/主任: the only one who may blow the whistle (吹哨)
  'department_officer', // 职能部门经办人
  'department_head', // 职能部门负责人
  'district_dispatcher', // 区级指挥中心调度员
  'supervision_office', // 督查室
  'leader', // 领导: dashboards
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** `grid_worker` → `grid-worker`: the demo accounts are named `demo-<role in kebab case>`. */
export function roleInKebabCase(role: Role): string {
  return role.replaceAll('_', '-');
}
