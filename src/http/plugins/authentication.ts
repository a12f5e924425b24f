import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../../db/repositories/executor.ts';
import { findUserByApiToken, findUserBySession, type UserInSight } from '../../db/repositories/users.ts';
import type { Actor } from '../../domain/permissions.ts';
import { hashSecretToken } from '../../security/tokens.ts';
import { problems } from '../problem.ts';

export const SESSION_COOKIE = 'huying_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserInSight | null;
    /** The raw session cookie, when the user came by one (sign-out deletes it). */
    sessionToken: string | null;
  }
}

export function actorOf(user: UserInSight): Actor {
  return {
    userId: user.id,
    roles: user.roles,
    areaPath: user.area_path,
    departmentCode: user.department_code,
  };
}

/** Hands a browser its session: an httpOnly cookie, Secure behind HTTPS. */
export function setSessionCookie(
  reply: FastifyReply,
  session: { sessionToken: string; expiresAt: Date },
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, session.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: session.expiresAt,
  });
}

/** The signed-in person, or a 401 problem. */
export function requireUser(request: FastifyRequest): UserInSight {
  if (!request.user) throw problems.unauthenticated();
  return request.user;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

async function resolveUser(db: Executor, request: FastifyRequest, now: Date): Promise<UserInSight | null> {
  const bearer = bearerToken(request);
  if (bearer) {
    const user = await findUserByApiToken(db, hashSecretToken(bearer));
    if (!user) throw problems.unauthenticated();
    return user;
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  if (!sessionToken) return null;
  request.sessionToken = sessionToken;
  return (await findUserBySession(db, hashSecretToken(sessionToken), now)) ?? null;
}

/**
 * Who is behind a request's credentials now, for a request that lasts (a live stream): null once their session
 * has ended or expired, their token was revoked, or they were disabled.
 */
export async function currentUser(
  db: Executor,
  request: FastifyRequest,
  now: Date,
): Promise<UserInSight | null> {
  try {
    return await resolveUser(db, request, now);
  } catch {
    return null;
  }
}

/**
 * Who is asking, from the session cookie (browsers) or a bearer API token (systems), looked up in the store on
 * every request so that any app process can answer any request.
 */
export const authenticationPlugin = fp(
  async (app: FastifyInstance, options: { db: Executor; clock: () => Date }) => {
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      request.user = await resolveUser(options.db, request, options.clock());
    });
  },
);
