import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type DepartmentWithPlace,
  findDepartment,
  listDepartmentsInSight,
} from '../../../db/repositories/departments.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { getDepartmentSchema, listDepartmentsSchema } from './schema.ts';

function presentDepartment(row: DepartmentWithPlace) {
  return { code: row.code, name: row.name, nameEn: row.name_en, kind: row.kind, areaCode: row.area_code };
}

export const departmentRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db }) => {
  app.get('/api/v1/departments', { schema: listDepartmentsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'department:read', ownPlace(actor));
    const rows = await listDepartmentsInSight(
      db,
      { areaPath: actor.areaPath ?? '', departmentCode: actor.departmentCode },
      request.query.kind,
    );
    return { items: rows.map(presentDepartment) };
  });

  app.get('/api/v1/departments/:code', { schema: getDepartmentSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const row = await findDepartment(db, request.params.code);
    ensurePermitted(
      actor,
      'department:read',
      row ? { areaPath: row.area_path, departmentCode: row.code, servesSubtree: true } : null,
    );
    return presentDepartment(row!);
  });
};
