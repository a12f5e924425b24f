import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApp, waitHealthy } from '../../test/support/app-process.ts';
import { format } from './support.ts';

/** Time from starting the process to the first /healthz 200: on an empty embedded store, then on a restart. */
export async function benchStartUp(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'huying-bench-start-'));
  try {
    const timeOnce = async () => {
      const app = spawnApp({ HUYING_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, await freePort());
      const elapsed = await waitHealthy(app);
      app.child.kill('SIGTERM');
      await app.exited;
      return elapsed;
    };
    const first = await timeOnce();
    const restart = await timeOnce();
    console.log('| start-up to first /healthz 200 | ms |');
    console.log('|---|---|');
    console.log(`| empty embedded store (initdb, migrations, catalogue, demo district) | ${format(first)} |`);
    console.log(`| restart on the same store | ${format(restart)} |`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
