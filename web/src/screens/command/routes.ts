import type { RouteRecordRaw } from 'vue-router';
import { COMMAND_ROLES } from '../../roles.ts';

export const commandRoutes: RouteRecordRaw[] = [
  {
    path: '/command',
    component: () => import('./CommandHome.vue'),
    meta: {
      roles: COMMAND_ROLES,
      shell: 'desktop',
      title: 'command.title',
      nav: { label: 'command.title', order: 10 },
    },
  },
];
