import L from 'leaflet';
import type { PatrolTrack } from '../../../api/types.ts';

const TRACK_COLOURS = ['#2b6cb0', '#805ad5', '#2c7a7b', '#b7791f', '#c05621', '#4a5568'];

/**
 * Each grid worker's walk of the day as a line, with a dot at its last point and the worker's name. SVG, not
 * the map's canvas: each track is an element that names its walker for screen readers.
 */
export function drawPatrols(
  tracks: readonly PatrolTrack[],
  describe: (track: PatrolTrack) => string,
): L.LayerGroup {
  const group = L.layerGroup();
  const renderer = L.svg();
  tracks.forEach((track, index) => {
    const colour = TRACK_COLOURS[index % TRACK_COLOURS.length];
    const line = track.points.map((point): L.LatLngTuple => [point.lat, point.lng]);
    if (line.length === 0) return;
    const words = describe(track);
    const path = L.polyline(line, {
      renderer,
      className: 'patrol-track',
      color: colour,
      weight: 3,
      opacity: 0.85,
    })
      .bindTooltip(words)
      .on('add', () => {
        const element = path.getElement();
        element?.setAttribute('role', 'img');
        element?.setAttribute('aria-label', words);
      })
      .addTo(group);
    const last = line.at(-1) as L.LatLngTuple;
    L.circleMarker(last, {
      renderer,
      radius: 5,
      color: colour,
      fillColor: '#fff',
      fillOpacity: 1,
      weight: 3,
      interactive: false,
    }).addTo(group);
  });
  return group;
}
