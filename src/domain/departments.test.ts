import { describe, expect, it } from 'vitest';
import { departmentProblem, officeKindOf } from './departments.ts';

describe('which units may be saved', () => {
  it.each([
    ['a district department at a district', 'district_department', 'district', null, null, null],
    ['a street office at a street, with a kind', 'street_office', 'street', 'law_enforcement', null, null],
    [
      'a district department at a street',
      'district_department',
      'street',
      null,
      null,
      { reason: 'area_wrong_level', expected: 'district', actual: 'street' },
    ],
    [
      'a street office at a community',
      'street_office',
      'community',
      null,
      null,
      { reason: 'area_wrong_level', expected: 'street', actual: 'community' },
    ],
    [
      'a district department with an office kind',
      'district_department',
      'district',
      'law_enforcement',
      null,
      { reason: 'office_kind_of_department' },
    ],
    [
      'a district department made a street office',
      'street_office',
      'street',
      null,
      'district_department',
      { reason: 'kind_changed', existing: 'district_department' },
    ],
  ] as const)('%s', (_rule, kind, areaLevel, officeKind, existingKind, expected) => {
    expect(departmentProblem({ kind, areaLevel, officeKind }, existingKind)).toEqual(expected);
  });
});

describe('the kind of a street office', () => {
  it('is the kind given, else the kind its name tells, and nothing for a district department', () => {
    expect(officeKindOf({ kind: 'street_office', name: '城管科', officeKind: 'public_safety' })).toBe(
      'public_safety',
    );
    expect(officeKindOf({ kind: 'street_office', name: '丁字沽街道综合执法大队', officeKind: null })).toBe(
      'law_enforcement',
    );
    expect(officeKindOf({ kind: 'street_office', name: '档案室', officeKind: null })).toBeNull();
    expect(officeKindOf({ kind: 'district_department', name: '综合执法大队', officeKind: null })).toBeNull();
  });
});
