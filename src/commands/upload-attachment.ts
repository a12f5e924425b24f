import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import { type AttachmentRow, insertAttachment } from '../db/repositories/attachments.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type AttachmentCheck, checkAttachment, MAX_ATTACHMENT_BYTES } from '../domain/attachments.ts';
import type { AttachmentStorage } from '../storage/attachment-storage.ts';

export type UploadResult =
  | { ok: true; attachment: Omit<AttachmentRow, 'created_at'> }
  | { ok: false; check: Exclude<AttachmentCheck, { ok: true }> };

/**
 * Streams an upload to a temporary file while hashing it, decides on the type its bytes show, and keeps it only
 * when allowed: moved into place durably before its row is written, so a row never points at nothing.
 */
export async function uploadAttachment(
  db: Executor,
  storage: AttachmentStorage,
  content: Readable,
  uploaderId: number,
): Promise<UploadResult> {
  const id = randomUUID();
  const temporaryPath = await storage.temporaryPath(id);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(content, measure, createWriteStream(temporaryPath));
    // A stream cut short at the transport's limit ends normally but says so: what arrived is not the file.
    if ((content as Readable & { truncated?: boolean }).truncated) {
      await storage.discard(temporaryPath);
      return { ok: false, check: { ok: false, reason: 'too_large', limitBytes: MAX_ATTACHMENT_BYTES } };
    }
    const detected = sizeBytes > 0 ? ((await fileTypeFromFile(temporaryPath))?.mime ?? null) : null;
    const check = checkAttachment(detected, sizeBytes);
    if (!check.ok) {
      await storage.discard(temporaryPath);
      return { ok: false, check };
    }
    const attachment = {
      id,
      sha256: hash.digest('hex'),
      media_type: detected as string,
      size_bytes: sizeBytes,
      storage_key: `${id.slice(0, 2)}/${id}`,
      uploaded_by: uploaderId,
    };
    await storage.adopt(temporaryPath, attachment.storage_key);
    await insertAttachment(db, attachment);
    return { ok: true, attachment };
  } catch (error) {
    await storage.discard(temporaryPath);
    throw error;
  }
}
