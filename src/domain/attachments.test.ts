import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS, checkAttachment, MAX_ATTACHMENT_BYTES } from './attachments.ts';

const MiB = 1024 * 1024;

describe('what evidence may be kept', () => {
  it('an empty file is refused whatever it claims to be', () => {
    expect(checkAttachment('image/png', 0)).toEqual({ ok: false, reason: 'empty' });
    expect(checkAttachment(null, 0)).toEqual({ ok: false, reason: 'empty' });
  });

  it('a type the bytes do not show, or one not on the list, is refused and named', () => {
    expect(checkAttachment(null, 10)).toEqual({ ok: false, reason: 'type_not_allowed', detected: null });
    expect(checkAttachment('image/gif', 10)).toEqual({
      ok: false,
      reason: 'type_not_allowed',
      detected: 'image/gif',
    });
    expect(checkAttachment('application/zip', 10)).toMatchObject({ reason: 'type_not_allowed' });
  });

  it('photos may be 15 MiB, PDFs 20 MiB and videos 200 MiB, the limit itself included', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']) {
      expect(checkAttachment(type, 15 * MiB), type).toEqual({ ok: true });
      expect(checkAttachment(type, 15 * MiB + 1), type).toEqual({
        ok: false,
        reason: 'too_large',
        limitBytes: 15 * MiB,
      });
    }
    expect(checkAttachment('application/pdf', 20 * MiB)).toEqual({ ok: true });
    expect(checkAttachment('application/pdf', 20 * MiB + 1)).toMatchObject({ limitBytes: 20 * MiB });
    for (const type of ['video/mp4', 'video/quicktime', 'video/webm']) {
      expect(checkAttachment(type, 200 * MiB), type).toEqual({ ok: true });
      expect(checkAttachment(type, 200 * MiB + 1), type).toMatchObject({ reason: 'too_large' });
    }
  });

  it('the largest limit is the stream limit of an upload', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(200 * MiB);
    expect(Math.max(...Object.values(ATTACHMENT_LIMITS))).toBe(MAX_ATTACHMENT_BYTES);
  });
});
