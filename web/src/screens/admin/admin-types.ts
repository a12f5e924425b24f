// The shapes the administrator's screens read and write, taken from the server's schemas.
import type { Static } from 'typebox';
import type { AreaSchema } from '../../../../src/http/routes/areas/schema.ts';
import type { calendarSchema, saveDaySchema } from '../../../../src/http/routes/calendar/schema.ts';
import type { saveItemSchema } from '../../../../src/http/routes/catalogue/schema.ts';
import type {
  createSourceSchema,
  importOrdersSchema,
  listCallbacksSchema,
  listSourcesSchema,
} from '../../../../src/http/routes/hotline/schema.ts';
import type {
  issueKeySchema,
  listClientsSchema,
} from '../../../../src/http/routes/open311-clients/schema.ts';
import type { rulesSchema } from '../../../../src/http/routes/scores/schema.ts';
import type { createApiTokenSchema, createUserSchema } from '../../../../src/http/routes/users/schema.ts';

export type Area = Static<typeof AreaSchema>;
/** What PUT /api/v1/catalogue/items/:code takes; the list answers the same fields for each item. */
export type CatalogueItemBody = Static<typeof saveItemSchema.body>;
export type CatalogueItemRecord = CatalogueItemBody & { code: string; active?: boolean };
export type CatalogueClassRecord = { code: string; name: string; nameEn: string };
export type NewPerson = Static<typeof createUserSchema.body>;
export type ApiToken = Static<(typeof createApiTokenSchema.response)[201]>;
export type CalendarYear = Static<(typeof calendarSchema.response)[200]>;
export type CalendarDay = CalendarYear['days'][number];
export type DayKind = Static<typeof saveDaySchema.body>['kind'];
export type ScoreRules = Static<(typeof rulesSchema.response)[200]>;
export type ScoreRule = ScoreRules['rules'][number];
export type Open311Client = Static<(typeof listClientsSchema.response)[200]>['items'][number];
export type IssuedOpen311Key = Static<(typeof issueKeySchema.response)[201]>;
export type HotlineSource = Static<(typeof listSourcesSchema.response)[200]>['items'][number];
export type HotlineSourceWithCredentials = Static<(typeof createSourceSchema.response)[201]>;
export type HotlineCallbackRow = Static<(typeof listCallbacksSchema.response)[200]>['items'][number];
export type HotlineImportReport = Static<(typeof importOrdersSchema.response)[200]>;
