import type { SqlMigration } from './sql-migration.ts';

const roleList = `array['resident','grid_worker','grid_leader','community_staff','street_dispatcher','street_head',
  'department_officer','department_head','district_dispatcher','supervision_office','leader','administrator']::text[]`;

/** Areas, departments, people, sessions and API tokens: what everything else stands on. */
export const foundation: SqlMigration = {
  up: [
    `create table areas (
      code text primary key check (code ~ '^[0-9A-Za-z_-]{1,32}$'),
      name text not null check (length(name) between 1 and 100),
      level text not null check (level in ('district','street','community','grid','micro_grid')),
      parent_code text references areas(code) deferrable initially deferred,
      path text not null,
      boundary jsonb not null,
      min_lng double precision not null,
      min_lat double precision not null,
      max_lng double precision not null,
      max_lat double precision not null,
      households integer check (households >= 0),
      population integer check (population >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((level = 'district') = (parent_code is null))
    )`,
    'create index areas_parent_code on areas (parent_code)',
    'create index areas_path on areas (path text_pattern_ops)',
    `create table area_tree_version (
      singleton boolean primary key default true check (singleton),
      version bigint not null default 0
    )`,
    'insert into area_tree_version default values',
    `create table departments (
      code text primary key check (code ~ '^[0-9A-Za-z_-]{1,32}$'),
      name text not null check (length(name) between 1 and 100),
      name_en text not null,
      kind text not null check (kind in ('district_department','street_office')),
      area_code text not null references areas(code),
      created_at timestamptz not null default now()
    )`,
    'create index departments_area_code on departments (area_code)',
    `create table users (
      id bigint generated always as identity primary key,
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text not null check (length(display_name) between 1 and 100),
      password_hash text,
      roles text[] not null check (cardinality(roles) > 0 and roles <@ ${roleList}),
      area_code text references areas(code),
      department_code text references departments(code),
      phone text,
      email text,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      check (area_code is not null or department_code is not null)
    )`,
    'create index users_area_code on users (area_code)',
    'create index users_department_code on users (department_code)',
    `create table sessions (
      token_hash text primary key,
      user_id bigint not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`,
    'create index sessions_user_id on sessions (user_id)',
    'create index sessions_expires_at on sessions (expires_at)',
    `create table api_tokens (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    'create index api_tokens_user_id on api_tokens (user_id)',
  ],
  down: [
    'drop table api_tokens',
    'drop table sessions',
    'drop table users',
    'drop table departments',
    'drop table area_tree_version',
    'drop table areas',
  ],
};
