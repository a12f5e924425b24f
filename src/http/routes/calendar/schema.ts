import { Type } from 'typebox';
import { DAY_KINDS } from '../../../domain/calendar.ts';
import { ProblemSchema } from '../../schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date in China, YYYY-MM-DD' });

export const calendarSchema = {
  tags: ['calendar'],
  summary: 'The working-day calendar of a year: every day that is not an ordinary Monday–Friday working day',
  querystring: Type.Object(
    { year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      year: Type.Integer(),
      officialDataCovers: Type.Object({ from: Type.Integer(), to: Type.Integer() }),
      days: Type.Array(
        Type.Object({
          day: Type.String(),
          kind: Type.Enum(DAY_KINDS),
          source: Type.Enum(['official', 'administrator']),
          note: Type.String(),
        }),
      ),
    }),
    401: ProblemSchema,
  },
};

export const saveDaySchema = {
  tags: ['calendar'],
  summary: 'An administrator marks a day as a working day or a holiday (e.g. a year the official data lacks)',
  params: Type.Object({ day: Day }, { additionalProperties: false }),
  body: Type.Object(
    { kind: Type.Enum(DAY_KINDS), note: Type.String({ maxLength: 200, default: '' }) },
    { additionalProperties: false },
  ),
  response: { 204: Type.Null(), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
};
