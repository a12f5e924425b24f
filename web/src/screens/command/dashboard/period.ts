export type PeriodKind = 'day' | 'week' | 'month' | 'year';

/** A day of the period before the one holding `anchor`. */
export function previousAnchor(kind: PeriodKind, anchor: Date): Date {
  const day = new Date(anchor);
  if (kind === 'day') day.setDate(day.getDate() - 1);
  if (kind === 'week') day.setDate(day.getDate() - 7);
  if (kind === 'month') day.setMonth(day.getMonth() - 1, 1);
  if (kind === 'year') day.setFullYear(day.getFullYear() - 1, 0, 1);
  return day;
}
