import L from 'leaflet';
import type { PatrolTrack } from '../../../api/types.ts';

const TRACK_COLOURS = ['#2b6cb0', '#805ad5', '#2c7a7b', '#b7791f', '#c05621', '#4a5568'];

/** Each grid worker's walk of the day as a line, with a dot at its last point and the worker's name. */
export function drawPatrols(tracks: readonly PatrolTrack[]): L.LayerGroup {
  const group = L.layerGroup();
  tracks.forEach((track, index) => {
    const colour = TRACK_COLOURS[index % TRACK_COLOURS.length];
    const line = track.points.map((point): L.LatLngTuple => [point.lat, point.lng]);
    if (line.length === 0) return;
    L.polyline(line, { color: colour, weight: 3, opacity: 0.85 })
      .bindTooltip(track.user.displayName)
      .addTo(group);
    const last = line.at(-1) as L.LatLngTuple;
    L.circleMarker(last, { radius: 5, color: colour, fillColor: '#fff', fillOpacity: 1, weight: 3 })
      .bindTooltip(track.user.displayName, { permanent: false })
      .addTo(group);
  });
  return group;
}
