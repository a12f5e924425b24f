/**
 * `npm run audit:verify`: checks the whole event log's hash chains (the sealed chain over the whole log, and each
 * event's own) and names the first broken link. It seals nothing itself: entries the sealer has not reached yet
 * are checked against their events' chains and counted apart.
 */
import { verifyAuditChain } from '../src/commands/verify-audit-chain.ts';
import { readConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openConfiguredStore } from '../src/db/open-configured-store.ts';

const store = await openConfiguredStore(readConfig());
try {
  await migrateToLatest(store.db);
  const started = performance.now();
  const report = await verifyAuditChain(store.db, (checked) =>
    process.stderr.write(`\rchecked ${checked} entries`),
  );
  process.stderr.write('\n');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (report.broken) {
    const { reason, position } = report.broken;
    const entry = 'logPosition' in report.broken ? ` (log entry ${report.broken.logPosition})` : '';
    console.error(`BROKEN at seal ${position}${entry}: ${reason} (${JSON.stringify(report.broken)}).`);
    console.error(`Seals before ${position} are intact; from ${position} on, the log cannot be trusted.`);
    process.exitCode = 1;
  } else if (report.eventsOutOfStep.length > 0) {
    console.error(
      `The log is intact, but ${report.eventsOutOfStep.length} events' read rows disagree with it:`,
    );
    console.error(report.eventsOutOfStep.slice(0, 20).join('\n'));
    process.exitCode = 1;
  } else {
    console.log(
      `OK: ${report.checked} sealed log entries verified in ${seconds} s. Last seal: ${report.lastHash ?? '(none yet)'}`,
    );
    if (report.awaitingSeal > 0) {
      console.log(`${report.awaitingSeal} newer entries wait for their seal; their events' chains verify.`);
    }
    console.log('Record the last hash somewhere outside this database: it anchors everything before it.');
  }
} finally {
  await store.close();
}
