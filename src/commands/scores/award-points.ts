import type { Executor, Write } from '../../db/repositories/executor.ts';
import { readScoreRules, type ScoreEntryToWrite, scoreEntryWrites } from '../../db/repositories/scores.ts';
import type { EventState } from '../../domain/events.ts';
import { evolve, type LoggedFact } from '../../domain/lifecycle.ts';
import { pointsFor, SCORING_FACTS, type ScoreRule } from '../../domain/scores.ts';

/** Facts just recorded for one event: `before` is the event before the first of `logged`, `log` its whole log. */
export interface PointsOfFacts {
  before: EventState | null;
  logged: readonly LoggedFact[];
  log: readonly LoggedFact[];
}

function entriesOf({ before, logged, log }: PointsOfFacts, rules: readonly ScoreRule[]): ScoreEntryToWrite[] {
  const offset = log.length - logged.length;
  if (offset < 0 || logged.some((entry, index) => log[offset + index]?.fact.type !== entry.fact.type)) {
    throw new Error('pointWrites: the log must end with the facts just recorded');
  }
  const entries: ScoreEntryToWrite[] = [];
  let current = before;
  for (const [index, entry] of logged.entries()) {
    const next = evolve(current, entry);
    const position = offset + index;
    for (const points of pointsFor(current, next, entry, log.slice(0, position), rules)) {
      // The log is read in event_seq order from 1 (src/commands/events/load-event.ts).
      entries.push({ ...points, eventSeq: position + 1 });
    }
    current = next;
  }
  return entries;
}

/**
 * The writes that add and take the points of facts just recorded, of one event or several, for the caller's
 * transaction (src/commands/events/record-facts.ts). Each entry names the event, the fact (its place in the event's log) and
 * the rule; the points are the rule's as it stands now, so an administrator's change applies to later facts
 * only. Recording the same facts' points twice changes nothing.
 */
export async function pointWrites(trx: Executor, changes: readonly PointsOfFacts[]): Promise<Write[]> {
  const scoring = changes.filter((change) =>
    change.logged.some((entry) => SCORING_FACTS.has(entry.fact.type)),
  );
  if (scoring.length === 0) return [];
  const rules = await readScoreRules(trx);
  return scoreEntryWrites(
    trx,
    scoring.flatMap((change) => entriesOf(change, rules)),
  );
}
