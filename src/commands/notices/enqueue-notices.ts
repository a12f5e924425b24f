import type { Executor } from '../../db/repositories/executor.ts';
import {
  activeWebhookSubscriptions,
  findRecipients,
  insertNotifications,
  type Recipient,
} from '../../db/repositories/notifications.ts';
import { insertOutboxRows, type NewDelivery } from '../../db/repositories/outbox.ts';
import { isWithin } from '../../domain/areas.ts';
import { type Notice, type RecipientSelector, recipientsOf } from '../../domain/notices.ts';

export { noticesForFacts } from '../../domain/notices.ts';

/**
 * Writes notices in the caller's transaction, the one that records the fact causing them: an in-app notice for
 * every person of each audience, a delivery for each of their e-mail and SMS addresses, and one for each active
 * webhook subscription that takes the notice's kind for events in its area. The fact and its notices commit or
 * vanish together; delivery happens later (src/jobs/outbox-delivery.ts).
 */
export async function enqueueNotices(trx: Executor, notices: readonly Notice[], now: Date): Promise<void> {
  if (notices.length === 0) return;
  const subscriptions = await activeWebhookSubscriptions(trx);
  const inApp: { userId: number; notice: Notice }[] = [];
  const deliveries: NewDelivery[] = [];
  // A batch (the sweeper's) tells the same audience of many events: each audience is looked up once.
  const audiences = new Map<string, Promise<Recipient[]>>();
  const recipientsOfAudience = (selector: RecipientSelector) => {
    const key = JSON.stringify(selector);
    const known = audiences.get(key);
    if (known) return known;
    const found = findRecipients(trx, selector);
    audiences.set(key, found);
    return found;
  };
  for (const notice of notices) {
    const recipients = await recipientsOfAudience(recipientsOf(notice.audience));
    for (const person of recipients) {
      inApp.push({ userId: person.id, notice });
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
  await insertNotifications(trx, inApp, now);
  await insertOutboxRows(trx, deliveries, now);
}
