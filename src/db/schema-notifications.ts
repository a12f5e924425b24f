import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ChannelKind, DeliveryTarget, Notice, NoticeKind, NoticeText } from '../domain/notices.ts';

/** The in-app list (站内通知): one row per person per notice, always written. */
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: NoticeKind;
  event_id: string;
  title: ColumnType<NoticeText, string, never>;
  body: ColumnType<NoticeText, string, never>;
  created_at: ColumnType<Date, Date, never>;
  read_at: ColumnType<Date | null, never, Date | null>;
}

/**
 * Deliveries waiting to leave by e-mail, SMS or webhook, written in the transaction of the fact that caused
 * them. A row is claimed by setting `lease_until`, then marked delivered, or retried later, or failed for good.
 */
export interface OutboxTable {
  id: Generated<number>;
  notice: ColumnType<Notice, string, never>;
  channel: ChannelKind;
  target: ColumnType<DeliveryTarget, string, never>;
  created_at: ColumnType<Date, Date, never>;
  available_at: Date;
  attempts: ColumnType<number, never, number>;
  lease_until: ColumnType<Date | null, never, Date | null>;
  delivered_at: ColumnType<Date | null, never, Date | null>;
  failed_at: ColumnType<Date | null, never, Date | null>;
  last_error: ColumnType<string | null, never, string | null>;
}

/** Outbound webhooks: a system that hears of the notices of some kinds about events inside `area_path`. */
export interface WebhookSubscriptionTable {
  id: Generated<number>;
  name: string;
  url: string;
  /** The HMAC-SHA256 key: kept in clear, since signing needs it (unlike bearer tokens, stored as hashes). */
  secret: string;
  kinds: NoticeKind[];
  area_path: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: number | null;
  created_at: ColumnType<Date, Date, never>;
}

/** A notice written with its fact and not yet told to its audience (migration 0013). */
export interface PendingNoticeTable {
  id: Generated<number>;
  notice: ColumnType<Notice, string, never>;
  created_at: ColumnType<Date, Date, never>;
}

export type NotificationRow = Selectable<NotificationTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>;
