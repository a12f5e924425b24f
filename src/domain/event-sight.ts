import { isWithin } from './areas.ts';
import type { EventState } from './events.ts';
import type { Actor } from './permissions.ts';

/**
 * Who sees an event: everyone whose area holds it (its grid's people and everyone above), the units asked to
 * handle or assist it, the person who reported it and the reporters of duplicates merged into it. Everyone else is told it does not exist.
 */
export function eventInSight(actor: Actor, event: EventState): boolean {
  if (event.reporterUserId === actor.userId || event.mergedReporterUserIds.includes(actor.userId))
    return true;
  if (actor.departmentCode) {
    const units = [event.lead, ...event.assisting];
    if (units.some((unit) => unit?.kind !== 'community' && unit?.code === actor.departmentCode)) return true;
  }
  if (actor.areaPath === null || event.areaPath === null) return false;
  return isWithin(event.areaPath, actor.areaPath);
}
