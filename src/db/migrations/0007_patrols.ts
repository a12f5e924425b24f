import type { SqlMigration } from './sql-migration.ts';

/**
 * Patrol tracks (巡查轨迹): the positions a grid worker's phone records on patrol, sent in batches. One row per
 * person and instant, so a batch sent again (the phone never heard the answer) adds nothing twice.
 */
export const patrols: SqlMigration = {
  up: [
    `create table patrol_points (
      user_id bigint not null references users(id) on delete cascade,
      recorded_at timestamptz not null,
      lng double precision not null check (lng between -180 and 180),
      lat double precision not null check (lat between -90 and 90),
      accuracy_m double precision check (accuracy_m >= 0),
      received_at timestamptz not null default now(),
      primary key (user_id, recorded_at)
    )`,
    // A day's tracks are read by time across everyone in an area: the time first, then the person.
    'create index patrol_points_recorded_at on patrol_points (recorded_at, user_id)',
  ],
  down: ['drop table patrol_points'],
};
