import type { Executor } from '../../db/repositories/executor.ts';
import { addRollupRows, lockLogAndClearRollups, pageEventsWithLogs } from '../../db/repositories/rollups.ts';
import type { EventState } from '../../domain/events.ts';
import type { LoggedFact } from '../../domain/lifecycle/facts.ts';
import { foldDeltas, lastSentAt, type RollupDelta, rowsOfDeltas } from '../../domain/rollup.ts';

/**
 * Adds what newly recorded facts bring to the figures (the rollups), in the caller's transaction: the one that
 * appends the facts to the log, after the append, so that the counters move exactly when the facts land.
 *
 * `before` is the state the facts found (null for a report); `earlierLog` the event's log before them, which
 * says when the case was last sent to its unit (for the time to accept). `catalogueClassCode` is the class of
 * the event's item, as copied onto the event.
 */
export async function recordFigures(
  trx: Executor,
  before: EventState | null,
  logged: readonly LoggedFact[],
  catalogueClassCode: string,
  earlierLog: readonly LoggedFact[] = [],
): Promise<void> {
  const { deltas } = foldDeltas(before, logged, { catalogueClassCode, sentAt: lastSentAt(earlierLog) });
  if (deltas.length > 0) await addRollupRows(trx, rowsOfDeltas(deltas));
}

const RECOUNT_PAGE = 500;

/**
 * Counts every figure again from the event log, for repairs (a counter altered by hand, a change of the
 * counting rules) and for tests. Runs in one transaction holding the log's head, so no fact lands meanwhile
 * and readers see the old figures until the new ones are complete. Returns the number of events recounted.
 */
export async function rebuildRollups(db: Executor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockLogAndClearRollups(trx);
    let recounted = 0;
    let after: string | null = null;
    for (;;) {
      const page = await pageEventsWithLogs(trx, after, RECOUNT_PAGE);
      if (page.length === 0) break;
      const deltas: RollupDelta[] = [];
      for (const event of page) {
        deltas.push(
          ...foldDeltas(null, event.log, { catalogueClassCode: event.catalogueClassCode, sentAt: null })
            .deltas,
        );
      }
      await addRollupRows(trx, rowsOfDeltas(deltas));
      recounted += page.length;
      after = page.at(-1)!.id;
    }
    return recounted;
  });
}
