import { reactive } from 'vue';
import { ApiError, api, NetworkError } from './api/client.ts';
import type { Me, Role } from './api/types.ts';

/** Who is signed in in this tab; null until the server has said. */
export const session = reactive<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

// A phone opened without network still knows who used it last, so reports can be made and kept for later;
// the server still checks the session when they are sent.
const LAST_KNOWN = 'huying.me';

function remember(me: Me | null): Me | null {
  if (me) globalThis.localStorage?.setItem(LAST_KNOWN, JSON.stringify(me));
  else globalThis.localStorage?.removeItem(LAST_KNOWN);
  session.me = me;
  session.checked = true;
  return me;
}

function lastKnown(): Me | null {
  const saved = globalThis.localStorage?.getItem(LAST_KNOWN);
  return saved ? (JSON.parse(saved) as Me) : null;
}

export async function loadMe(): Promise<Me | null> {
  try {
    return remember(await api.get<Me>('/api/v1/me'));
  } catch (error) {
    if (error instanceof NetworkError) {
      session.me = lastKnown();
      session.checked = true;
      return session.me;
    }
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    return remember(null);
  }
}

export async function signIn(username: string, password: string): Promise<Me> {
  return remember(await api.post<Me>('/api/v1/session', { username, password })) as Me;
}

export async function signOut(): Promise<void> {
  await api.delete('/api/v1/session').catch(() => {});
  remember(null);
}

/** The server said the session has ended (expired, or signed out elsewhere). */
export function forgetSession(): void {
  remember(null);
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
