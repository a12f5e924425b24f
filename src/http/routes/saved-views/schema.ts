import { Type } from 'typebox';
import { SAVED_VIEW_NAME_MAX } from '../../../domain/saved-views.ts';
import { ProblemSchema } from '../../schemas.ts';
import { EventFilterObject } from '../events/schema.ts';

export const SavedViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  filter: EventFilterObject,
  createdAt: Type.String({ format: 'date-time' }),
});

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const listViewsSchema = {
  tags: ['saved-views'],
  summary: 'My saved views of the event list, oldest first',
  response: { 200: Type.Object({ items: Type.Array(SavedViewSchema) }), ...errors },
};

export const saveViewSchema = {
  tags: ['saved-views'],
  summary: 'Save a named set of the event list’s filters (the same fields as GET /api/v1/events)',
  body: Type.Object(
    {
      name: Type.String({
        minLength: 1,
        maxLength: SAVED_VIEW_NAME_MAX,
        description: 'unique among my views',
      }),
      filter: EventFilterObject,
    },
    { additionalProperties: false },
  ),
  response: { 201: SavedViewSchema, ...errors, 409: ProblemSchema },
};

export const deleteViewSchema = {
  tags: ['saved-views'],
  summary: 'Delete one of my saved views',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  response: { 204: Type.Null(), ...errors },
};
