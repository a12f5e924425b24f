import type { EventSource } from './events.ts';
import type { Role } from './roles.ts';

/**
 * Which sources a person may file a report under: a resident reports as a resident, a grid worker from patrol,
 * a dispatcher enters hotline calls and camera or system alerts, a leader gives instructions.
 */
const SOURCES_BY_ROLE: Record<Role, readonly EventSource[]> = {
  resident: ['resident'],
  grid_worker: ['grid_worker'],
  grid_leader: ['grid_worker'],
  community_staff: ['resident', 'hotline'],
  street_dispatcher: ['hotline', 'camera', 'other_system', 'resident'],
  street_head: ['leader_instruction', 'hotline'],
  department_officer: ['other_system'],
  department_head: ['other_system'],
  district_dispatcher: ['hotline', 'camera', 'other_system', 'resident'],
  supervision_office: ['hotline', 'other_system'],
  leader: ['leader_instruction'],
  administrator: ['other_system', 'camera', 'hotline'],
};

/** The source a report gets: the one asked for if the person may use it, else their first; null if refused. */
export function reportSource(roles: readonly Role[], requested: EventSource | undefined): EventSource | null {
  const allowed = roles.flatMap((role) => SOURCES_BY_ROLE[role]);
  if (requested === undefined) return allowed[0] ?? null;
  return allowed.includes(requested) ? requested : null;
}
