import type { Actor } from './permissions.ts';
import type { Role } from './roles.ts';

/** Why an administrator may not make a change to their own account: it would lock them (and maybe everyone) out. */
export type OwnAccountProblem = 'own_administrator_role' | 'own_account_disabled';

/**
 * An administrator cannot take away their own administrator role nor disable themselves: another administrator
 * must, so that a district is never left without one by a slip.
 */
export function ownAccountProblem(
  actor: Pick<Actor, 'userId'>,
  targetUserId: number,
  change: { roles?: readonly Role[] | undefined; active?: boolean | undefined },
): OwnAccountProblem | null {
  if (actor.userId !== targetUserId) return null;
  if (change.roles !== undefined && !change.roles.includes('administrator')) return 'own_administrator_role';
  if (change.active === false) return 'own_account_disabled';
  return null;
}
