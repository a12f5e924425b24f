import { countAreas, upsertAreas } from '../db/repositories/areas.ts';
import { insertDepartments } from '../db/repositories/departments.ts';
import { type Executor, holdAdvisoryLock } from '../db/repositories/executor.ts';
import { insertUser } from '../db/repositories/users.ts';
import { buildDemoDistrict, type DemoScale } from '../demo/district.ts';
import type { AreaLevel, AreaNode } from '../domain/areas.ts';
import type { DepartmentSeed } from '../domain/departments.ts';
import { ROLES, type Role, roleInKebabCase } from '../domain/roles.ts';
import { hashPassword } from '../security/passwords.ts';
import { createKnownHotlineSource } from './hotline/hotline-sources.ts';
import { createOpen311Client } from './open311/issue-open311-key.ts';

/** Printed in the README for the demo only; a production start refuses to run while these accounts exist. */
export const DEMO_PASSWORD = 'huying-demo';
export const DEMO_USERNAME_PREFIX = 'demo-';
/** The demo district's Open311 key, printed in the README beside the demo accounts; its account is `demo-open311`. */
export const DEMO_OPEN311_KEY = 'o311_huying-demo';
/**
 * The demo district's 12345 source `demo-12345`, its token and signing secret printed in the README; its account is
 * `demo-hotline`. It has no callback URL: point one at a receiver on the sources screen to watch callbacks.
 */
export const DEMO_HOTLINE_SOURCE = {
  code: 'demo-12345',
  token: 'hl_huying-demo',
  signingSecret: 'huying-demo-hotline-secret',
} as const;

const DEMO_DISPLAY_NAMES: Record<Role, string> = {
  resident: '演示居民 张女士',
  grid_worker: '演示网格员 李明',
  grid_leader: '演示网格长 王芳',
  community_staff: '演示社区工作人员 赵强',
  street_dispatcher: '演示街道调度员 刘洋',
  street_head: '演示街道主任 陈静',
  department_officer: '演示部门经办人 杨帆',
  department_head: '演示部门负责人 黄磊',
  district_dispatcher: '演示区调度员 周婷',
  supervision_office: '演示督查室 吴刚',
  leader: '演示区领导 郑华',
  administrator: '演示管理员 孙悦',
};

/** `demo-grid-worker`, `demo-street-head`, …; the administrator is the shorter `demo-admin`. */
export function demoUsername(role: Role): string {
  return `${DEMO_USERNAME_PREFIX}${role === 'administrator' ? 'admin' : roleInKebabCase(role)}`;
}

/** Where each demo account sits: the first grid of the first community of the first street, and so on up. */
function demoPlaces(areas: readonly AreaNode[], departments: readonly DepartmentSeed[]) {
  const first = (level: AreaLevel, parentCode: string | null) =>
    areas.find((area) => area.level === level && (parentCode === null || area.parentCode === parentCode));
  const district = first('district', null)!;
  const street = first('street', district.code)!;
  const community = first('community', street.code)!;
  const grid = first('grid', community.code)!;
  const department =
    departments.find(
      (d) =>
        d.kind === 'district_department' && d.areaCode === district.code && d.name.includes('城市管理委员会'),
    ) ?? departments.find((d) => d.kind === 'district_department')!;
  return { district, street, community, grid, department };
}

function placeOf(
  role: Role,
  places: ReturnType<typeof demoPlaces>,
): { areaCode: string | null; departmentCode: string | null } {
  switch (role) {
    case 'resident':
    case 'grid_worker':
      return { areaCode: places.grid.code, departmentCode: null };
    case 'grid_leader':
    case 'community_staff':
      return { areaCode: places.community.code, departmentCode: null };
    case 'street_dispatcher':
    case 'street_head':
      return { areaCode: places.street.code, departmentCode: null };
    case 'department_officer':
    case 'department_head':
      return { areaCode: null, departmentCode: places.department.code };
    case 'district_dispatcher':
    case 'supervision_office':
    case 'leader':
    case 'administrator':
      return { areaCode: places.district.code, departmentCode: null };
  }
}

/**
 * Loads the demo district (areas, departments, one account per role) in one transaction, on an empty store
 * only. Returns false when the store already holds areas.
 */
export async function loadDemoDistrict(db: Executor, scale: DemoScale): Promise<boolean> {
  // Every later start finds areas: answer before building the district and hashing the password.
  if ((await countAreas(db)) > 0) return false;
  // argon2 hashes on libuv's thread pool: it runs while the district is generated on this thread.
  const hashing = hashPassword(DEMO_PASSWORD);
  hashing.catch(() => {});
  const demo = buildDemoDistrict(scale);
  const passwordHash = await hashing;
  return db.transaction().execute(async (trx) => {
    // Two processes starting together on one empty server: the second waits here, then finds areas.
    await holdAdvisoryLock(trx, 'load-demo-district');
    if ((await countAreas(trx)) > 0) return false;
    await upsertAreas(trx, demo.areas);
    await insertDepartments(trx, demo.departments);
    const places = demoPlaces(demo.areas, demo.departments);
    for (const role of ROLES) {
      await insertUser(trx, {
        username: demoUsername(role),
        displayName: DEMO_DISPLAY_NAMES[role],
        passwordHash,
        roles: [role],
        ...placeOf(role, places),
      });
    }
    // A residents' reporting app (FixMyStreet or the like) connected through Open311.
    await createOpen311Client(
      trx,
      {
        name: '演示居民上报应用',
        source: 'resident',
        areaCode: places.district.code,
        createdBy: null,
        key: DEMO_OPEN311_KEY,
        username: `${DEMO_USERNAME_PREFIX}open311`,
      },
      new Date(),
    );
    // The district's 12345 hotline, pushing signed work orders (docs/hotline.md).
    await createKnownHotlineSource(
      trx,
      {
        code: DEMO_HOTLINE_SOURCE.code,
        name: '演示 12345 热线',
        callbackUrl: null,
        createdBy: null,
        username: `${DEMO_USERNAME_PREFIX}hotline`,
        credentials: { token: DEMO_HOTLINE_SOURCE.token, signingSecret: DEMO_HOTLINE_SOURCE.signingSecret },
      },
      new Date(),
    );
    return true;
  });
}
