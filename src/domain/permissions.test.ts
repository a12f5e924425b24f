import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  type Actor,
  authorize,
  isInSight,
  type ObjectPlace,
  PERMITTED_ROLES,
  permittedActions,
  type Resource,
} from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

// The policy, written out by hand as a specification: what each role may do to an object in sight.
// It is deliberately NOT derived from PERMITTED_ROLES, so that a change there must be matched here.
const ALL_ACTIONS_SPEC = [
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
] as const satisfies readonly Action[];

const ANYONE: readonly Action[] = [
  'area:locate',
  'area:read',
  'event:report',
  'attachment:upload',
  'catalogue:read',
  'saved_view:manage',
];
const STAFF_READER: readonly Action[] = [...ANYONE, 'department:read', 'score:read', 'hotline:read'];
const USER_READER: readonly Action[] = [...STAFF_READER, 'user:read'];
const PATROL_WATCHER: readonly Action[] = [...STAFF_READER, 'patrol:read'];

const MAY: Record<Role, readonly Action[]> = {
  resident: ANYONE,
  grid_worker: [...STAFF_READER, 'patrol:record'],
  grid_leader: [...PATROL_WATCHER, 'patrol:record'],
  community_staff: PATROL_WATCHER,
  street_dispatcher: PATROL_WATCHER,
  street_head: [...USER_READER, 'score:rate', 'patrol:read'],
  department_officer: STAFF_READER,
  department_head: USER_READER,
  district_dispatcher: PATROL_WATCHER,
  supervision_office: [...USER_READER, 'patrol:read'],
  leader: [...USER_READER, 'patrol:read'],
  administrator: [
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
    'patrol:read',
    'saved_view:manage',
  ],
};

const ACTOR_AREA = 'D/S1/C1';
const INSIDE: ObjectPlace = { areaPath: 'D/S1/C1/G11' };
const OUTSIDE: ObjectPlace = { areaPath: 'D/S2/C2/G21' };

function actor(roles: readonly Role[], overrides: Partial<Actor> = {}): Actor {
  return { userId: 1, roles, areaPath: ACTOR_AREA, departmentCode: null, ...overrides };
}

describe('the specification table covers the whole policy', () => {
  it('lists every role there is, and no other', () => {
    expect(Object.keys(MAY).sort()).toEqual([...ROLES].sort());
    expect(ROLES).toHaveLength(12);
  });

  it('knows every action there is, and no other', () => {
    expect([...ACTIONS].sort()).toEqual([...ALL_ACTIONS_SPEC].sort());
  });

  it('PERMITTED_ROLES names an entry for every action', () => {
    expect(Object.keys(PERMITTED_ROLES).sort()).toEqual([...ALL_ACTIONS_SPEC].sort());
  });
});

interface Case {
  name: string;
  role: Role;
  action: Action;
  place: ObjectPlace | null;
  expected: ReturnType<typeof authorize>;
}

const WALK: Case[] = ROLES.flatMap((role) =>
  ALL_ACTIONS_SPEC.flatMap((action): Case[] => {
    const allowed = MAY[role].includes(action);
    const byRole = allowed ? { ok: true as const } : { ok: false as const, reason: 'not_permitted' as const };
    const verb = allowed ? 'may' : 'may not';
    if (action === 'area:locate') {
      // Locating a point has no place: the answer depends only on the role.
      return [{ name: `${role} ${verb} ${action} (no place)`, role, action, place: null, expected: byRole }];
    }
    return [
      {
        name: `${role} ${verb} ${action} on an object inside their area`,
        role,
        action,
        place: INSIDE,
        expected: byRole,
      },
      {
        name: `${role} is told out_of_sight for ${action} on an object outside their area`,
        role,
        action,
        place: OUTSIDE,
        expected: { ok: false, reason: 'out_of_sight' },
      },
    ];
  }),
);

describe('authorize: every role × every action × inside/outside', () => {
  it('walks 12 roles × (21 placed actions × 2 places + area:locate)', () => {
    expect(WALK).toHaveLength(12 * (21 * 2 + 1));
  });

  it.each(WALK)('$name', ({ role, action, place, expected }) => {
    expect(authorize(actor([role]), action, place)).toEqual(expected);
  });
});

