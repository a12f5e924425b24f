import { type Action, type Actor, authorize, type ObjectPlace } from '../domain/permissions.ts';
import { problems } from './problem.ts';

/**
 * Turns a refusal of `authorize` into its answer: out of sight is 404 (existence does not leak), in sight but
 * not for this role is 403.
 */
export function ensurePermitted(actor: Actor, action: Action, place: ObjectPlace | null): void {
  const decision = authorize(actor, action, place);
  if (decision.ok) return;
  throw decision.reason === 'out_of_sight' ? problems.notFound() : problems.notPermitted();
}

/** The actor's own area: where list and create requests take place. */
export function ownPlace(actor: Actor): ObjectPlace {
  return { areaPath: actor.areaPath, departmentCode: actor.departmentCode };
}
