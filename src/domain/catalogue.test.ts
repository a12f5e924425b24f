import { describe, expect, it } from 'vitest';
import {
  type Catalogue,
  type CatalogueItem,
  COMMON_STREET_OFFICE_KINDS,
  findClass,
  findItem,
  parseUnitRef,
  resolveResponsibleUnit,
  resolveUnit,
  STREET_OFFICE_KINDS,
  STREET_OFFICE_NAMES,
  searchItems,
  streetOfficeKindOf,
  suggestedUnits,
  type UnitContext,
  type UnitRef,
  unitRefKey,
  validateCatalogue,
} from './catalogue.ts';

function item(code: string, name: string, extra: Partial<CatalogueItem> = {}): CatalogueItem {
  return {
    code,
    classCode: 'C1',
    name,
    nameEn: `${code} item`,
    responsibleUnit: { kind: 'district_department', code: 'D049' },
    fallbackDepartment: 'D002',
    priority: 'normal',
    limits: {
      accept: { unit: 'hours', amount: 24 },
      handle: { unit: 'working_days', amount: 5 },
      verify: { unit: 'working_days', amount: 2 },
    },
    standardRef: null,
    ...extra,
  };
}

function catalogue(items: CatalogueItem[]): Catalogue {
  return {
    classes: [{ code: 'C1', name: '测试类', nameEn: 'Test class', kind: 'component', standardRef: null }],
    items,
  };
}

const codes = (items: CatalogueItem[]) => items.map((entry) => entry.code);

describe('street office kinds', () => {
  it('reads the kind from an office name the demo register gives, street name first', () => {
    expect(streetOfficeKindOf('丁字沽街道综合执法大队')).toBe('law_enforcement');
    expect(streetOfficeKindOf('和苑街道便民服务中心')).toBe('citizen_service');
    for (const kind of STREET_OFFICE_KINDS)
      expect(streetOfficeKindOf(`某街道${STREET_OFFICE_NAMES[kind]}`)).toBe(kind);
  });

  it('knows no kind for other names', () => {
    expect(streetOfficeKindOf('区路灯管理所')).toBeNull();
    expect(streetOfficeKindOf('')).toBeNull();
  });

  it('counts the five offices every street has as common', () => {
    expect(COMMON_STREET_OFFICE_KINDS).toEqual([
      'law_enforcement',
      'urban_management',
      'public_safety',
      'community_building',
      'citizen_service',
    ]);
  });
});

describe('unit refs as strings', () => {
  it('round-trips every kind of ref', () => {
    const refs: UnitRef[] = [
      { kind: 'district_department', code: 'D049' },
      { kind: 'street_office', office: 'law_enforcement' },
      { kind: 'community' },
    ];
    expect(refs.map(unitRefKey)).toEqual(['D049', 'street:law_enforcement', 'community']);
    expect(refs.map((ref) => parseUnitRef(unitRefKey(ref)))).toEqual(refs);
  });

  it('refuses an unknown office kind and a malformed code', () => {
    expect(parseUnitRef('street:fire_brigade')).toBeNull();
    expect(parseUnitRef('not a code')).toBeNull();
    expect(parseUnitRef('')).toBeNull();
  });
});

describe('findItem', () => {
  const sample = catalogue([item('01037', '路灯'), item('01006', '路灯井盖')]);

  it('finds an item by its code, ignoring surrounding spaces', () => {
    expect(findItem(sample, '01006')?.name).toBe('路灯井盖');
    expect(findItem(sample, ' 01037 ')?.name).toBe('路灯');
  });

  it('returns null for an unknown code', () => {
    expect(findItem(sample, '99999')).toBeNull();
    expect(findItem(sample, '0103')).toBeNull();
  });

  it('finds a class by its code', () => {
    expect(findClass(sample, 'C1')?.name).toBe('测试类');
    expect(findClass(sample, 'C2')).toBeNull();
  });
});

