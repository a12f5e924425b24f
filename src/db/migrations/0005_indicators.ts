import type { SqlMigration } from './sql-migration.ts';

const counters = [
  'reported',
  'withdrawn',
  'assigned',
  'returned',
  'accepted',
  'handled',
  'reworked',
  'closed',
  'closed_on_time',
  'rated',
  'satisfied',
  'basically_satisfied',
  'overdue',
  'whistles',
  'second_whistles',
  'accept_ms_sum',
  'finish_ms_sum',
]
  .map((name) => `${name} bigint not null default 0 check (${name} >= 0)`)
  .join(',\n      ');

/**
 * The figures (指标) of the district, kept as counters that every recorded fact adds to, in the fact's own
 * transaction (src/domain/rollup.ts says what each fact adds). One row per period and per key: the area (district
 * and street), the catalogue class, the source and the lead unit at the time of the fact. Each fact is added at
 * three grains, its day, its month and its year in China time, so that a month or a year is read from a few
 * rows per key instead of summing every day of it: the work of a query follows the period asked for, never the
 * length of the history. Durations are kept as sums (for the mean) and as log-scaled histograms in minutes (for
 * the 90th percentile), stored without their trailing zeros.
 */
export const indicators: SqlMigration = {
  up: [
    `create table rollups (
      grain text not null check (grain in ('day','month','year')),
      period_start date not null,
      district_code text not null default '',
      street_code text not null default '',
      catalogue_class text not null default '',
      source text not null,
      unit_kind text not null default '' check (unit_kind in ('','district_department','street_office','community')),
      unit_code text not null default '',
      ${counters},
      accept_histogram integer[] not null default '{}',
      finish_histogram integer[] not null default '{}',
      primary key (grain, period_start, district_code, street_code, catalogue_class, source, unit_kind, unit_code)
    )`,
    // A department's own rows, whatever street they come from.
    'create index rollups_unit on rollups (unit_code, grain, period_start)',
  ],
  down: ['drop table rollups'],
};
