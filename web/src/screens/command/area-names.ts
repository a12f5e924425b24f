import { shallowRef } from 'vue';
import { type AreaFeature, fetchBoundaries } from '../../components/map/base-map.ts';
import { session } from '../../session.ts';

/**
 * The areas in this person's sight (from the boundary export, cached per tab): their names for tables and
 * the choices of the area filter.
 */
export function useAreas() {
  const areas = shallowRef<AreaFeature['properties'][]>([]);
  void fetchBoundaries(session.me?.area?.code)
    .then((collection) => {
      areas.value = collection.features.map((feature) => feature.properties);
    })
    .catch(() => {});
  function areaName(code: string | null): string {
    if (!code) return '—';
    return areas.value.find((area) => area.code === code)?.name ?? code;
  }
  /** The grid an event lies in, named: the fourth code of its path (district/street/community/grid). */
  function gridName(areaPath: string | null): string {
    const codes = areaPath?.split('/') ?? [];
    return areaName(codes[3] ?? codes.at(-1) ?? null);
  }
  /** Where an event lies in words: its community, grid and micro-grid names. */
  function placeName(areaPath: string | null): string {
    const codes = areaPath?.split('/').slice(2) ?? [];
    return codes.length ? codes.map(areaName).join(' · ') : '—';
  }
  return { areas, areaName, gridName, placeName };
}
