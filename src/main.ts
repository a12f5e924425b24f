import { join } from 'node:path';
import { ConfigError, readConfig } from './config.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { openConfiguredStore } from './db/open-configured-store.ts';
import { isStoreUnavailable } from './db/store.ts';
import { ensureFrontEndBuilt, WEB_BUILD_DIR } from './front-end/build.ts';

class StartRefused extends Error {}

/**
 * When each part of the start began and ended, in ms since the process started; printed once listening, so that
 * a slow start says where its time went (the bench reads this line). Parts may overlap.
 */
class Phases {
  readonly #spans: { name: string; from: number; to: number }[] = [];

  async time<T>(name: string, task: () => Promise<T>): Promise<T> {
    const from = performance.now();
    try {
      return await task();
    } finally {
      this.#spans.push({ name, from, to: performance.now() });
    }
  }

  mark(name: string, from: number, to: number): void {
    this.#spans.push({ name, from, to });
  }

  toString(): string {
    const ms = (value: number) => Math.round(value).toLocaleString('en-US');
    return this.#spans
      .sort((a, b) => a.from - b.from)
      .map((span) => `${span.name} ${ms(span.from)}→${ms(span.to)} ms`)
      .join(', ');
  }
}

/** Settles quietly now, so that a failure waits to be awaited instead of ending the process unhandled. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** Awaits an object of promises at once, keeping each one's name and type. */
async function allOf<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(promises);
  const values = await Promise.all(Object.values(promises));
  return Object.fromEntries(names.map((name, index) => [name, values[index]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

async function start(): Promise<void> {
  const phases = new Phases();
  // performance.now() counts from the process's start: Node itself, tsx and the few imports above.
  phases.mark('process start', 0, performance.now());
  const config = readConfig();
  // Nothing below needs the other until the app is built: the HTTP layer and the commands load, and the front
  // end's sources are checked, while the store opens (PGlite compiles its WebAssembly off the main thread; a
  // server store waits on the network).
  const modules = later(
    phases.time('loading the application', () =>
      allOf({
        app: import('./http/app.ts'),
        catalogue: import('./commands/install-default-catalogue.ts'),
        demo: import('./commands/load-demo-district.ts'),
        scoreRules: import('./commands/scores/install-default-score-rules.ts'),
        migrate: import('./db/migrate.ts'),
        users: import('./db/repositories/users.ts'),
        sweeper: import('./jobs/deadline-sweeper.ts'),
        sealer: import('./jobs/log-sealer.ts'),
        folder: import('./jobs/figure-folder.ts'),
        fanOut: import('./jobs/notice-fan-out.ts'),
        outbox: import('./jobs/outbox-delivery.ts'),
        storage: import('./storage/attachment-storage.ts'),
      }),
    ),
  );
  const frontEnd = later(phases.time('front-end check', () => ensureFrontEndBuilt()));
  const store = await phases.time('opening the store', () => openConfiguredStore(config));
  try {
    const m = await modules;
    await phases.time('migrations', () => m.migrate.migrateToLatest(store.db));
    await phases.time('catalogue and score rules', async () => {
      if (await m.catalogue.installDefaultCatalogue(store.db))
        console.log('Installed the default catalogue (事项清单).');
      const addedRules = await m.scoreRules.installDefaultScoreRules(store.db);
      if (addedRules > 0) console.log(`Installed ${addedRules} default score rules (考核规则).`);
    });
    if (config.production) {
      const demoAccounts = await m.users.countUsersNamedLike(store.db, m.demo.DEMO_USERNAME_PREFIX);
      if (demoAccounts > 0) {
        throw new StartRefused(
          `Refusing to start in production: ${demoAccounts} demo accounts (${m.demo.DEMO_USERNAME_PREFIX}…) with a ` +
            'published password exist. Start on a store without the demo district, or delete those accounts first.',
        );
      }
    } else if (await phases.time('demo district', () => m.demo.loadDemoDistrict(store.db, 'district'))) {
      console.log('Loaded the demo district (红桥区). Sign in as demo-admin / huying-demo.');
    }
    await frontEnd;
    const app = await phases.time('building the app', () =>
      m.app.buildApp({
        frontEndRoot: WEB_BUILD_DIR,
        store,
        storage: new m.storage.DiskAttachmentStorage(join(config.dataDir, 'attachments')),
        config,
        logLevel: config.logLevel,
      }),
    );
    const stopJobs: (() => Promise<void>)[] = [];
    const shutdown = async (signal: string) => {
      app.log.info({ signal }, 'shutting down');
      for (const stop of stopJobs) await stop();
      await app.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await phases.time('listening (schemas compiled)', () =>
      app.listen({ port: config.port, host: config.host }),
    );
    // The jobs start once the app answers: their first pass would otherwise hold PGlite's one connection while the
    // app gets ready. Nothing waits on them; a deadline is swept, a notice sent, a second later at most.
    // While the store is away every loop fails each pass and carries on once it is back: a warning, not an error.
    const failed = (work: string) => (error: unknown) =>
      isStoreUnavailable(error)
        ? app.log.warn(`${work} waits for the store: ${(error as Error).message}`)
        : app.log.error({ err: error }, `${work} failed`);
    stopJobs.push(
      m.sweeper.startDeadlineSweeper(store.db, {
        intervalMs: 1000,
        transactionsAtOnce: m.sweeper.SWEEP_TRANSACTIONS_AT_ONCE[store.kind],
        onError: failed('deadline sweep'),
      }),
      m.sealer.startLogSealer(store.db, { intervalMs: 250, onError: failed('sealing the log') }),
      m.folder.startFigureFolder(store.db, { intervalMs: 1000, onError: failed('folding the figures') }),
      m.fanOut.startNoticeFanOut(store.db, { intervalMs: 500, onError: failed('telling notices') }),
      m.outbox.startOutboxDelivery(
        store.db,
        m.outbox.outboxChannels(store.db, {
          smtpUrl: config.smtpUrl,
          mailFrom: config.mailFrom,
          outboxDir: join(config.dataDir, 'outbox'),
        }),
        { intervalMs: 2000, onError: failed('outbox delivery') },
      ),
    );
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
    console.log(`Huying listens on http://${config.host}:${config.port} — store: ${where}`);
    console.log(`Started in ${Math.round(performance.now()).toLocaleString('en-US')} ms: ${phases}`);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

start().catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof StartRefused || error instanceof DataDirInUseError;
  console.error(known ? `Huying cannot start: ${(error as Error).message}` : error);
  process.exit(1);
});