describe('authorize: further rules', () => {
  it.each(ROLES)('%s: area:locate ignores a place out of sight (it depends only on the role)', (role) => {
    const expected = MAY[role].includes('area:locate')
      ? { ok: true }
      : { ok: false, reason: 'not_permitted' };
    expect(authorize(actor([role]), 'area:locate', OUTSIDE)).toEqual(expected);
  });

  it.each(ALL_ACTIONS_SPEC.filter((action) => action !== 'area:locate'))(
    '%s with no place at all is out_of_sight, even for an administrator',
    (action) => {
      expect(authorize(actor(['administrator']), action, null)).toEqual({
        ok: false,
        reason: 'out_of_sight',
      });
    },
  );

  it('an actor holding several roles may do what any of them may', () => {
    const both = actor(['resident', 'street_head']);
    expect(authorize(both, 'user:read', INSIDE)).toEqual({ ok: true });
    expect(authorize(both, 'department:read', INSIDE)).toEqual({ ok: true });
    expect(authorize(both, 'user:manage', INSIDE)).toEqual({ ok: false, reason: 'not_permitted' });
  });

  it('an actor with no role may do nothing, even in sight', () => {
    for (const action of ALL_ACTIONS_SPEC) {
      expect(authorize(actor([]), action, INSIDE)).toEqual({ ok: false, reason: 'not_permitted' });
    }
  });

  it('out_of_sight is answered before not_permitted, so a refusal never reveals an object elsewhere', () => {
    expect(authorize(actor(['resident']), 'user:manage', OUTSIDE)).toEqual({
      ok: false,
      reason: 'out_of_sight',
    });
  });

  it('an object of the actor’s own department is in sight wherever it lies', () => {
    const officer = actor(['department_officer'], { departmentCode: 'CGW' });
    expect(authorize(officer, 'department:read', { areaPath: 'D/S2', departmentCode: 'CGW' })).toEqual({
      ok: true,
    });
  });
});

interface SightCase {
  rule: string;
  actor: Pick<Actor, 'areaPath' | 'departmentCode'>;
  place: ObjectPlace;
  inSight: boolean;
}

const SIGHT: SightCase[] = [
  {
    rule: 'an object at the actor’s own area is in sight',
    actor: { areaPath: 'D/S1', departmentCode: null },
    place: { areaPath: 'D/S1' },
    inSight: true,
  },
  {
    rule: 'an object deeper in the actor’s subtree is in sight',
    actor: { areaPath: 'D/S1', departmentCode: null },
    place: { areaPath: 'D/S1/C1/G11' },
    inSight: true,
  },
  {
    rule: 'the district sees everything below it',
    actor: { areaPath: 'D', departmentCode: null },
    place: { areaPath: 'D/S2/C2/G21/M1' },
    inSight: true,
  },
  {
    rule: 'a sibling area whose code merely starts with the same text (S10 vs S1) is not inside',
    actor: { areaPath: 'D/S1', departmentCode: null },
    place: { areaPath: 'D/S10' },
    inSight: false,
  },
  {
    rule: 'a node below the sibling with the shared prefix text (D/S10/C1) is not inside D/S1',
    actor: { areaPath: 'D/S1', departmentCode: null },
    place: { areaPath: 'D/S10/C1' },
    inSight: false,
  },
  {
    rule: 'a sibling area is not in sight',
    actor: { areaPath: 'D/S1', departmentCode: null },
    place: { areaPath: 'D/S2/C2' },
    inSight: false,
  },
  {
    rule: 'an ancestor of the actor’s area is not inside it',
    actor: { areaPath: 'D/S1/C1', departmentCode: null },
    place: { areaPath: 'D/S1' },
    inSight: false,
  },
  {
    rule: 'an object of the actor’s department is in sight even when its area is elsewhere',
    actor: { areaPath: 'D/S1', departmentCode: 'CGW' },
    place: { areaPath: 'D/S2/C2', departmentCode: 'CGW' },
    inSight: true,
  },
  {
    rule: 'an object of the actor’s department with no area is in sight',
    actor: { areaPath: null, departmentCode: 'CGW' },
    place: { areaPath: null, departmentCode: 'CGW' },
    inSight: true,
  },
  {
    rule: 'an object of another department elsewhere is not in sight',
    actor: { areaPath: 'D/S1', departmentCode: 'CGW' },
    place: { areaPath: 'D/S2/C2', departmentCode: 'GAJ' },
    inSight: false,
  },
  {
    rule: 'no department on either side does not count as the same department',
    actor: { areaPath: 'D/S1', departmentCode: null },
    place: { areaPath: 'D/S2', departmentCode: null },
    inSight: false,
  },
  {
    rule: 'a department placed at the district (servesSubtree) is in sight of a grid worker deep inside',
    actor: { areaPath: 'D/S1/C1/G11', departmentCode: null },
    place: { areaPath: 'D', servesSubtree: true },
    inSight: true,
  },
  {
    rule: 'a street office (servesSubtree) at D/S2 is not in sight of someone in D/S1',
    actor: { areaPath: 'D/S1/C1', departmentCode: null },
    place: { areaPath: 'D/S2', servesSubtree: true },
    inSight: false,
  },
  {
    rule: 'a street office (servesSubtree) at D/S1 is not in sight of someone in D/S10',
    actor: { areaPath: 'D/S10/C1', departmentCode: null },
    place: { areaPath: 'D/S1', servesSubtree: true },
    inSight: false,
  },
  {
    rule: 'an object at the district that does not serve its subtree is not in sight of a grid worker',
    actor: { areaPath: 'D/S1/C1/G11', departmentCode: null },
    place: { areaPath: 'D' },
    inSight: false,
  },
  {
    rule: 'an actor with no area sees nothing placed by area',
    actor: { areaPath: null, departmentCode: null },
    place: { areaPath: 'D' },
    inSight: false,
  },
  {
    rule: 'an actor with no area does not see a department serving the whole district',
    actor: { areaPath: null, departmentCode: null },
    place: { areaPath: 'D', servesSubtree: true },
    inSight: false,
  },
  {
    rule: 'an object with no area is not in sight of an area actor',
    actor: { areaPath: 'D', departmentCode: null },
    place: { areaPath: null },
    inSight: false,
  },
];

