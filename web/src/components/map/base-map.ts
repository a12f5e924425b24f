import type { Feature, FeatureCollection, Geometry } from 'geojson';
import L from 'leaflet';
import { api } from '../../api/client.ts';

export type AreaLevel = 'district' | 'street' | 'community' | 'grid' | 'micro_grid';

export interface AreaProperties {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  households: number | null;
  population: number | null;
}

export type AreaFeature = Feature<Geometry, AreaProperties>;
export type AreaCollection = FeatureCollection<Geometry, AreaProperties>;

const boundaryCache = new Map<string, Promise<AreaCollection>>();

/** The boundaries of an area and everything under it, as the server exports them (GeoJSON, WGS84). */
export function fetchBoundaries(root?: string): Promise<AreaCollection> {
  const key = root ?? '';
  let cached = boundaryCache.get(key);
  if (!cached) {
    cached = api.get<AreaCollection>('/api/v1/areas/export', { root });
    cached.catch(() => boundaryCache.delete(key));
    boundaryCache.set(key, cached);
  }
  return cached;
}

/** Forgets fetched boundaries, after an administrator changed them. */
export function forgetBoundaries(): void {
  boundaryCache.clear();
}

/** Lines by level: the higher the level, the bolder its line. */
export const LEVEL_LINE: Record<AreaLevel, L.PathOptions> = {
  district: { color: '#7f1d1d', weight: 3, fill: false },
  street: { color: '#9b2c2c', weight: 2.5, fill: false },
  community: { color: '#2b6cb0', weight: 1.5, fill: false },
  grid: { color: '#4a5568', weight: 1, fill: false },
  micro_grid: { color: '#a0aec0', weight: 0.5, fill: false, dashArray: '2 3' },
};

/**
 * A map with no tile server: the area boundaries drawn from GeoJSON are the map. Canvas rendering keeps
 * thousands of polygons smooth.
 */
export function createBaseMap(element: HTMLElement, options: L.MapOptions = {}): L.Map {
  const map = L.map(element, {
    preferCanvas: true,
    attributionControl: false,
    zoomSnap: 0.25,
    minZoom: 10,
    maxZoom: 19,
    ...options,
  });
  map.getContainer().style.background = '#f4f1ea';
  return map;
}

/** Draws the given levels of a boundary collection; answers the layer and fits the map to it. */
export function drawBoundaries(
  map: L.Map,
  collection: AreaCollection,
  levels: readonly AreaLevel[],
  style: (feature: AreaFeature) => L.PathOptions = (feature) => LEVEL_LINE[feature.properties.level],
): L.GeoJSON {
  const shown: AreaCollection = {
    type: 'FeatureCollection',
    features: collection.features.filter((feature) => levels.includes(feature.properties.level)),
  };
  const layer = L.geoJSON(shown, { style: (feature) => style(feature as AreaFeature) }).addTo(map);
  const bounds = layer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
  return layer;
}
