import type { SqlMigration } from './sql-migration.ts';

/**
 * Saved views of the event list (我的视图): a person's named set of the list's filters, kept as JSON in the
 * shape of the list's query (checked against the same schema when saved). Names are unique per person.
 */
export const savedViews: SqlMigration = {
  up: [
    `create table saved_views (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      name text not null check (length(name) between 1 and 50),
      filter jsonb not null check (jsonb_typeof(filter) = 'object'),
      created_at timestamptz not null default now(),
      unique (user_id, name)
    )`,
  ],
  down: ['drop table saved_views'],
};
