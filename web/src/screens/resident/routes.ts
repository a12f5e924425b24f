import type { RouteRecordRaw } from 'vue-router';
import { RESIDENT_ROLES } from '../../roles.ts';

export const residentRoutes: RouteRecordRaw[] = [
  {
    path: '/resident',
    component: () => import('./ResidentHome.vue'),
    meta: { roles: RESIDENT_ROLES, shell: 'phone', title: 'resident.title' },
  },
];
