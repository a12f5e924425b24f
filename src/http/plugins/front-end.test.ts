import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../test/support/test-store.ts';
import { DiskAttachmentStorage } from '../../storage/attachment-storage.ts';
import { buildApp } from '../app.ts';

let store: TestStore;
let root: string;
let app: FastifyInstance;
let url: string;

const PAGE = '<!doctype html><title>呼应</title><div id="app"></div>';

beforeAll(async () => {
  store = await openTestStore();
  root = await mkdtemp(join(tmpdir(), 'huying-front-end-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), PAGE);
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(join(root, 'sw.js'), 'self.skipWaiting()');
  app = await buildApp({
    store,
    storage: new DiskAttachmentStorage(join(root, 'attachments')),
    config: { secureCookies: false, sessionHours: 12, production: false, signInRateLimitPerMinute: 100 },
    frontEndRoot: root,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
  await store.close();
  await rm(root, { recursive: true, force: true });
});

describe('the front end at /', () => {
  it('/ is the page, never cached, so a new build reaches the browser at once', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(PAGE);
  });

  it('a screen of the app (a client-side route) answers with the page', async () => {
    const response = await fetch(`${url}/command/events?state=reported`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PAGE);
  });

  it('hashed assets are cached for a year; the service worker is not', async () => {
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const worker = await fetch(`${url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
  });

  it('a file the build does not hold is a 404, not the page in its stead', async () => {
    const response = await fetch(`${url}/assets/index-of-an-older-build.js`);
    expect(response.status).toBe(404);
  });

  it('an unknown API path stays a problem+json 404, not the page', async () => {
    const answer = await new TestClient(url, 'en').get('/api/v1/no-such-thing');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('the API still answers beside it', async () => {
    const answer = await new TestClient(url).get('/healthz');
    expect(answer.status).toBe(200);
  });
});

describe('without a build', () => {
  it('refuses to start and says how to build', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'huying-no-front-end-'));
    await expect(
      buildApp({
        store,
        storage: new DiskAttachmentStorage(join(empty, 'attachments')),
        config: { secureCookies: false, sessionHours: 12, production: false, signInRateLimitPerMinute: 100 },
        frontEndRoot: empty,
      }),
    ).rejects.toThrow(/npm run build/);
    await rm(empty, { recursive: true, force: true });
  });
});
