import { Type } from 'typebox';
import { DEPARTMENT_KINDS } from '../../../domain/departments.ts';
import { RULE_POINTS_LIMIT, STREET_RATING_MAX } from '../../../domain/scores.ts';
import { ProblemSchema } from '../../schemas.ts';

const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const RuleCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const At = Type.String({ format: 'date-time' });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const UnitKind = Type.Enum(['district_department', 'street_office', 'community']);
const Year = Type.Integer({ minimum: 2000, maximum: 2999 });

const RuleSchema = Type.Object({
  code: Type.String(),
  name: Bilingual,
  points: Type.Number(),
  active: Type.Boolean(),
  updatedAt: At,
});

const SettingsSchema = Type.Object({
  streetEvaluationWeight: Type.Number({
    description: "the share of the streets' evaluation in a department's score (下考上)",
  }),
  updatedAt: At,
});

export const rulesSchema = {
  tags: ['scores'],
  summary: 'The score rules (考核规则) and the weight of the streets’ evaluation',
  response: {
    200: Type.Object({ rules: Type.Array(RuleSchema), settings: SettingsSchema }),
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

export const changeRuleSchema = {
  tags: ['scores'],
  summary: "Change a rule's points or switch it on or off (administrators); applies to later facts only",
  params: Type.Object({ code: RuleCode }, { additionalProperties: false }),
  body: Type.Object(
    {
      points: Type.Optional(
        Type.Number({
          minimum: -RULE_POINTS_LIMIT,
          maximum: RULE_POINTS_LIMIT,
          description: 'added (positive) or taken (negative) each time; kept to two decimals',
        }),
      ),
      active: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: {
    200: RuleSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
  },
};

export const settingsSchema = {
  tags: ['scores'],
  summary: "The weight of the streets' evaluation in a department's score",
  response: { 200: SettingsSchema, 401: ProblemSchema, 403: ProblemSchema },
};

export const changeSettingsSchema = {
  tags: ['scores'],
  summary: "Set the weight of the streets' evaluation, 0–1 (administrators; 0.5 by default)",
  body: Type.Object(
    {
      streetEvaluationWeight: Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'kept to three decimals',
      }),
    },
    { additionalProperties: false },
  ),
  response: { 200: SettingsSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
};

const StreetRatingSchema = Type.Object({
  streetCode: Type.String(),
  departmentCode: Type.String(),
  year: Type.Integer(),
  score: Type.Number(),
  comment: Type.String(),
  ratedAt: At,
});

export const rateDepartmentSchema = {
  tags: ['scores'],
  summary:
    'A street head rates a district department for the year, 0–100 (下考上); may be changed within the year',
  body: Type.Object(
    {
      streetCode: Type.Optional(Code),
      departmentCode: Code,
      year: Type.Optional(Year),
      score: Type.Number({ minimum: 0, maximum: STREET_RATING_MAX, description: 'kept to two decimals' }),
      comment: Type.String({ maxLength: 500, default: '' }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: StreetRatingSchema,
    201: StreetRatingSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
  },
};

const DepartmentScoreSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.Enum(DEPARTMENT_KINDS),
  areaCode: Type.String(),
  eventPoints: Type.Number(),
  scoredEvents: Type.Integer(),
  streetRating: Type.Union([Type.Number(), Type.Null()]),
  ratingStreets: Type.Integer(),
  eventPart: Type.Union([Type.Number(), Type.Null()]),
  streetPart: Type.Union([Type.Number(), Type.Null()]),
  score: Type.Union([Type.Number(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
});

export const departmentScoresSchema = {
  tags: ['scores'],
  summary: "Each department's score for a year: event points, the streets' rating, the weighted score, rank",
  querystring: Type.Object(
    {
      year: Type.Optional(Year),
      kind: Type.Enum(DEPARTMENT_KINDS, { default: 'district_department' }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      year: Type.Integer(),
      streetEvaluationWeight: Type.Number(),
      perfectEventPoints: Type.Number({ description: 'what one clean case earns: the full mark of a case' }),
      items: Type.Array(DepartmentScoreSchema),
    }),
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

const EntrySchema = Type.Object({
  id: Type.Integer(),
  event: Type.Object({ id: Type.String(), trackingCode: Type.String() }),
  fact: Type.Object({ seq: Type.Integer(), type: Type.String() }),
  unit: Type.Object({ code: Type.String(), kind: UnitKind }),
  rule: Type.Object({ code: Type.String(), name: Bilingual }),
  points: Type.Number(),
  at: At,
});

export const entriesSchema = {
  tags: ['scores'],
  summary: 'Every point added or taken, with the event, the fact and the rule that caused it',
  querystring: Type.Object(
    {
      unit: Type.Optional(Code),
      event: Type.Optional(Type.String({ format: 'uuid' })),
      from: Type.Optional(At),
      to: Type.Optional(At),
      after: Type.Optional(Type.Integer({ minimum: 0, description: 'the last id of the previous page' })),
      limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(EntrySchema),
      next: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as `after` for the next page' }),
    }),
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
  },
};
