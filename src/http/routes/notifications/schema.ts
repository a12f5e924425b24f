import { Type } from 'typebox';
import { NOTICE_KINDS } from '../../../domain/notices.ts';
import { ProblemSchema } from '../../schemas.ts';

const Id = Type.Integer({ minimum: 1 });
const Kind = Type.Enum(NOTICE_KINDS);
const At = Type.String({ format: 'date-time' });

export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  kind: Kind,
  eventId: Type.String({ format: 'uuid' }),
  title: Type.String({ description: 'in the language of Accept-Language' }),
  body: Type.String(),
  createdAt: At,
  readAt: Type.Union([At, Type.Null()]),
});

export const listNotificationsSchema = {
  tags: ['notifications'],
  summary: 'My notices (站内通知), newest first',
  querystring: Type.Object(
    {
      unread: Type.Boolean({ default: false, description: 'only those not yet read' }),
      before: Type.Optional(Type.Integer({ minimum: 1, description: 'the last id of the previous page' })),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(NotificationSchema),
      unreadCount: Type.Integer(),
      nextBefore: Type.Union([Type.Integer(), Type.Null()]),
    }),
    401: ProblemSchema,
  },
};

export const readNotificationSchema = {
  tags: ['notifications'],
  summary: 'Mark one of my notices read',
  params: Type.Object({ id: Id }, { additionalProperties: false }),
  response: { 200: NotificationSchema, 401: ProblemSchema, 404: ProblemSchema },
};

const WebhookSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  kinds: Type.Array(Kind),
  areaPath: Type.String({ description: 'only events inside this area are sent' }),
  active: Type.Boolean(),
  createdAt: At,
});

export const createWebhookSchema = {
  tags: ['webhooks'],
  summary:
    'Subscribe a system to notices by webhook (administrators). Each POST carries X-Huying-Timestamp and ' +
    'X-Huying-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>"); the secret is shown only here',
  body: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 100 }),
      url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
      kinds: Type.Array(Kind, { minItems: 1, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Intersect([WebhookSchema, Type.Object({ secret: Type.String() })]),
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

export const listWebhooksSchema = {
  tags: ['webhooks'],
  summary: 'The webhook subscriptions in my area (administrators); secrets are never shown again',
  response: {
    200: Type.Object({ items: Type.Array(WebhookSchema) }),
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

export const stopWebhookSchema = {
  tags: ['webhooks'],
  summary: 'Stop a webhook subscription (administrators); what it was still owed is not sent',
  params: Type.Object({ id: Id }, { additionalProperties: false }),
  response: { 204: Type.Null(), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
};
