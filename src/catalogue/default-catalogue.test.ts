import { describe, expect, it } from 'vitest';
import { DISTRICT_DEPARTMENTS, streetOffices } from '../demo/departments.ts';
import { createRandom } from '../demo/random.ts';
import { HONGQIAO_STREETS } from '../demo/tianjin.ts';
import {
  type CatalogueItem,
  COMMON_STREET_OFFICE_KINDS,
  findItem,
  LIMIT_STEPS,
  resolveResponsibleUnit,
  STREET_OFFICE_KINDS,
  searchItems,
  streetOfficeKindOf,
  validateCatalogue,
} from '../domain/catalogue.ts';
import { buildDefaultCatalogue, DEFAULT_CATALOGUE } from './default-catalogue.ts';

const catalogue = DEFAULT_CATALOGUE;
const departmentCodes = new Set(DISTRICT_DEPARTMENTS.map((department) => department.code));
const kindOfClass = new Map(catalogue.classes.map((entry) => [entry.code, entry.kind]));
const itemsOfKind = (kind: string) =>
  catalogue.items.filter((item) => kindOfClass.get(item.classCode) === kind);
const countByClass = (items: CatalogueItem[]) =>
  Object.fromEntries(
    [...new Set(items.map((item) => item.classCode))].map((code) => [
      code,
      items.filter((item) => item.classCode === code).length,
    ]),
  );

describe('the default catalogue', () => {
  it('validates clean against the demo register', () => {
    expect(validateCatalogue(catalogue, departmentCodes)).toEqual([]);
  });

  it('has unique class and item codes', () => {
    const classCodes = catalogue.classes.map((entry) => entry.code);
    const itemCodes = catalogue.items.map((item) => item.code);
    expect(new Set(classCodes).size).toBe(classCodes.length);
    expect(new Set(itemCodes).size).toBe(itemCodes.length);
  });

  it('names a real demo district department as every fallback and every responsible department', () => {
    const badFallbacks = catalogue.items.filter((item) => !departmentCodes.has(item.fallbackDepartment));
    const badResponsible = catalogue.items.filter(
      (item) =>
        item.responsibleUnit.kind === 'district_department' &&
        !departmentCodes.has(item.responsibleUnit.code),
    );
    expect(badFallbacks.map((item) => item.code)).toEqual([]);
    expect(badResponsible.map((item) => item.code)).toEqual([]);
  });

  it('names only the street offices every demo street has, and each resolves in every street', () => {
    const offices = catalogue.items.flatMap((item) =>
      item.responsibleUnit.kind === 'street_office' ? [item.responsibleUnit.office] : [],
    );
    expect(offices.length).toBeGreaterThan(0);
    expect(offices.filter((office) => !COMMON_STREET_OFFICE_KINDS.includes(office))).toEqual([]);
    const unresolved: string[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const random = createRandom(seed);
      HONGQIAO_STREETS.forEach((street, index) => {
        const streetCode = `120106${String(index + 1).padStart(3, '0')}`;
        const context = {
          streetOffices: streetOffices(street, streetCode, random),
          communityCode: `${streetCode}001`,
        };
        for (const item of catalogue.items) {
          if (item.responsibleUnit.kind !== 'street_office') continue;
          const unit = resolveResponsibleUnit(item, context);
          if (unit.kind !== 'street_office' || !unit.code.startsWith(`S${streetCode}`)) {
            unresolved.push(`${seed} ${streetCode} ${item.code}`);
          }
        }
      });
    }
    expect(unresolved).toEqual([]);
  });

  it("reads a kind from every name the demo gives a street's offices", () => {
    const offices = streetOffices(HONGQIAO_STREETS[0]!, '120106001', {
      ...createRandom(1),
      int: (_min, max) => max,
    });
    expect(offices.map((office) => streetOfficeKindOf(office.name))).toEqual([...STREET_OFFICE_KINDS]);
  });

  it('gives every step of every item a positive limit', () => {
    for (const item of catalogue.items) {
      for (const step of LIMIT_STEPS)
        expect(item.limits[step].amount, `${item.code} ${step}`).toBeGreaterThan(0);
    }
  });
});

