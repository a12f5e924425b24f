// leaflet.heat ships no types: the one factory it adds to L.
import 'leaflet';

declare module 'leaflet' {
  interface HeatLayerOptions {
    minOpacity?: number;
    maxZoom?: number;
    max?: number;
    radius?: number;
    blur?: number;
    gradient?: Record<number, string>;
  }
  function heatLayer(points: [number, number, number?][], options?: HeatLayerOptions): Layer;
}
