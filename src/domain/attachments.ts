/** What evidence may be uploaded: photos, videos and PDF documents, each kind with its own size limit. */
export const ATTACHMENT_LIMITS: Readonly<Record<string, number>> = {
  'image/jpeg': 15 * 1024 * 1024,
  'image/png': 15 * 1024 * 1024,
  'image/webp': 15 * 1024 * 1024,
  'image/heic': 15 * 1024 * 1024,
  'image/heif': 15 * 1024 * 1024,
  'video/mp4': 200 * 1024 * 1024,
  'video/quicktime': 200 * 1024 * 1024,
  'video/webm': 200 * 1024 * 1024,
  'application/pdf': 20 * 1024 * 1024,
};

export const MAX_ATTACHMENT_BYTES = Math.max(...Object.values(ATTACHMENT_LIMITS));

export type AttachmentCheck =
  | { ok: true }
  | { ok: false; reason: 'type_not_allowed'; detected: string | null }
  | { ok: false; reason: 'too_large'; limitBytes: number }
  | { ok: false; reason: 'empty' };

/** Decides on the type found in the bytes themselves, never on the file's name or the declared type. */
export function checkAttachment(detectedMediaType: string | null, sizeBytes: number): AttachmentCheck {
  if (sizeBytes === 0) return { ok: false, reason: 'empty' };
  const limit = detectedMediaType ? ATTACHMENT_LIMITS[detectedMediaType] : undefined;
  if (limit === undefined) return { ok: false, reason: 'type_not_allowed', detected: detectedMediaType };
  return sizeBytes > limit ? { ok: false, reason: 'too_large', limitBytes: limit } : { ok: true };
}
