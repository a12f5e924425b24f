import L from 'leaflet';
import 'leaflet.heat';
import type { EventMapPoint } from '../../../api/types.ts';

/** Where events gather: overdue ones weigh more. */
export function drawHeat(points: readonly EventMapPoint[]): L.Layer {
  return L.heatLayer(
    points.map((point) => [point.lat, point.lng, point.overdue ? 1 : 0.6]),
    { radius: 28, blur: 20, maxZoom: 16 },
  );
}
