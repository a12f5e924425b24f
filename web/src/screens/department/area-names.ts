import { reactive } from 'vue';
import { api } from '../../api/client.ts';

// Events carry their area's code only; a table shows the name, fetched once per code for the whole tab.
const names = reactive(new Map<string, string>());
const asked = new Set<string>();

/** The name of an area, or its code until the server has answered. */
export function areaName(code: string | null): string {
  if (!code) return '—';
  if (!asked.has(code)) {
    asked.add(code);
    api
      .get<{ name: string }>(`/api/v1/areas/${code}`)
      .then((area) => names.set(code, area.name))
      .catch(() => asked.delete(code));
  }
  return names.get(code) ?? code;
}
