import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AreaBoundary, AreaLevel } from '../domain/areas.ts';
import type { CatalogueItem, StreetOfficeKind } from '../domain/catalogue.ts';
import type { DepartmentKind } from '../domain/departments.ts';
import type { EventLevel, EventSource, EventStateName, Rating } from '../domain/events.ts';
import type { Role } from '../domain/roles.ts';
import type { HotlineOrderTable, HotlineSourceTable, HotlineUrgeTable } from './schema-hotline.ts';
import type {
  NotificationTable,
  OutboxTable,
  PendingNoticeTable,
  WebhookSubscriptionTable,
} from './schema-notifications.ts';
import type { Open311ClientTable, Open311InboundUpdateTable, Open311RequestTable } from './schema-open311.ts';

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
  /** Migration 0009: what kind of street office it is; null reads the kind from the name. */
  office_kind: ColumnType<
    StreetOfficeKind | null,
    StreetOfficeKind | null | undefined,
    StreetOfficeKind | null
  >;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
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

export interface AttachmentTable {
  id: string;
  sha256: string;
  media_type: string;
  size_bytes: number;
  storage_key: string;
  uploaded_by: number | null;
  created_at: CreatedAt;
}

export interface EventAttachmentTable {
  event_id: string;
  attachment_id: string;
}

export interface Database {
  areas: AreaTable;
  area_tree_version: AreaTreeVersionTable;
  departments: DepartmentTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  attachments: AttachmentTable;
  event_attachments: EventAttachmentTable;
  events: EventTable;
  event_log: EventLogTable;
  event_log_head: EventLogHeadTable;
  event_log_seals: EventLogSealTable;
  event_log_unsealed: EventLogUnsealedTable;
  idempotency_keys: IdempotencyKeyTable;
  catalogue_classes: CatalogueClassTable;
  catalogue_items: CatalogueItemTable;
  calendar_overrides: CalendarOverrideTable;
  notifications: NotificationTable;
  outbox: OutboxTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  pending_notices: PendingNoticeTable;
  rollups: RollupTable;
  rollup_deltas: RollupDeltaTable;
  score_rules: ScoreRuleTable;
  score_settings: ScoreSettingsTable;
  score_entries: ScoreEntryTable;
  street_ratings: StreetRatingTable;
  patrol_points: PatrolPointTable;
  saved_views: SavedViewTable;
  rate_limits: RateLimitTable;
  open311_clients: Open311ClientTable;
  open311_requests: Open311RequestTable;
  open311_inbound_updates: Open311InboundUpdateTable;
  hotline_sources: HotlineSourceTable;
  hotline_orders: HotlineOrderTable;
  hotline_urges: HotlineUrgeTable;
}

export type AreaRow = Selectable<AreaTable>;
export type NewAreaRow = Insertable<AreaTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type UserRow = Selectable<UserTable>;

export interface EventTable {
  id: string;
  tracking_code: string;
  state: EventStateName;
  level: EventLevel;
  source: EventSource;
  catalogue_item_code: string;
  catalogue_item: ColumnType<unknown, string, string>;
  description: string;
  area_code: string | null;
  area_path: string | null;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter_user_id: number | null;
  /** The reporter and the reporters of merged duplicates: they follow the event. */
  follower_user_ids: number[];
  lead_code: string | null;
  assisting_codes: string[];
  whistle: 'none' | 'first' | 'second';
  rework_count: number;
  rating: Rating | null;
  reported_at: Date;
  closed_at: Date | null;
  merged_into: string | null;
  last_seq: number;
  last_hash: string;
  snapshot: ColumnType<unknown, string, string>;
  updated_at: Date;
  deadline_step: 'accept' | 'handle' | 'verify' | null;
  deadline_started_at: Date | null;
  warn_at: Date | null;
  due_at: Date | null;
  warned_at: Date | null;
  passed_at: Date | null;
}

export interface CalendarOverrideTable {
  day: ColumnType<string, string, string>;
  kind: 'workday' | 'holiday';
  note: string;
  updated_by: number | null;
  updated_at: ColumnType<Date, never, Date>;
}

