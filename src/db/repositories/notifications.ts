import { sql } from 'kysely';
import type { Notice, NoticeKind, RecipientSelector } from '../../domain/notices.ts';
import type { Role } from '../../domain/roles.ts';
import type { NotificationRow, WebhookSubscriptionRow } from '../schema-notifications.ts';
import { belowPathPattern, type Executor, inBatches, type Write, writesInBatches } from './executor.ts';

/** `u.roles && $1::text[]`: the array is one parameter, not a list to compare with. */
function holdsAnyRole(roles: readonly Role[]) {
  return sql<boolean>`u.roles && ${[...roles]}::text[]`;
}

/** A person a notice reaches, with the addresses it can also leave by. */
export interface Recipient {
  id: number;
  email: string | null;
  phone: string | null;
}

/**
 * The active people each audience names, in one round trip for all of them: a batch of notices names many
 * audiences. A person's place is their own area, or their department's, as for what they see
 * (src/db/repositories/users.ts).
 */
export async function findRecipients(
  db: Executor,
  selectors: readonly RecipientSelector[],
): Promise<Recipient[][]> {
  const people = (audience: number) =>
    db
      .selectFrom('users as u')
      .leftJoin('departments as d', 'd.code', 'u.department_code')
      .leftJoin('areas as a', (join) =>
        join.on((eb) => eb('a.code', '=', eb.fn.coalesce('u.area_code', 'd.area_code'))),
      )
      .where('u.disabled_at', 'is', null)
      .select([sql.lit(audience).as('audience'), 'u.id', 'u.email', 'u.phone']);
  const audienceOf = (selector: RecipientSelector, audience: number) => {
    switch (selector.kind) {
      case 'users':
        return selector.userIds.length === 0 ? null : people(audience).where('u.id', 'in', selector.userIds);
      case 'department':
        return people(audience).where('u.department_code', '=', selector.departmentCode);
      case 'area':
        return selector.roles.length === 0
          ? null
          : people(audience).where('u.area_code', '=', selector.areaCode).where(holdsAnyRole(selector.roles));
      case 'placed_over':
        return selector.roles.length === 0 || selector.areaPaths.length === 0
          ? null
          : people(audience).where('a.path', 'in', selector.areaPaths).where(holdsAnyRole(selector.roles));
    }
  };
  const queries = selectors.map(audienceOf).filter((query) => query !== null);
  const found = selectors.map((): Recipient[] => []);
  const [first, ...rest] = queries;
  if (!first) return found;
  const rows = await rest
    .reduce((union, query) => union.unionAll(query), first)
    .orderBy('audience')
    .orderBy('id')
    .execute();
  for (const { audience, ...person } of rows) found[Number(audience)]!.push(person);
  return found;
}

/** Notices to be told to their audiences later, written in their facts' transaction: one row per notice. */
export function pendingNoticeWrites(trx: Executor, notices: readonly Notice[], now: Date): Write[] {
  return writesInBatches(notices, 2, (batch) =>
    trx
      .insertInto('pending_notices')
      .values(batch.map((notice) => ({ notice: JSON.stringify(notice), created_at: now }))),
  );
}

/** A notice as its fact wrote it, with the time of the fact. */
export interface PendingNotice {
  notice: Notice;
  at: Date;
}

/**
 * Takes up to `limit` pending notices, oldest first, off the queue in the caller's transaction: rows another
 * process is taking are passed over, and a rollback puts them back.
 */
export async function takePendingNotices(trx: Executor, limit: number): Promise<PendingNotice[]> {
  const rows = await trx
    .deleteFrom('pending_notices')
    .where('id', 'in', (eb) =>
      eb.selectFrom('pending_notices').select('id').orderBy('id').limit(limit).forUpdate().skipLocked(),
    )
    .returning(['id', 'notice', 'created_at'])
    .execute();
  return rows.sort((a, b) => a.id - b.id).map((row) => ({ notice: row.notice, at: row.created_at }));
}

export async function insertNotifications(
  db: Executor,
  rows: readonly { userId: number; notice: Notice; at: Date }[],
): Promise<void> {
  for (const batch of inBatches(rows, 1000)) {
    await db
      .insertInto('notifications')
      .values(
        batch.map(({ userId, notice, at }) => ({
          user_id: userId,
          kind: notice.kind,
          event_id: notice.eventId,
          title: JSON.stringify(notice.title),
          body: JSON.stringify(notice.body),
          created_at: at,
        })),
      )
      .execute();
  }
}

/** One person's notices, newest first, a page at a time (`before`: the last id of the previous page). */
export async function listNotifications(
  db: Executor,
  userId: number,
  page: { unreadOnly: boolean; before: number | null; limit: number },
): Promise<NotificationRow[]> {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.unreadOnly) query = query.where('read_at', 'is', null);
  if (page.before !== null) query = query.where('id', '<', page.before);
  return query.execute();
}

export async function countUnreadNotifications(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of the person's own notices read; a notice read before keeps its first reading time. */
export async function markNotificationRead(
  db: Executor,
  userId: number,
  id: number,
  now: Date,
): Promise<NotificationRow | undefined> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export interface NewWebhookSubscription {
  name: string;
  url: string;
  secret: string;
  kinds: readonly NoticeKind[];
  areaPath: string;
  createdBy: number | null;
}

export async function insertWebhookSubscription(
  db: Executor,
  subscription: NewWebhookSubscription,
  now: Date,
): Promise<WebhookSubscriptionRow> {
  return db
    .insertInto('webhook_subscriptions')
    .values({
      name: subscription.name,
      url: subscription.url,
      secret: subscription.secret,
      kinds: [...subscription.kinds],
      area_path: subscription.areaPath,
      created_by: subscription.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The subscriptions placed inside an area (an administrator's own and those below it). */
export async function listWebhookSubscriptions(
  db: Executor,
  areaPath: string,
): Promise<WebhookSubscriptionRow[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where((eb) =>
      eb.or([eb('area_path', '=', areaPath), eb('area_path', 'like', belowPathPattern(areaPath))]),
    )
    .orderBy('id')
    .execute();
}

export async function findWebhookSubscription(
  db: Executor,
  id: number,
): Promise<WebhookSubscriptionRow | undefined> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeWebhookSubscriptions(
  db: Executor,
): Promise<Pick<WebhookSubscriptionRow, 'id' | 'kinds' | 'area_path'>[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'kinds', 'area_path'])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

/** Stops a subscription: what it was still owed fails at delivery instead of being sent. */
export async function deactivateWebhookSubscription(db: Executor, id: number): Promise<boolean> {
  const result = await db
    .updateTable('webhook_subscriptions')
    .set({ active: false })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
