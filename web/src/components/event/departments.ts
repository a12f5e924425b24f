import { api } from '../../api/client.ts';
import type { Department } from '../../api/types.ts';

let cached: Promise<Department[]> | undefined;

/** The departments and street offices serving my area, fetched once per tab. */
export function fetchDepartments(): Promise<Department[]> {
  cached ??= api.get<{ items: Department[] }>('/api/v1/departments').then((answer) => answer.items);
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
