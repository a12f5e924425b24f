import { Type } from 'typebox';
import { AREA_LEVELS } from '../../../domain/areas.ts';
import { ProblemSchema } from '../../schemas.ts';

const AreaLevelSchema = Type.Enum(AREA_LEVELS, {
  description: 'district | street | community | grid | micro_grid',
});
const AreaCode = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$', description: '区域编码 / area code' });

const GeoJsonGeometry = Type.Object(
  { type: Type.Enum(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Unknown()) },
  { description: 'GeoJSON Polygon or MultiPolygon, WGS84 longitude/latitude' },
);

const AreaInChainSchema = Type.Object({ code: Type.String(), name: Type.String(), level: AreaLevelSchema });

export const AreaSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: AreaLevelSchema,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  path: Type.String(),
  households: Type.Union([Type.Integer(), Type.Null()]),
  population: Type.Union([Type.Integer(), Type.Null()]),
  bbox: Type.Array(Type.Number(), {
    minItems: 4,
    maxItems: 4,
    description: '[minLng, minLat, maxLng, maxLat]',
  }),
  boundary: Type.Optional(GeoJsonGeometry),
});

export const listAreasSchema = {
  tags: ['areas'],
  summary: 'List the areas in my sight, by parent and level, a page at a time',
  querystring: Type.Object(
    {
      parent: Type.Optional(AreaCode),
      level: Type.Optional(AreaLevelSchema),
      after: Type.Optional(AreaCode),
      limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
      withBoundary: Type.Boolean({ default: false }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ items: Type.Array(AreaSchema), nextAfter: Type.Union([Type.String(), Type.Null()]) }),
    401: ProblemSchema,
  },
};

export const getAreaSchema = {
  tags: ['areas'],
  summary: 'One area with its boundary and what I may do with it',
  params: Type.Object({ code: AreaCode }, { additionalProperties: false }),
  response: {
    200: Type.Intersect([AreaSchema, Type.Object({ permittedActions: Type.Array(Type.String()) })]),
    401: ProblemSchema,
    404: ProblemSchema,
  },
};

export const locateSchema = {
  tags: ['areas'],
  summary: 'Which micro-grid, grid, community and street hold a point',
  querystring: Type.Object(
    {
      lng: Type.Number({ minimum: -180, maximum: 180, description: '经度 / longitude (WGS84)' }),
      lat: Type.Number({ minimum: -90, maximum: 90, description: '纬度 / latitude (WGS84)' }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      found: Type.Boolean(),
      lng: Type.Number(),
      lat: Type.Number(),
      chain: Type.Array(AreaInChainSchema, { description: 'from the district down to the deepest node' }),
      district: Type.Union([AreaInChainSchema, Type.Null()]),
      street: Type.Union([AreaInChainSchema, Type.Null()]),
      community: Type.Union([AreaInChainSchema, Type.Null()]),
      grid: Type.Union([AreaInChainSchema, Type.Null()]),
      microGrid: Type.Union([AreaInChainSchema, Type.Null()]),
      message: Type.Optional(Type.String()),
    }),
    400: ProblemSchema,
    401: ProblemSchema,
  },
};

export const exportAreasSchema = {
  tags: ['areas'],
  summary: 'The subtree under an area (default: my own) as a GeoJSON FeatureCollection',
  querystring: Type.Object({ root: Type.Optional(AreaCode) }, { additionalProperties: false }),
  response: {
    200: Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown()) }),
    401: ProblemSchema,
    404: ProblemSchema,
  },
};

export const importAreasSchema = {
  tags: ['areas'],
  summary: 'Import area nodes from a GeoJSON FeatureCollection: all of the file, or nothing',
  description:
    'One feature per node with properties code, name, level, parentCode and, for grids, households and population. ' +
    'Known codes are updated, new ones added. A faulty file is refused whole, naming the feature (from 1) and why.',
  body: Type.Object(
    {
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(Type.Unknown(), { minItems: 1 }),
      name: Type.Optional(Type.String()),
      crs: Type.Optional(Type.Unknown()),
      bbox: Type.Optional(Type.Array(Type.Number())),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ imported: Type.Integer() }),
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    413: ProblemSchema,
  },
};

export const areaStatusSchema = {
  tags: ['areas'],
  summary: 'Open and overdue events in my sight, for each child area of a parent (or each grid under it)',
  description:
    'Open is every state but closed, cancelled and merged; overdue is an open case whose running step is past ' +
    'its limit (the red mark of the event list). With level=grid, every grid under the parent is counted.',
  querystring: Type.Object(
    {
      parent: Type.Optional(
        Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$', description: 'default: my own area' }),
      ),
      level: Type.Optional(Type.Enum(['grid'], { description: 'grid: every grid under the parent' })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({ code: Type.String(), open: Type.Integer(), overdue: Type.Integer() })),
    }),
    400: ProblemSchema,
    401: ProblemSchema,
    404: ProblemSchema,
  },
};

export const setBoundarySchema = {
  tags: ['areas'],
  summary: 'Redraw an area’s boundary (administrators): a GeoJSON Polygon or MultiPolygon',
  description:
    'Checked as an import checks each feature (closed rings of four or more WGS84 positions); a faulty geometry ' +
    'is refused and nothing is written. Point location uses the new boundary at once in this process and within ' +
    'two seconds in every other.',
  params: Type.Object({ code: AreaCode }, { additionalProperties: false }),
  body: Type.Object(
    {
      type: Type.String({ description: 'Polygon or MultiPolygon' }),
      coordinates: Type.Array(Type.Unknown()),
      bbox: Type.Optional(Type.Array(Type.Number())),
    },
    { additionalProperties: false },
  ),
  response: {
    200: AreaSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    413: ProblemSchema,
  },
};
