/**
 * The catalogue (事项清单): the classes and items an event is filed under, and for each item who handles it
 * (承办主体), who takes it when nobody claims it (兜底部门), how urgent it is and how long each step may take.
 * The catalogue is data an administrator edits; this file holds its vocabulary and the pure rules over it.
 */

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * How a step's time limit is counted: urgent minutes or hours on the clock, working hours (8–12, 14–18),
 * working days, or natural days. The calendar that turns these into deadlines lives elsewhere.
 */
export const LIMIT_UNITS = ['minutes', 'hours', 'working_hours', 'working_days', 'natural_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
export type StepLimit = { unit: LimitUnit; amount: number };

/** The three timed steps of a unit's part in the loop: accept (接单/签收), handle (处置), verify (核查). */
export const LIMIT_STEPS = ['accept', 'handle', 'verify'] as const;
export type LimitStep = (typeof LIMIT_STEPS)[number];

/**
 * `component` and `matter` are the national standard's management components (部件) and matters (事项);
 * `social_governance` and `hotline` are local classes: the grid's social-governance work and the kinds of
 * 12345 hotline request.
 */
export const CATALOGUE_KINDS = ['component', 'matter', 'social_governance', 'hotline'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

export interface CatalogueClass {
  code: string;
  name: string;
  nameEn: string;
  kind: CatalogueKind;
  /** Where the class comes from in a standard; null for local classes. */
  standardRef: string | null;
}

/**
 * The offices a street keeps (街道科室), by what they do. The demo register names them but gives them no
 * machine-readable kind, so the kind is read from the name (`streetOfficeKindOf`). Every demo street has the
 * first five; `emergency_management` and `party_affairs` only some streets have.
 */
export const STREET_OFFICE_KINDS = [
  'law_enforcement', // 综合执法大队
  'urban_management', // 城市管理办公室
  'public_safety', // 平安建设办公室
  'community_building', // 社区建设办公室
  'citizen_service', // 便民服务中心
  'emergency_management', // 应急管理办公室
  'party_affairs', // 党群工作办公室
] as const;
export type StreetOfficeKind = (typeof STREET_OFFICE_KINDS)[number];

/** The kinds every street is sure to have, so a catalogue that names only these resolves in every street. */
export const COMMON_STREET_OFFICE_KINDS: readonly StreetOfficeKind[] = STREET_OFFICE_KINDS.slice(0, 5);

/** The name each kind of office goes by; a real office's name is its street's name followed by this. */
export const STREET_OFFICE_NAMES: Readonly<Record<StreetOfficeKind, string>> = {
  law_enforcement: '综合执法大队',
  urban_management: '城市管理办公室',
  public_safety: '平安建设办公室',
  community_building: '社区建设办公室',
  citizen_service: '便民服务中心',
  emergency_management: '应急管理办公室',
  party_affairs: '党群工作办公室',
};

/** `丁字沽街道综合执法大队` → `law_enforcement`; null for a name that is no known kind of street office. */
export function streetOfficeKindOf(name: string): StreetOfficeKind | null {
  const trimmed = name.trim();
  for (const kind of STREET_OFFICE_KINDS) {
    if (trimmed.endsWith(STREET_OFFICE_NAMES[kind])) return kind;
  }
  return null;
}

export function isStreetOfficeKind(value: string): value is StreetOfficeKind {
  return (STREET_OFFICE_KINDS as readonly string[]).includes(value);
}

/**
 * Who handles an item, said so that it holds in every street: a district department by its code in the
 * district's register (e.g. 'D049' 路灯管理所), the street's own office of a kind, or the community where
 * the event lies. `resolveUnit` turns it into a real unit for one event.
 */
export type UnitRef =
  | { kind: 'district_department'; code: string }
  | { kind: 'street_office'; office: StreetOfficeKind }
  | { kind: 'community' };

/** A unit ref as one short string, for storage and for data tables: 'D049', 'street:law_enforcement', 'community'. */
export function unitRefKey(ref: UnitRef): string {
  switch (ref.kind) {
    case 'district_department':
      return ref.code;
    case 'street_office':
      return `street:${ref.office}`;
    case 'community':
      return 'community';
  }
}

/** The inverse of `unitRefKey`; null when the string is neither a department code nor a known office kind. */
export function parseUnitRef(key: string): UnitRef | null {
  const value = key.trim();
  if (value === 'community') return { kind: 'community' };
  if (value.startsWith('street:')) {
    const office = value.slice('street:'.length);
    return isStreetOfficeKind(office) ? { kind: 'street_office', office } : null;
  }
  return /^[0-9A-Za-z_-]{1,40}$/.test(value) ? { kind: 'district_department', code: value } : null;
}

export interface CatalogueItem {
  code: string;
  classCode: string;
  name: string;
  nameEn: string;
  /** 承办主体: who handles it by default. */
  responsibleUnit: UnitRef;
  /** 兜底部门: the district department (by its code) that takes it when nobody claims it. */
  fallbackDepartment: string;
  priority: Priority;
  limits: { accept: StepLimit; handle: StepLimit; verify: StepLimit };
  /** Where the item's code and name come from in a standard, and through which transcription; null for local items. */
  standardRef: string | null;
  /**
   * For a management component, the name the standard's matter table gives a problem with it under the same
   * code (GB/T 47678.5 Table C.1 lists `路灯异常` as 01037 beside Table A.1's `路灯` 01037).
   */
  standardMatterName?: string;
  /** Chinese words a search box can match. */
  keywords?: string[];
  /** What passing a limit of this item does besides deducting points; absent, `DEFAULT_OVERDUE_RULE`. */
  overdue?: OverdueRule;
}

/**
 * The catalogue's overdue rules (超期处理): whether passing a step's limit tells the district's supervision
 * office (督查室), and whether it escalates the case: a whistled case is whistled again (二次哨), any other is
 * taken up by the next level. Points are deducted by the score rules (`step_overdue`).
 */
export interface OverdueRule {
  notifySupervision: boolean;
  escalate: boolean;
}

export const DEFAULT_OVERDUE_RULE: OverdueRule = { notifySupervision: true, escalate: true };

export function overdueRuleOf(item: Pick<CatalogueItem, 'overdue'>): OverdueRule {
  return item.overdue ?? DEFAULT_OVERDUE_RULE;
}

export type Catalogue = { classes: CatalogueClass[]; items: CatalogueItem[] };

export function stepLimit(amount: number, unit: LimitUnit): StepLimit {
  return { unit, amount };
}

export function findItem(catalogue: Catalogue, code: string): CatalogueItem | null {
  const wanted = code.trim();
  return catalogue.items.find((item) => item.code === wanted) ?? null;
}

export function findClass(catalogue: Catalogue, code: string): CatalogueClass | null {
  const wanted = code.trim();
  return catalogue.classes.find((entry) => entry.code === wanted) ?? null;
}

/** Width-folded, lower-cased, without spaces and the brackets and enumeration commas names carry: `变压器（箱）` → `变压器箱`. */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()[\]{}、,，·/]+/g, '');
}

