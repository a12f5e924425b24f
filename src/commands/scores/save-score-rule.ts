import type { Executor } from '../../db/repositories/executor.ts';
import { type StoredScoreRule, updateScoreRule } from '../../db/repositories/scores.ts';

export interface ScoreRuleChange {
  points?: number | undefined;
  active?: boolean | undefined;
}

/**
 * An administrator's change of one rule's points or its switch. Points already written keep the value they had:
 * the change applies to the facts recorded after it. Undefined when there is no such rule.
 */
export async function changeScoreRule(
  db: Executor,
  code: string,
  change: ScoreRuleChange,
  userId: number,
  now: Date,
): Promise<StoredScoreRule | undefined> {
  return updateScoreRule(db, code, change, userId, now);
}
