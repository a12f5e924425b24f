import { Type } from 'typebox';
import { LIMIT_UNITS } from '../../../domain/catalogue.ts';
import { BACKLOG_FORMATS, HOTLINE_URGENCIES } from '../../../domain/hotline.ts';
import { ProblemSchema } from '../../schemas.ts';

const SourceCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'the source’s code' });
const OrderNo = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$', description: '工单编号' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const StepLimit = Type.Object(
  { unit: Type.Enum(LIMIT_UNITS), amount: Type.Integer({ minimum: 1, maximum: 10_000 }) },
  { additionalProperties: false },
);
const UrgencyLimit = Type.Object(
  {
    dispatch: StepLimit,
    feedback: Type.Union([StepLimit, Type.Null()], {
      description: 'null keeps the item’s own handling limit',
    }),
  },
  { additionalProperties: false },
);
export const UrgencyLimitsSchema = Type.Object(
  Object.fromEntries(HOTLINE_URGENCIES.map((urgency) => [urgency, UrgencyLimit])) as Record<
    (typeof HOTLINE_URGENCIES)[number],
    typeof UrgencyLimit
  >,
  { additionalProperties: false, description: 'dispatch (派单) and feedback (反馈) limits per urgency' },
);
const CallbackUrl = Type.Union([Type.String({ pattern: '^https?://\\S+$', maxLength: 2000 }), Type.Null()]);

export const HotlineSourceSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  tokenHint: Type.String({ description: 'the token’s first characters: the token is shown once' }),
  callbackUrl: Type.Union([Type.String(), Type.Null()]),
  urgencyLimits: UrgencyLimitsSchema,
  createdAt: DateTime,
  revokedAt: Type.Union([DateTime, Type.Null()]),
  lastUsedAt: Type.Union([DateTime, Type.Null()]),
});
const WithCredentials = Type.Intersect([
  HotlineSourceSchema,
  Type.Object({
    token: Type.String({ description: 'Bearer token, shown this once' }),
    signingSecret: Type.String({ description: 'HMAC-SHA256 secret, shown this once' }),
  }),
]);

const errors = { 401: ProblemSchema, 403: ProblemSchema };
const SourceParams = Type.Object({ id: Id }, { additionalProperties: false });

/** The signed headers every call of a source carries (docs/hotline.md); checked before the body is. */
const SignedHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <token>' })),
  'x-hotline-timestamp': Type.Optional(Type.String({ description: 'unix seconds, within 5 minutes' })),
  'x-hotline-signature': Type.Optional(
    Type.String({ description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<body as sent>">' }),
  ),
});
const signedDescription =
  'Signed by the source: a wrong token, signature or stale timestamp is 403 before the body is read.';

