import type { Executor } from '../../db/repositories/executor.ts';
import { insertWebhookSubscription } from '../../db/repositories/notifications.ts';
import type { WebhookSubscriptionRow } from '../../db/schema-notifications.ts';
import type { NoticeKind } from '../../domain/notices.ts';
import type { Actor } from '../../domain/permissions.ts';
import { newSecretToken } from '../../security/tokens.ts';

export type CreateWebhookResult =
  | { ok: true; subscription: WebhookSubscriptionRow; secret: string }
  | { ok: false; reason: 'no_place' };

/**
 * Registers a system to be told of notices by signed webhook. It hears only of events inside the area of the
 * administrator who registers it; the signing secret is made here and shown once.
 */
export async function createWebhookSubscription(
  db: Executor,
  actor: Actor,
  request: { name: string; url: string; kinds: readonly NoticeKind[] },
  now: Date,
): Promise<CreateWebhookResult> {
  if (actor.areaPath === null) return { ok: false, reason: 'no_place' };
  const secret = newSecretToken('whsec');
  const subscription = await insertWebhookSubscription(
    db,
    {
      name: request.name,
      url: request.url,
      secret,
      kinds: [...new Set(request.kinds)],
      areaPath: actor.areaPath,
      createdBy: actor.userId,
    },
    now,
  );
  return { ok: true, subscription, secret };
}
