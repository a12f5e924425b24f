import type { AreaLevel } from './areas.ts';
import { type StreetOfficeKind, streetOfficeKindOf } from './catalogue.ts';

/**
 * A district department (职能部门) serves the whole district; a street office (街道科室) belongs to one street.
 * Both can be dispatched to; only district departments are reached by the street head's whistle.
 */
export const DEPARTMENT_KINDS = ['district_department', 'street_office'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export interface DepartmentSeed {
  code: string;
  name: string;
  nameEn: string;
  kind: DepartmentKind;
  /** The district for a district department, the street for a street office. */
  areaCode: string;
}

/** The level of the area each kind of unit sits at: a district department at its district, an office at its street. */
export const DEPARTMENT_AREA_LEVEL: Readonly<Record<DepartmentKind, AreaLevel>> = {
  district_department: 'district',
  street_office: 'street',
};

/** Why a unit cannot be saved as it is; rendered into words at the edge. */
export type DepartmentProblem =
  | { reason: 'area_wrong_level'; expected: AreaLevel; actual: AreaLevel }
  | { reason: 'office_kind_of_department' }
  | { reason: 'kind_changed'; existing: DepartmentKind };

/**
 * Whether a unit may be saved: it sits at an area of its kind's level, only a street office has an office kind,
 * and a unit keeps its kind (events and scores name it as what it was).
 */
export function departmentProblem(
  unit: { kind: DepartmentKind; areaLevel: AreaLevel; officeKind: StreetOfficeKind | null },
  existingKind: DepartmentKind | null,
): DepartmentProblem | null {
  if (existingKind !== null && existingKind !== unit.kind)
    return { reason: 'kind_changed', existing: existingKind };
  const expected = DEPARTMENT_AREA_LEVEL[unit.kind];
  if (unit.areaLevel !== expected) return { reason: 'area_wrong_level', expected, actual: unit.areaLevel };
  if (unit.kind !== 'street_office' && unit.officeKind !== null)
    return { reason: 'office_kind_of_department' };
  return null;
}

/** What kind of office a unit is: the kind it was given, else the kind its name says; null for a department. */
export function officeKindOf(unit: {
  kind: DepartmentKind;
  name: string;
  officeKind: StreetOfficeKind | null;
}): StreetOfficeKind | null {
  if (unit.kind !== 'street_office') return null;
  return unit.officeKind ?? streetOfficeKindOf(unit.name);
}
