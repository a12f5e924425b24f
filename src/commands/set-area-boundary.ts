import { updateAreaBoundary } from '../db/repositories/areas.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type AreaImportProblem, areaBoundaryProblem } from '../domain/area-import.ts';
import type { AreaBoundary } from '../domain/areas.ts';

export type SetBoundaryOutcome = { ok: true } | { ok: false; problem: AreaImportProblem };

/**
 * Redraws an area's boundary after the same checks an import makes of each feature; a faulty geometry writes
 * nothing. The tree's version moves in the same transaction, so every process's locator rebuilds.
 */
export async function setAreaBoundary(
  db: Executor,
  code: string,
  geometry: unknown,
): Promise<SetBoundaryOutcome> {
  const problem = areaBoundaryProblem(geometry);
  if (problem) return { ok: false, problem };
  await db.transaction().execute((trx) => updateAreaBoundary(trx, code, geometry as AreaBoundary));
  return { ok: true };
}
