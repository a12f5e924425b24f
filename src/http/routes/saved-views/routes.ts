import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type SaveViewOutcome, saveView } from '../../../commands/save-view.ts';
import { deleteSavedView, listSavedViews, type SavedViewRow } from '../../../db/repositories/saved-views.ts';
import { SAVED_VIEWS_PER_PERSON } from '../../../domain/saved-views.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { type Problem, problems } from '../../problem.ts';
import { deleteViewSchema, listViewsSchema, saveViewSchema } from './schema.ts';

function presentView(row: SavedViewRow) {
  return { id: row.id, name: row.name, filter: row.filter, createdAt: row.created_at.toISOString() };
}

function refusal(outcome: Extract<SaveViewOutcome, { ok: false }>, name: string): Problem {
  switch (outcome.reason) {
    case 'blank_name':
      return problems.invalidRequest({ 'zh-CN': '请给视图起一个名字。', en: 'Give the view a name.' });
    case 'name_taken':
      return problems.conflict(
        {
          'zh-CN': `您已有名为“${name.trim()}”的视图，请换一个名字，或先删除原来的视图。`,
          en: `You already have a view named "${name.trim()}"; choose another name or delete the old view first.`,
        },
        { reason: 'name_taken' },
      );
    case 'too_many':
      return problems.conflict(
        {
          'zh-CN': `最多可保存 ${SAVED_VIEWS_PER_PERSON} 个视图，请先删除不再使用的。`,
          en: `You can keep at most ${SAVED_VIEWS_PER_PERSON} views; delete some you no longer use first.`,
        },
        { reason: 'too_many' },
      );
    case 'area_out_of_sight':
      return problems.invalidRequest({
        'zh-CN': 'filter.area 指向的区域不存在或不在您的管辖范围内。',
        en: 'filter.area names no area within your own.',
      });
  }
}

export const savedViewRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db }) => {
  app.get('/api/v1/saved-views', { schema: listViewsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'saved_view:manage', ownPlace(actor));
    return { items: (await listSavedViews(db, actor.userId)).map(presentView) };
  });

  app.post('/api/v1/saved-views', { schema: saveViewSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'saved_view:manage', ownPlace(actor));
    const outcome = await saveView(db, actor, request.body);
    if (!outcome.ok) throw refusal(outcome, request.body.name);
    reply.header('location', `/api/v1/saved-views/${outcome.view.id}`);
    return reply.status(201).send(presentView(outcome.view));
  });

  app.delete('/api/v1/saved-views/:id', { schema: deleteViewSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'saved_view:manage', ownPlace(actor));
    // Someone else's view is answered as if it did not exist.
    if (!(await deleteSavedView(db, actor.userId, request.params.id))) throw problems.notFound();
    return reply.status(204).send(null);
  });
};
