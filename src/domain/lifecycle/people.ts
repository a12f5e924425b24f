import { isWithin } from '../areas.ts';
import type { EventLevel, EventState, Unit } from '../events.ts';
import type { Actor } from '../permissions.ts';
import type { Role } from '../roles.ts';
import { type Refused, refused } from './refusals.ts';

/** Who triages a case while it waits at a level: locates, escalates, merges, cancels. */
export const HOLDERS: Record<EventLevel, readonly Role[]> = {
  grid: ['grid_worker', 'grid_leader'],
  community: ['community_staff', 'grid_leader'],
  street: ['street_dispatcher', 'street_head'],
  district: ['district_dispatcher'],
};

/** Who may send a case out from the level it waits at; the grid sends no one, it solves or escalates. */
export const SENDERS: Record<EventLevel, readonly Role[]> = {
  grid: [],
  community: HOLDERS.community,
  street: HOLDERS.street,
  district: HOLDERS.district,
};

/**
 * The dispatcher of the level that sent a case out: it answers the unit's return and extension requests and
 * closes the case. In a community that is its staff; a grid leader may send but not answer.
 */
export const DISPATCHERS: Record<EventLevel, readonly Role[]> = {
  grid: [],
  community: ['community_staff'],
  street: ['street_dispatcher', 'street_head'],
  district: ['district_dispatcher'],
};

/** The people of a unit: its officers for a department or street office, its staff for a community. */
const UNIT_PEOPLE: Record<Unit['kind'], readonly Role[]> = {
  district_department: ['department_officer', 'department_head'],
  street_office: ['department_officer', 'department_head'],
  community: ['community_staff', 'grid_leader'],
};

export function rolesOfAnyLevel(table: Record<EventLevel, readonly Role[]>): Role[] {
  return [...new Set(Object.values(table).flat())];
}

function holdsAny(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

/**
 * Whether the actor may act here. A role that acts `here` may; a role that acts only `elsewhere` (another
 * level, another grid) is told so, apart from roles that never do this at all.
 */
export function actsHere(actor: Actor, here: readonly Role[], elsewhere: readonly Role[]): Refused | null {
  if (holdsAny(actor, here)) return null;
  return refused(holdsAny(actor, elsewhere) ? 'not_the_holder' : 'role_may_not');
}

/** Residents act only on their own reports; everyone else as their role allows. */
export function reporterOr(actor: Actor, event: EventState, byRole: Refused | null): Refused | null {
  if (byRole === null || actor.userId === event.reporterUserId) return null;
  return byRole.refusal.reason === 'role_may_not' && actor.roles.includes('resident')
    ? refused('not_reporter')
    : byRole;
}

/** Only the lead unit's people act on a dispatched case: assisting units help but do not answer for it. */
export function ofLeadUnit(actor: Actor, lead: Unit | null): Refused | null {
  if (lead === null) return refused('wrong_state');
  const roleRefusal = actsHere(actor, UNIT_PEOPLE[lead.kind], []);
  if (roleRefusal) return roleRefusal;
  const belongs =
    lead.kind === 'community'
      ? actor.areaPath !== null && isWithin(actor.areaPath, lead.areaPath)
      : actor.departmentCode === lead.code;
  return belongs ? null : refused('not_the_handling_unit');
}

/** Grid people check on site only in their own grid; the community and the street check anywhere they see. */
export function mayVerify(actor: Actor, event: EventState): Refused | null {
  const anywhere: readonly Role[] = ['community_staff', 'street_dispatcher', 'street_head'];
  const inTheirGrid: readonly Role[] = ['grid_worker', 'grid_leader'];
  const here =
    event.areaPath !== null && actor.areaPath !== null && isWithin(event.areaPath, actor.areaPath)
      ? [...anywhere, ...inTheirGrid]
      : anywhere;
  return actsHere(actor, here, inTheirGrid);
}
