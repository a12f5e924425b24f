import type { SqlMigration } from './sql-migration.ts';

/**
 * Administrators keep the register of departments and street offices: an office may say what kind of office it
 * is (otherwise its name tells, as the demo register's names do), and a unit may be stood down without deleting
 * it, since events and scores name it.
 */
export const departmentRegister: SqlMigration = {
  up: [
    `alter table departments
      add column office_kind text check (office_kind in ('law_enforcement','urban_management','public_safety',
        'community_building','citizen_service','emergency_management','party_affairs')),
      add column active boolean not null default true,
      add column updated_at timestamptz not null default now(),
      add constraint departments_office_kind_of_street_office check (office_kind is null or kind = 'street_office')`,
  ],
  down: [
    `alter table departments drop constraint departments_office_kind_of_street_office,
      drop column updated_at, drop column active, drop column office_kind`,
  ],
};
