import L from 'leaflet';
import type { EventMapPoint } from '../../../api/types.ts';
import { STATE_COLOURS } from '../../../components/event/state-colours.ts';

/** The text of a marker's popup; the link is followed by the router (see LiveMap's click handler). */
export type PopupText = (point: EventMapPoint) => { state: string; overdue: string; open: string };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * One circle per event, coloured by state; an overdue one gets a thick dashed red ring around it, so it stands
 * out by shape as well as colour.
 */
export function drawEventMarkers(points: readonly EventMapPoint[], words: PopupText): L.LayerGroup {
  const group = L.layerGroup();
  // SVG, not the map's canvas: each marker is an element that can carry a name for screen readers.
  const renderer = L.svg();
  for (const point of points) {
    const at: L.LatLngExpression = [point.lat, point.lng];
    const text = words(point);
    if (point.overdue) {
      L.circleMarker(at, {
        renderer,
        radius: 13,
        color: '#c53030',
        weight: 3,
        dashArray: '4 3',
        fill: false,
        interactive: false,
      }).addTo(group);
    }
    const marker = L.circleMarker(at, {
      renderer,
      className: 'event-marker',
      radius: 8,
      color: '#1a202c',
      weight: 1.5,
      fillColor: STATE_COLOURS[point.state],
      fillOpacity: 0.9,
    })
      .bindPopup(
        `<strong>${escapeHtml(point.trackingCode)}</strong><br>${escapeHtml(point.catalogueItemName)}<br>` +
          `${escapeHtml(text.state)}${point.overdue ? ` · <strong class="overdue">${escapeHtml(text.overdue)}</strong>` : ''}<br>` +
          `<a href="/events/${point.id}" data-event-link="${point.id}">${escapeHtml(text.open)}</a>`,
      )
      .bindTooltip(`${point.trackingCode} · ${point.catalogueItemName}`)
      .on('add', () => {
        const element = marker.getElement();
        element?.setAttribute('role', 'img');
        element?.setAttribute(
          'aria-label',
          `${point.trackingCode} ${point.catalogueItemName} ${text.state}${point.overdue ? ` ${text.overdue}` : ''}`,
        );
      })
      .addTo(group);
  }
  return group;
}
