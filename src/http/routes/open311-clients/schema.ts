import { Type } from 'typebox';
import { OPEN311_SOURCES } from '../../../domain/open311.ts';
import { ProblemSchema } from '../../schemas.ts';

export const Open311ClientSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  source: Type.Enum(OPEN311_SOURCES),
  keyHint: Type.String({
    description: 'the key’s first characters: the key itself is shown once, when issued',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const errors = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const listClientsSchema = {
  tags: ['open311'],
  summary: 'Open311 clients and the state of their keys (administrators)',
  response: { 200: Type.Object({ items: Type.Array(Open311ClientSchema) }), ...errors },
};

export const issueKeySchema = {
  tags: ['open311'],
  summary: 'Issue an Open311 key for a client, tied to a source; the key is shown this once',
  body: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'who the client is' }),
      source: Type.Enum(OPEN311_SOURCES, { description: 'the source its reports are filed under' }),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Intersect([Open311ClientSchema, Type.Object({ key: Type.String() })]),
    400: ProblemSchema,
    ...errors,
  },
};

export const revokeKeySchema = {
  tags: ['open311'],
  summary: 'Revoke a client’s Open311 key: its next call is refused with 403',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  response: { 200: Open311ClientSchema, ...errors, 409: ProblemSchema },
};
