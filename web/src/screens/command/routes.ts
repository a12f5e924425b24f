import type { RouteRecordRaw } from 'vue-router';
import { ADMIN_ROLES, COMMAND_ROLES, DEPARTMENT_ROLES } from '../../roles.ts';

const DESKTOP_ROLES = [...new Set([...COMMAND_ROLES, ...DEPARTMENT_ROLES, ...ADMIN_ROLES])];

export const commandRoutes: RouteRecordRaw[] = [
  {
    path: '/command',
    component: () => import('./LiveMap.vue'),
    meta: {
      roles: COMMAND_ROLES,
      shell: 'desktop',
      title: 'command.nav.map',
      nav: { label: 'command.nav.map', order: 10 },
    },
  },
  {
    path: '/command/events',
    component: () => import('./EventList.vue'),
    meta: {
      roles: COMMAND_ROLES,
      shell: 'desktop',
      title: 'command.nav.events',
      nav: { label: 'command.nav.events', order: 11 },
    },
  },
  {
    path: '/command/dashboard',
    component: () => import('./CommandDashboard.vue'),
    meta: {
      roles: COMMAND_ROLES,
      shell: 'desktop',
      title: 'command.nav.dashboard',
      nav: { label: 'command.nav.dashboard', order: 12 },
    },
  },
  {
    // Every desktop role opens an event here: the buttons follow what the server permits each person.
    path: '/events/:id',
    component: () => import('./EventPage.vue'),
    meta: { roles: DESKTOP_ROLES, shell: 'desktop', title: 'command.event.title' },
  },
];