describe('the standard items (GB/T 47678.5-2026, through its transcription)', () => {
  const standard = catalogue.items.filter((item) => item.standardRef !== null);

  it('gives every standard item a 5-digit code that starts with its class, and a reference to the transcription', () => {
    for (const item of standard) {
      expect(item.code, item.code).toMatch(/^\d{5}$/);
      expect(item.code.slice(0, 2), item.code).toBe(item.classCode);
      expect(item.standardRef, item.code).toContain('GB/T 47678.5-2026');
      expect(item.standardRef, item.code).toContain(item.code);
      expect(item.standardRef, item.code).toContain('Jackyhellolove/city-inspection-ai');
      expect(item.standardRef, item.code).toContain('supabase-gb47678.5-directory.sql');
    }
  });

  it('holds the 153 components of Table A.1 the transcription lists, class by class', () => {
    const components = itemsOfKind('component');
    expect(components).toHaveLength(153);
    expect(countByClass(components)).toEqual({ '01': 76, '02': 44, '03': 16, '04': 14, '05': 3 });
    expect(components.every((item) => item.standardRef?.includes(`A.1 ${item.code}`))).toBe(true);
  });

  it("holds the transcription's 250 matters of Table C.1: 97 in classes 06–10, 153 named on the components", () => {
    const matters = itemsOfKind('matter');
    expect(matters).toHaveLength(97);
    expect(countByClass(matters)).toEqual({ '06': 51, '07': 7, '08': 16, '09': 21, '10': 2 });
    const componentMatters = itemsOfKind('component').filter((item) => item.standardMatterName !== undefined);
    expect(componentMatters).toHaveLength(153);
    expect(matters.length + componentMatters.length).toBe(250);
    expect(findItem(catalogue, '01037')?.standardMatterName).toBe('路灯异常');
    expect(findItem(catalogue, '01066')?.standardMatterName).toBe('紧急报警点异常SOS');
  });

  it('leaves out the codes the transcription skips', () => {
    for (const code of ['01016', '05001', '05004', '05008', '06031', '07005', '09007']) {
      expect(findItem(catalogue, code), code).toBeNull();
    }
  });

  it('sends street lamps to the street lighting office and drainage covers to the drainage office', () => {
    expect(findItem(catalogue, '01037')?.responsibleUnit).toEqual({
      kind: 'district_department',
      code: 'D049',
    });
    expect(findItem(catalogue, '01003')?.responsibleUnit).toEqual({
      kind: 'district_department',
      code: 'D048',
    });
    expect(findItem(catalogue, '09009')?.responsibleUnit).toEqual({
      kind: 'district_department',
      code: 'D036',
    });
    expect(findItem(catalogue, '06001')?.responsibleUnit).toEqual({
      kind: 'street_office',
      office: 'law_enforcement',
    });
  });
});

describe('the local classes', () => {
  const expectedSocialGovernance = [
    '矛盾纠纷',
    '安全隐患',
    '治安',
    '民生服务',
    '企业诉求',
    '物业管理',
    '环境保护',
    '疫情与公共卫生',
    '房屋安全',
    '特殊人群',
  ];

  it('has the social-governance classes, each with several items and no standard reference', () => {
    const classes = catalogue.classes.filter((entry) => entry.kind === 'social_governance');
    expect(classes.map((entry) => entry.name)).toEqual(expectedSocialGovernance);
    for (const entry of classes) {
      expect(entry.code).toMatch(/^SG\d{2}$/);
      expect(entry.standardRef).toBeNull();
      const items = catalogue.items.filter((item) => item.classCode === entry.code);
      expect(items.length, entry.name).toBeGreaterThanOrEqual(5);
      for (const item of items) {
        expect(item.code.startsWith(entry.code)).toBe(true);
        expect(item.standardRef).toBeNull();
      }
    }
  });

  it('sends neighbour disputes to the community', () => {
    expect(findItem(catalogue, 'SG0101')?.responsibleUnit).toEqual({ kind: 'community' });
  });

  it("has the 12345 hotline's request kinds with one city's limits", () => {
    const hotline = itemsOfKind('hotline');
    expect(hotline.map((item) => `${item.code} ${item.name}`)).toEqual([
      'HL01 咨询',
      'HL02 求助',
      'HL03 投诉',
      'HL04 举报',
      'HL05 建议',
      'HL06 表扬',
    ]);
    for (const item of hotline) expect(item.limits.accept).toEqual({ unit: 'working_days', amount: 1 });
    const handleDays = (code: string) => findItem(catalogue, code)?.limits.handle;
    expect(handleDays('HL01')).toEqual({ unit: 'working_days', amount: 3 });
    expect(handleDays('HL02')).toEqual({ unit: 'working_days', amount: 3 });
    expect(handleDays('HL03')).toEqual({ unit: 'working_days', amount: 13 });
    expect(handleDays('HL04')).toEqual({ unit: 'working_days', amount: 13 });
  });
});

describe('limits and search', () => {
  it('accepts urgent items in 30 minutes and handles them within hours', () => {
    for (const code of ['SG0202', '01001', '01011', 'SG0203', 'SG0201']) {
      const item = findItem(catalogue, code);
      expect(item?.priority, code).toBe('urgent');
      expect(item?.limits.accept, code).toEqual({ unit: 'minutes', amount: 30 });
      expect(item?.limits.handle.unit, code).toBe('hours');
    }
  });

  it('gives ordinary items the seeds’ 24 hours to accept and working days to handle', () => {
    const item = findItem(catalogue, '01037');
    expect(item?.limits).toEqual({
      accept: { unit: 'hours', amount: 24 },
      handle: { unit: 'working_days', amount: 5 },
      verify: { unit: 'working_days', amount: 2 },
    });
  });

  it('finds the street-lamp component first for 路灯', () => {
    const hits = searchItems(catalogue, '路灯');
    expect(hits[0]?.code).toBe('01037');
    expect(hits.map((item) => item.code)).toEqual(expect.arrayContaining(['01006', '01060']));
  });

  it('finds items by colloquial keywords', () => {
    expect(searchItems(catalogue, '违停')[0]?.code).toBe('09009');
    expect(searchItems(catalogue, '飞线充电')[0]?.code).toBe('SG0204');
  });
});

it('builds a fresh copy each time, equal to the default and independent of it', () => {
  const copy = buildDefaultCatalogue();
  expect(copy).toEqual(DEFAULT_CATALOGUE);
  copy.items[0]!.limits.accept.amount = 999;
  expect(DEFAULT_CATALOGUE.items[0]!.limits.accept.amount).not.toBe(999);
});
