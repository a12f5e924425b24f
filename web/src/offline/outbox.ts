import { createStore, del, set, values } from 'idb-keyval';
import { reactive } from 'vue';
import { ApiError, api, NetworkError, uploadAttachment } from '../api/client.ts';
import { session } from '../session.ts';
import { exclusively } from './exclusive.ts';
import type { GeoPoint } from './geo.ts';

/** What POST /api/v1/events takes, apart from the photo, which is uploaded first. */
export interface ReportBody {
  catalogueItemCode: string;
  description: string;
  location?: GeoPoint;
  address?: string;
}

/**
 * A report on its way to the server, kept in IndexedDB until the server has it: its photo as a blob and the
 * idempotency key it was composed with, so that sending it again can never make a second event.
 */
export interface WaitingReport {
  key: string;
  userId: number;
  composedAt: string;
  body: ReportBody;
  /** The catalogue item's name, to list the report while it waits. */
  itemName: string;
  photo: Blob | null;
  photoName: string;
  /** Set once the photo is uploaded, so that a retry sends the same body under the same key. */
  attachmentId: string | null;
  /** Why the server refused it, when it did: it stays listed until the person deletes it. */
  refusal: string | null;
}

export interface SentReport {
  key: string;
  id: string;
  trackingCode: string;
  itemName: string;
}

const store = createStore('huying-outbox', 'reports');

/** The waiting reports of the signed-in person, oldest first, and those sent from the outbox in this visit. */
export const outbox = reactive<{ waiting: WaitingReport[]; sent: SentReport[]; sending: boolean }>({
  waiting: [],
  sent: [],
  sending: false,
});

/** Reads the signed-in person's waiting reports into `outbox`; answers them as stored, not as reactive copies. */
async function reload(): Promise<WaitingReport[]> {
  const userId = session.me?.id;
  const all = await values<WaitingReport>(store);
  const mine = all
    .filter((report) => report.userId === userId)
    .sort((a, b) => a.composedAt.localeCompare(b.composedAt));
  outbox.waiting = mine;
  return mine;
}

/** A failure that a later try may get past: no network, or a server that is down or overloaded. */
function isPassing(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof ApiError && (error.status >= 500 || error.status === 401))
  );
}

async function deliver(report: WaitingReport): Promise<SentReport> {
  if (report.photo && !report.attachmentId) {
    report.attachmentId = await uploadAttachment(report.photo, report.photoName);
    await set(report.key, report, store);
  }
  // A 200 answers a key the server has seen: the report was made by an earlier try, which is success.
  const saved = await api.post<{ id: string; trackingCode: string }>(
    '/api/v1/events',
    { ...report.body, attachmentIds: report.attachmentId ? [report.attachmentId] : [] },
    { 'idempotency-key': report.key },
  );
  await del(report.key, store);
  return { key: report.key, id: saved.id, trackingCode: saved.trackingCode, itemName: report.itemName };
}

type Outcome = { sent: SentReport } | { refused: ApiError } | { waiting: true };

/** Tries every waiting report of the signed-in person once; stops at the first sign of no network. */
function sendWaiting(): Promise<Map<string, Outcome>> {
  return exclusively('outbox', async () => {
    const outcomes = new Map<string, Outcome>();
    if (!session.me) return outcomes;
    outbox.sending = true;
    try {
      // Plain objects, not the reactive list: IndexedDB cannot store proxies.
      for (const report of await reload()) {
        if (report.refusal) continue;
        if (!navigator.onLine) break;
        try {
          const sent = await deliver(report);
          outcomes.set(report.key, { sent });
          outbox.sent.unshift(sent);
        } catch (error) {
          if (isPassing(error)) break;
          if (!(error instanceof ApiError)) throw error;
          await set(report.key, { ...report, refusal: error.message }, store);
          outcomes.set(report.key, { refused: error });
        }
      }
    } finally {
      await reload();
      outbox.sending = false;
    }
    if (outcomes.size > 0) window.dispatchEvent(new CustomEvent('huying:reports-sent'));
    return outcomes;
  });
}

/** Sends what waits, now: on start, when the network returns, and on the person's "send now". */
export async function sendWaitingReports(): Promise<void> {
  await sendWaiting();
}

export type ReportDraft = Omit<WaitingReport, 'userId' | 'composedAt' | 'attachmentId' | 'refusal'>;

/**
 * Files a report: it is first kept on the phone, then sent. Answers the sent report, or null when it waits
 * for the network; a refusal by the server (the person must change something) is thrown and not kept.
 */
export async function fileReport(draft: ReportDraft): Promise<SentReport | null> {
  const userId = session.me?.id;
  if (userId === undefined) throw new Error('not signed in');
  const report: WaitingReport = {
    ...draft,
    userId,
    composedAt: new Date().toISOString(),
    attachmentId: null,
    refusal: null,
  };
  await set(report.key, report, store);
  const outcome = (await sendWaiting()).get(report.key);
  if (outcome && 'refused' in outcome) {
    await forgetReport(report.key);
    throw outcome.refused;
  }
  if (!outcome || !('sent' in outcome)) return null;
  // The person sees this one's tracking code on the form; the outbox lists only what went later.
  outbox.sent = outbox.sent.filter((sent) => sent.key !== report.key);
  return outcome.sent;
}

/** Deletes a waiting report, on the person's word (after the server refused it). */
export async function forgetReport(key: string): Promise<void> {
  await del(key, store);
  await reload();
}

let started = false;

/** Loads what waits and sends it, and sends again each time the network returns. Idempotent. */
export function startOutbox(): void {
  void sendWaitingReports();
  if (started) return;
  started = true;
  window.addEventListener('online', () => void sendWaitingReports());
}
