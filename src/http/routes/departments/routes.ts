import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type SaveDepartmentOutcome, saveDepartment } from '../../../commands/save-department.ts';
import {
  type DepartmentWithPlace,
  findDepartment,
  listDepartmentsInSight,
} from '../../../db/repositories/departments.ts';
import { type DepartmentProblem, officeKindOf } from '../../../domain/departments.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { type Problem, problems } from '../../problem.ts';
import { getDepartmentSchema, listDepartmentsSchema, saveDepartmentSchema } from './schema.ts';

function presentDepartment(row: DepartmentWithPlace) {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind,
    areaCode: row.area_code,
    officeKind: officeKindOf({ kind: row.kind, name: row.name, officeKind: row.office_kind }),
    active: row.active,
  };
}

const LEVEL_NAMES = { district: '区', street: '街道', community: '社区', grid: '网格', micro_grid: '微网格' };

function invalid(problem: DepartmentProblem): Problem {
  switch (problem.reason) {
    case 'kind_changed':
      return problems.conflict(
        {
          'zh-CN': `该单位是${problem.existing === 'street_office' ? '街道科室' : '区职能部门'}，不能改变类别；请另建一个编码。`,
          en: `This unit is a ${problem.existing.replace('_', ' ')} and keeps its kind; create another code instead.`,
        },
        { reason: problem.reason },
      );
    case 'area_wrong_level':
      return problems.invalidRequest(
        {
          'zh-CN': `areaCode 应为${LEVEL_NAMES[problem.expected]}级区域（区职能部门设在区，街道科室设在街道），而不是${LEVEL_NAMES[problem.actual]}。`,
          en: `areaCode must name a ${problem.expected} (a district department sits at its district, a street office at its street), not a ${problem.actual}.`,
        },
        { reason: problem.reason },
      );
    case 'office_kind_of_department':
      return problems.invalidRequest(
        {
          'zh-CN': 'officeKind 只适用于街道科室，区职能部门请不要填写。',
          en: 'officeKind is for street offices only; leave it out for a district department.',
        },
        { reason: problem.reason },
      );
  }
}

function refusal(outcome: Extract<SaveDepartmentOutcome, { ok: false }>): Problem {
  switch (outcome.reason) {
    case 'area_required':
      return problems.invalidRequest({
        'zh-CN': '街道科室请填写所属街道 areaCode。',
        en: 'Give a street office the areaCode of its street.',
      });
    case 'area_out_of_sight':
      return problems.invalidRequest({
        'zh-CN': 'areaCode 指向的区域不存在或不在您的管辖范围内。',
        en: 'The areaCode names no area within your own.',
      });
    case 'invalid':
      return invalid(outcome.problem);
  }
}

export const departmentRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.get('/api/v1/departments', { schema: listDepartmentsSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'department:read', ownPlace(actor));
    const rows = await listDepartmentsInSight(
      db,
      { areaPath: actor.areaPath ?? '', departmentCode: actor.departmentCode },
      request.query.kind,
      request.query.active,
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

  app.put('/api/v1/departments/:code', { schema: saveDepartmentSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const { code } = request.params;
    const existing = await findDepartment(db, code);
    // Managing a unit takes having it inside one's own area: a district department is not a street's to edit.
    ensurePermitted(
      actor,
      'department:manage',
      existing ? { areaPath: existing.area_path, departmentCode: existing.code } : ownPlace(actor),
    );
    const outcome = await saveDepartment(db, actor, code, request.body, clock());
    if (!outcome.ok) throw refusal(outcome);
    const saved = await findDepartment(db, code);
    return reply.status(outcome.created ? 201 : 200).send(presentDepartment(saved!));
  });
};
