import type { ColumnType, Generated, Selectable } from 'kysely';
import type { HotlineUrgency, UrgencyLimits } from '../domain/hotline.ts';

/** Migration 0016: a 12345 hotline platform that sends work orders and hears back through its callback URL. */
export interface HotlineSourceTable {
  id: Generated<number>;
  /** The source's name in the ingestion path: `/hotline/v1/sources/{code}/orders`. */
  code: string;
  name: string;
  /** The account its orders are filed as: the reporter of its events, the owner of its idempotency keys. */
  user_id: number;
  token_hash: string;
  token_hint: string;
  /** The HMAC-SHA256 key of its requests and of our callbacks: kept in clear, since signing needs it. */
  signing_secret: string;
  callback_url: string | null;
  urgency_limits: ColumnType<UrgencyLimits, string, string>;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  revoked_at: ColumnType<Date | null, never, Date | null>;
  revoked_by: ColumnType<number | null, never, number | null>;
  last_used_at: ColumnType<Date | null, never, Date | null>;
}

/** Migration 0016: one work order (工单) of a source, the event it became, and the caller behind it. */
export interface HotlineOrderTable {
  event_id: string;
  source_id: number;
  order_no: string;
  request_type: string;
  urgency: HotlineUrgency;
  caller_name: string | null;
  caller_phone: string | null;
  address: string | null;
  content: string;
  due_at: Date | null;
  received_at: Date;
  updated_at: Date;
  revision: ColumnType<number, number | undefined, number>;
}

/** Migration 0016: an urge (催办) a source sent, kept once by its own id. */
export interface HotlineUrgeTable {
  id: Generated<number>;
  source_id: number;
  urge_id: string;
  event_id: string;
  content: string;
  received_at: Date;
}

export type HotlineSourceRow = Selectable<HotlineSourceTable>;
export type HotlineOrderRow = Selectable<HotlineOrderTable>;
