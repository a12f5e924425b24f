import { isWithin } from '../areas.ts';
import type { EventLevel, EventSource, Unit } from '../events.ts';
import { type Refused, refused } from './refusals.ts';

/** Where a report first waits: the closest level that can act on what its source saw. */
const INITIAL_LEVEL: Record<EventSource, EventLevel> = {
  grid_worker: 'grid', // the grid worker is already at the grid
  resident: 'community', // the community knows its residents
  hotline: 'street', // 12345 cases go to the street command centre
  camera: 'street',
  other_system: 'street',
  leader_instruction: 'district', // 领导交办 starts at the district command centre
};

export function initialLevel(source: EventSource): EventLevel {
  return INITIAL_LEVEL[source];
}

const NEXT_LEVEL: Record<EventLevel, EventLevel | null> = {
  grid: 'community',
  community: 'street',
  street: 'district',
  district: null,
};

/** The level above, or null at the district: there is no one higher to escalate to. */
export function nextLevel(level: EventLevel): EventLevel | null {
  return NEXT_LEVEL[level];
}

/** How many codes of an area path name the area at each level: 'D/S1/C1/G11' is district D, street D/S1… */
const PATH_DEPTH: Record<EventLevel, number> = { district: 1, street: 2, community: 3, grid: 4 };

/** The area holding a located event at a level: the street of 'D/S1/C1/G11' is 'D/S1'. */
export function areaAtLevel(eventPath: string, level: EventLevel): string {
  return eventPath.split('/').slice(0, PATH_DEPTH[level]).join('/');
}

/**
 * The units a level may send a case to. The grid sends to no one (it solves or escalates); the street sends to
 * its own offices and communities, and reaches district departments only by the head's whistle.
 */
const RECEIVERS: Record<EventLevel, readonly Unit['kind'][]> = {
  grid: [],
  community: ['community'],
  street: ['street_office', 'community'],
  district: ['district_department'],
};

/** The whistle calls district departments, from the street. */
export const WHISTLED_KINDS: readonly Unit['kind'][] = ['district_department'];

export function receiversAt(level: EventLevel): readonly Unit['kind'][] {
  return RECEIVERS[level];
}

/**
 * Every unit must be of a kind the sender may call and sit inside the area that holds the case at the sender's
 * level (its own community, street or district); a unit named twice, as lead and assisting, is a mistake.
 */
export function unitsAllowed(
  units: readonly Unit[],
  kinds: readonly Unit['kind'][],
  holdingArea: string,
): Refused | null {
  const fits = units.every((unit) => kinds.includes(unit.kind) && isWithin(unit.areaPath, holdingArea));
  const distinct = new Set(units.map((unit) => `${unit.kind}:${unit.code}`)).size === units.length;
  return fits && distinct ? null : refused('unit_not_allowed');
}