const Text = (maxLength: number) => Type.String({ maxLength });
export const WorkOrderBody = Type.Object(
  {
    orderNo: Type.String({ minLength: 1, maxLength: 64, description: '工单编号, the hotline’s own' }),
    requestType: Type.String({
      minLength: 1,
      maxLength: 20,
      description: '咨询 求助 投诉 举报 建议 表扬, or consultation help complaint report suggestion praise',
    }),
    urgency: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'emergency/紧急, utilities/水电气热/极端天气, normal/一般',
    }),
    content: Type.String({ minLength: 1, maxLength: 4000 }),
    callerName: Type.Optional(Nullable(Text(50))),
    callerPhone: Type.Optional(Nullable(Text(20))),
    address: Type.Optional(Nullable(Text(200))),
    location: Type.Optional(
      Type.Union([
        Type.Object(
          {
            lng: Type.Number({ minimum: -180, maximum: 180 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    areaCode: Type.Optional(Nullable(Text(40))),
    catalogueItemCode: Type.Optional(Nullable(Text(40))),
    dueAt: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'ISO 8601 with an offset' }))),
  },
  { additionalProperties: true, description: 'a work order (工单); fields Huying does not know are ignored' },
);

export const receiveOrderSchema = {
  tags: ['hotline'],
  summary: 'A 12345 source files or resends a work order (idempotent by orderNo)',
  description: signedDescription,
  params: Type.Object({ code: SourceCode }, { additionalProperties: false }),
  headers: SignedHeaders,
  body: WorkOrderBody,
  response: {
    200: Type.Object({
      orderNo: Type.String(),
      eventId: Type.String(),
      trackingCode: Type.String(),
      outcome: Type.Union([Type.Literal('updated'), Type.Literal('unchanged')]),
      changed: Type.Array(Type.String()),
    }),
    201: Type.Object({
      orderNo: Type.String(),
      eventId: Type.String(),
      trackingCode: Type.String(),
      outcome: Type.Literal('created'),
      changed: Type.Array(Type.String()),
    }),
    400: ProblemSchema,
    ...errors,
  },
};

export const urgeOrderSchema = {
  tags: ['hotline'],
  summary: 'A 12345 source urges (催办) an open order',
  description: signedDescription,
  params: Type.Object({ code: SourceCode, orderNo: OrderNo }, { additionalProperties: false }),
  headers: SignedHeaders,
  body: Type.Object(
    {
      urgeId: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
      content: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    },
    { additionalProperties: true },
  ),
  response: {
    200: Type.Object({ eventId: Type.String(), replayed: Type.Literal(true) }),
    201: Type.Object({ eventId: Type.String(), replayed: Type.Literal(false) }),
    400: ProblemSchema,
    ...errors,
    404: ProblemSchema,
    409: ProblemSchema,
  },
};

export const listSourcesSchema = {
  tags: ['hotline'],
  summary: '12345 sources and the state of their credentials (administrators)',
  response: { 200: Type.Object({ items: Type.Array(HotlineSourceSchema) }), ...errors },
};

export const createSourceSchema = {
  tags: ['hotline'],
  summary: 'Create a 12345 source; its token and signing secret are shown this once',
  body: Type.Object(
    {
      code: SourceCode,
      name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
      callbackUrl: Type.Optional(CallbackUrl),
      urgencyLimits: Type.Optional(UrgencyLimitsSchema),
    },
    { additionalProperties: false },
  ),
  response: { 201: WithCredentials, 400: ProblemSchema, ...errors, 409: ProblemSchema },
};

export const updateSourceSchema = {
  tags: ['hotline'],
  summary: 'Change a 12345 source’s name, callback URL or urgency limits',
  params: SourceParams,
  body: Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
      callbackUrl: Type.Optional(CallbackUrl),
      urgencyLimits: Type.Optional(UrgencyLimitsSchema),
    },
    { additionalProperties: false },
  ),
  response: { 200: HotlineSourceSchema, 400: ProblemSchema, ...errors, 404: ProblemSchema },
};

export const renewCredentialsSchema = {
  tags: ['hotline'],
  summary: 'Issue a new token and signing secret for a source (the old ones stop at once); shown this once',
  params: SourceParams,
  response: { 200: WithCredentials, 400: ProblemSchema, ...errors, 404: ProblemSchema, 409: ProblemSchema },
};

export const revokeSourceSchema = {
  tags: ['hotline'],
  summary: 'Revoke a 12345 source: its next call is refused with 403',
  params: SourceParams,
  response: {
    200: HotlineSourceSchema,
    400: ProblemSchema,
    ...errors,
    404: ProblemSchema,
    409: ProblemSchema,
  },
};