export interface EventLogTable {
  /** From a sequence (migration 0012): unique and increasing, but with gaps and not in commit order. */
  position: ColumnType<number, never, never>;
  event_id: string;
  event_seq: number;
  fact_type: string;
  fact: ColumnType<unknown, string, never>;
  actor_user_id: number | null;
  at: string;
  prev_global_hash: string | null;
  prev_event_hash: string | null;
  hash: string;
  /** 1: hashed with its position and the global link (before migration 0012); 2: its event's chain only. */
  format: ColumnType<1 | 2, never, never>;
}

/** Migration 0012: the chain over the whole log, sealed after the fact in the sealer's order. */
export interface EventLogSealTable {
  seal_position: number;
  log_position: number;
  entry_hash: string;
  prev_hash: string | null;
  hash: string;
}

/** Migration 0012: entries written and not yet sealed; the database queues every inserted entry here. */
export interface EventLogUnsealedTable {
  log_position: number;
}

export interface EventLogHeadTable {
  singleton: ColumnType<boolean, never, never>;
  position: number;
  hash: string | null;
}

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  request_hash: string;
  event_id: string;
  created_at: CreatedAt;
}

export interface CatalogueClassTable {
  code: string;
  name: string;
  name_en: string;
  kind: 'component' | 'matter' | 'social_governance' | 'hotline';
  standard_ref: string | null;
  updated_at: ColumnType<Date, never, Date>;
}

export interface CatalogueItemTable {
  code: string;
  class_code: string;
  name: string;
  definition: ColumnType<CatalogueItem, string, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  revision: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, never, Date>;
}

/** Migration 0006: `numeric` columns read back as strings (see docs/architecture.md, Stores). */
export interface ScoreRuleTable {
  code: string;
  name_zh: string;
  name_en: string;
  points: ColumnType<string, number, number>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ScoreSettingsTable {
  singleton: ColumnType<boolean, never, never>;
  street_evaluation_weight: ColumnType<string, never, number>;
  updated_by: ColumnType<number | null, never, number | null>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface ScoreEntryTable {
  id: Generated<number>;
  event_id: string;
  event_seq: number;
  unit_code: string;
  unit_kind: 'district_department' | 'street_office' | 'community';
  rule_code: string;
  points: ColumnType<string, number, never>;
  at: ColumnType<Date, Date, never>;
}

export interface StreetRatingTable {
  street_code: string;
  department_code: string;
  year: number;
  score: ColumnType<string, number, number>;
  rated_by: number | null;
  rated_at: Date;
  comment: string;
}

/** Migration 0005: the figures' counters by period and key (src/domain/rollup.ts). */
export interface RollupTable {
  grain: 'day' | 'month' | 'year';
  /** A China-time date; read it as text (`period_start::text`). */
  period_start: ColumnType<string, string, never>;
  district_code: string;
  street_code: string;
  catalogue_class: string;
  source: string;
  unit_kind: '' | 'district_department' | 'street_office' | 'community';
  unit_code: string;
  reported: number;
  withdrawn: number;
  assigned: number;
  returned: number;
  accepted: number;
  handled: number;
  reworked: number;
  closed: number;
  closed_on_time: number;
  rated: number;
  satisfied: number;
  basically_satisfied: number;
  overdue: number;
  whistles: number;
  second_whistles: number;
  accept_ms_sum: number;
  finish_ms_sum: number;
  accept_histogram: number[];
  finish_histogram: number[];
}

/** Migration 0012: what facts added to the figures and the folding job has not yet added into `rollups`. */
export interface RollupDeltaTable extends RollupTable {
  id: Generated<number>;
}

/** Migration 0007: the positions of grid workers on patrol, one per person and instant. */
export interface PatrolPointTable {
  user_id: number;
  recorded_at: Date;
  lng: number;
  lat: number;
  accuracy_m: number | null;
  received_at: ColumnType<Date, never, never>;
}

/** Migration 0008: a person's named filters of the event list. */
export interface SavedViewTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  filter: ColumnType<Record<string, unknown>, string, never>;
  created_at: ColumnType<Date, never, never>;
}

export interface RateLimitTable {
  key: string;
  count: number;
  resets_at: Date;
}
