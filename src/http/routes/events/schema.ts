import { Type } from 'typebox';
import { EVENT_LEVELS, EVENT_SOURCES, EVENT_STATES, RATINGS } from '../../../domain/events.ts';
import { ProblemSchema } from '../../schemas.ts';
import { LimitsSchema } from '../catalogue/schema.ts';

const Uuid = Type.String({ format: 'uuid' });
const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const Text = (description: string) => Type.String({ minLength: 1, maxLength: 2000, description });
const AttachmentIds = Type.Array(Uuid, { maxItems: 9, uniqueItems: true, default: [] });
const Point = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180, description: '经度 / longitude (WGS84)' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: '纬度 / latitude (WGS84)' }),
  },
  { additionalProperties: false },
);

export const EventIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

const UnitSchema = Type.Object({
  kind: Type.Enum(['district_department', 'street_office', 'community']),
  code: Type.String(),
  areaPath: Type.String(),
});

const NamedUnitSchema = Type.Object({
  kind: Type.Enum(['district_department', 'street_office', 'community']),
  code: Type.String(),
  name: Type.String(),
  areaPath: Type.String(),
});

export const EventSchema = Type.Object(
  {
    id: Uuid,
    trackingCode: Type.String(),
    state: Type.Enum(EVENT_STATES),
    level: Type.Enum(EVENT_LEVELS),
    source: Type.Enum(EVENT_SOURCES),
    catalogueItem: Type.Object(
      { code: Type.String(), name: Type.String(), nameEn: Type.String() },
      {
        additionalProperties: true,
      },
    ),
    description: Type.String(),
    areaCode: Type.Union([Type.String(), Type.Null()]),
    areaPath: Type.Union([Type.String(), Type.Null()]),
    location: Type.Union([Point, Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    reporterUserId: Type.Union([Type.Integer(), Type.Null()]),
    reportedAt: Type.String({ format: 'date-time' }),
    lead: Type.Union([UnitSchema, Type.Null()]),
    assisting: Type.Array(UnitSchema),
    dispatchedAtLevel: Type.Union([Type.Enum(EVENT_LEVELS), Type.Null()]),
    whistle: Type.Enum(['none', 'first', 'second']),
    pendingRequest: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    reworkCount: Type.Integer(),
    rating: Type.Union([Type.Enum(RATINGS), Type.Null()]),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    mergedInto: Type.Union([Uuid, Type.Null()]),
    mergedFrom: Type.Array(Uuid),
    overdueCount: Type.Integer(),
    deadline: Type.Union([
      Type.Object({
        step: Type.Enum(['accept', 'handle', 'verify']),
        warnAt: Type.String({ format: 'date-time' }),
        dueAt: Type.String({ format: 'date-time' }),
        status: Type.Enum(['on_time', 'warned', 'overdue'], {
          description: 'green, yellow (80 % of the limit) or red',
        }),
      }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Object({ id: Type.Integer(), displayName: Type.String() }), Type.Null()]),
  fact: Type.Object({}, { additionalProperties: true }),
  hash: Type.String(),
});

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

export const reportSchema = {
  tags: ['events'],
  summary: 'Report an event (巡查报告); send the same Idempotency-Key to retry safely',
  headers: Type.Object({
    'idempotency-key': Type.String({
      minLength: 8,
      maxLength: 100,
      description: 'a key of the client’s own (a UUID): the same report sent twice is one event',
    }),
  }),
  body: Type.Object(
    {
      catalogueItemCode: Code,
      description: Text('what is wrong, in the reporter’s words'),
      location: Type.Optional(Point),
      areaCode: Type.Optional(Code),
      address: Type.Optional(Type.String({ maxLength: 200 })),
      source: Type.Optional(Type.Enum(EVENT_SOURCES)),
      attachmentIds: AttachmentIds,
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ id: Uuid, trackingCode: Type.String(), replayed: Type.Literal(true) }),
    201: Type.Object({ id: Uuid, trackingCode: Type.String(), replayed: Type.Literal(false) }),
    ...errors,
  },
};

/**
 * The filters of the event list, without paging: the list, its export, the map and saved views (which keep a
 * set of them as JSON) all take these same fields.
 */
export const EVENT_FILTER_FIELDS = {
  state: Type.Optional(Type.Array(Type.Enum(EVENT_STATES), { description: 'repeat to give several' })),
  area: Type.Optional(Code),
  catalogueItem: Type.Optional(Code),
  source: Type.Optional(Type.Enum(EVENT_SOURCES)),
  department: Type.Optional(Code),
  overdue: Type.Optional(Type.Boolean({ description: 'only cases whose running step is past its limit' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  trackingCode: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9-]{1,32}$',
      description: 'exactly this tracking code (HY-261125-7K3M-9QXA-B2C4), as a resident follows a report',
    }),
  ),
};

/** A set of the list's filters as one object: what a saved view keeps. */
export const EventFilterObject = Type.Object(EVENT_FILTER_FIELDS, { additionalProperties: false });

export const listSchema = {
  tags: ['events'],
  summary: 'Events in my sight, newest first, filtered, a page at a time',
  querystring: Type.Object(
    {
      ...EVENT_FILTER_FIELDS,
      cursor: Type.Optional(Type.String({ maxLength: 200 })),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(EventSchema),
      nextCursor: Type.Union([Type.String(), Type.Null()]),
    }),
    ...errors,
  },
};

