import { type Executor, type Write, writesInBatches } from './executor.ts';

export interface AttachmentRow {
  id: string;
  sha256: string;
  media_type: string;
  size_bytes: number;
  storage_key: string;
  uploaded_by: number | null;
  created_at: Date;
}

export async function insertAttachment(db: Executor, row: Omit<AttachmentRow, 'created_at'>): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export async function findAttachment(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Of these ids, those that are not an upload of this person's (missing, or someone else's), in the order given:
 * evidence can only be one's own uploads.
 */
export async function attachmentIdsNotUploadedBy(
  db: Executor,
  ids: readonly string[],
  userId: number,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('id', 'in', [...ids])
    .where('uploaded_by', '=', userId)
    .execute();
  const own = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !own.has(id));
}

export function attachmentLinkWrites(
  trx: Executor,
  links: readonly { eventId: string; attachmentId: string }[],
): Write[] {
  return writesInBatches(links, 2, (batch) =>
    trx
      .insertInto('event_attachments')
      .values(batch.map((link) => ({ event_id: link.eventId, attachment_id: link.attachmentId })))
      .onConflict((conflict) => conflict.doNothing()),
  );
}

/** The files filed with an event, oldest first. */
export async function attachmentsOfEvent(
  db: Executor,
  eventId: string,
): Promise<Pick<AttachmentRow, 'id' | 'media_type' | 'created_at'>[]> {
  return db
    .selectFrom('event_attachments as ea')
    .innerJoin('attachments as a', 'a.id', 'ea.attachment_id')
    .select(['a.id', 'a.media_type', 'a.created_at'])
    .where('ea.event_id', '=', eventId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

/** The events that use this attachment (their read rows), to decide who may see it. */
export async function eventsUsingAttachment(
  db: Executor,
  attachmentId: string,
): Promise<{ snapshot: unknown }[]> {
  return db
    .selectFrom('event_attachments as ea')
    .innerJoin('events as e', 'e.id', 'ea.event_id')
    .select('e.snapshot')
    .where('ea.attachment_id', '=', attachmentId)
    .execute();
}
