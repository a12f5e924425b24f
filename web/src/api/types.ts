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

// ---------------------------------------------------------------------------------------------------------
// The command centre's shapes (map, list, event page, dashboard).
import type { areaStatusSchema } from '../../../src/http/routes/areas/schema.ts';
import type { DepartmentSchema } from '../../../src/http/routes/departments/schema.ts';
import type {
  EventFilterObject,
  mapSchema as eventMapSchema,
  getSchema as eventPageSchema,
} from '../../../src/http/routes/events/schema.ts';
import type { indicatorsSchema, rankingsSchema } from '../../../src/http/routes/indicators/schema.ts';
import type { ownTrackSchema, PatrolTrackSchema } from '../../../src/http/routes/patrols/schema.ts';
import type { SavedViewSchema } from '../../../src/http/routes/saved-views/schema.ts';
import type { departmentScoresSchema } from '../../../src/http/routes/scores/schema.ts';

/** The filters of the event list, its export, the map and a saved view. */
export type EventFilter = Static<typeof EventFilterObject>;
export type EventMapPoints = Static<(typeof eventMapSchema.response)[200]>;
export type EventMapPoint = EventMapPoints['items'][number];
export type AreaStatus = Static<(typeof areaStatusSchema.response)[200]>;
export type Department = Static<typeof DepartmentSchema>;
export type SuggestedUnits = Static<(typeof eventPageSchema.response)[200]>['suggestedUnits'];
export type SuggestedUnit = NonNullable<SuggestedUnits['responsible']>;
/** The catalogue item as it stood when the event was reported: its reference and the limits its deadlines follow. */
export type FiledItem = Static<(typeof eventPageSchema.response)[200]>['filedItem'];
/** The name of every unit the event was sent to, lead or assisting. */
export type UnitName = Static<(typeof eventPageSchema.response)[200]>['unitNames'][number];
/** A file filed with an event: the report's photos and each step's evidence. */
export interface EventAttachment {
  id: string;
  mediaType: string;
  uploadedAt: string;
}

/** The event page: the event, its timeline, my commands, the units its item names and the item as filed. */
export interface EventPage extends EventDetail {
  suggestedUnits: SuggestedUnits;
  filedItem: FiledItem;
  unitNames: UnitName[];
  attachments: EventAttachment[];
}
export type IndicatorTable = Static<(typeof indicatorsSchema.response)[200]>;
export type IndicatorRow = IndicatorTable['total'];
export type Ranking = Static<(typeof rankingsSchema.response)[200]>;
export type DepartmentScores = Static<(typeof departmentScoresSchema.response)[200]>;

/** A catalogue item as GET /api/v1/catalogue lists it. */
export interface CatalogueItemView {
  code: string;
  classCode: string;
  name: string;
  nameEn: string;
  priority: string;
  standardRef: string | null;
  limits: Record<'accept' | 'handle' | 'verify', { unit: string; amount: number }>;
}

/** A named set of the list's filters (GET/POST /api/v1/saved-views). */
export type SavedView = Static<typeof SavedViewSchema>;
/** One grid worker's patrol track of a day (GET /api/v1/patrols). */
export type PatrolTrack = Static<typeof PatrolTrackSchema>;
/** My own patrol points of a day (GET /api/v1/patrols/mine). */
export type OwnPatrolTrack = Static<(typeof ownTrackSchema.response)[200]>;
