import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from './api/types.ts';
import { adminRoutes } from './screens/admin/routes.ts';
import { commandRoutes } from './screens/command/routes.ts';
import { departmentRoutes } from './screens/department/routes.ts';
import { fieldRoutes } from './screens/field/routes.ts';
import { residentRoutes } from './screens/resident/routes.ts';
import { forgetSession, homeFor, loadMe, session } from './session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the screen; absent, anyone signed in. */
    roles?: readonly Role[];
    /** The frame around the screen: the desktop shell, the phone shell, or none (sign-in). */
    shell?: 'desktop' | 'phone' | 'none';
    /** Open without signing in. */
    public?: boolean;
    /** An entry of the desktop menu: its words (an i18n key) and its place in the menu. */
    nav?: { label: string; order: number };
    /** The screen's title (an i18n key). */
    title?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    component: () => import('./screens/sign-in/SignIn.vue'),
    meta: { public: true, shell: 'none', title: 'common.signIn' },
  },
  { path: '/', redirect: () => (session.me ? homeFor(session.me.roles) : '/sign-in') },
  ...commandRoutes,
  ...departmentRoutes,
  ...fieldRoutes,
  ...residentRoutes,
  ...adminRoutes,
  {
    path: '/:missing(.*)*',
    component: () => import('./screens/NotFound.vue'),
    meta: { public: true, shell: 'none', title: 'common.notFound' },
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!session.checked) await loadMe().catch(() => null);
  if (to.meta.public) return true;
  if (!session.me) return { path: '/sign-in', query: { next: to.fullPath } };
  const allowed = to.meta.roles;
  if (allowed && !session.me.roles.some((role) => allowed.includes(role))) return homeFor(session.me.roles);
  return true;
});

window.addEventListener('huying:signed-out', () => {
  forgetSession();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.push({ path: '/sign-in', query: { next: here.fullPath } });
});
