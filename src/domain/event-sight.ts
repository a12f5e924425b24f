import { isWithin } from './areas.ts';
import type { EventState } from './events.ts';
import type { Actor } from './permissions.ts';
import type { Role } from './roles.ts';

/**
 * Roles that watch every event in their area: the grid's people and everyone above them. A resident sees only
 * what they reported (a neighbour's report is not theirs to read), and a department only what it was asked
 * to handle or assist, even though both belong to an area for other purposes.
 */
const AREA_WATCHERS: ReadonlySet<Role> = new Set([
  'grid_worker',
  'grid_leader',
  'community_staff',
  'street_dispatcher',
  'street_head',
  'district_dispatcher',
  'supervision_office',
  'leader',
  'administrator',
]);

/** What a person sees of events, as a query can use it: an area subtree, a department, their own reports. */
export interface EventSight {
  areaPath: string | null;
  departmentCode: string | null;
  userId: number;
}

export function eventSightOf(actor: Actor): EventSight {
  const watchesArea = actor.roles.some((role) => AREA_WATCHERS.has(role));
  return {
    areaPath: watchesArea ? actor.areaPath : null,
    departmentCode: actor.departmentCode,
    userId: actor.userId,
  };
}

/**
 * Who sees an event: those who watch the area holding it (its grid's people and everyone above), the units
 * asked to handle or assist it, the person who reported it and the reporters of duplicates merged into it.
 * Everyone else is told it does not exist.
 */
export function eventInSight(actor: Actor, event: EventState): boolean {
  const sight = eventSightOf(actor);
  if (event.reporterUserId === sight.userId || event.mergedReporterUserIds.includes(sight.userId))
    return true;
  if (sight.departmentCode) {
    const units = [event.lead, ...event.assisting];
    if (units.some((unit) => unit?.kind !== 'community' && unit?.code === sight.departmentCode)) return true;
  }
  if (sight.areaPath === null || event.areaPath === null) return false;
  return isWithin(event.areaPath, sight.areaPath);
}