describe('searchItems', () => {
  it('ranks exact name, name prefix, name contains, keyword, whatever order the catalogue lists them in', () => {
    const sample = catalogue([
      item('K1', '照明故障', { keywords: ['路灯不亮'] }),
      item('C1', '维修路灯'),
      item('P1', '路灯井盖'),
      item('E1', '路灯'),
      item('N1', '井盖'),
    ]);
    expect(codes(searchItems(sample, '路灯'))).toEqual(['E1', 'P1', 'C1', 'K1']);
  });

  it('puts an exact code before an exact name, and a code prefix before a name prefix', () => {
    const sample = catalogue([
      item('X9', 'ab1 sign'),
      item('ABC', '某部件'),
      item('Z1', 'ABC'),
      item('AB1', '另一部件'),
    ]);
    expect(codes(searchItems(sample, 'abc'))).toEqual(['ABC', 'Z1']);
    expect(codes(searchItems(sample, 'ab'))).toEqual(['ABC', 'AB1', 'Z1', 'X9']);
  });

  it('puts the shorter name first within a rank, then keeps catalogue order', () => {
    const sample = catalogue([item('A', '路灯配电箱'), item('B', '路灯井盖'), item('C', '路灯灯杆')]);
    expect(codes(searchItems(sample, '路灯'))).toEqual(['B', 'C', 'A']);
  });

  it('matches English names without regard to case', () => {
    const sample = catalogue([
      item('01037', '路灯', { nameEn: 'Street lamp' }),
      item('01038', '地灯', { nameEn: 'Ground light' }),
    ]);
    expect(codes(searchItems(sample, 'STREET lamp'))).toEqual(['01037']);
    expect(codes(searchItems(sample, 'light'))).toEqual(['01038']);
  });

  it('finds an item a sentence names, and one by its standard matter name', () => {
    const sample = catalogue([
      item('01037', '路灯', { standardMatterName: '路灯异常' }),
      item('06001', '私搭乱建'),
    ]);
    expect(codes(searchItems(sample, '门口路灯坏了'))).toEqual(['01037']);
    expect(codes(searchItems(sample, '路灯异常'))).toEqual(['01037']);
  });

  it('ignores full-width brackets and spaces', () => {
    const sample = catalogue([item('01048', '变压器（箱）')]);
    expect(codes(searchItems(sample, '变压器箱'))).toEqual(['01048']);
    expect(codes(searchItems(sample, ' 变压器(箱) '))).toEqual(['01048']);
  });

  it('finds nothing for blank text, and stops at the limit', () => {
    const sample = catalogue([item('A', '路灯'), item('B', '路灯井盖')]);
    expect(searchItems(sample, '   ')).toEqual([]);
    expect(codes(searchItems(sample, '路灯', 1))).toEqual(['A']);
  });
});

describe('validateCatalogue', () => {
  const departments = ['D002', 'D049'];

  it('finds nothing wrong with a sound catalogue', () => {
    expect(validateCatalogue(catalogue([item('A', '甲'), item('B', '乙')]), departments)).toEqual([]);
  });

  it('finds duplicate class and item codes', () => {
    const sample = catalogue([item('A', '甲'), item('A', '乙')]);
    sample.classes.push({ ...sample.classes[0]!, name: '重复' });
    expect(validateCatalogue(sample)).toEqual([
      { reason: 'duplicate_class_code', code: 'C1' },
      { reason: 'duplicate_item_code', code: 'A' },
    ]);
  });

  it('finds an item whose class is missing', () => {
    expect(validateCatalogue(catalogue([item('A', '甲', { classCode: 'C9' })]))).toEqual([
      { reason: 'missing_class', code: 'A', classCode: 'C9' },
    ]);
  });

  it('finds zero, negative and non-numeric limits, and unknown limit units', () => {
    const limits = {
      accept: { unit: 'hours', amount: 0 },
      handle: { unit: 'working_days', amount: -3 },
      verify: { unit: 'fortnights', amount: Number.NaN },
    } as unknown as CatalogueItem['limits'];
    expect(validateCatalogue(catalogue([item('A', '甲', { limits })]))).toEqual([
      { reason: 'non_positive_limit', code: 'A', step: 'accept', amount: 0 },
      { reason: 'non_positive_limit', code: 'A', step: 'handle', amount: -3 },
      { reason: 'bad_limit_unit', code: 'A', step: 'verify', unit: 'fortnights' },
      { reason: 'non_positive_limit', code: 'A', step: 'verify', amount: Number.NaN },
    ]);
  });

  it('finds a fallback and a responsible department missing from the register', () => {
    const sample = catalogue([
      item('A', '甲', { fallbackDepartment: 'D999' }),
      item('B', '乙', { responsibleUnit: { kind: 'district_department', code: 'D777' } }),
    ]);
    expect(validateCatalogue(sample, departments)).toEqual([
      { reason: 'unknown_fallback_department', code: 'A', department: 'D999' },
      { reason: 'unknown_responsible_department', code: 'B', department: 'D777' },
    ]);
  });

  it('checks departments only when given the register', () => {
    expect(validateCatalogue(catalogue([item('A', '甲', { fallbackDepartment: 'D999' })]))).toEqual([]);
  });

  it('finds an unknown priority, street office kind and class kind, and blank codes and names', () => {
    const sample = catalogue([
      item('A', '甲', { priority: 'whenever' as CatalogueItem['priority'] }),
      item('B', '乙', {
        responsibleUnit: { kind: 'street_office', office: 'fire_brigade' } as unknown as UnitRef,
      }),
      item('C', ' '),
      item('', '丁'),
    ]);
    sample.classes.push({ code: 'C2', name: '', nameEn: '', kind: 'other' as 'matter', standardRef: null });
    expect(validateCatalogue(sample)).toEqual([
      { reason: 'blank_name', entity: 'class', code: 'C2' },
      { reason: 'unknown_class_kind', code: 'C2', kind: 'other' },
      { reason: 'unknown_priority', code: 'A', priority: 'whenever' },
      { reason: 'unknown_street_office', code: 'B', office: 'fire_brigade' },
      { reason: 'blank_name', entity: 'item', code: 'C' },
      { reason: 'blank_code', entity: 'item', index: 3 },
    ]);
  });
});

