import type { RouteRecordRaw } from 'vue-router';
import { RESIDENT_ROLES } from '../../roles.ts';

/** The resident's and firm's phone pages: sign up, report, my reports and their progress, find by code. */
export const residentRoutes: RouteRecordRaw[] = [
  {
    path: '/resident/sign-up',
    component: () => import('./ResidentSignUp.vue'),
    meta: { public: true, shell: 'none', title: 'resident.titles.signUp' },
  },
  {
    path: '/resident',
    component: () => import('./ResidentLayout.vue'),
    meta: { roles: RESIDENT_ROLES, shell: 'phone', title: 'resident.title' },
    children: [
      {
        path: '',
        component: () => import('./ResidentReport.vue'),
        meta: { title: 'resident.titles.report' },
      },
      {
        path: 'reports',
        component: () => import('./ResidentReports.vue'),
        meta: { title: 'resident.titles.mine' },
      },
      {
        path: 'reports/:id',
        component: () => import('./ResidentEvent.vue'),
        props: true,
        meta: { title: 'resident.titles.event' },
      },
      {
        path: 'find',
        component: () => import('./ResidentFind.vue'),
        meta: { title: 'resident.titles.find' },
      },
    ],
  },
];
