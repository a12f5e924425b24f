import { Type } from 'typebox';
import { GROUPINGS, RANKED } from '../../../commands/figures/indicator-table.ts';
import { INDICATOR_NAMES, PERIOD_KINDS } from '../../../domain/indicators.ts';
import { ROLLUP_COUNTERS } from '../../../domain/rollup.ts';
import { ProblemSchema } from '../../schemas.ts';
import { listSchema } from '../events/schema.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const Format = Type.Enum(['csv', 'xlsx'], {
  default: 'csv',
  description: 'csv (UTF-8 with a byte-order mark, for Excel) or xlsx',
});

const PeriodQuery = {
  period: Type.Enum(PERIOD_KINDS, {
    default: 'month',
    description: 'day, ISO week (Monday first), month or year',
  }),
  anchor: Type.Optional(
    Type.String({
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      description: 'any day of the period, YYYY-MM-DD in China time (default: today)',
    }),
  ),
};

const By = Type.Enum(GROUPINGS, {
  default: 'street',
  description: 'one row per street, department, class, …',
});

const PeriodSchema = Type.Object({
  kind: Type.Enum(PERIOD_KINDS),
  from: Type.String({ description: 'first day (China time)' }),
  to: Type.String({ description: 'the day after the last' }),
  label: Type.String(),
});

/** The counters as the API names them: closedOnTime, basicallySatisfied, acceptMsSum, … */
export const COUNTER_FIELDS = [...ROLLUP_COUNTERS, 'accept_ms_sum', 'finish_ms_sum'].map((name) =>
  name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
);

const Nullable = Type.Union([Type.Number(), Type.Null()]);

const IndicatorRowSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  unitKind: Type.String({ description: 'for departments: district_department, street_office or community' }),
  counters: Type.Object(Object.fromEntries(COUNTER_FIELDS.map((name) => [name, Type.Number()]))),
  indicators: Type.Object(Object.fromEntries(INDICATOR_NAMES.map((name) => [name, Nullable]))),
});

export const indicatorsSchema = {
  tags: ['indicators'],
  summary:
    'The figures (指标) of a period in my sight, one row per street, department, class, source, day or month',
  description:
    '办结率 = closed ÷ intake; 按期办结率 = closed on time ÷ closed; 满意率 = (satisfied + basically satisfied) ÷ rated; ' +
    '返工率 = reworked ÷ handled. Intake is reports less withdrawn ones for areas, classes, sources and days, and ' +
    'cases handed over less those returned for departments. Times in minutes; P90 within a factor 1.26.',
  querystring: Type.Object({ ...PeriodQuery, by: By }, { additionalProperties: false }),
  response: {
    200: Type.Object({
      period: PeriodSchema,
      by: Type.Enum(GROUPINGS),
      basis: Type.Enum(['reports', 'assignments']),
      rows: Type.Array(IndicatorRowSchema),
      total: IndicatorRowSchema,
    }),
    ...errors,
  },
};

export const rankingsSchema = {
  tags: ['indicators'],
  summary: 'Departments or streets in my sight ranked by one indicator, best first',
  querystring: Type.Object(
    {
      ...PeriodQuery,
      of: Type.Enum(RANKED, { default: 'departments' }),
      by: Type.Enum(INDICATOR_NAMES, { default: 'closedRate' }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      period: PeriodSchema,
      of: Type.Enum(RANKED),
      by: Type.Enum(INDICATOR_NAMES),
      basis: Type.Enum(['reports', 'assignments']),
      rows: Type.Array(
        Type.Intersect([
          IndicatorRowSchema,
          Type.Object({ rank: Type.Union([Type.Integer(), Type.Null()]), value: Nullable }),
        ]),
      ),
    }),
    ...errors,
  },
};

export const exportIndicatorsSchema = {
  tags: ['indicators'],
  summary: 'An indicator table as a CSV or XLSX file',
  querystring: Type.Object({ ...PeriodQuery, by: By, format: Format }, { additionalProperties: false }),
  response: errors,
};

const eventFilters = Type.Omit(listSchema.querystring, ['cursor', 'limit']);

/** The list's own filters (see GET /api/v1/events), without paging: the file holds every match, up to a cap. */
export const exportEventsSchema = {
  tags: ['events'],
  summary: 'The events in my sight, filtered as the list is, as a CSV or XLSX file',
  querystring: Type.Object({ ...eventFilters.properties, format: Format }, { additionalProperties: false }),
  response: errors,
};

export const monthlyReportSchema = {
  tags: ['indicators'],
  summary: 'The monthly report of a district, as a printable HTML page (zh-CN)',
  querystring: Type.Object(
    {
      district: Code,
      month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
    },
    { additionalProperties: false },
  ),
  response: errors,
};
