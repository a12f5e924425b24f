import { api } from '../../../api/client.ts';
import type { DepartmentRecord } from '../admin-types.ts';

/** The register of departments and street offices, as the catalogue and people forms offer them. */
export async function loadDepartments(): Promise<DepartmentRecord[]> {
  return (await api.get<{ items: DepartmentRecord[] }>('/api/v1/departments')).items;
}

/** A department's name in the reader's language, or its code when the register lacks it. */
export function departmentLabel(
  departments: readonly DepartmentRecord[],
  code: string,
  english: boolean,
): string {
  const found = departments.find((one) => one.code === code);
  if (!found) return code;
  return `${english ? found.nameEn : found.name}（${code}）`;
}
