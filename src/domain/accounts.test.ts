import { describe, expect, it } from 'vitest';
import { ownAccountProblem } from './accounts.ts';

const admin = { userId: 7 };

describe('what an administrator may not do to their own account', () => {
  it.each([
    ['drop their own administrator role', 7, { roles: ['leader'] as const }, 'own_administrator_role'],
    ['keep it while adding another role', 7, { roles: ['administrator', 'leader'] as const }, null],
    ['disable themselves', 7, { active: false }, 'own_account_disabled'],
    ['rename themselves', 7, {}, null],
    ['drop another administrator’s role', 8, { roles: ['leader'] as const }, null],
    ['disable another person', 8, { active: false }, null],
  ])('%s', (_rule, target, change, expected) => {
    expect(ownAccountProblem(admin, target, change)).toBe(expected);
  });
});
