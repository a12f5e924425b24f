import type { Executor } from '../../db/repositories/executor.ts';
import { insertScoreEntries, readScoreRules, type ScoreEntryToWrite } from '../../db/repositories/scores.ts';
import type { EventState } from '../../domain/events.ts';
import { evolve, type LoggedFact } from '../../domain/lifecycle.ts';
import { pointsFor, SCORING_FACTS, type ScoreRule } from '../../domain/scores.ts';

/**
 * The rules read once per transaction (a merge records two events' facts in one); outside a transaction they
 * are read each time, or a change would never be seen.
 */
const rulesOfTransaction = new WeakMap<Executor, Promise<ScoreRule[]>>();

function scoreRules(trx: Executor): Promise<ScoreRule[]> {
  if (!trx.isTransaction) return readScoreRules(trx);
  let rules = rulesOfTransaction.get(trx);
  if (!rules) {
    rules = readScoreRules(trx);
    rulesOfTransaction.set(trx, rules);
  }
  return rules;
}

/**
 * Adds and takes the points of facts just recorded, in the caller's transaction (src/commands/events/
 * record-facts.ts): `before` is the event before the first of `logged`, and `log` the event's whole log, ending
 * with `logged`. Each entry names the event, the fact (its place in the event's log) and the rule; the points are
 * the rule's as it stands now, so an administrator's change applies to later facts only. Recording the same
 * facts' points twice changes nothing.
 */
export async function awardPoints(
  trx: Executor,
  before: EventState | null,
  logged: readonly LoggedFact[],
  log: readonly LoggedFact[],
): Promise<void> {
  if (!logged.some((entry) => SCORING_FACTS.has(entry.fact.type))) return;
  const offset = log.length - logged.length;
  if (offset < 0 || logged.some((entry, index) => log[offset + index]?.fact.type !== entry.fact.type)) {
    throw new Error('awardPoints: the log must end with the facts just recorded');
  }
  const rules = await scoreRules(trx);
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
  if (entries.length > 0) await insertScoreEntries(trx, entries);
}
