import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readCatalogue } from '../../../db/repositories/catalogue.ts';
import { searchItems } from '../../../domain/catalogue.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { catalogueSchema } from '../events/schema.ts';

export const catalogueRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db }) => {
  app.get('/api/v1/catalogue', { schema: catalogueSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'catalogue:read', ownPlace(actor));
    const catalogue = await readCatalogue(db);
    const { q, limit } = request.query;
    const inClass = request.query.class;
    const found = q ? searchItems(catalogue, q) : catalogue.items;
    const items = found.filter((item) => inClass === undefined || item.classCode === inClass).slice(0, limit);
    return { classes: catalogue.classes, items };
  });
};