export const listCallbacksSchema = {
  tags: ['hotline'],
  summary: 'The callbacks of a source, or only the failed ones',
  params: SourceParams,
  querystring: Type.Object({ failed: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: {
    200: Type.Object({
      items: Type.Array(
        Type.Object({
          id: Type.Integer(),
          orderNo: Type.Union([Type.String(), Type.Null()]),
          callback: Type.Union([
            Type.Object({}, { additionalProperties: true, description: 'the body sent' }),
            Type.Null(),
          ]),
          attempts: Type.Integer(),
          createdAt: DateTime,
          deliveredAt: Type.Union([DateTime, Type.Null()]),
          failedAt: Type.Union([DateTime, Type.Null()]),
          lastError: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    }),
    400: ProblemSchema,
    ...errors,
    404: ProblemSchema,
  },
};

export const retryCallbackSchema = {
  tags: ['hotline'],
  summary: 'Send a failed callback again',
  params: Type.Object({ id: Id, callbackId: Id }, { additionalProperties: false }),
  response: {
    200: Type.Object({ retried: Type.Literal(true) }),
    400: ProblemSchema,
    ...errors,
    404: ProblemSchema,
  },
};

export const IMPORT_MAX_LINES = 5000;
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

const ImportedLine = Type.Object({
  line: Type.Integer(),
  orderNo: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([
    Type.Literal('created'),
    Type.Literal('updated'),
    Type.Literal('unchanged'),
    Type.Literal('refused'),
  ]),
  changed: Type.Optional(Type.Array(Type.String())),
  eventId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  reason: Type.Optional(Type.String({ description: 'fields, unknown_catalogue_item, place or refused' })),
  detail: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  problems: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  message: Type.Optional(Type.String({ description: 'why it is refused, in the asked language' })),
});

export const importOrdersSchema = {
  tags: ['hotline'],
  summary: 'Import a source’s backlog (CSV or JSON lines), idempotent by orderNo; a dry run writes nothing',
  params: SourceParams,
  body: Type.Object(
    {
      format: Type.Enum(BACKLOG_FORMATS, { description: 'csv (first row names the fields) or jsonl' }),
      content: Type.String({ maxLength: 4 * 1024 * 1024, description: 'the file’s text' }),
      dryRun: Type.Optional(Type.Boolean({ default: true, description: 'true unless false is sent' })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      dryRun: Type.Boolean(),
      counts: Type.Object({
        created: Type.Integer(),
        updated: Type.Integer(),
        unchanged: Type.Integer(),
        refused: Type.Integer(),
      }),
      lines: Type.Array(ImportedLine),
    }),
    400: ProblemSchema,
    ...errors,
    404: ProblemSchema,
    409: ProblemSchema,
    413: ProblemSchema,
  },
};

const Rate = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const ratesSchema = {
  tags: ['hotline'],
  summary: 'The three rates (响应率, 解决率, 满意率) per 12345 source over a period (30 days by default)',
  querystring: Type.Object(
    { from: Type.Optional(DateTime), to: Type.Optional(DateTime) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      from: DateTime,
      to: DateTime,
      items: Type.Array(
        Type.Object({
          sourceId: Type.Integer(),
          code: Type.Union([Type.String(), Type.Null()]),
          name: Type.Union([Type.String(), Type.Null()]),
          counts: Type.Object({
            sourceId: Type.Integer(),
            orders: Type.Integer(),
            responded: Type.Integer(),
            finished: Type.Integer(),
            resolved: Type.Integer(),
            partlyResolved: Type.Integer(),
            rated: Type.Integer(),
            satisfied: Type.Integer(),
          }),
          rates: Type.Object({
            responseRate: Rate('响应率: orders accepted or handed back / orders'),
            resolutionRate: Rate('解决率: (resolved + half of partly resolved) / finished'),
            satisfactionRate: Rate('满意率: satisfied / rated'),
          }),
        }),
      ),
    }),
    400: ProblemSchema,
    ...errors,
  },
};

export const eventOrderSchema = {
  tags: ['hotline'],
  summary: 'The 12345 order behind a case, for its page; the caller is masked unless the reader calls back',
  params: Type.Object(
    { id: Type.String({ format: 'uuid', description: 'the event' }) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      source: Type.Object({ code: Type.String(), name: Type.String() }),
      orderNo: Type.String(),
      requestType: Type.String(),
      urgency: Type.Enum(HOTLINE_URGENCIES),
      caller: Type.Object({
        name: Type.Union([Type.String(), Type.Null()]),
        phone: Type.Union([Type.String(), Type.Null()]),
        masked: Type.Boolean({ description: 'true unless the reader is one who calls back (callerFor)' }),
      }),
      address: Type.Union([Type.String(), Type.Null()]),
      dueAt: Type.Union([DateTime, Type.Null()]),
      receivedAt: DateTime,
      revision: Type.Integer(),
      urges: Type.Integer(),
    }),
    400: ProblemSchema,
    ...errors,
    404: ProblemSchema,
  },
};