/** How well an item matches: lower is better; null is no match. */
function matchRank(item: CatalogueItem, query: string): number | null {
  const code = normalize(item.code);
  if (code === query) return 0;
  const names = [normalize(item.name), normalize(item.nameEn)];
  if (names.includes(query)) return 1;
  if (query.length >= 2 && code.startsWith(query)) return 2;
  if (names.some((name) => name.startsWith(query))) return 3;
  if (names.some((name) => name.includes(query))) return 4;
  const words = [...(item.keywords ?? []), ...(item.standardMatterName ? [item.standardMatterName] : [])]
    .map(normalize)
    .filter((word) => word.length > 0);
  if (words.some((word) => word.includes(query) || (word.length >= 2 && query.includes(word)))) return 5;
  // A sentence that names the item: `路灯坏了` finds 路灯.
  if (names[0] !== undefined && names[0].length >= 2 && query.includes(names[0])) return 5;
  return null;
}

/**
 * The items that match `text` by code, Chinese name, English name or keyword, best first: exact code, exact
 * name, code prefix, name prefix, name contains, keyword (or the text mentions the name). Within a rank the
 * shorter name comes first, then catalogue order.
 */
export function searchItems(
  catalogue: Catalogue,
  text: string,
  limit = Number.POSITIVE_INFINITY,
): CatalogueItem[] {
  const query = normalize(text);
  if (query.length === 0) return [];
  const hits: { item: CatalogueItem; rank: number; length: number; index: number }[] = [];
  catalogue.items.forEach((item, index) => {
    const rank = matchRank(item, query);
    if (rank !== null) hits.push({ item, rank, length: item.name.length, index });
  });
  hits.sort((a, b) => a.rank - b.rank || a.length - b.length || a.index - b.index);
  return hits.slice(0, limit).map((hit) => hit.item);
}

