// The API's shapes, taken from the server's own schemas so that the screens and the server cannot drift.
import type { Static } from 'typebox';
import type { EventSource, EventStateName, Rating } from '../../../src/domain/events.ts';
import type { Role } from '../../../src/domain/roles.ts';
import type { EventSchema } from '../../../src/http/routes/events/schema.ts';

export type { EventSource, EventStateName, Rating, Role };
export type EventView = Static<typeof EventSchema>;
export type CommandName =
  | 'locate'
  | 'merge'
  | 'solve'
  | 'escalate'
  | 'dispatch'
  | 'whistle'
  | 'second-whistle'
  | 'accept'
  | 'return'
  | 'extend'
  | 'approve'
  | 'refuse'
  | 'handle'
  | 'verify'
  | 'rate'
  | 'close'
  | 'reopen'
  | 'cancel';

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: { id: number; displayName: string } | null;
  fact: Record<string, unknown>;
  hash: string;
}

export interface EventDetail extends EventView {
  timeline: TimelineEntry[];
  permittedCommands: CommandName[];
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  area: { code: string; name: string; path: string } | null;
  department: { code: string; name: string; nameEn: string } | null;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field?: string; message: string }[];
}
