import type { CallbackEndpoint } from '../../db/repositories/hotline.ts';
import { callbackPayload } from '../../domain/hotline.ts';
import { type Channel, PermanentDeliveryError, targetFor } from './channel.ts';
import { postSigned, WEBHOOK_TIMEOUT_MS } from './webhook.ts';

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
      await postSigned({
        url: endpoint.url,
        secret: endpoint.secret,
        body: callbackPayload(delivery, endpoint, notice.callback),
        deliveryId: delivery.id,
        userAgent: 'Huying-Hotline/1',
        answering: 'the hotline callback',
        timeoutMs,
        now: clock(),
      });
    },
  };
}
