import type { Executor } from '../../db/repositories/executor.ts';
import { callbackSourcesOfEvents } from '../../db/repositories/hotline.ts';
import {
  activeWebhookSubscriptions,
  findRecipients,
  insertNotifications,
  type PendingNotice,
} from '../../db/repositories/notifications.ts';
import { insertOutboxRows, type NewDelivery } from '../../db/repositories/outbox.ts';
import { isWithin } from '../../domain/areas.ts';
import { type Notice, recipientsOf } from '../../domain/notices.ts';

/**
 * Tells notices to their audiences in the caller's transaction: an in-app notice, dated when its fact was, for
 * every person of each audience, a delivery for each of their e-mail and SMS addresses, and one for each active
 * webhook subscription that takes the notice's kind for events in its area. The fan-out job
 * (src/jobs/notice-fan-out.ts) calls it with the notices it takes off the queue, in the same transaction, so a
 * notice is told exactly once; delivery happens later (src/jobs/outbox-delivery.ts).
 */
export async function enqueueNotices(
  trx: Executor,
  pending: readonly PendingNotice[],
  now: Date,
): Promise<void> {
  if (pending.length === 0) return;
  const subscriptions = await activeWebhookSubscriptions(trx);
  const inApp: { userId: number; notice: Notice; at: Date }[] = [];
  const deliveries: NewDelivery[] = [];
  // A batch (the fan-out's) tells the same audience many times: each audience is looked up once, all together.
  const selectors = pending.map(({ notice }) => recipientsOf(notice.audience));
  const audienceKeys = selectors.map((selector) => JSON.stringify(selector));
  const audiences = new Map(audienceKeys.map((key, index) => [key, selectors[index]!]));
  const found = await findRecipients(trx, [...audiences.values()]);
  const recipientsOfAudience = new Map([...audiences.keys()].map((key, index) => [key, found[index]!]));
  // What goes back to a 12345 hotline leaves by its own signed callback, to the source the order came from.
  const callbackSources = await callbackSourcesOfEvents(
    trx,
    pending.filter(({ notice }) => notice.audience.kind === 'hotline').map(({ notice }) => notice.eventId),
  );
  for (const [index, { notice, at }] of pending.entries()) {
    if (notice.audience.kind === 'hotline') {
      const sourceId = callbackSources.get(notice.eventId);
      if (sourceId !== undefined) {
        deliveries.push({ notice, target: { kind: 'hotline', sourceId, eventId: notice.eventId } });
      }
      continue;
    }
    const recipients = recipientsOfAudience.get(audienceKeys[index]!) ?? [];
    for (const person of recipients) {
      inApp.push({ userId: person.id, notice, at });
      const email = person.email?.trim();
      const phone = person.phone?.trim();
      if (email) deliveries.push({ notice, target: { kind: 'email', userId: person.id, address: email } });
      if (phone) deliveries.push({ notice, target: { kind: 'sms', userId: person.id, phone } });
    }
    const place = notice.eventAreaPath;
    for (const subscription of subscriptions) {
      if (place === null || !isWithin(place, subscription.area_path)) continue;
      if (!subscription.kinds.includes(notice.kind)) continue;
      deliveries.push({ notice, target: { kind: 'webhook', subscriptionId: subscription.id } });
    }
  }
  await insertNotifications(trx, inApp);
  await insertOutboxRows(trx, deliveries, now);
}
