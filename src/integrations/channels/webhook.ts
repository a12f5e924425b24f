import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Notice } from '../../domain/notices.ts';
import { type Channel, type Delivery, PermanentDeliveryError, targetFor } from './channel.ts';

/** Where a subscription's deliveries go and the key they are signed with. */
export interface WebhookEndpoint {
  url: string;
  secret: string;
  active: boolean;
}

export interface WebhookSettings {
  /** The subscription behind a delivery, looked up when it is sent: a new URL or a stop takes effect at once. */
  findEndpoint(subscriptionId: number): Promise<WebhookEndpoint | undefined>;
  timeoutMs?: number;
  /** The clock of the signature's timestamp: the real one, since receivers compare it with theirs. */
  clock?: () => Date;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const TIMESTAMP_HEADER = 'X-Huying-Timestamp';
export const SIGNATURE_HEADER = 'X-Huying-Signature';
export const DELIVERY_HEADER = 'X-Huying-Delivery';

/** `sha256=` and the hex HMAC-SHA256 of `${timestamp}.${body}` under the subscription's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers: the body was signed with this secret at `timestamp` (unix seconds), and that was no more than
 * `toleranceSeconds` from `now`, so a recorded request replayed later is refused. Compare in constant time.
 * A receiver should still drop repeats by the `X-Huying-Delivery` id: delivery is at least once.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const age = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (age > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What a receiver is sent: the delivery's id (the same on a retry), the notice and when it was written. */
export function webhookPayload(notice: Notice, delivery: Delivery): string {
  return JSON.stringify({
    id: delivery.id,
    createdAt: delivery.createdAt.toISOString(),
    kind: notice.kind,
    eventId: notice.eventId,
    audience: notice.audience,
    title: notice.title,
    body: notice.body,
  });
}

/**
 * POSTs JSON signed with HMAC-SHA256 over the timestamp and the body, as every outbound call of Huying's is (a
 * webhook, a hotline's callback): anything but a 2xx answer within the timeout is a failure, retried by the outbox.
 */
export async function postSigned(request: {
  url: string;
  secret: string;
  body: string;
  deliveryId: number;
  userAgent: string;
  /** Who answered, as a failure names it: "the webhook", "the hotline callback". */
  answering: string;
  timeoutMs: number;
  now: Date;
}): Promise<void> {
  const timestamp = String(Math.floor(request.now.getTime() / 1000));
  const response = await fetch(request.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': request.userAgent,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signWebhook(request.secret, timestamp, request.body),
      [DELIVERY_HEADER]: String(request.deliveryId),
    },
    body: request.body,
    // A redirect is an answer that is not 2xx: the signed request is not replayed to another address.
    redirect: 'manual',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${request.answering} answered ${response.status}`);
  }
}

/** POSTs signed JSON to a subscription's URL (`postSigned`). */
export function createWebhookChannel(settings: WebhookSettings): Channel {
  const timeoutMs = settings.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const clock = settings.clock ?? (() => new Date());
  return {
    kind: 'webhook',
    async send(target, notice, delivery) {
      const { subscriptionId } = targetFor('webhook', target);
      const endpoint = await settings.findEndpoint(subscriptionId);
      if (!endpoint?.active) {
        throw new PermanentDeliveryError(`webhook subscription ${subscriptionId} is gone or stopped`);
      }
      await postSigned({
        url: endpoint.url,
        secret: endpoint.secret,
        body: webhookPayload(notice, delivery),
        deliveryId: delivery.id,
        userAgent: 'Huying-Webhook/1',
        answering: 'the webhook',
        timeoutMs,
        now: clock(),
      });
    },
  };
}
