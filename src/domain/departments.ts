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
