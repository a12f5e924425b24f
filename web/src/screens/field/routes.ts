import type { RouteRecordRaw } from 'vue-router';
import { FIELD_ROLES } from '../../roles.ts';

export const fieldRoutes: RouteRecordRaw[] = [
  {
    path: '/field',
    component: () => import('./FieldHome.vue'),
    meta: { roles: FIELD_ROLES, shell: 'phone', title: 'field.title' },
  },
];
