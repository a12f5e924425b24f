import type { RouteRecordRaw } from 'vue-router';
import { DEPARTMENT_ROLES } from '../../roles.ts';

export const departmentRoutes: RouteRecordRaw[] = [
  {
    path: '/department',
    component: () => import('./DepartmentScreen.vue'),
    meta: {
      roles: DEPARTMENT_ROLES,
      shell: 'desktop',
      title: 'department.title',
      nav: { label: 'department.title', order: 10 },
    },
  },
];
