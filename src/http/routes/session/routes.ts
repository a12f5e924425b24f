import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signIn, signOut } from '../../../commands/sign-in.ts';
import { findActiveUserById } from '../../../db/repositories/users.ts';
import { hashSecretToken } from '../../../security/tokens.ts';
import type { HttpContext } from '../../context.ts';
import { requireUser, SESSION_COOKIE, setSessionCookie } from '../../plugins/authentication.ts';
import { presentMe } from '../../presenters/me.ts';
import { problems } from '../../problem.ts';
import { meSchema, signInSchema, signOutSchema } from './schema.ts';

export const sessionRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { db, config, clock }) => {
  app.post(
    '/api/v1/session',
    {
      schema: signInSchema,
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const signedIn = await signIn(db, request.body, clock(), config.sessionHours);
      if (!signedIn) throw problems.badCredentials();
      const user = await findActiveUserById(db, signedIn.userId);
      if (!user) throw problems.badCredentials();
      setSessionCookie(reply, signedIn, config.secureCookies);
      return presentMe(user);
    },
  );

  app.delete('/api/v1/session', { schema: signOutSchema }, async (request, reply) => {
    if (request.sessionToken) {
      await signOut(db, request.sessionToken);
      // This process stops at once; the others within SIGNED_IN_CACHE_MS.
      app.signedIn.forget({ kind: 'session', tokenHash: hashSecretToken(request.sessionToken) });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/me', { schema: meSchema }, async (request) => presentMe(requireUser(request)));
};
