import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../../../db/store.ts';
import { problems } from '../../problem.ts';
import { ProblemSchema } from '../../schemas.ts';

export const healthRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Answers 200 while the store is reachable, 503 when it is not',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), store: Type.String() }),
          503: ProblemSchema,
        },
      },
    },
    async () => {
      if (!(await store.isReachable())) throw problems.unavailable();
      return { status: 'ok' as const, store: store.kind };
    },
  );
};
