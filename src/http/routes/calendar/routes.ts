import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officialOverrides, officialYearsCovered } from '../../../calendar/official-holidays.ts';
import { calendarEditsWithNotes, saveCalendarEdit } from '../../../db/repositories/calendar.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import { calendarSchema, saveDaySchema } from './schema.ts';

function isRealDate(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

export const calendarRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db }) => {
  app.get('/api/v1/calendar', { schema: calendarSchema }, async (request) => {
    requireUser(request);
    const { year } = request.query;
    const official = officialOverrides(year, year);
    const edits = (await calendarEditsWithNotes(db)).filter((edit) => edit.day.startsWith(`${year}-`));
    const editedDays = new Set(edits.map((edit) => edit.day));
    const days = [
      ...Object.entries(official)
        .filter(([day]) => !editedDays.has(day))
        .map(([day, kind]) => ({ day, kind, source: 'official' as const, note: '' })),
      ...edits.map((edit) => ({
        day: edit.day,
        kind: edit.kind,
        source: 'administrator' as const,
        note: edit.note,
      })),
    ].sort((a, b) => a.day.localeCompare(b.day));
    return { year, officialDataCovers: officialYearsCovered(), days };
  });

  app.put('/api/v1/calendar/days/:day', { schema: saveDaySchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'calendar:manage', ownPlace(actor));
    if (!isRealDate(request.params.day)) {
      throw problems.invalidRequest({
        'zh-CN': `${request.params.day} 不是有效的日期。`,
        en: `${request.params.day} is not a date.`,
      });
    }
    await saveCalendarEdit(db, { day: request.params.day, ...request.body, userId: actor.userId });
    return reply.status(204).send(null);
  });
};
