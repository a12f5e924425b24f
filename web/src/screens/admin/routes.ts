import type { RouteRecordRaw } from 'vue-router';
import { ADMIN_ROLES } from '../../roles.ts';

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    component: () => import('./AdminHome.vue'),
    meta: {
      roles: ADMIN_ROLES,
      shell: 'desktop',
      title: 'admin.title',
      nav: { label: 'admin.title', order: 10 },
    },
  },
];
