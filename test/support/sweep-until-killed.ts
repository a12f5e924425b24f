/**
 * A sweeper that stops in the middle of a sweep, inside its second transaction (two points each), and waits there
 * to be killed: the store must come out of it as if those points had never been touched.
 * Env: the store (DATABASE_URL or HUYING_DATA_DIR) and SWEEP_AT (ISO time).
 */
import { readConfig } from '../../src/config.ts';
import { openConfiguredStore } from '../../src/db/open-configured-store.ts';
import { sweepDeadlines } from '../../src/jobs/deadline-sweeper.ts';

const store = await openConfiguredStore(readConfig());
let transactions = 0;
await sweepDeadlines(store.db, new Date(process.env.SWEEP_AT ?? ''), {
  perTransaction: 2,
  beforeCommit: async () => {
    transactions++;
    if (transactions === 2) {
      process.stdout.write('HANGING\n');
      await new Promise(() => {});
    }
  },
});
