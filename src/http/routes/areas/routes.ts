import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importAreas } from '../../../commands/import-areas.ts';
import { setAreaBoundary } from '../../../commands/set-area-boundary.ts';
import { areaCodesBelow, areasInSubtree, findArea, listAreas } from '../../../db/repositories/areas.ts';
import { countOpenEventsBelow } from '../../../db/repositories/events.ts';
import type { AreaInChain } from '../../../domain/area-locator.ts';
import { type AreaLevel, levelDepth } from '../../../domain/areas.ts';
import { eventSightOf } from '../../../domain/event-sight.ts';
import { permittedActions } from '../../../domain/permissions.ts';
import { areaImportProblemText } from '../../../i18n/problems.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { presentArea, presentAreaFeature } from '../../presenters/area.ts';
import { problems } from '../../problem.ts';
import {
  areaStatusSchema,
  exportAreasSchema,
  getAreaSchema,
  importAreasSchema,
  listAreasSchema,
  locateSchema,
  setBoundarySchema,
} from './schema.ts';

const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

function atLevel(chain: readonly AreaInChain[], level: AreaLevel): AreaInChain | null {
  return chain.find((area) => area.level === level) ?? null;
}

export const areaRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, areaLocator, clock }) => {
  app.get('/api/v1/areas', { schema: listAreasSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'area:read', ownPlace(actor));
    const { parent, level, after, limit, withBoundary } = request.query;
    const rows = await listAreas(db, {
      withinPath: actor.areaPath ?? '',
      ...(parent !== undefined ? { parentCode: parent } : {}),
      ...(level !== undefined ? { level } : {}),
      ...(after !== undefined ? { after } : {}),
      limit,
    });
    return {
      items: rows.map((row) => presentArea(row, withBoundary)),
      nextAfter: rows.length === limit ? (rows.at(-1)?.code ?? null) : null,
    };
  });

  app.get('/api/v1/areas/locate', { schema: locateSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'area:locate', null);
    const { lng, lat } = request.query;
    // The locator's chains are shared and frozen; the answer gets its own copy.
    const chain = [...((await areaLocator.current()).locate(lng, lat) ?? [])];
    return {
      found: chain.length > 0,
      lng,
      lat,
      chain,
      district: atLevel(chain, 'district'),
      street: atLevel(chain, 'street'),
      community: atLevel(chain, 'community'),
      grid: atLevel(chain, 'grid'),
      microGrid: atLevel(chain, 'micro_grid'),
      ...(chain.length === 0
        ? {
            message:
              request.language === 'en'
                ? 'This point lies outside every area of the district; check the position or report it to the district command centre.'
                : '该位置不在本区任何网格内，请核对位置，或直接报送区指挥中心。',
          }
        : {}),
    };
  });

  app.get('/api/v1/areas/status', { schema: areaStatusSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const now = clock();
    const { parent, level } = request.query;
    const area = parent === undefined ? null : await findArea(db, parent);
    const parentPath = parent === undefined ? actor.areaPath : (area?.path ?? null);
    ensurePermitted(actor, 'area:read', parentPath ? { areaPath: parentPath } : null);
    const path = parentPath as string;
    const parentDepth = path.split('/').length;
    // Levels descend one step per node, so a grid's code is always the fourth code of a path.
    const gridDepth = levelDepth('grid') + 1;
    if (level === 'grid' && parentDepth >= gridDepth) {
      throw problems.invalidRequest({
        'zh-CN': 'level=grid 只能用于网格以上的区域（区、街道、社区）。',
        en: 'level=grid needs a parent above the grids: a district, a street or a community.',
      });
    }
    const codes = await areaCodesBelow(
      db,
      level === 'grid'
        ? { withinPath: path, level: 'grid' }
        : { withinPath: path, parentCode: path.split('/').at(-1) as string },
    );
    const counts = await countOpenEventsBelow(
      db,
      eventSightOf(actor),
      path,
      level === 'grid' ? gridDepth : parentDepth + 1,
      now,
    );
    return {
      items: codes.map((code) => ({
        code,
        open: counts.get(code)?.open ?? 0,
        overdue: counts.get(code)?.overdue ?? 0,
      })),
    };
  });

  app.get('/api/v1/areas/export', { schema: exportAreasSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const rootCode = request.query.root;
    const rootPath = rootCode === undefined ? actor.areaPath : (await findArea(db, rootCode))?.path;
    ensurePermitted(actor, 'area:read', rootPath ? { areaPath: rootPath } : null);
    const rows = await areasInSubtree(db, rootPath as string);
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('content-disposition', `attachment; filename="areas-${rows[0]?.code ?? 'empty'}.geojson"`)
      .send({ type: 'FeatureCollection', features: rows.map(presentAreaFeature) });
  });

  app.post(
    '/api/v1/areas/import',
    { schema: importAreasSchema, bodyLimit: IMPORT_BODY_LIMIT },
    async (request, reply) => {
      const actor = actorOf(requireUser(request));
      ensurePermitted(actor, 'area:manage', ownPlace(actor));
      const result = await importAreas(db, request.body, actor.areaPath);
      if (!result.ok) {
        const text = areaImportProblemText(result.problem);
        const where = (language: 'zh-CN' | 'en') =>
          result.feature === 0
            ? ''
            : language === 'en'
              ? `Feature ${result.feature}: `
              : `第 ${result.feature} 个要素：`;
        const detail = { 'zh-CN': `${where('zh-CN')}${text['zh-CN']}`, en: `${where('en')}${text.en}` };
        const extensions = { feature: result.feature, reason: result.problem.reason, written: 0 };
        throw result.problem.reason === 'outside_your_area'
          ? problems.notPermitted(detail)
          : problems.invalidRequest(detail, extensions);
      }
      areaLocator.invalidate();
      return reply.status(200).send({ imported: result.nodes.length });
    },
  );

  app.put(
    '/api/v1/areas/:code/boundary',
    { schema: setBoundarySchema, bodyLimit: IMPORT_BODY_LIMIT },
    async (request) => {
      const actor = actorOf(requireUser(request));
      const area = await findArea(db, request.params.code);
      ensurePermitted(actor, 'area:manage', area ? { areaPath: area.path } : null);
      const { bbox: _bbox, ...geometry } = request.body;
      const outcome = await setAreaBoundary(db, request.params.code, geometry);
      if (!outcome.ok) {
        throw problems.invalidRequest(areaImportProblemText(outcome.problem), {
          reason: outcome.problem.reason,
          written: 0,
        });
      }
      areaLocator.invalidate();
      return presentArea((await findArea(db, request.params.code))!, true);
    },
  );

  app.get('/api/v1/areas/:code', { schema: getAreaSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const row = await findArea(db, request.params.code);
    const place = row ? { areaPath: row.path } : null;
    ensurePermitted(actor, 'area:read', place);
    return { ...presentArea(row!, true), permittedActions: permittedActions(actor, 'area', place!) };
  });
};
