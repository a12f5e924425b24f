import type { RouteRecordRaw } from 'vue-router';
import { ADMIN_ROLES } from '../../roles.ts';
import { ADMIN_SECTIONS } from './sections.ts';

/** /admin: the overview, and one screen per kind of data, all inside the administration frame with its menu. */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    component: () => import('./AdminLayout.vue'),
    meta: {
      roles: ADMIN_ROLES,
      shell: 'desktop',
      title: 'admin.title',
      nav: { label: 'admin.title', order: 90 },
    },
    children: [
      { path: '', component: () => import('./AdminOverview.vue'), meta: { title: 'admin.title' } },
      ...ADMIN_SECTIONS.map((section) => ({
        path: section.path,
        component: section.load,
        meta: { title: `${section.words}.title` },
      })),
    ],
  },
];
