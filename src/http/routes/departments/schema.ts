import { Type } from 'typebox';
import { DEPARTMENT_KINDS } from '../../../domain/departments.ts';
import { ProblemSchema } from '../../schemas.ts';

export const DepartmentSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.Enum(DEPARTMENT_KINDS),
  areaCode: Type.String(),
});

export const listDepartmentsSchema = {
  tags: ['departments'],
  summary: 'The departments and street offices serving my area',
  querystring: Type.Object(
    { kind: Type.Optional(Type.Enum(DEPARTMENT_KINDS)) },
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
  params: Type.Object(
    { code: Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' }) },
    { additionalProperties: false },
  ),
  response: { 200: DepartmentSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
};
