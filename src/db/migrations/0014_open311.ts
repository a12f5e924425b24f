import type { SqlMigration } from './sql-migration.ts';

/**
 * Open311 GeoReport v2: the clients (each with its key's hash, its source and the account it reports as), the
 * photo address a request came with, the updates clients send on their requests (FixMyStreet's extension),
 * and indexes that find the events of clients' accounts by when they were reported and last changed.
 */
export const open311: SqlMigration = {
  up: [
    `create table open311_clients (
      id bigint generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      source text not null check (source in ('resident','hotline','camera','other_system')),
      user_id bigint not null unique references users(id),
      key_hash text not null unique,
      key_hint text not null,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by bigint references users(id),
      last_used_at timestamptz
    )`,
    `create table open311_requests (
      event_id uuid primary key references events(id),
      client_id bigint not null references open311_clients(id),
      media_url text
    )`,
    `create table open311_inbound_updates (
      id bigint generated always as identity primary key,
      client_id bigint not null references open311_clients(id),
      update_id text not null,
      event_id uuid not null references events(id),
      status text not null,
      description text not null,
      updated_at timestamptz not null,
      media_url text,
      withdrew boolean not null,
      received_at timestamptz not null default now(),
      unique (client_id, update_id)
    )`,
    'create index events_reporter_reported_at on events (reporter_user_id, reported_at desc) where reporter_user_id is not null',
    'create index events_reporter_updated_at on events (reporter_user_id, updated_at) where reporter_user_id is not null',
  ],
  down: [
    'drop index events_reporter_updated_at',
    'drop index events_reporter_reported_at',
    'drop table open311_inbound_updates',
    'drop table open311_requests',
    'drop table open311_clients',
  ],
};
