import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../db/store.ts';
import { AreaLocatorCache } from '../read-models/area-locator-cache.ts';
import type { AttachmentStorage } from '../storage/attachment-storage.ts';
import type { HttpConfig, HttpContext } from './context.ts';
import { authenticationPlugin } from './plugins/authentication.ts';
import { frontEndPlugin } from './plugins/front-end.ts';
import {
  MAX_PATH_PARAMETER_LENGTH,
  problemsPlugin,
  sendClientErrorProblem,
  sendFrameworkProblem,
} from './plugins/problems.ts';
import { databaseRateLimitStore } from './plugins/rate-limit-store.ts';
import { problems } from './problem.ts';
import { areaRoutes } from './routes/areas/routes.ts';
import { attachmentRoutes } from './routes/attachments/routes.ts';
import { calendarRoutes } from './routes/calendar/routes.ts';
import { catalogueRoutes } from './routes/catalogue/routes.ts';
import { departmentRoutes } from './routes/departments/routes.ts';
import { eventRoutes } from './routes/events/routes.ts';
import { healthRoutes } from './routes/health/routes.ts';
import { hotlineRoutes } from './routes/hotline/routes.ts';
import { indicatorRoutes } from './routes/indicators/routes.ts';
import { notificationRoutes } from './routes/notifications/routes.ts';
import { open311Routes } from './routes/open311/routes.ts';
import { open311ClientRoutes } from './routes/open311-clients/routes.ts';
import { patrolRoutes } from './routes/patrols/routes.ts';
import { residentRoutes } from './routes/residents/routes.ts';
import { savedViewRoutes } from './routes/saved-views/routes.ts';
import { scoreRoutes } from './routes/scores/routes.ts';
import { sessionRoutes } from './routes/session/routes.ts';
import { streamRoutes } from './routes/stream/routes.ts';
import { userRoutes } from './routes/users/routes.ts';
import { buildStrictValidator } from './validation.ts';

export interface AppOptions {
  store: Store;
  storage: AttachmentStorage;
  config: HttpConfig;
  clock?: () => Date;
  logLevel?: string;
  /** The built front end to serve at `/`; absent, only the API answers. */
  frontEndRoot?: string;
}

const BODY_LIMIT = 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: BODY_LIMIT,
    // Bodies are checked as sent, texts (query, path, headers) converted only when written as what their schema
    // asks for, unknown fields refused, dates real ones: src/http/validation.ts.
    schemaController: { compilersFactory: { buildValidator: buildStrictValidator() } },
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    frameworkErrors: sendFrameworkProblem,
    clientErrorHandler: sendClientErrorProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const context: HttpContext = {
    db: options.store.db,
    config: options.config,
    clock: options.clock ?? (() => new Date()),
    areaLocator: new AreaLocatorCache(options.store.db),
  };

  await app.register(problemsPlugin);
  // Over plain HTTP on a developer's machine, HSTS and upgrade-insecure-requests would lock the browser out.
  const behindHttps = options.config.secureCookies;
  await app.register(helmet, {
    strictTransportSecurity: behindHttps,
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:'],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'upgrade-insecure-requests': behindHttps ? [] : null,
      },
    },
  });
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(options.store.db),
    errorResponseBuilder: (_request, context) => problems.rateLimited(Math.ceil(context.ttl / 1000)),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Huying (呼应) API',
        version: '1',
        description:
          'Command and dispatch for grid-based grassroots governance. Errors are application/problem+json ' +
          '(RFC 9457) in Chinese or English by Accept-Language.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'huying_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(authenticationPlugin, {
    db: context.db,
    clock: context.clock,
    cache: options.config.signedInCache,
  });

  await app.register(healthRoutes, { store: options.store });
  await app.register(sessionRoutes, context);
  await app.register(residentRoutes, context);
  await app.register(areaRoutes, context);
  await app.register(departmentRoutes, context);
  await app.register(userRoutes, context);
  await app.register(catalogueRoutes, context);
  await app.register(eventRoutes, context);
  await app.register(notificationRoutes, context);
  await app.register(calendarRoutes, context);
  await app.register(scoreRoutes, context);
  await app.register(indicatorRoutes, context);
  await app.register(patrolRoutes, context);
  await app.register(savedViewRoutes, context);
  await app.register(streamRoutes, context);
  await app.register(open311Routes, context);
  await app.register(open311ClientRoutes, context);
  await app.register(hotlineRoutes, context);
  await app.register(attachmentRoutes, { ...context, storage: options.storage });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (options.frontEndRoot) await app.register(frontEndPlugin, { root: options.frontEndRoot });
  return app;
}
