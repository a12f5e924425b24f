import { join } from 'node:path';
import { installDefaultCatalogue } from './commands/install-default-catalogue.ts';
import { DEMO_USERNAME_PREFIX, loadDemoDistrict } from './commands/load-demo-district.ts';
import { installDefaultScoreRules } from './commands/scores/install-default-score-rules.ts';
import { ConfigError, readConfig } from './config.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openConfiguredStore } from './db/open-configured-store.ts';
import { countUsersNamedLike } from './db/repositories/users.ts';
import { ensureFrontEndBuilt, WEB_BUILD_DIR } from './front-end/build.ts';
import { buildApp } from './http/app.ts';
import { SWEEP_TRANSACTIONS_AT_ONCE, startDeadlineSweeper } from './jobs/deadline-sweeper.ts';
import { startFigureFolder } from './jobs/figure-folder.ts';
import { startLogSealer } from './jobs/log-sealer.ts';
import { outboxChannels, startOutboxDelivery } from './jobs/outbox-delivery.ts';
import { DiskAttachmentStorage } from './storage/attachment-storage.ts';

class StartRefused extends Error {}

async function start(): Promise<void> {
  const config = readConfig();
  const store = await openConfiguredStore(config);
  try {
    await migrateToLatest(store.db);
    if (await installDefaultCatalogue(store.db)) console.log('Installed the default catalogue (事项清单).');
    const addedRules = await installDefaultScoreRules(store.db);
    if (addedRules > 0) console.log(`Installed ${addedRules} default score rules (考核规则).`);
    if (config.production) {
      const demoAccounts = await countUsersNamedLike(store.db, DEMO_USERNAME_PREFIX);
      if (demoAccounts > 0) {
        throw new StartRefused(
          `Refusing to start in production: ${demoAccounts} demo accounts (${DEMO_USERNAME_PREFIX}…) with a published ` +
            'password exist. Start on a store without the demo district, or delete those accounts first.',
        );
      }
    } else if (await loadDemoDistrict(store.db, 'district')) {
      console.log('Loaded the demo district (红桥区). Sign in as demo-admin / huying-demo.');
    }
    await ensureFrontEndBuilt();
    const app = await buildApp({
      frontEndRoot: WEB_BUILD_DIR,
      store,
      storage: new DiskAttachmentStorage(join(config.dataDir, 'attachments')),
      config,
      logLevel: config.logLevel,
    });
    const shutdown = async (signal: string) => {
      app.log.info({ signal }, 'shutting down');
      await stopSweeper();
      await stopSealer();
      await stopFolder();
      await stopDelivery();
      await app.close();
      await store.close();
      process.exit(0);
    };
    const stopDelivery = startOutboxDelivery(
      store.db,
      outboxChannels(store.db, {
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom,
        outboxDir: join(config.dataDir, 'outbox'),
      }),
      { intervalMs: 2000, onError: (error) => app.log.error({ err: error }, 'outbox delivery failed') },
    );
    const stopSweeper = startDeadlineSweeper(store.db, {
      intervalMs: 1000,
      transactionsAtOnce: SWEEP_TRANSACTIONS_AT_ONCE[store.kind],
      onError: (error) => app.log.error({ err: error }, 'deadline sweep failed'),
    });
    const stopSealer = startLogSealer(store.db, {
      intervalMs: 250,
      onError: (error) => app.log.error({ err: error }, 'sealing the log failed'),
    });
    const stopFolder = startFigureFolder(store.db, {
      intervalMs: 1000,
      onError: (error) => app.log.error({ err: error }, 'folding the figures failed'),
    });
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
    console.log(`Huying listens on http://${config.host}:${config.port} — store: ${where}`);
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