describe('isInSight', () => {
  it.each(SIGHT)('$rule', ({ actor: where, place, inSight }) => {
    expect(isInSight({ userId: 1, roles: ['grid_worker'], ...where }, place)).toBe(inSight);
  });
});

describe('permittedActions', () => {
  // One object at a time: only the actions on that kind of object (its resource) are listed.
  const SAMPLES: { rule: string; actor: Actor; resource: Resource; place: ObjectPlace; actions: Action[] }[] =
    [
      {
        rule: 'a resident may locate and read an area in sight',
        actor: actor(['resident']),
        resource: 'area',
        place: INSIDE,
        actions: ['area:locate', 'area:read'],
      },
      {
        rule: 'a resident may do nothing to a department in sight',
        actor: actor(['resident']),
        resource: 'department',
        place: INSIDE,
        actions: [],
      },
      {
        rule: 'a grid worker may read a department in sight',
        actor: actor(['grid_worker']),
        resource: 'department',
        place: INSIDE,
        actions: ['department:read'],
      },
      {
        rule: 'a grid worker may do nothing to a user in sight',
        actor: actor(['grid_worker']),
        resource: 'user',
        place: INSIDE,
        actions: [],
      },
      {
        rule: 'a street head may read a user in sight',
        actor: actor(['street_head']),
        resource: 'user',
        place: INSIDE,
        actions: ['user:read'],
      },
      {
        rule: 'an administrator may locate, read and manage an area in sight',
        actor: actor(['administrator']),
        resource: 'area',
        place: INSIDE,
        actions: ['area:locate', 'area:read', 'area:manage'],
      },
      {
        rule: 'an administrator may read and manage a department in sight',
        actor: actor(['administrator']),
        resource: 'department',
        place: INSIDE,
        actions: ['department:read', 'department:manage'],
      },
      {
        rule: 'an administrator may read and manage a user in sight',
        actor: actor(['administrator']),
        resource: 'user',
        place: INSIDE,
        actions: ['user:read', 'user:manage'],
      },
      {
        rule: 'an administrator may only locate on an area out of sight',
        actor: actor(['administrator']),
        resource: 'area',
        place: OUTSIDE,
        actions: ['area:locate'],
      },
      {
        rule: 'an administrator may do nothing to a user out of sight',
        actor: actor(['administrator']),
        resource: 'user',
        place: OUTSIDE,
        actions: [],
      },
      {
        rule: 'a grid worker may record patrol points but not read others’ tracks',
        actor: actor(['grid_worker']),
        resource: 'patrol',
        place: INSIDE,
        actions: ['patrol:record'],
      },
      {
        rule: 'a grid leader may record their own patrol points and read the tracks of their area',
        actor: actor(['grid_leader']),
        resource: 'patrol',
        place: INSIDE,
        actions: ['patrol:record', 'patrol:read'],
      },
      {
        rule: 'a department officer may neither record nor read patrol tracks',
        actor: actor(['department_officer']),
        resource: 'patrol',
        place: INSIDE,
        actions: [],
      },
      {
        rule: 'an actor with no role may take no action on an area in sight',
        actor: actor([]),
        resource: 'area',
        place: INSIDE,
        actions: [],
      },
    ];

  it.each(SAMPLES)('$rule', ({ actor: who, resource, place, actions }) => {
    expect(permittedActions(who, resource, place)).toEqual(actions);
  });
});
