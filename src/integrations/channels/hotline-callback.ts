import type { CallbackEndpoint } from '../../db/repositories/hotline.ts';
import { callbackPayload } from '../../domain/hotline.ts';
import { type Channel, PermanentDeliveryError, targetFor } from './channel.ts';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  WEBHOOK_TIMEOUT_MS,
} from './webhook.ts';

export interface HotlineCallbackSettings {
  /** The order and source behind a callback, read when it is sent: a new URL or a revocation holds at once. */
  findEndpoint(sourceId: number, eventId: string): Promise<CallbackEndpoint | undefined>;
  timeoutMs?: number;
  clock?: () => Date;
}

/**
 * POSTs what goes back to a 12345 hotline (acceptance, return, result, satisfaction) to the source's callback
 * URL, signed as webhooks are: `X-Huying-Signature: sha256=HMAC(secret, "{timestamp}.{body}")` under the
 * source's own secret, with the delivery id to drop repeats by. Anything but a 2xx is retried by the outbox;
 * a source without a URL or revoked fails for good, and the row stays for administrators to see.
 */
export function createHotlineCallbackChannel(settings: HotlineCallbackSettings): Channel {
  const timeoutMs = settings.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const clock = settings.clock ?? (() => new Date());
  return {
    kind: 'hotline',
    async send(target, notice, delivery) {
      const { sourceId, eventId } = targetFor('hotline', target);
      if (!notice.callback) throw new PermanentDeliveryError('a hotline delivery without a callback');
      const endpoint = await settings.findEndpoint(sourceId, eventId);
      if (!endpoint?.active || endpoint.url === null) {
        throw new PermanentDeliveryError(`hotline source ${sourceId} is revoked or has no callback URL`);
      }
      const body = callbackPayload(delivery, endpoint, notice.callback);
      const timestamp = String(Math.floor(clock().getTime() / 1000));
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Huying-Hotline/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(endpoint.secret, timestamp, body),
          [DELIVERY_HEADER]: String(delivery.id),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) {
        throw new Error(`the hotline callback answered ${response.status}`);
      }
    },
  };
}
