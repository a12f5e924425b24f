import type { MultiPolygon, Polygon } from 'geojson';
import L from 'leaflet';
import { currentLocale } from '../../../i18n/index.ts';
import './geoman.ts';

/** One area's boundary being edited on a map: its polygons, Geoman's tools, and the shape to save. */
export interface BoundaryEditing {
  /** Starts drawing one more polygon (for an area with no boundary yet, or a detached part). */
  drawPolygon(): void;
  /** The polygons now on the map, as one GeoJSON geometry; null when none is left. */
  geometry(): Polygon | MultiPolygon | null;
  stop(): void;
}

const EDITED_STYLE: L.PathOptions = { color: '#c0392b', weight: 3, fillOpacity: 0.08 };

export function editBoundary(map: L.Map, boundary: Polygon | MultiPolygon | null): BoundaryEditing {
  const shapes = L.featureGroup().addTo(map);
  if (boundary)
    L.geoJSON(boundary, { style: () => EDITED_STYLE }).eachLayer((layer) => shapes.addLayer(layer));
  map.pm.setLang(currentLocale() === 'en' ? 'en' : 'zh');
  map.pm.setGlobalOptions({ pathOptions: EDITED_STYLE, snappable: true });
  map.pm.addControls({
    position: 'topleft',
    drawMarker: false,
    drawCircleMarker: false,
    drawPolyline: false,
    drawCircle: false,
    drawText: false,
    dragMode: false,
    cutPolygon: false,
    rotateMode: false,
  });
  const adopt = (event: { layer: L.Layer }) => shapes.addLayer(event.layer);
  const forget = (event: { layer: L.Layer }) => shapes.removeLayer(event.layer);
  map.on('pm:create', adopt);
  map.on('pm:remove', forget);
  shapes.eachLayer((layer) => (layer as L.Polygon).pm.enable());
  if (shapes.getLayers().length > 0) map.fitBounds(shapes.getBounds(), { padding: [24, 24] });

  return {
    drawPolygon: () => map.pm.enableDraw('Polygon'),
    geometry() {
      const polygons = shapes
        .getLayers()
        .filter((layer): layer is L.Polygon => layer instanceof L.Polygon)
        .map((layer) => layer.toGeoJSON().geometry as Polygon | MultiPolygon)
        .flatMap((geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates));
      if (polygons.length === 0) return null;
      const [only] = polygons;
      return polygons.length === 1 && only
        ? { type: 'Polygon', coordinates: only }
        : { type: 'MultiPolygon', coordinates: polygons };
    },
    stop() {
      map.off('pm:create', adopt);
      map.off('pm:remove', forget);
      map.pm.disableDraw();
      map.pm.disableGlobalEditMode();
      map.pm.removeControls();
      shapes.remove();
    },
  };
}
