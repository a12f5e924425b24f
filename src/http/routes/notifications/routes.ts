import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createWebhookSubscription } from '../../../commands/notices/create-webhook-subscription.ts';
import {
  countUnreadNotifications,
  deactivateWebhookSubscription,
  findWebhookSubscription,
  listNotifications,
  listWebhookSubscriptions,
  markNotificationRead,
} from '../../../db/repositories/notifications.ts';
import type { NotificationRow, WebhookSubscriptionRow } from '../../../db/schema-notifications.ts';
import type { Language } from '../../../i18n/language.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import {
  createWebhookSchema,
  listNotificationsSchema,
  listWebhooksSchema,
  readNotificationSchema,
  stopWebhookSchema,
} from './schema.ts';

function presentNotification(row: NotificationRow, language: Language) {
  const pick = language === 'en' ? 'en' : 'zh';
  return {
    id: row.id,
    kind: row.kind,
    eventId: row.event_id,
    title: row.title[pick],
    body: row.body[pick],
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

function presentWebhook(row: WebhookSubscriptionRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    kinds: row.kinds,
    areaPath: row.area_path,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Everyone's own notices, and the administrators' webhook subscriptions. Webhooks are administered as people
 * are (`user:manage`) until permissions name them; a subscription is in sight where its area is.
 */
export const notificationRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.get('/api/v1/notifications', { schema: listNotificationsSchema }, async (request) => {
    const user = requireUser(request);
    const { unread, before, limit } = request.query;
    const rows = await listNotifications(db, user.id, { unreadOnly: unread, before: before ?? null, limit });
    return {
      items: rows.map((row) => presentNotification(row, request.language)),
      unreadCount: await countUnreadNotifications(db, user.id),
      nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
    };
  });

  app.post('/api/v1/notifications/:id/read', { schema: readNotificationSchema }, async (request) => {
    const user = requireUser(request);
    const row = await markNotificationRead(db, user.id, request.params.id, clock());
    if (!row) throw problems.notFound();
    return presentNotification(row, request.language);
  });

  app.post('/api/v1/webhooks', { schema: createWebhookSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'webhook:manage', ownPlace(actor));
    const result = await createWebhookSubscription(db, actor, request.body, clock());
    if (!result.ok) {
      throw problems.invalidRequest({
        'zh-CN': '您没有所属区域，无法确定订阅的范围。',
        en: 'You have no area, so the subscription would have no bounds.',
      });
    }
    return reply.status(201).send({ ...presentWebhook(result.subscription), secret: result.secret });
  });

  app.get('/api/v1/webhooks', { schema: listWebhooksSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'webhook:manage', ownPlace(actor));
    if (actor.areaPath === null) return { items: [] };
    return { items: (await listWebhookSubscriptions(db, actor.areaPath)).map(presentWebhook) };
  });

  app.delete('/api/v1/webhooks/:id', { schema: stopWebhookSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const subscription = await findWebhookSubscription(db, request.params.id);
    ensurePermitted(actor, 'webhook:manage', subscription ? { areaPath: subscription.area_path } : null);
    await deactivateWebhookSubscription(db, request.params.id);
    return reply.status(204).send(null);
  });
};
