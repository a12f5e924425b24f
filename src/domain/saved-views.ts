/** Saved views of the event list: a person's named sets of the list's filters. */

/** The longest name a view may have, in characters. */
export const SAVED_VIEW_NAME_MAX = 50;
/** How many views one person may keep: enough for every desk, few enough to read as a menu. */
export const SAVED_VIEWS_PER_PERSON = 100;

/** A name as it is kept: without the spaces around it; null when nothing is left. */
export function savedViewName(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length === 0 ? null : trimmed;
}
