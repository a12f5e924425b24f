import { Type } from 'typebox';
import { LIMIT_UNITS, PRIORITIES, STREET_OFFICE_KINDS } from '../../../domain/catalogue.ts';
import { ProblemSchema } from '../../schemas.ts';

const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const LimitSchema = Type.Object(
  { unit: Type.Enum(LIMIT_UNITS), amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }) },
  { additionalProperties: false },
);
export const LimitsSchema = Type.Object(
  { accept: LimitSchema, handle: LimitSchema, verify: LimitSchema },
  { additionalProperties: false },
);

export const catalogueSchema = {
  tags: ['catalogue'],
  summary: 'The catalogue of event classes and items (事项清单), searchable',
  querystring: Type.Object(
    {
      q: Type.Optional(Type.String({ maxLength: 50, description: 'code, name or keyword' })),
      class: Type.Optional(Code),
      limit: Type.Integer({ minimum: 1, maximum: 1000, default: 1000 }),
      includeInactive: Type.Boolean({
        default: false,
        description: 'stopped items too, each with `active` and `revision` (administrators)',
      }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      classes: Type.Array(Type.Object({}, { additionalProperties: true })),
      items: Type.Array(Type.Object({}, { additionalProperties: true })),
    }),
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

export const saveItemSchema = {
  tags: ['catalogue'],
  summary:
    'Create or replace one catalogue item (administrators); open events keep the version they were filed under',
  params: Type.Object({ code: Code }, { additionalProperties: false }),
  body: Type.Object(
    {
      classCode: Code,
      name: Type.String({ minLength: 1, maxLength: 100 }),
      nameEn: Type.String({ minLength: 1, maxLength: 200 }),
      responsibleUnit: Type.Union([
        Type.Object(
          { kind: Type.Literal('district_department'), code: Code },
          { additionalProperties: false },
        ),
        Type.Object(
          { kind: Type.Literal('street_office'), office: Type.Enum(STREET_OFFICE_KINDS) },
          { additionalProperties: false },
        ),
        Type.Object({ kind: Type.Literal('community') }, { additionalProperties: false }),
      ]),
      fallbackDepartment: Code,
      priority: Type.Enum(PRIORITIES),
      limits: LimitsSchema,
      standardRef: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
      standardMatterName: Type.Optional(Type.String({ maxLength: 100 })),
      overdue: Type.Optional(
        Type.Object(
          {
            notifySupervision: Type.Boolean({ description: '超期通知督查室 / tell the supervision office' }),
            escalate: Type.Boolean({
              description: '超期提级（二次哨或上一级）/ escalate (second whistle or next level)',
            }),
          },
          { additionalProperties: false },
        ),
      ),
      keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 30 })),
      active: Type.Boolean({ default: true }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({}, { additionalProperties: true }),
    201: Type.Object({}, { additionalProperties: true }),
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
  },
};
