import type { Executor, Write } from '../../db/repositories/executor.ts';
import {
  addRollupRows,
  lockAndClearFigures,
  pageEventsWithLogs,
  rollupDeltaWrites,
} from '../../db/repositories/rollups.ts';
import type { EventState } from '../../domain/events.ts';
import type { LoggedFact } from '../../domain/lifecycle/facts.ts';
import { foldDeltas, lastSentAt, type RollupDelta, rowsOfDeltas } from '../../domain/rollup.ts';

/** What newly recorded facts of one event bring to the figures. */
export interface FiguresOfFacts {
  /** The state the facts found (null for a report). */
  before: EventState | null;
  logged: readonly LoggedFact[];
  /** The class of the event's item, as copied onto the event. */
  catalogueClassCode: string;
  /** The event's log before the facts: it says when the case was last sent to its unit (time to accept). */
  earlierLog: readonly LoggedFact[];
}

/**
 * The writes that append what newly recorded facts bring to the figures, for the caller's transaction, the one
 * that appends the facts to the log, so that the figures move exactly when the facts land. Readers see the deltas at once;
 * the folding job (src/jobs/figure-folder.ts) adds them into the rollups later.
 */
export function figureWrites(trx: Executor, changes: readonly FiguresOfFacts[]): Write[] {
  const deltas = changes.flatMap(
    (change) =>
      foldDeltas(change.before, change.logged, {
        catalogueClassCode: change.catalogueClassCode,
        sentAt: lastSentAt(change.earlierLog),
      }).deltas,
  );
  return rollupDeltaWrites(trx, rowsOfDeltas(deltas));
}

const RECOUNT_PAGE = 500;

/**
 * Counts every figure again from the event log, for repairs (a counter altered by hand, a change of the
 * counting rules) and for tests. Runs in one transaction that holds back every write of figures, so the log it
 * reads holds exactly the facts whose figures it replaces, and readers see the old figures until the new ones
 * are complete. Returns the number of events recounted.
 */
export async function rebuildRollups(db: Executor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockAndClearFigures(trx);
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
