import type { Executor } from '../../db/repositories/executor.ts';
import { type ScoreSettings, saveScoreSettings } from '../../db/repositories/scores.ts';

/** Sets the weight of the streets' evaluation in a department's score (0–1; 0.5 by default, 下考上). */
export async function changeScoreSettings(
  db: Executor,
  settings: { streetEvaluationWeight: number },
  userId: number,
  now: Date,
): Promise<ScoreSettings> {
  const weight = settings.streetEvaluationWeight;
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) {
    throw new RangeError(`The streets' weight must be between 0 and 1, not ${weight}`);
  }
  return saveScoreSettings(db, settings, userId, now);
}
