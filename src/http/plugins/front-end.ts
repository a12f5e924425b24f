import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { problems } from '../problem.ts';

export interface FrontEndOptions {
  /** The built front end (`dist/web`). */
  root: string;
}

const SERVER_PATHS = /^\/(api|docs|openapi\.json|healthz)(\/|$)/;
/** A file the build does not hold (an asset of an older build, say) is a 404, never the page in its stead. */
const FILE_PATH = /\/[^/?]+\.[A-Za-z0-9]+(\?|$)/;

/**
 * Serves the built Vue front end at `/`. Hashed assets are cached for a year; the page and the service worker
 * never, so a new build reaches every browser on its next load. Any other path that is not the API is a
 * screen of the single-page app, so it answers with the page and the router takes over in the browser.
 */
async function frontEnd(app: FastifyInstance, options: FrontEndOptions): Promise<void> {
  const page = join(options.root, 'index.html');
  if (!existsSync(page)) throw new Error(`No front end in ${options.root}: run npm run build.`);
  await app.register(fastifyStatic, {
    root: options.root,
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (response, path) => {
      const hashed = path.includes(`${join(options.root, 'assets')}`);
      response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (SERVER_PATHS.test(request.url) || FILE_PATH.test(request.url)) throw problems.notFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

export const frontEndPlugin = fastifyPlugin(frontEnd, { name: 'front-end' });
