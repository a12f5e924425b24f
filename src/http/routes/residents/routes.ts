import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type SignUpOutcome, signUpResident } from '../../../commands/sign-up-resident.ts';
import { findActiveUserById } from '../../../db/repositories/users.ts';
import type { HttpContext } from '../../context.ts';
import { setSessionCookie } from '../../plugins/authentication.ts';
import { presentMe } from '../../presenters/me.ts';
import { type Problem, problems } from '../../problem.ts';
import { signUpSchema } from './schema.ts';

function refusal(outcome: Extract<SignUpOutcome, { ok: false }>): Problem {
  switch (outcome.reason) {
    case 'phone_taken':
      return problems.conflict(
        {
          'zh-CN': '该手机号已注册，请直接用手机号和密码登录；忘记密码请联系社区或管理员。',
          en: 'This mobile number already has an account: sign in with it and your password instead.',
        },
        { reason: outcome.reason },
      );
    case 'unknown_area':
      return problems.invalidRequest({
        'zh-CN': 'areaCode 指向的区域不存在。',
        en: 'The areaCode names no area.',
      });
    case 'area_required':
      return problems.invalidRequest({
        'zh-CN': '本平台服务多个区，请用 areaCode 说明您所在的区域。',
        en: 'This platform serves several districts; say where you live with areaCode.',
      });
  }
}

export const residentRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, config, clock }) => {
  app.post(
    '/api/v1/residents',
    {
      schema: signUpSchema,
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const outcome = await signUpResident(db, request.body, clock(), config.sessionHours);
      if (!outcome.ok) throw refusal(outcome);
      setSessionCookie(reply, outcome, config.secureCookies);
      const user = await findActiveUserById(db, outcome.userId);
      reply.header('location', '/api/v1/me');
      return reply.status(201).send(presentMe(user!));
    },
  );
};
