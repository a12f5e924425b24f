import type { SqlMigration } from './sql-migration.ts';

/**
 * The 12345 hotline: its sources (each with its token's hash, the HMAC secret its orders are signed with and
 * its callbacks are signed with, its callback URL, its urgency limits and the account it reports as), the work
 * orders they sent (one per source and order number: the caller's name and phone live here, not in the event)
 * and the urges (催办) they sent, each once. Callbacks are outbox rows of their own channel.
 */
export const hotline: SqlMigration = {
  up: [
    `create table hotline_sources (
      id bigint generated always as identity primary key,
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      name text not null check (length(name) between 1 and 100),
      user_id bigint not null unique references users(id),
      token_hash text not null unique,
      token_hint text not null,
      signing_secret text not null,
      callback_url text check (callback_url is null or (callback_url ~ '^https?://' and length(callback_url) <= 2000)),
      urgency_limits jsonb not null,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by bigint references users(id),
      last_used_at timestamptz
    )`,
    `create table hotline_orders (
      event_id uuid primary key references events(id),
      source_id bigint not null references hotline_sources(id),
      order_no text not null,
      request_type text not null,
      urgency text not null check (urgency in ('emergency','utilities','normal')),
      caller_name text,
      caller_phone text,
      address text,
      content text not null,
      due_at timestamptz,
      received_at timestamptz not null,
      updated_at timestamptz not null,
      revision integer not null default 1 check (revision >= 1),
      unique (source_id, order_no)
    )`,
    `create table hotline_urges (
      id bigint generated always as identity primary key,
      source_id bigint not null references hotline_sources(id),
      urge_id text not null,
      event_id uuid not null references events(id),
      content text not null,
      received_at timestamptz not null,
      unique (source_id, urge_id)
    )`,
    'alter table outbox drop constraint outbox_channel_check',
    "alter table outbox add constraint outbox_channel_check check (channel in ('email','sms','webhook','hotline'))",
    "create index outbox_hotline_failed on outbox (failed_at) where channel = 'hotline' and failed_at is not null",
  ],
  down: [
    'drop index outbox_hotline_failed',
    "delete from outbox where channel = 'hotline'",
    'alter table outbox drop constraint outbox_channel_check',
    "alter table outbox add constraint outbox_channel_check check (channel in ('email','sms','webhook'))",
    'drop table hotline_urges',
    'drop table hotline_orders',
    'drop table hotline_sources',
  ],
};
