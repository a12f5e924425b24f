import { findAreaPath } from '../db/repositories/areas.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { countSavedViews, insertSavedView, type SavedViewRow } from '../db/repositories/saved-views.ts';
import { type Actor, isInSight } from '../domain/permissions.ts';
import { SAVED_VIEWS_PER_PERSON, savedViewName } from '../domain/saved-views.ts';

export type SaveViewOutcome =
  | { ok: true; view: SavedViewRow }
  | { ok: false; reason: 'blank_name' | 'name_taken' | 'too_many' | 'area_out_of_sight' };

/**
 * Keeps a named set of the event list's filters for the person. The filters were checked against the list's
 * own schema at the edge; here, an area they name must be one the person sees, so the view can be opened.
 */
export async function saveView(
  db: Executor,
  actor: Actor,
  view: { name: string; filter: Record<string, unknown> & { area?: string | undefined } },
): Promise<SaveViewOutcome> {
  const name = savedViewName(view.name);
  if (name === null) return { ok: false, reason: 'blank_name' };
  if (view.filter.area !== undefined) {
    const areaPath = await findAreaPath(db, view.filter.area);
    if (!areaPath || !isInSight(actor, { areaPath })) return { ok: false, reason: 'area_out_of_sight' };
  }
  if ((await countSavedViews(db, actor.userId)) >= SAVED_VIEWS_PER_PERSON)
    return { ok: false, reason: 'too_many' };
  const saved = await insertSavedView(db, actor.userId, { name, filter: view.filter });
  return saved ? { ok: true, view: saved } : { ok: false, reason: 'name_taken' };
}
