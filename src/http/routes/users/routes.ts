import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApiToken } from '../../../commands/create-api-token.ts';
import { type CreateUserResult, createUser } from '../../../commands/create-user.ts';
import { type UpdateUserResult, updatePerson } from '../../../commands/update-user.ts';
import {
  findActiveUserById,
  findManagedUser,
  findUserPlace,
  listUsersInSight,
} from '../../../db/repositories/users.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { presentMe } from '../../presenters/me.ts';
import { type Problem, problems } from '../../problem.ts';
import { createApiTokenSchema, createUserSchema, listUsersSchema, updateUserSchema } from './schema.ts';

function refusal(
  reason:
    | Extract<CreateUserResult, { ok: false }>['reason']
    | Extract<UpdateUserResult, { ok: false }>['reason'],
): Problem {
  switch (reason) {
    case 'not_found':
      return problems.notFound();
    case 'own_administrator_role':
      return problems.conflict(
        {
          'zh-CN': '不能取消自己的管理员角色；如确需调整，请由另一位管理员操作。',
          en: 'You cannot take away your own administrator role; ask another administrator to do it.',
        },
        { reason },
      );
    case 'own_account_disabled':
      return problems.conflict(
        {
          'zh-CN': '不能停用自己的账号；如确需停用，请由另一位管理员操作。',
          en: 'You cannot disable your own account; ask another administrator to do it.',
        },
        { reason },
      );
    case 'username_taken':
      return problems.conflict({
        'zh-CN': '该用户名已被使用，请换一个。',
        en: 'This username is taken; choose another.',
      });
    case 'no_place':
      return problems.invalidRequest({
        'zh-CN': '请至少填写所属区域 areaCode 或所属部门 departmentCode。',
        en: 'Give the person an areaCode, a departmentCode, or both.',
      });
    case 'area_out_of_sight':
      return problems.invalidRequest({
        'zh-CN': 'areaCode 指向的区域不存在或不在您的管辖范围内。',
        en: 'The areaCode names no area within your own.',
      });
    case 'department_out_of_sight':
      return problems.invalidRequest({
        'zh-CN': 'departmentCode 指向的部门不存在或不在您的管辖范围内。',
        en: 'The departmentCode names no department within your area.',
      });
  }
}

export const userRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, clock }) => {
  app.get('/api/v1/users', { schema: listUsersSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'user:read', ownPlace(actor));
    const { after, limit, includeDisabled } = request.query;
    const rows = await listUsersInSight(
      db,
      { areaPath: actor.areaPath ?? '', departmentCode: actor.departmentCode },
      { after, limit },
      includeDisabled,
    );
    return {
      items: rows.map((row) => ({ ...presentMe(row), active: row.disabled_at === null })),
      nextAfter: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
    };
  });

  app.post('/api/v1/users', { schema: createUserSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'user:manage', ownPlace(actor));
    const result = await createUser(db, actor, request.body);
    if (!result.ok) throw refusal(result.reason);
    const created = await findActiveUserById(db, result.id);
    return reply.status(201).send(presentMe(created!));
  });

  app.patch('/api/v1/users/:id', { schema: updateUserSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const { id } = request.params;
    const target = await findUserPlace(db, id);
    ensurePermitted(
      actor,
      'user:manage',
      target ? { areaPath: target.area_path, departmentCode: target.department_code } : null,
    );
    const result = await updatePerson(db, actor, id, request.body, clock());
    if (!result.ok) throw refusal(result.reason);
    // Their roles, place or access change here at once; in other processes within SIGNED_IN_CACHE_MS.
    app.signedIn.forgetUser(id);
    const person = await findManagedUser(db, id);
    return { ...presentMe(person!), active: person!.disabled_at === null };
  });

  app.post('/api/v1/users/:id/api-tokens', { schema: createApiTokenSchema }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const target = await findUserPlace(db, request.params.id);
    ensurePermitted(
      actor,
      'user:manage',
      target ? { areaPath: target.area_path, departmentCode: target.department_code } : null,
    );
    const { id, token } = await createApiToken(db, request.params.id, request.body.name);
    return reply.status(201).send({ id, name: request.body.name, token });
  });
};