export const mapSchema = {
  tags: ['events'],
  summary: 'Located events in my sight as compact map points, newest first (at most 5,000)',
  querystring: EventFilterObject,
  response: {
    200: Type.Object({
      items: Type.Array(
        Type.Object({
          id: Uuid,
          trackingCode: Type.String(),
          state: Type.Enum(EVENT_STATES),
          lng: Type.Number(),
          lat: Type.Number(),
          areaCode: Type.Union([Type.String(), Type.Null()]),
          overdue: Type.Boolean({ description: 'the running step is past its limit' }),
          catalogueItemName: Type.String(),
        }),
      ),
      truncated: Type.Boolean({ description: 'more events matched than the map holds: narrow the filters' }),
    }),
    ...errors,
  },
};

export const getSchema = {
  tags: ['events'],
  summary: 'One event with its whole timeline and the commands I may give',
  params: EventIdParams,
  response: {
    200: Type.Intersect([
      EventSchema,
      Type.Object({
        timeline: Type.Array(TimelineEntry),
        permittedCommands: Type.Array(Type.String()),
        suggestedUnits: Type.Object(
          {
            responsible: Type.Union([NamedUnitSchema, Type.Null()]),
            fallback: Type.Union([NamedUnitSchema, Type.Null()]),
          },
          {
            description:
              'who the item filed on the event names: its responsible unit where the event lies, and its fallback ' +
              'department (兜底部门); null where the register holds no such unit',
          },
        ),
        filedItem: Type.Object(
          {
            standardRef: Type.Union([Type.String(), Type.Null()]),
            limits: LimitsSchema,
          },
          {
            description:
              'the catalogue item as it stood when the event was reported: its deadlines follow these limits, ' +
              'whatever the catalogue says now',
          },
        ),
        unitNames: Type.Array(
          Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
          {
            description:
              'the name of every unit the event was ever sent to, so that a reader who may not list the ' +
              'register (a resident) still reads names, not codes',
          },
        ),
        attachments: Type.Array(
          Type.Object({
            id: Uuid,
            mediaType: Type.String(),
            uploadedAt: Type.String({ format: 'date-time' }),
          }),
          {
            description:
              'every file filed with the event, oldest first: the report’s photos (which no later fact names) and ' +
              'the evidence of solve, handle and verify',
          },
        ),
      }),
    ]),
    ...errors,
  },
};

export const duplicatesSchema = {
  tags: ['events'],
  summary: 'Likely duplicates: same item, nearby, recent, still open',
  params: EventIdParams,
  response: {
    200: Type.Object({
      items: Type.Array(Type.Intersect([EventSchema, Type.Object({ distanceMeters: Type.Number() })])),
    }),
    ...errors,
  },
};

export const todoSchema = {
  tags: ['events'],
  summary: 'What waits for me or my department, oldest first',
  querystring: Type.Object(
    { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(
        Type.Intersect([EventSchema, Type.Object({ permittedCommands: Type.Array(Type.String()) })]),
      ),
    }),
    ...errors,
  },
};

const UnitCodes = {
  lead: Type.String({
    minLength: 1,
    maxLength: 32,
    description: 'department, street office or community code',
  }),
  assisting: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), {
    maxItems: 10,
    uniqueItems: true,
    default: [],
  }),
};

/** The body of each command, by the name in its path. */
export const COMMAND_BODIES = {
  locate: Type.Object(
    { location: Type.Optional(Point), areaCode: Type.Optional(Code) },
    { additionalProperties: false },
  ),
  merge: Type.Object({ intoEventId: Uuid }, { additionalProperties: false }),
  solve: Type.Object(
    { text: Text('what was done on the spot'), attachmentIds: AttachmentIds },
    { additionalProperties: false },
  ),
  escalate: Type.Object({ reason: Text('why the next level must take it') }, { additionalProperties: false }),
  dispatch: Type.Object(UnitCodes, { additionalProperties: false }),
  whistle: Type.Object(
    { ...UnitCodes, reason: Text('why the departments must come') },
    { additionalProperties: false },
  ),
  'second-whistle': Type.Object(
    { reason: Text('why district leaders must step in') },
    { additionalProperties: false },
  ),
  accept: Type.Object({}, { additionalProperties: false }),
  return: Type.Object({ reason: Text('why this unit is not the one') }, { additionalProperties: false }),
  extend: Type.Object(
    { reason: Text('why more time is needed'), extraHours: Type.Integer({ minimum: 1, maximum: 24 * 60 }) },
    { additionalProperties: false },
  ),
  approve: Type.Object({}, { additionalProperties: false }),
  refuse: Type.Object({ reason: Text('why the request is refused') }, { additionalProperties: false }),
  handle: Type.Object(
    { text: Text('what was done'), attachmentIds: AttachmentIds },
    { additionalProperties: false },
  ),
  verify: Type.Object(
    { passed: Type.Boolean(), text: Text('what was found on site'), attachmentIds: AttachmentIds },
    { additionalProperties: false },
  ),
  rate: Type.Object(
    {
      rating: Type.Enum(RATINGS),
      comment: Type.String({ maxLength: 2000, default: '' }),
      rework: Type.Boolean({ default: false }),
    },
    { additionalProperties: false },
  ),
  close: Type.Object({ text: Text('the closing note') }, { additionalProperties: false }),
  reopen: Type.Object({ reason: Text('why the case is reopened') }, { additionalProperties: false }),
  cancel: Type.Object({ reason: Text('why the report is withdrawn') }, { additionalProperties: false }),
} as const;

export type CommandName = keyof typeof COMMAND_BODIES;

export function commandSchema(name: CommandName) {
  return {
    tags: ['events'],
    summary: `Command: ${name}`,
    params: EventIdParams,
    body: COMMAND_BODIES[name],
    response: { 200: EventSchema, ...errors },
  };
}
