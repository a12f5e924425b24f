import { isWithin } from './areas.ts';
import type { Role } from './roles.ts';

/** Who is asking: their roles, the area whose subtree they see, the department they work for. */
export interface Actor {
  userId: number;
  roles: readonly Role[];
  areaPath: string | null;
  departmentCode: string | null;
}

/**
 * Where an object lies. An object that `servesSubtree` (a department) is in sight of everyone inside the
 * area it serves, as well as of those above it.
 */
export interface ObjectPlace {
  areaPath: string | null;
  departmentCode?: string | null;
  servesSubtree?: boolean;
}

export const ACTIONS = [
  'area:locate',
  'area:read',
  'area:manage',
  'department:read',
  'department:manage',
  'user:read',
  'user:manage',
  'event:report',
  'attachment:upload',
  'catalogue:read',
  'catalogue:manage',
  'webhook:manage',
  'open311:manage',
  'hotline:manage',
  'hotline:read',
  'calendar:manage',
  'score:read',
  'score:manage',
  'score:rate',
  'patrol:record',
  'patrol:read',
  'saved_view:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const STAFF: readonly Role[] = [
  'grid_worker',
  'grid_leader',
  'community_staff',
  'street_dispatcher',
  'street_head',
  'department_officer',
  'department_head',
  'district_dispatcher',
  'supervision_office',
  'leader',
  'administrator',
];
const EVERYONE: readonly Role[] = ['resident', ...STAFF];

/** Which roles may take each action. Whether the object is in sight is decided separately, for every action. */
export const PERMITTED_ROLES: Readonly<Record<Action, readonly Role[]>> = {
  'area:locate': EVERYONE,
  'area:read': EVERYONE,
  'area:manage': ['administrator'],
  'department:read': STAFF,
  'department:manage': ['administrator'],
  'user:read': ['administrator', 'leader', 'supervision_office', 'street_head', 'department_head'],
  'user:manage': ['administrator'],
  // What happens to an event after its report is the lifecycle's to decide (src/domain/lifecycle.ts).
  'event:report': EVERYONE,
  'attachment:upload': EVERYONE,
  'catalogue:read': EVERYONE,
  'catalogue:manage': ['administrator'],
  'webhook:manage': ['administrator'],
  // Open311 clients' keys: issued and revoked by administrators, each tied to a source.
  'open311:manage': ['administrator'],
  // 12345 hotline sources: their tokens, secrets, callback URL and urgency limits; their failed callbacks.
  'hotline:manage': ['administrator'],
  // The hotline's rates per source, on the dashboard.
  'hotline:read': STAFF,
  'calendar:manage': ['administrator'],
  'score:read': STAFF,
  'score:manage': ['administrator'],
  'score:rate': ['street_head'],
  // Patrol tracks (巡查轨迹): the grid's own people record theirs; those who watch the area read them.
  'patrol:record': ['grid_worker', 'grid_leader'],
  'patrol:read': [
    'grid_leader',
    'community_staff',
    'street_dispatcher',
    'street_head',
    'district_dispatcher',
    'supervision_office',
    'leader',
    'administrator',
  ],
  // Saved views of the event list: everyone keeps their own.
  'saved_view:manage': EVERYONE,
};

/** Locating a point on the map tells nothing about anyone's objects, so it has no place to be in sight of. */
const PLACELESS_ACTIONS: ReadonlySet<Action> = new Set(['area:locate']);

export type Authorization = { ok: true } | { ok: false; reason: 'out_of_sight' | 'not_permitted' };

export function isInSight(actor: Actor, place: ObjectPlace): boolean {
  if (place.departmentCode && place.departmentCode === actor.departmentCode) return true;
  if (actor.areaPath === null || place.areaPath === null) return false;
  if (isWithin(place.areaPath, actor.areaPath)) return true;
  return place.servesSubtree === true && isWithin(actor.areaPath, place.areaPath);
}

/**
 * May this actor take this action on an object in this place? An object out of sight is refused as such
 * before the role is looked at, so that the answer never tells whether something exists elsewhere.
 */
export function authorize(actor: Actor, action: Action, place: ObjectPlace | null): Authorization {
  if (!PLACELESS_ACTIONS.has(action)) {
    if (place === null || !isInSight(actor, place)) return { ok: false, reason: 'out_of_sight' };
  }
  const permitted = PERMITTED_ROLES[action].some((role) => actor.roles.includes(role));
  return permitted ? { ok: true } : { ok: false, reason: 'not_permitted' };
}

export type Resource = Action extends `${infer R}:${string}` ? R : never;

/** The actions this actor may take on one object, sent to clients so that they show only allowed buttons. */
export function permittedActions(actor: Actor, resource: Resource, place: ObjectPlace): Action[] {
  return ACTIONS.filter((action) => action.startsWith(`${resource}:`) && authorize(actor, action, place).ok);
}