describe('resolving units for an event', () => {
  const context: UnitContext = {
    streetOffices: [
      { code: 'S12010603001', name: '丁字沽街道综合执法大队' },
      { code: 'S12010603002', name: '丁字沽街道城市管理办公室' },
    ],
    communityCode: '120106003001',
  };

  it('resolves a district department, with the register prefix where there is one', () => {
    const ref: UnitRef = { kind: 'district_department', code: 'D049' };
    expect(resolveUnit(ref, context)).toEqual({ kind: 'district_department', code: 'D049' });
    expect(resolveUnit(ref, { ...context, departmentCodePrefix: '120106-' })).toEqual({
      kind: 'district_department',
      code: '120106-D049',
    });
  });

  it("resolves a street office kind to the event's street's office of that kind", () => {
    expect(resolveUnit({ kind: 'street_office', office: 'urban_management' }, context)).toEqual({
      kind: 'street_office',
      code: 'S12010603002',
    });
    expect(resolveUnit({ kind: 'street_office', office: 'emergency_management' }, context)).toBeNull();
  });

  it('an office whose kind an administrator gave is found by that kind, whatever its name', () => {
    const named = {
      ...context,
      streetOffices: [{ code: 'S-X', name: '第二执法中队', officeKind: 'law_enforcement' as const }],
    };
    expect(resolveUnit({ kind: 'street_office', office: 'law_enforcement' }, named)).toEqual({
      kind: 'street_office',
      code: 'S-X',
    });
  });

  it("resolves the community to the event's community, if it lies in one", () => {
    expect(resolveUnit({ kind: 'community' }, context)).toEqual({ kind: 'community', code: '120106003001' });
    expect(resolveUnit({ kind: 'community' }, { ...context, communityCode: null })).toBeNull();
  });

  it('falls back to the fallback department when the responsible unit is not there', () => {
    const lacking = item('A', '甲', { responsibleUnit: { kind: 'street_office', office: 'party_affairs' } });
    expect(resolveResponsibleUnit(lacking, { ...context, departmentCodePrefix: 'X-' })).toEqual({
      kind: 'district_department',
      code: 'X-D002',
    });
    const present = item('B', '乙', {
      responsibleUnit: { kind: 'street_office', office: 'law_enforcement' },
    });
    expect(resolveResponsibleUnit(present, context)).toEqual({ kind: 'street_office', code: 'S12010603001' });
  });
});

describe('suggested units', () => {
  const context: UnitContext = {
    streetOffices: [{ code: 'S1-LAW', name: '丁字沽街道综合执法大队' }],
    communityCode: 'C1',
  };

  it('offers the responsible unit where the event lies and the fallback department', () => {
    const lamp = item('A', '路灯', { responsibleUnit: { kind: 'street_office', office: 'law_enforcement' } });
    expect(suggestedUnits(lamp, context)).toEqual({
      responsible: { kind: 'street_office', code: 'S1-LAW' },
      fallback: { kind: 'district_department', code: 'D002' },
    });
  });

  it('offers a district department by its code and the community of the event', () => {
    expect(
      suggestedUnits(
        item('B', '乙', { responsibleUnit: { kind: 'district_department', code: 'D049' } }),
        context,
      ).responsible,
    ).toEqual({ kind: 'district_department', code: 'D049' });
    expect(
      suggestedUnits(item('C', '丙', { responsibleUnit: { kind: 'community' } }), context).responsible,
    ).toEqual({ kind: 'community', code: 'C1' });
  });

  it('offers no responsible unit when the street has no such office, without putting the fallback in its place', () => {
    const party = item('D', '丁', { responsibleUnit: { kind: 'street_office', office: 'party_affairs' } });
    expect(suggestedUnits(party, context)).toEqual({
      responsible: null,
      fallback: { kind: 'district_department', code: 'D002' },
    });
    expect(
      suggestedUnits(item('E', '戊', { responsibleUnit: { kind: 'community' } }), {
        ...context,
        communityCode: null,
      }).responsible,
    ).toBeNull();
  });
});
