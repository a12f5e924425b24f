import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { uploadAttachment } from '../../../commands/upload-attachment.ts';
import { eventsUsingAttachment, findAttachment } from '../../../db/repositories/attachments.ts';
import { stateOfRow } from '../../../db/repositories/events.ts';
import { ATTACHMENT_LIMITS, MAX_ATTACHMENT_BYTES } from '../../../domain/attachments.ts';
import { eventInSight } from '../../../domain/event-sight.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { AttachmentStorage } from '../../../storage/attachment-storage.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import { ProblemSchema } from '../../schemas.ts';

const AttachmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
});

const ALLOWED = Object.keys(ATTACHMENT_LIMITS).join(', ');

export const attachmentRoutes: FastifyPluginAsyncTypebox<
  HttpContext & { storage: AttachmentStorage }
> = async (app, { db, storage }) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0, parts: 1 },
  });

  app.post(
    '/api/v1/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary:
          'Upload one photo, video or PDF as multipart/form-data (field "file"); its type is read from its bytes',
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema, 400: ProblemSchema, 401: ProblemSchema, 413: ProblemSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(requireUser(request));
      ensurePermitted(actor, 'attachment:upload', ownPlace(actor));
      const file = request.isMultipart() ? await request.file() : undefined;
      if (!file) {
        throw problems.invalidRequest({
          'zh-CN': '请以 multipart/form-data 上传一个文件（字段名 file）。',
          en: 'Upload one file as multipart/form-data (field name "file").',
        });
      }
      const result = await uploadAttachment(db, storage, file.file, actor.userId);
      if (!result.ok) {
        switch (result.check.reason) {
          case 'too_large':
            throw problems.payloadTooLarge(result.check.limitBytes);
          case 'empty':
            throw problems.invalidRequest({
              'zh-CN': '上传的文件是空的。',
              en: 'The uploaded file is empty.',
            });
          case 'type_not_allowed':
            throw problems.invalidRequest({
              'zh-CN': `文件内容不是允许的类型（${ALLOWED}），检测到：${result.check.detected ?? '未知'}。`,
              en: `The file's content is not an allowed type (${ALLOWED}); found: ${result.check.detected ?? 'unknown'}.`,
            });
        }
      }
      const { attachment } = result;
      return reply.status(201).send({
        id: attachment.id,
        mediaType: attachment.media_type,
        sizeBytes: attachment.size_bytes,
        sha256: attachment.sha256,
      });
    },
  );

  /** An upload is seen by its uploader and by everyone who sees an event that uses it. */
  async function maySee(actor: Actor, attachmentId: string, uploadedBy: number | null): Promise<boolean> {
    if (uploadedBy === actor.userId) return true;
    const events = await eventsUsingAttachment(db, attachmentId);
    return events.some((row) => eventInSight(actor, stateOfRow(row)));
  }

  app.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: 'The file itself',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: {
          200: Type.Unsafe<Readable>({
            type: 'string',
            format: 'binary',
            description: 'the file, as uploaded',
          }),
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(requireUser(request));
      const attachment = await findAttachment(db, request.params.id);
      if (!attachment || !(await maySee(actor, attachment.id, attachment.uploaded_by)))
        throw problems.notFound();
      return reply
        .type(attachment.media_type)
        .header('content-length', attachment.size_bytes)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(storage.read(attachment.storage_key));
    },
  );
};
