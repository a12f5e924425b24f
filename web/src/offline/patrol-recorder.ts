import { createStore, delMany, set, setMany, values } from 'idb-keyval';
import { reactive } from 'vue';
import { ApiError, api, NetworkError } from '../api/client.ts';
import { session } from '../session.ts';
import { exclusively } from './exclusive.ts';
import { distanceMeters, type GeoPoint } from './geo.ts';

/** One recorded position of a patrol, as POST /api/v1/patrols/points takes it. */
export interface PatrolPoint extends GeoPoint {
  at: string;
  accuracy?: number;
}

/**
 * A point kept on the phone. Sent points stay until the day is over: a grid worker may not read tracks from
 * the server, so the phone's own copy is how they see the day's walk.
 */
interface KeptPoint extends PatrolPoint {
  userId: number;
  sent: boolean;
}

/** A new point when this much time has passed or this far was walked since the last one. */
const EVERY_MS = 30_000;
const EVERY_METERS = 20;
/** The most points the server takes in one batch. */
const BATCH = 500;

const store = createStore('huying-patrol', 'points');

export const patrol = reactive<{
  recording: boolean;
  error: string | null;
  /** Points kept on the phone that the server does not have yet. */
  waiting: number;
  /** The last point recorded, which screens watch to redraw the track. */
  last: PatrolPoint | null;
}>({ recording: false, error: null, waiting: 0, last: null });

let watchId: number | null = null;

const keyOf = (point: KeptPoint) => `${point.userId}:${point.at}`;

async function keptPoints(): Promise<KeptPoint[]> {
  const userId = session.me?.id;
  const all = await values<KeptPoint>(store);
  return all.filter((point) => point.userId === userId).sort((a, b) => a.at.localeCompare(b.at));
}

const startOfToday = () => new Date(new Date().setHours(0, 0, 0, 0)).toISOString();

/** The signed-in person's points of today recorded on this phone, sent or not, oldest first. */
export async function todaysPoints(): Promise<PatrolPoint[]> {
  const since = startOfToday();
  return (await keptPoints()).filter((point) => point.at >= since);
}

/** Forgets the sent points of earlier days. */
async function pruneOldPoints(): Promise<void> {
  const since = startOfToday();
  const old = (await values<KeptPoint>(store)).filter((point) => point.sent && point.at < since);
  await delMany(old.map(keyOf), store);
}

/** Sends the buffered points in batches; a point sent twice is harmless, the server keeps one. */
export function sendPatrolPoints(): Promise<void> {
  return exclusively('patrol', async () => {
    let points = (await keptPoints()).filter((point) => !point.sent);
    try {
      while (points.length > 0 && navigator.onLine) {
        const batch = points.slice(0, BATCH);
        await api.post('/api/v1/patrols/points', {
          points: batch.map(({ at, lng, lat, accuracy }) => ({ at, lng, lat, accuracy })),
        });
        await setMany(
          batch.map((point) => [keyOf(point), { ...point, sent: true }]),
          store,
        );
        points = points.slice(BATCH);
      }
    } catch (error) {
      // No network or no server: the points wait for the next try. Anything else is worth showing.
      if (!(error instanceof NetworkError) && !(error instanceof ApiError && error.status >= 500))
        patrol.error = error instanceof Error ? error.message : String(error);
    }
    patrol.waiting = points.length;
  });
}

function shouldRecord(point: PatrolPoint): boolean {
  const last = patrol.last;
  if (!last) return true;
  return (
    Date.parse(point.at) - Date.parse(last.at) >= EVERY_MS || distanceMeters(last, point) >= EVERY_METERS
  );
}

async function record(position: GeolocationPosition): Promise<void> {
  const userId = session.me?.id;
  if (userId === undefined) return;
  const point: PatrolPoint = {
    at: new Date(position.timestamp).toISOString(),
    lng: position.coords.longitude,
    lat: position.coords.latitude,
    accuracy: position.coords.accuracy,
  };
  if (!shouldRecord(point)) return;
  patrol.last = point;
  patrol.error = null;
  const kept: KeptPoint = { ...point, userId, sent: false };
  await set(keyOf(kept), kept, store);
  await sendPatrolPoints();
}

const sendWhenOnline = () => void sendPatrolPoints();

/** Records the patrol while the field screens are open: the caller stops it when they close. */
export function startPatrol(): void {
  if (watchId !== null || !('geolocation' in navigator)) return;
  patrol.recording = true;
  watchId = navigator.geolocation.watchPosition(
    (position) => void record(position),
    (error) => {
      patrol.error = error.message;
    },
    { enableHighAccuracy: true, maximumAge: 10_000 },
  );
  window.addEventListener('online', sendWhenOnline);
  void pruneOldPoints().then(sendPatrolPoints);
}

export function stopPatrol(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
  patrol.recording = false;
  window.removeEventListener('online', sendWhenOnline);
}
