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

export interface EventPhoto {
  id: string;
  src: string;
  /** The fact the photo was filed with: `reported` for the report's own photos, which no fact names. */
  factType: string;
  at: string;
}

/** Every photo of an event with the step it was filed at: the report's first, then each fact's evidence. */
export function eventPhotos(
  timeline: readonly TimelineEntry[],
  attachments: readonly { id: string; mediaType: string; uploadedAt: string }[],
): EventPhoto[] {
  const images = new Set(
    attachments.filter((file) => file.mediaType.startsWith('image/')).map((file) => file.id),
  );
  const named = timeline.flatMap((entry) =>
    factAttachmentIds(entry).map((id) => ({
      id,
      src: `/api/v1/attachments/${id}`,
      factType: entry.type,
      at: entry.at,
    })),
  );
  const namedIds = new Set(named.map((photo) => photo.id));
  const reported = attachments
    .filter((file) => !namedIds.has(file.id))
    .map((file) => ({
      id: file.id,
      src: `/api/v1/attachments/${file.id}`,
      factType: 'reported',
      at: file.uploadedAt,
    }));
  return [...reported, ...named].filter((photo) => images.has(photo.id));
}
