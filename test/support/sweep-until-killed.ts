/**
 * A sweeper that stops in the middle of a sweep, inside the transaction of its second point, and waits there to
 * be killed: the store must come out of it as if that point had never been touched.
 * Env: the store (DATABASE_URL or HUYING_DATA_DIR) and SWEEP_AT (ISO time).
 */
import { readConfig } from '../../src/config.ts';
import { openConfiguredStore } from '../../src/db/open-configured-store.ts';
import { sweepDeadlines } from '../../src/jobs/deadline-sweeper.ts';

const store = await openConfiguredStore(readConfig());
let recorded = 0;
await sweepDeadlines(store.db, new Date(process.env.SWEEP_AT ?? ''), {
  beforeCommit: async () => {
    recorded++;
    if (recorded === 2) {
      process.stdout.write('HANGING\n');
      await new Promise(() => {});
    }
  },
});
