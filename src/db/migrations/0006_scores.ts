import type { SqlMigration } from './sql-migration.ts';

/**
 * Scores (考核): the rules that add and take points (data an administrator edits; the defaults are installed
 * at start-up by src/commands/scores/install-default-score-rules.ts), the weight of the streets' evaluation,
 * every point added or taken with the event, the fact of its log and the rule that caused it, and the
 * streets' yearly rating of the district departments (下考上).
 */
export const scores: SqlMigration = {
  up: [
    `create table score_rules (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{0,63}$'),
      name_zh text not null check (length(name_zh) between 1 and 100),
      name_en text not null check (length(name_en) between 1 and 200),
      points numeric(7,2) not null check (points between -100 and 100),
      active boolean not null default true,
      updated_by bigint references users(id) on delete set null,
      updated_at timestamptz not null default now()
    )`,
    `create table score_settings (
      singleton boolean primary key default true check (singleton),
      street_evaluation_weight numeric(4,3) not null default 0.5
        check (street_evaluation_weight between 0 and 1),
      updated_by bigint references users(id) on delete set null,
      updated_at timestamptz not null default now()
    )`,
    'insert into score_settings default values',
    // One row per point added or taken. (event_id, event_seq) names the fact of the log that caused it; a fact
    // fires a rule at most once, so writing the same fact's points again changes nothing.
    `create table score_entries (
      id bigint generated always as identity primary key,
      event_id uuid not null references events(id) deferrable initially deferred,
      event_seq integer not null,
      unit_code text not null,
      unit_kind text not null check (unit_kind in ('district_department','street_office','community')),
      rule_code text not null references score_rules(code),
      points numeric(7,2) not null,
      at timestamptz not null,
      foreign key (event_id, event_seq) references event_log(event_id, event_seq) deferrable initially deferred,
      unique (event_id, event_seq, rule_code)
    )`,
    'create index score_entries_unit_at on score_entries (unit_code, at)',
    'create index score_entries_at on score_entries (at)',
    `create table street_ratings (
      street_code text not null references areas(code),
      department_code text not null references departments(code),
      year integer not null check (year between 2000 and 2999),
      score numeric(5,2) not null check (score between 0 and 100),
      rated_by bigint references users(id) on delete set null,
      rated_at timestamptz not null,
      comment text not null default '' check (length(comment) <= 500),
      primary key (street_code, department_code, year)
    )`,
    'create index street_ratings_department_year on street_ratings (department_code, year)',
  ],
  down: [
    'drop table street_ratings',
    'drop table score_entries',
    'drop table score_settings',
    'drop table score_rules',
  ],
};
