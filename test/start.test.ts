import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/domain/roles.ts';
import { type AppProcess, freePort, spawnApp, waitHealthy } from './support/app-process.ts';
import { TestClient } from './support/test-server.ts';
import { type AppStore, openAppStore } from './support/test-store.ts';

let store: AppStore;
let storeEnv: Record<string, string>;
const running: AppProcess[] = [];

function start(env: Record<string, string> = {}, port?: number): Promise<AppProcess> {
  return freePort().then((free) => {
    const app = spawnApp({ ...storeEnv, ...env }, port ?? free);
    running.push(app);
    return app;
  });
}

async function districtCount(url: string): Promise<number> {
  const admin = new TestClient(url);
  await admin.signIn('demo-admin', 'huying-demo');
  return (await admin.get('/api/v1/areas?level=district')).body.items.length;
}

beforeAll(async () => {
  // The app under test opens the same kind of store as the rest of the suite: a fresh data folder, or a
  // fresh database on the server.
  store = await openAppStore('empty');
  storeEnv = store.childEnv;
});

afterAll(async () => {
  for (const app of running) app.child.kill('SIGKILL');
  await Promise.all(running.map((app) => app.exited));
  await store?.close();
});

describe('npm start', () => {
  it('on an empty store: migrates, loads the demo district once and answers /healthz', async () => {
    const app = await start();
    await waitHealthy(app);
    expect(app.output()).toContain('Loaded the demo district');
    const health = await (await fetch(`${app.url}/healthz`)).json();
    expect(health).toEqual({ status: 'ok', store: store.kind });
    expect(await districtCount(app.url)).toBe(1);

    const openapi = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/session',
        '/api/v1/me',
        '/api/v1/areas/locate',
        '/api/v1/areas/import',
      ]),
    );
    const docs = await fetch(`${app.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');

    // A second process on the same store: the embedded store serves one process and says so plainly;
    // a PostgreSQL server serves as many app processes as are started.
    const second = await start();
    if (store.kind === 'embedded') {
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('is in use by another Huying process');
    } else {
      await waitHealthy(second);
      expect(await districtCount(second.url)).toBe(1);
      second.child.kill('SIGTERM');
      await second.exited;
    }

    app.child.kill('SIGKILL');
    await app.exited;
  });

  it('after kill -9, restarts on the same store with everything kept and nothing loaded twice', async () => {
    const app = await start();
    await waitHealthy(app);
    expect(app.output()).not.toContain('Loaded the demo district');
    expect(await districtCount(app.url)).toBe(1);
    app.child.kill('SIGKILL');
    await app.exited;
  });

  it('in production, refuses to start while the demo accounts exist', async () => {
    const app = await start({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    expect(await app.exited).toBe(1);
    // One demo account for each role, the demo Open311 client's and the demo 12345 source's.
    expect(app.output()).toMatch(`Refusing to start in production: ${ROLES.length + 2} demo accounts`);
  });

  it('refuses a malformed DATABASE_URL with a message that says what is expected', async () => {
    const app = await start({ DATABASE_URL: 'mysql://localhost/huying' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('DATABASE_URL must start with postgres://');
  });
});
