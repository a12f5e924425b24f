import type { RouteRecordRaw } from 'vue-router';
import { FIELD_ROLES } from '../../roles.ts';

/** The grid worker's phone screens: report, my grid's events, one event, the patrol. */
export const fieldRoutes: RouteRecordRaw[] = [
  {
    path: '/field',
    component: () => import('./FieldLayout.vue'),
    meta: { roles: FIELD_ROLES, shell: 'phone', title: 'field.title' },
    children: [
      { path: '', component: () => import('./FieldReport.vue'), meta: { title: 'field.titles.report' } },
      {
        path: 'events',
        component: () => import('./FieldEvents.vue'),
        meta: { title: 'field.titles.events' },
      },
      {
        path: 'events/:id',
        component: () => import('./FieldEvent.vue'),
        props: true,
        meta: { title: 'field.titles.event' },
      },
      {
        path: 'patrol',
        component: () => import('./FieldPatrol.vue'),
        meta: { title: 'field.titles.patrol' },
      },
    ],
  },
];
