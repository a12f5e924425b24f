import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AreaBoundary, AreaLevel } from '../domain/areas.ts';
import type { DepartmentKind } from '../domain/departments.ts';
import type { Role } from '../domain/roles.ts';

/** Defaulted by the database on insert, never updated by the application. */
type CreatedAt = ColumnType<Date, never, never>;

export interface AreaTable {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  /** Codes from the root down to this node, joined by '/': the subtree of X is `path = X or path like X/%`. */
  path: string;
  boundary: ColumnType<AreaBoundary, string, string>;
  min_lng: number;
  min_lat: number;
  max_lng: number;
  max_lat: number;
  households: number | null;
  population: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, never, Date>;
}

export interface AreaTreeVersionTable {
  singleton: ColumnType<boolean, never, never>;
  version: number;
}

export interface DepartmentTable {
  code: string;
  name: string;
  name_en: string;
  kind: DepartmentKind;
  area_code: string;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string | null;
  roles: Role[];
  area_code: string | null;
  department_code: string | null;
  phone: string | null;
  email: string | null;
  disabled_at: Date | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface Database {
  areas: AreaTable;
  area_tree_version: AreaTreeVersionTable;
  departments: DepartmentTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
}

export type AreaRow = Selectable<AreaTable>;
export type NewAreaRow = Insertable<AreaTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type UserRow = Selectable<UserTable>;
