/**
 * Sends what the outbox holds, from any number of app processes at once.
 *
 * A run claims a batch of due rows by giving them a lease (one short statement, `FOR UPDATE SKIP LOCKED`, so
 * two processes never claim the same row), sends each row outside any transaction (PGlite has one connection,
 * and a network call must never hold a transaction open), then records the outcome row by row: delivered, or
 * due again after a back-off, or failed for good after MAX_ATTEMPTS.
 *
 * Delivery is at least once. A process that dies between sending and recording leaves its lease to run out,
 * and the row is sent again by whoever claims it next; receivers drop repeats by the delivery id. Nothing
 * written to the outbox is lost: a row leaves the pending set only when it is marked delivered or failed.
 * Delivered rows are deleted after OUTBOX_KEEP_DELIVERED_DAYS; failed ones stay for somebody to look at.
 */
import type { Executor } from '../db/repositories/executor.ts';
import { findCallbackEndpoint } from '../db/repositories/hotline.ts';
import { findWebhookSubscription } from '../db/repositories/notifications.ts';
import {
  type ClaimedDelivery,
  claimDueOutbox,
  deleteDeliveredOutboxBefore,
  markAttemptFailed,
  markDelivered,
} from '../db/repositories/outbox.ts';
import type { ChannelKind } from '../domain/notices.ts';
import { type Channel, PermanentDeliveryError } from '../integrations/channels/channel.ts';
import { createEmailChannel, DEFAULT_MAIL_FROM } from '../integrations/channels/email.ts';
import { createHotlineCallbackChannel } from '../integrations/channels/hotline-callback.ts';
import { createSmsChannel, LogFileSmsGateway } from '../integrations/channels/sms.ts';
import { createWebhookChannel } from '../integrations/channels/webhook.ts';

/** How long a claim holds a row: longer than a batch takes (a webhook times out after 10 s). */
export const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;
/** Deliveries of one batch in flight at once: 50 rows × 10 s timeouts / 10 stays inside the lease. */
const CONCURRENCY = 10;
const ERROR_LENGTH = 1000;
/** How long a delivered row is kept, to answer "was it sent?"; the in-app notice and the event log stay for good. */
export const OUTBOX_KEEP_DELIVERED_DAYS = 90;
/** Each process prunes at most this often; several processes pruning at once only find less to delete. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const PRUNE_BATCH = 5000;

/** The wait after a failed attempt, given the attempts made before it: 30 s, 1 min, 2 min… at most 1 h. */
export function retryDelayMs(attemptsBefore: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** attemptsBefore, LONGEST_RETRY_MS);
}

export interface DeliveryCounts {
  delivered: number;
  retried: number;
  failed: number;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${message}${cause}`.slice(0, ERROR_LENGTH);
}

async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0)
    throw new AggregateError(errors, `${errors.length} outbox outcomes were not recorded`);
}

/**
 * One run: claims up to `batch` due deliveries, sends them, records each outcome. `now` is the run's time for
 * the claim and every record. Channels missing for a row's kind count as a failed attempt (retried).
 */
export async function deliverDueOutbox(
  db: Executor,
  channels: readonly Channel[],
  now: Date,
  batch = 50,
): Promise<DeliveryCounts> {
  const byKind = new Map<ChannelKind, Channel>(channels.map((channel) => [channel.kind, channel]));
  const claimed = await claimDueOutbox(db, now, new Date(now.getTime() + LEASE_MS), batch);
  const counts: DeliveryCounts = { delivered: 0, retried: 0, failed: 0 };
  await eachAtMost(claimed, CONCURRENCY, async (row: ClaimedDelivery) => {
    let failure: unknown = null;
    try {
      const channel = byKind.get(row.channel);
      if (!channel) throw new Error(`no ${row.channel} channel is configured`);
      await channel.send(row.target, row.notice, { id: row.id, createdAt: row.createdAt });
    } catch (error) {
      failure = error;
    }
    if (failure === null) {
      await markDelivered(db, row.id, now);
      counts.delivered += 1;
      return;
    }
    const givesUp = failure instanceof PermanentDeliveryError || row.attempts + 1 >= MAX_ATTEMPTS;
    const retryAt = givesUp ? null : new Date(now.getTime() + retryDelayMs(row.attempts));
    await markAttemptFailed(db, row, { retryAt, error: describe(failure) }, now);
    if (givesUp) counts.failed += 1;
    else counts.retried += 1;
  });
  return counts;
}

/** Deletes every row delivered more than OUTBOX_KEEP_DELIVERED_DAYS before `now`, a batch at a time. */
export async function pruneDeliveredOutbox(db: Executor, now: Date): Promise<number> {
  const before = new Date(now.getTime() - OUTBOX_KEEP_DELIVERED_DAYS * 86_400_000);
  let deleted = 0;
  for (;;) {
    const batch = await deleteDeliveredOutboxBefore(db, before, PRUNE_BATCH);
    deleted += batch;
    if (batch < PRUNE_BATCH) return deleted;
  }
}

export interface OutboxDeliveryOptions {
  intervalMs: number;
  batch?: number;
  clock?: () => Date;
  onError?: (error: unknown) => void;
}

/**
 * Runs `deliverDueOutbox` every `intervalMs`, at once again while batches come back full, and prunes delivered
 * rows once an hour; never two runs of one loop at a time. The timer does not keep the process alive. The returned stop waits for the current run.
 */
export function startOutboxDelivery(
  db: Executor,
  channels: readonly Channel[],
  options: OutboxDeliveryOptions,
): () => Promise<void> {
  const batch = options.batch ?? 50;
  const clock = options.clock ?? (() => new Date());
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.emitWarning(`outbox delivery failed: ${describe(error)}`, 'HuyingOutboxWarning'));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  let prunedAt = Number.NEGATIVE_INFINITY;
  const runUntilDrained = async () => {
    while (!stopped) {
      const counts = await deliverDueOutbox(db, channels, clock(), batch);
      if (counts.delivered + counts.retried + counts.failed < batch) break;
    }
    const now = clock();
    if (!stopped && now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await pruneDeliveredOutbox(db, now);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runUntilDrained().catch(onError).finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

export interface ChannelSettings {
  /** `SMTP_URL`; without it e-mail goes to `<outboxDir>/email.log`. */
  smtpUrl: string | null;
  mailFrom?: string;
  /** Where the development e-mail and SMS logs are written: `<data dir>/outbox`. */
  outboxDir: string;
}

/**
 * The channels of a running app: e-mail (SMTP or log), SMS (log), webhooks (the subscriptions in the store) and
 * the 12345 hotlines' callbacks (their sources in the store).
 */
export function outboxChannels(db: Executor, settings: ChannelSettings): Channel[] {
  return [
    createEmailChannel({
      smtpUrl: settings.smtpUrl,
      from: settings.mailFrom ?? DEFAULT_MAIL_FROM,
      logFile: `${settings.outboxDir}/email.log`,
    }),
    createSmsChannel(new LogFileSmsGateway(`${settings.outboxDir}/sms.log`)),
    createWebhookChannel({ findEndpoint: (id) => findWebhookSubscription(db, id) }),
    createHotlineCallbackChannel({
      findEndpoint: (sourceId, eventId) => findCallbackEndpoint(db, sourceId, eventId),
    }),
  ];
}
