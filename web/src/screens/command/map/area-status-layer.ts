import L from 'leaflet';
import type { AreaStatus } from '../../../api/types.ts';
import type { AreaCollection, AreaFeature } from '../../../components/map/base-map.ts';

export type Load = 'none' | 'open' | 'overdue';

/** Fill by load; the legend and every tooltip say the same in words. */
export const LOAD_FILL: Record<Load, L.PathOptions> = {
  none: { fillColor: '#c6f6d5', fillOpacity: 0.25 },
  open: { fillColor: '#f6ad55', fillOpacity: 0.45 },
  overdue: { fillColor: '#e53e3e', fillOpacity: 0.55 },
};

export interface AreaLoad {
  open: number;
  overdue: number;
}

export function loadOf(counts: AreaLoad | undefined): Load {
  if (!counts || counts.open === 0) return 'none';
  return counts.overdue > 0 ? 'overdue' : 'open';
}

/**
 * The grids' counts (GET /areas/status?level=grid) summed up to the level shown: a community's load is the
 * sum of its grids'.
 */
export function loadsAt(
  status: AreaStatus,
  collection: AreaCollection,
  level: 'community' | 'grid',
): Map<string, AreaLoad> {
  const parentOf = new Map(
    collection.features.map((feature) => [feature.properties.code, feature.properties.parentCode]),
  );
  const loads = new Map<string, AreaLoad>();
  for (const item of status.items) {
    const code = level === 'grid' ? item.code : parentOf.get(item.code);
    if (!code) continue;
    const load = loads.get(code) ?? { open: 0, overdue: 0 };
    load.open += item.open;
    load.overdue += item.overdue;
    loads.set(code, load);
  }
  return loads;
}

/** The areas of one level filled by load, each with a tooltip naming it and its counts. */
export function drawAreaLoads(
  collection: AreaCollection,
  level: 'community' | 'grid',
  loads: Map<string, AreaLoad>,
  describe: (feature: AreaFeature, load: AreaLoad) => string,
): L.GeoJSON {
  const features = collection.features.filter((feature) => feature.properties.level === level);
  // SVG, not the map's canvas: each area is an element that names itself and its load for screen readers.
  // GeoJSON hands its options to every polygon it makes, the renderer among them.
  const options: L.GeoJSONOptions & L.PathOptions = {
    renderer: L.svg(),
    style: (feature) => ({
      stroke: false,
      ...LOAD_FILL[loadOf(loads.get((feature as AreaFeature).properties.code))],
    }),
    onEachFeature: (feature, layer) => {
      const area = feature as AreaFeature;
      const words = describe(area, loads.get(area.properties.code) ?? { open: 0, overdue: 0 });
      layer.bindTooltip(words, { sticky: true });
      layer.on('add', () => {
        const element = (layer as L.Path).getElement();
        element?.setAttribute('role', 'img');
        element?.setAttribute('aria-label', words);
      });
    },
  };
  return L.geoJSON({ type: 'FeatureCollection', features } as AreaCollection, options);
}