/** Why a catalogue cannot be saved as it is; rendered into words at the edge. */
export type CatalogueProblem =
  | { reason: 'blank_code'; entity: 'class' | 'item'; index: number }
  | { reason: 'blank_name'; entity: 'class' | 'item'; code: string }
  | { reason: 'duplicate_class_code'; code: string }
  | { reason: 'duplicate_item_code'; code: string }
  | { reason: 'unknown_class_kind'; code: string; kind: string }
  | { reason: 'missing_class'; code: string; classCode: string }
  | { reason: 'unknown_priority'; code: string; priority: string }
  | { reason: 'bad_limit_unit'; code: string; step: LimitStep; unit: string }
  | { reason: 'non_positive_limit'; code: string; step: LimitStep; amount: number }
  | { reason: 'unknown_street_office'; code: string; office: string }
  | { reason: 'unknown_responsible_department'; code: string; department: string }
  | { reason: 'unknown_fallback_department'; code: string; department: string };

/**
 * Every problem of a catalogue, in order: classes, then items. With `departmentCodes` (the district's
 * register), the fallback department and a responsible district department must be in it. An empty list
 * means the catalogue may be saved.
 */
export function validateCatalogue(
  catalogue: Catalogue,
  departmentCodes?: Iterable<string>,
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const known = departmentCodes === undefined ? null : new Set(departmentCodes);

  const classCodes = new Set<string>();
  catalogue.classes.forEach((entry, index) => {
    if (entry.code.trim().length === 0) {
      problems.push({ reason: 'blank_code', entity: 'class', index });
      return;
    }
    if (classCodes.has(entry.code)) problems.push({ reason: 'duplicate_class_code', code: entry.code });
    classCodes.add(entry.code);
    if (entry.name.trim().length === 0)
      problems.push({ reason: 'blank_name', entity: 'class', code: entry.code });
    if (!(CATALOGUE_KINDS as readonly string[]).includes(entry.kind)) {
      problems.push({ reason: 'unknown_class_kind', code: entry.code, kind: String(entry.kind) });
    }
  });

  const itemCodes = new Set<string>();
  catalogue.items.forEach((item, index) => {
    if (item.code.trim().length === 0) {
      problems.push({ reason: 'blank_code', entity: 'item', index });
      return;
    }
    const { code } = item;
    if (itemCodes.has(code)) problems.push({ reason: 'duplicate_item_code', code });
    itemCodes.add(code);
    if (item.name.trim().length === 0) problems.push({ reason: 'blank_name', entity: 'item', code });
    if (!classCodes.has(item.classCode))
      problems.push({ reason: 'missing_class', code, classCode: item.classCode });
    if (!(PRIORITIES as readonly string[]).includes(item.priority)) {
      problems.push({ reason: 'unknown_priority', code, priority: String(item.priority) });
    }
    for (const step of LIMIT_STEPS) {
      const limit = item.limits?.[step];
      if (!limit || !(LIMIT_UNITS as readonly string[]).includes(limit.unit)) {
        problems.push({ reason: 'bad_limit_unit', code, step, unit: String(limit?.unit) });
      }
      const amount = limit?.amount ?? Number.NaN;
      if (!Number.isFinite(amount) || amount <= 0)
        problems.push({ reason: 'non_positive_limit', code, step, amount });
    }
    const unit = item.responsibleUnit;
    if (unit.kind === 'street_office' && !isStreetOfficeKind(unit.office)) {
      problems.push({ reason: 'unknown_street_office', code, office: String(unit.office) });
    }
    if (known !== null) {
      if (unit.kind === 'district_department' && !known.has(unit.code)) {
        problems.push({ reason: 'unknown_responsible_department', code, department: unit.code });
      }
      if (!known.has(item.fallbackDepartment)) {
        problems.push({ reason: 'unknown_fallback_department', code, department: item.fallbackDepartment });
      }
    }
  });
  return problems;
}

