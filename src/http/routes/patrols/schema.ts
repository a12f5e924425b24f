import { Type } from 'typebox';
import { PATROL_BATCH_MAX, PATROL_TRACK_MAX_POINTS } from '../../../domain/patrols.ts';
import { ProblemSchema } from '../../schemas.ts';

const PatrolPointIn = Type.Object(
  {
    at: Type.String({ format: 'date-time', description: 'when the phone took the position' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: '经度 / longitude (WGS84)' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: '纬度 / latitude (WGS84)' }),
    accuracy: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100_000, description: 'the position’s accuracy, in metres' }),
    ),
  },
  { additionalProperties: false },
);

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const recordPointsSchema = {
  tags: ['patrols'],
  summary: 'Record my patrol positions (巡查轨迹), a batch at a time; a point sent again is kept once',
  description:
    'Each point must be taken no more than 5 minutes in the future and no more than 7 days ago; a batch with ' +
    'one such point is refused whole, naming it. `duplicates` counts points the server already had.',
  body: Type.Object(
    { points: Type.Array(PatrolPointIn, { minItems: 1, maxItems: PATROL_BATCH_MAX }) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
    ...errors,
  },
};

const PatrolPointOut = Type.Object({
  at: Type.String({ format: 'date-time' }),
  lng: Type.Number(),
  lat: Type.Number(),
});

const DayQuery = Type.Optional(
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, default today' }),
);

export const PatrolTrackSchema = Type.Object({
  user: Type.Object({ id: Type.Integer(), displayName: Type.String() }),
  areaCode: Type.String({ description: 'the area the grid worker belongs to' }),
  recordedPoints: Type.Integer({
    description:
      'how many points were recorded that day; a longer track than the map takes is sampled evenly',
  }),
  points: Type.Array(PatrolPointOut),
});

export const ownTrackSchema = {
  tags: ['patrols'],
  summary: 'My own patrol track of a day, every point, for the phone that walked it or another',
  description: 'The day is a China date (Asia/Shanghai). Anyone who records patrols may read their own.',
  querystring: Type.Object({ day: DayQuery }, { additionalProperties: false }),
  response: { 200: Type.Object({ points: Type.Array(PatrolPointOut) }), ...errors },
};

export const tracksSchema = {
  tags: ['patrols'],
  summary: 'The patrol tracks of a day of the grid workers of an area',
  description:
    'The day is a China date (Asia/Shanghai); the grid workers and grid leaders are those whose area lies in ' +
    'the subtree of `area` (default: my own). Tracks are ordered by person, points by time; a track of more ' +
    `than ${PATROL_TRACK_MAX_POINTS} points is sampled evenly, its last point kept.`,
  querystring: Type.Object(
    {
      day: DayQuery,
      area: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' })),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ tracks: Type.Array(PatrolTrackSchema) }), ...errors },
};
