import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../../db/repositories/executor.ts';
import type { UserInSight } from '../../db/repositories/users.ts';
import type { Actor } from '../../domain/permissions.ts';
import { SignedInCache, type SignedInCacheOptions } from '../../read-models/signed-in-cache.ts';
import { hashSecretToken } from '../../security/tokens.ts';
import { problems } from '../problem.ts';

export const SESSION_COOKIE = 'huying_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's memory of who is behind each session and token; forget what a change here ends. */
    signedIn: SignedInCache;
  }
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

async function resolveUser(
  signedIn: SignedInCache,
  request: FastifyRequest,
  now: Date,
): Promise<UserInSight | null> {
  const bearer = bearerToken(request);
  if (bearer) {
    const user = await signedIn.userOf({ kind: 'api_token', tokenHash: hashSecretToken(bearer) }, now);
    if (!user) throw problems.unauthenticated();
    return user;
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  if (!sessionToken) return null;
  request.sessionToken = sessionToken;
  return signedIn.userOf({ kind: 'session', tokenHash: hashSecretToken(sessionToken) }, now);
}

/**
 * Who is behind a request's credentials now, for a request that lasts (a live stream): null once their session
 * has ended or expired, their token was revoked, or they were disabled (in another process: within the cache's
 * lifetime, SIGNED_IN_CACHE_MS).
 */
export async function currentUser(request: FastifyRequest, now: Date): Promise<UserInSight | null> {
  try {
    return await resolveUser(request.server.signedIn, request, now);
  } catch {
    return null;
  }
}

/**
 * Who is asking, from the session cookie (browsers) or a bearer API token (systems). The answer comes from this
 * process's SignedInCache: the store is read for a credential at most once per SIGNED_IN_CACHE_MS (2 s), so a
 * sign-out, a disabled account or a revoked token made through another process holds here within 2 s, and at
 * once when made through this one (its route tells `app.signedIn` to forget).
 */
export const authenticationPlugin = fp(
  async (
    app: FastifyInstance,
    options: { db: Executor; clock: () => Date; cache?: SignedInCacheOptions | undefined },
  ) => {
    await app.register(cookie);
    app.decorate('signedIn', new SignedInCache(options.db, options.cache));
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      request.user = await resolveUser(app.signedIn, request, options.clock());
    });
  },
);
