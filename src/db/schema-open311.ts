import type { ColumnType, Generated } from 'kysely';
import type { Open311Source } from '../domain/open311.ts';

/** Migration 0014: a system that files and follows requests through Open311, with the hash of its key. */
export interface Open311ClientTable {
  id: Generated<number>;
  name: string;
  source: Open311Source;
  /** The account its reports are filed as: the reporter of its events, the owner of its idempotency keys. */
  user_id: number;
  key_hash: string;
  /** The key's first characters, so that an administrator can tell keys apart without the secret. */
  key_hint: string;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  revoked_at: ColumnType<Date | null, never, Date | null>;
  revoked_by: ColumnType<number | null, never, number | null>;
  last_used_at: ColumnType<Date | null, never, Date | null>;
}

/** Migration 0014: what an Open311 request brought beyond the event itself. */
export interface Open311RequestTable {
  event_id: string;
  client_id: number;
  media_url: string | null;
}

/** Migration 0014: an update a client sent on one of its requests (FixMyStreet's POST servicerequestupdates). */
export interface Open311InboundUpdateTable {
  id: Generated<number>;
  client_id: number;
  update_id: string;
  event_id: string;
  status: string;
  description: string;
  updated_at: Date;
  media_url: string | null;
  /** Whether it withdrew a request nobody had yet taken up. */
  withdrew: boolean;
  received_at: ColumnType<Date, never, never>;
}
