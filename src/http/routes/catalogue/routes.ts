import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { saveCatalogueItemEdit } from '../../../commands/save-catalogue-item.ts';
import {
  readAllCatalogueItems,
  readCatalogue,
  readCatalogueClasses,
} from '../../../db/repositories/catalogue.ts';
import { searchItems } from '../../../domain/catalogue.ts';
import { catalogueProblemText } from '../../../i18n/catalogue-problems.ts';
import type { Language } from '../../../i18n/language.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import { catalogueSchema, saveItemSchema } from './schema.ts';

export const catalogueRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db }) => {
  app.get('/api/v1/catalogue', { schema: catalogueSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'catalogue:read', ownPlace(actor));
    const { q, limit, includeInactive } = request.query;
    if (includeInactive) ensurePermitted(actor, 'catalogue:manage', ownPlace(actor));
    const catalogue = includeInactive
      ? { classes: await readCatalogueClasses(db), items: await readAllCatalogueItems(db) }
      : await readCatalogue(db);
    const inClass = request.query.class;
    const found = q ? searchItems(catalogue, q) : catalogue.items;
    const items = found.filter((item) => inClass === undefined || item.classCode === inClass).slice(0, limit);
    return { classes: catalogue.classes, items };
  });

  app.put('/api/v1/catalogue/items/:code', { schema: saveItemSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'catalogue:manage', ownPlace(actor));
    const { active, ...definition } = request.body;
    const result = await saveCatalogueItemEdit(db, { ...definition, code: request.params.code }, active);
    if (!result.ok) {
      const lines = (language: Language) =>
        result.problems.map((problem) => catalogueProblemText(problem, language)).join('; ');
      throw problems.invalidRequest(
        { 'zh-CN': lines('zh-CN'), en: lines('en') },
        { problems: result.problems },
      );
    }
    return reply
      .status(result.created ? 201 : 200)
      .send({ ...result.item, active, revision: result.revision });
  });
};
