import type { SqlMigration } from './sql-migration.ts';

/**
 * The catalogue, events (a read table derived from the log), the append-only event log with its hash chains,
 * attachments and idempotency keys.
 */
export const events: SqlMigration = {
  up: [
    `create table catalogue_classes (
      code text primary key check (code ~ '^[0-9A-Za-z_-]{1,32}$'),
      name text not null,
      name_en text not null,
      kind text not null check (kind in ('component','matter','social_governance','hotline')),
      standard_ref text,
      updated_at timestamptz not null default now()
    )`,
    `create table catalogue_items (
      code text primary key check (code ~ '^[0-9A-Za-z_-]{1,32}$'),
      class_code text not null references catalogue_classes(code),
      name text not null,
      definition jsonb not null,
      active boolean not null default true,
      revision integer not null default 1,
      updated_at timestamptz not null default now()
    )`,
    'create index catalogue_items_class_code on catalogue_items (class_code)',
    `create table events (
      id uuid primary key,
      tracking_code text not null unique,
      state text not null check (state in ('reported','dispatched','accepted','handled','verified','rated','closed','cancelled','merged')),
      level text not null check (level in ('grid','community','street','district')),
      source text not null check (source in ('resident','grid_worker','hotline','camera','other_system','leader_instruction')),
      catalogue_item_code text not null,
      catalogue_item jsonb not null,
      description text not null,
      area_code text references areas(code),
      area_path text,
      lng double precision,
      lat double precision,
      address text,
      reporter_user_id bigint references users(id),
      follower_user_ids bigint[] not null default '{}',
      lead_code text,
      assisting_codes text[] not null default '{}',
      whistle text not null default 'none' check (whistle in ('none','first','second')),
      rework_count integer not null default 0,
      rating text check (rating in ('satisfied','basically_satisfied','dissatisfied')),
      reported_at timestamptz not null,
      closed_at timestamptz,
      merged_into uuid references events(id),
      last_seq integer not null,
      last_hash text not null,
      snapshot jsonb not null,
      updated_at timestamptz not null
    )`,
    'create index events_state on events (state)',
    'create index events_area_path on events (area_path text_pattern_ops)',
    'create index events_catalogue_item_code on events (catalogue_item_code)',
    'create index events_lead_code on events (lead_code)',
    'create index events_assisting_codes on events using gin (assisting_codes)',
    'create index events_follower_user_ids on events using gin (follower_user_ids)',
    'create index events_reported_at on events (reported_at desc, id desc)',
    "create index events_open_by_item on events (catalogue_item_code, reported_at) where state not in ('closed','cancelled','merged')",
    `create table event_log (
      position bigint primary key,
      event_id uuid not null references events(id) deferrable initially deferred,
      event_seq integer not null,
      fact_type text not null,
      fact jsonb not null,
      actor_user_id bigint,
      at text not null,
      prev_global_hash text,
      prev_event_hash text,
      hash text not null,
      unique (event_id, event_seq)
    )`,
    `create table event_log_head (
      singleton boolean primary key default true check (singleton),
      position bigint not null default 0,
      hash text
    )`,
    'insert into event_log_head default values',
    // The log is append-only for the application: an UPDATE or DELETE is refused by the database itself.
    // Someone with the power to drop this trigger is caught by the hash chains instead.
    `create function event_log_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'event_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
    $$`,
    `create trigger event_log_append_only before update or delete on event_log
      for each row execute function event_log_is_append_only()`,
    `create table attachments (
      id uuid primary key,
      sha256 text not null,
      media_type text not null,
      size_bytes bigint not null check (size_bytes > 0),
      storage_key text not null,
      uploaded_by bigint references users(id),
      created_at timestamptz not null default now()
    )`,
    `create table event_attachments (
      event_id uuid not null references events(id),
      attachment_id uuid not null references attachments(id),
      primary key (event_id, attachment_id)
    )`,
    'create index event_attachments_attachment_id on event_attachments (attachment_id)',
    `create table idempotency_keys (
      user_id bigint not null references users(id),
      key text not null,
      request_hash text not null,
      event_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    )`,
  ],
  down: [
    'drop table idempotency_keys',
    'drop table event_attachments',
    'drop table attachments',
    'drop trigger event_log_append_only on event_log',
    'drop function event_log_is_append_only',
    'drop table event_log_head',
    'drop table event_log',
    'drop table events',
    'drop table catalogue_items',
    'drop table catalogue_classes',
  ],
};
