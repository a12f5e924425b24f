import type { Executor } from '../../db/repositories/executor.ts';
import { insertMissingScoreRules } from '../../db/repositories/scores.ts';
import { DEFAULT_SCORE_RULES } from '../../domain/scores.ts';

/**
 * Installs the default score rules the store does not have yet, at every start: a new default rule reaches an
 * existing install, and a rule an administrator edited or switched off stays as they left it. Returns how many
 * were added. Safe when several processes start at once (each rule is inserted once).
 */
export async function installDefaultScoreRules(db: Executor): Promise<number> {
  return insertMissingScoreRules(db, DEFAULT_SCORE_RULES);
}
