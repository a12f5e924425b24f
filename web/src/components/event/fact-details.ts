import type { TimelineEntry } from '../../api/types.ts';

interface UnitLike {
  code: string;
}

/** What a fact said, as label-key / value pairs a timeline can show: its words, units, rating, step. */
export function factDetails(
  entry: TimelineEntry,
  unitName: (code: string) => string,
): { key: string; value: string; translate?: boolean }[] {
  const fact = entry.fact;
  const details: { key: string; value: string; translate?: boolean }[] = [];
  const text = (name: string) => {
    const value = fact[name];
    if (typeof value === 'string' && value.trim()) details.push({ key: name, value });
  };
  text('description');
  text('text');
  text('reason');
  text('comment');
  const lead = fact.lead as UnitLike | undefined;
  if (lead) details.push({ key: 'lead', value: unitName(lead.code) });
  const assisting = (fact.assisting as UnitLike[] | undefined) ?? [];
  if (assisting.length > 0)
    details.push({ key: 'assisting', value: assisting.map((unit) => unitName(unit.code)).join('、') });
  if (typeof fact.rating === 'string')
    details.push({ key: 'rating', value: `common.ratings.${fact.rating}`, translate: true });
  if (typeof fact.extraHours === 'number')
    details.push({ key: 'extraHours', value: String(fact.extraHours) });
  if (typeof fact.step === 'string')
    details.push({ key: 'step', value: `common.deadline.${fact.step}`, translate: true });
  if (typeof fact.toLevel === 'string')
    details.push({ key: 'toLevel', value: `common.levels.${fact.toLevel}`, translate: true });
  return details;
}

/** The attachments a fact names (reports, handling, verification, solving on the spot). */
export function factAttachmentIds(entry: TimelineEntry): string[] {
  const ids = entry.fact.attachmentIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