/** A real unit an event can be sent to; `code` is a department's code or, for a community, the area's code. */
export interface ResolvedUnit {
  kind: 'district_department' | 'street_office' | 'community';
  code: string;
}

/** Where an event lies, as far as finding its units goes. */
export interface UnitContext {
  /**
   * The offices of the street that holds the event (街道科室), with the names the register gives them and the
   * kind an administrator gave them, if any (otherwise the name tells).
   */
  streetOffices: ReadonlyArray<{ code: string; name: string; officeKind?: StreetOfficeKind | null }>;
  /** The community that holds the event, or null when it lies in no community. */
  communityCode: string | null;
  /** Put before district department codes where a register serves several districts ('120106-' + 'D049'). */
  departmentCodePrefix?: string;
}

/** The unit `ref` names for an event in `context`; null when the street has no such office or there is no community. */
export function resolveUnit(ref: UnitRef, context: UnitContext): ResolvedUnit | null {
  switch (ref.kind) {
    case 'district_department':
      return { kind: 'district_department', code: `${context.departmentCodePrefix ?? ''}${ref.code}` };
    case 'street_office': {
      const office = context.streetOffices.find(
        (candidate) => (candidate.officeKind ?? streetOfficeKindOf(candidate.name)) === ref.office,
      );
      return office ? { kind: 'street_office', code: office.code } : null;
    }
    case 'community':
      return context.communityCode === null ? null : { kind: 'community', code: context.communityCode };
  }
}

/** The item's responsible unit for an event in `context`, or its fallback department when that unit is not there. */
export function resolveResponsibleUnit(item: CatalogueItem, context: UnitContext): ResolvedUnit {
  return (
    resolveUnit(item.responsibleUnit, context) ?? {
      kind: 'district_department',
      code: `${context.departmentCodePrefix ?? ''}${item.fallbackDepartment}`,
    }
  );
}

/** The units a dispatcher is offered for an event: the item's responsible unit there, and its fallback department. */
export interface SuggestedUnits {
  responsible: ResolvedUnit | null;
  fallback: ResolvedUnit | null;
}

/**
 * What the item filed on an event suggests for dispatching or whistling it: its responsible unit resolved where
 * the event lies (null when that street has no such office or the event lies in no community) and its fallback
 * department. Unlike `resolveResponsibleUnit`, a missing responsible unit is not replaced: the person choosing
 * sees both and decides.
 */
export function suggestedUnits(
  item: Pick<CatalogueItem, 'responsibleUnit' | 'fallbackDepartment'>,
  context: UnitContext,
): SuggestedUnits {
  return {
    responsible: resolveUnit(item.responsibleUnit, context),
    fallback: resolveUnit({ kind: 'district_department', code: item.fallbackDepartment }, context),
  };
}
