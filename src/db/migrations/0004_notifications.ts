import type { SqlMigration } from './sql-migration.ts';

const noticeKinds = `array['todo','warning','overdue','whistle','result']::text[]`;

/**
 * Notices: the in-app list every recipient gets, the outbox of deliveries by e-mail, SMS and webhook written in
 * the same transaction as the fact that caused them, and the webhook subscriptions.
 */
export const notifications: SqlMigration = {
  up: [
    `create table notifications (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      kind text not null check (kind = any (${noticeKinds})),
      event_id uuid not null references events(id) deferrable initially deferred,
      title jsonb not null,
      body jsonb not null,
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`,
    'create index notifications_user_id on notifications (user_id, id desc)',
    'create index notifications_unread on notifications (user_id, id desc) where read_at is null',
    `create table webhook_subscriptions (
      id bigint generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      url text not null check (url ~ '^https?://' and length(url) <= 2000),
      secret text not null,
      kinds text[] not null check (cardinality(kinds) > 0 and kinds <@ ${noticeKinds}),
      area_path text not null,
      active boolean not null default true,
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now()
    )`,
    `create table outbox (
      id bigint generated always as identity primary key,
      notice jsonb not null,
      channel text not null check (channel in ('email','sms','webhook')),
      target jsonb not null,
      created_at timestamptz not null default now(),
      available_at timestamptz not null,
      attempts integer not null default 0 check (attempts >= 0),
      lease_until timestamptz,
      delivered_at timestamptz,
      failed_at timestamptz,
      last_error text
    )`,
    // Only what is still to be sent, in the order it is claimed: the index stays small however long the history.
    'create index outbox_pending on outbox (available_at, id) where delivered_at is null and failed_at is null',
  ],
  down: ['drop table outbox', 'drop table webhook_subscriptions', 'drop table notifications'],
};
