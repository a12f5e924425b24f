import { api } from '../../../api/client.ts';
import type { Department } from '../../../api/types.ts';

/** The register as it stands now: unlike the event screens' per-tab cache, the administrator sees their own edits. */
export async function loadDepartments(): Promise<Department[]> {
  return (await api.get<{ items: Department[] }>('/api/v1/departments')).items;
}

/** A department's name in the reader's language, with its code. */
export function nameWithCode(department: Department, english: boolean): string {
  return `${english ? department.nameEn : department.name}（${department.code}）`;
}

/** A department's name in the reader's language, or its code when the register lacks it. */
export function departmentLabel(departments: readonly Department[], code: string, english: boolean): string {
  const found = departments.find((one) => one.code === code);
  return found ? nameWithCode(found, english) : code;
}
