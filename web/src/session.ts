import { reactive } from 'vue';
import { ApiError, api } from './api/client.ts';
import type { Me, Role } from './api/types.ts';

/** Who is signed in in this tab; null until the server has said. */
export const session = reactive<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

export async function loadMe(): Promise<Me | null> {
  try {
    session.me = await api.get<Me>('/api/v1/me');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session.me = null;
  }
  session.checked = true;
  return session.me;
}

export async function signIn(username: string, password: string): Promise<Me> {
  session.me = await api.post<Me>('/api/v1/session', { username, password });
  session.checked = true;
  return session.me;
}

export async function signOut(): Promise<void> {
  await api.delete('/api/v1/session').catch(() => {});
  session.me = null;
}

export function hasRole(...roles: Role[]): boolean {
  return session.me?.roles.some((role) => roles.includes(role)) ?? false;
}

/** Each role's own start page: the phone screens for people in the field, the desktop ones for the rest. */
export function homeFor(roles: readonly Role[]): string {
  const has = (...wanted: Role[]) => roles.some((role) => wanted.includes(role));
  if (has('street_dispatcher', 'district_dispatcher', 'street_head', 'supervision_office', 'leader'))
    return '/command';
  if (has('community_staff')) return '/command';
  if (has('department_officer', 'department_head')) return '/department';
  if (has('grid_worker', 'grid_leader')) return '/field';
  if (has('administrator')) return '/admin';
  return '/resident';
}
