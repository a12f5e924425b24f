import { Type } from 'typebox';
import { ROLES } from '../../../domain/roles.ts';
import { MIN_PASSWORD_LENGTH } from '../../../security/passwords.ts';
import { ProblemSchema } from '../../schemas.ts';
import { MeSchema } from '../session/schema.ts';

export const ManagedUserSchema = Type.Intersect([
  MeSchema,
  Type.Object({ active: Type.Boolean({ description: 'false: disabled, cannot sign in' }) }),
]);

export const listUsersSchema = {
  tags: ['users'],
  summary: 'The people in my area or my department',
  querystring: Type.Object(
    {
      after: Type.Integer({ minimum: 0, default: 0, description: 'the last id of the previous page' }),
      limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
      includeDisabled: Type.Boolean({
        default: false,
        description: 'list disabled people too (active: false)',
      }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(ManagedUserSchema),
      nextAfter: Type.Union([Type.Integer(), Type.Null()]),
    }),
    401: ProblemSchema,
    403: ProblemSchema,
  },
};

export const createUserSchema = {
  tags: ['users'],
  summary: 'Add a person with their roles, area and department',
  body: Type.Object(
    {
      username: Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]{2,63}$',
        description: 'lower-case letters, digits, . _ -',
      }),
      displayName: Type.String({ minLength: 1, maxLength: 100 }),
      password: Type.Optional(Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 256 })),
      roles: Type.Array(Type.Enum(ROLES), { minItems: 1, uniqueItems: true }),
      areaCode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' })),
      departmentCode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' })),
      phone: Type.Optional(Type.String({ pattern: '^[0-9+ -]{5,20}$' })),
      email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  response: {
    201: MeSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    409: ProblemSchema,
  },
};

export const createApiTokenSchema = {
  tags: ['users'],
  summary: 'Issue an API token for a system acting as this user; the secret is shown once',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  response: {
    201: Type.Object({ id: Type.Integer(), name: Type.String(), token: Type.String() }),
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
  },
};

const AreaOrDepartmentCode = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });

export const updateUserSchema = {
  tags: ['users'],
  summary: 'Change a person’s name, roles, area, department, or whether they may sign in (administrators)',
  description:
    'Give only what changes. active=false disables the person: they cannot sign in and every session of theirs ' +
    'ends. An administrator cannot take away their own administrator role nor disable themselves.',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  body: Type.Object(
    {
      displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
      roles: Type.Optional(Type.Array(Type.Enum(ROLES), { minItems: 1, uniqueItems: true })),
      areaCode: Type.Optional(Type.Union([AreaOrDepartmentCode, Type.Null()])),
      departmentCode: Type.Optional(Type.Union([AreaOrDepartmentCode, Type.Null()])),
      active: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: {
    200: ManagedUserSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
  },
};
