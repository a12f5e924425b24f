import { type EventState, type GeoPoint, isOpenState } from './events.ts';

/** Two reports of one item within this distance and time of each other, both still open, are likely one problem. */
export const DUPLICATE_RADIUS_METERS = 200;
export const DUPLICATE_WINDOW_DAYS = 7;

const EARTH_RADIUS_METERS = 6_371_008.8;

export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(h));
}

/** The box that surely holds every point within the radius: a cheap first filter for the database. */
export function searchBox(point: GeoPoint, radiusMeters = DUPLICATE_RADIUS_METERS) {
  const dLat = (radiusMeters / EARTH_RADIUS_METERS) * (180 / Math.PI);
  const dLng = dLat / Math.max(Math.cos((point.lat * Math.PI) / 180), 1e-6);
  return {
    minLng: point.lng - dLng,
    maxLng: point.lng + dLng,
    minLat: point.lat - dLat,
    maxLat: point.lat + dLat,
  };
}

/** Open events of the same item, near in place and time, nearest first. */
export function likelyDuplicates(
  event: EventState,
  candidates: readonly EventState[],
): { event: EventState; distanceMeters: number }[] {
  if (!event.location) return [];
  const here = event.location;
  const windowMs = DUPLICATE_WINDOW_DAYS * 86_400_000;
  return candidates
    .filter(
      (other) =>
        other.id !== event.id &&
        isOpenState(other.state) &&
        other.catalogueItemCode === event.catalogueItemCode &&
        other.location !== null &&
        Math.abs(other.reportedAt.getTime() - event.reportedAt.getTime()) <= windowMs,
    )
    .map((other) => ({ event: other, distanceMeters: distanceMeters(here, other.location as GeoPoint) }))
    .filter((match) => match.distanceMeters <= DUPLICATE_RADIUS_METERS)
    .sort((a, b) => a.distanceMeters - b.distanceMeters);
}
