import { Type } from 'typebox';
import { STREET_OFFICE_KINDS } from '../../../domain/catalogue.ts';
import { DEPARTMENT_KINDS } from '../../../domain/departments.ts';
import { ProblemSchema } from '../../schemas.ts';

const DepartmentCode = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const OfficeKind = Type.Enum(STREET_OFFICE_KINDS, {
  description: 'what a street office does (街道科室的类别)',
});

export const DepartmentSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.Enum(DEPARTMENT_KINDS),
  areaCode: Type.String(),
  officeKind: Type.Union([OfficeKind, Type.Null()], {
    description: 'a street office’s kind, as given or as its name tells; null for a district department',
  }),
  active: Type.Boolean({ description: 'false: stood down, no longer dispatched to' }),
});

export const listDepartmentsSchema = {
  tags: ['departments'],
  summary: 'The departments and street offices serving my area',
  querystring: Type.Object(
    {
      kind: Type.Optional(Type.Enum(DEPARTMENT_KINDS)),
      active: Type.Optional(
        Type.Boolean({ description: 'only units in service (true) or stood down (false)' }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ items: Type.Array(DepartmentSchema) }),
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

export const getDepartmentSchema = {
  tags: ['departments'],
  summary: 'One department',
  params: Type.Object({ code: DepartmentCode }, { additionalProperties: false }),
  response: { 200: DepartmentSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
};

export const saveDepartmentSchema = {
  tags: ['departments'],
  summary: 'Add or change a district department or a street office (administrators)',
  description:
    'A district department sits at a district (by default the administrator’s own), a street office at its ' +
    'street (areaCode). A unit keeps its kind. active=false stands it down: it is no longer offered or ' +
    'dispatched to, while its past cases keep naming it.',
  params: Type.Object({ code: DepartmentCode }, { additionalProperties: false }),
  body: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
      nameEn: Type.String({ maxLength: 200, default: '' }),
      kind: Type.Enum(DEPARTMENT_KINDS),
      areaCode: Type.Optional(DepartmentCode),
      officeKind: Type.Optional(Type.Union([OfficeKind, Type.Null()])),
      active: Type.Boolean({ default: true }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: DepartmentSchema,
    201: DepartmentSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
  },
};
