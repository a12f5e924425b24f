import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { createHotlineSource, renewHotlineCredentials } from '../../../commands/hotline/hotline-sources.ts';
import { importWorkOrders } from '../../../commands/hotline/import-work-orders.ts';
import { receiveWorkOrder, urgeWorkOrder } from '../../../commands/hotline/receive-work-order.ts';
import { findEventRow, stateOfRow } from '../../../db/repositories/events.ts';
import {
  codeTaken,
  findHotlineSource,
  findOrderOfEvent,
  findSourceHolder,
  hotlineCounts,
  listCallbacks,
  listHotlineSources,
  retryFailedCallback,
  revokeHotlineSource,
  type SourceHolder,
  touchHotlineSource,
  updateHotlineSource,
} from '../../../db/repositories/hotline.ts';
import type { HotlineSourceRow } from '../../../db/schema-hotline.ts';
import { eventInSight } from '../../../domain/event-sight.ts';
import { callerFor, type HotlineUrgency, readWorkOrder } from '../../../domain/hotline.ts';
import { hotlineRates } from '../../../domain/indicators.ts';
import { HOTLINE_TEXTS, orderProblemText } from '../../../i18n/hotline.ts';
import { verifyWebhookSignature } from '../../../integrations/channels/webhook.ts';
import { readBacklog } from '../../../integrations/hotline-backlog.ts';
import { hashSecretToken } from '../../../security/tokens.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';
import {
  createSourceSchema,
  eventOrderSchema,
  IMPORT_BODY_LIMIT,
  IMPORT_MAX_LINES,
  importOrdersSchema,
  listCallbacksSchema,
  listSourcesSchema,
  ratesSchema,
  receiveOrderSchema,
  renewCredentialsSchema,
  retryCallbackSchema,
  revokeSourceSchema,
  updateSourceSchema,
  urgeOrderSchema,
} from './schema.ts';

const BODY_LIMIT = 256 * 1024;
export const HOTLINE_TIMESTAMP_HEADER = 'x-hotline-timestamp';
export const HOTLINE_SIGNATURE_HEADER = 'x-hotline-signature';

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The bytes a source sent, kept for its signature while the parsed body goes on to validation. */
const bodiesAsSent = new WeakMap<FastifyRequest, string>();
/** The source that signed a request, once its signature held. */
const signers = new WeakMap<FastifyRequest, SourceHolder>();

/**
 * The caller is the source named in the path: its bearer token (compared by hash, in constant time) and the
 * HMAC-SHA256 signature of `{timestamp}.{body}` under its secret, the timestamp within 5 minutes of ours.
 */
async function authenticateSource(
  context: HttpContext,
  request: FastifyRequest,
  code: string,
  body: string,
): Promise<SourceHolder> {
  const holder = await findSourceHolder(context.db, code);
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const timestamp = String(request.headers[HOTLINE_TIMESTAMP_HEADER] ?? '');
  const signature = String(request.headers[HOTLINE_SIGNATURE_HEADER] ?? '');
  if (
    !holder ||
    !sameHash(hashSecretToken(bearer), holder.tokenHash) ||
    !verifyWebhookSignature(holder.signingSecret, timestamp, body, signature, context.clock())
  ) {
    throw problems.notPermitted(HOTLINE_TEXTS.badSignature());
  }
  await touchHotlineSource(context.db, holder.sourceId, context.clock());
  return holder;
}

function presentSource(row: HotlineSourceRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    tokenHint: row.token_hint,
    callbackUrl: row.callback_url,
    urgencyLimits: row.urgency_limits,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/**
 * The 12345 hotline: each source posts its work orders and urges to its own path, signed (see docs/hotline.md);
 * administrators manage sources, see their callbacks and import backlogs; staff read the three rates per source.
 */
export const hotlineRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, context) => {
  const { db, clock, areaLocator } = context;

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The signature is over the bytes sent: they are kept beside the parsed body, and checked before the
    // body is validated, so that a caller without a valid signature learns nothing about the fields.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (request, body, done) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        bodiesAsSent.set(request, text);
        try {
          done(null, JSON.parse(text));
        } catch {
          done(null, text);
        }
      },
    );
    scope.addHook('preValidation', async (request) => {
      const { code } = request.params as { code?: unknown };
      const body = bodiesAsSent.get(request) ?? '';
      signers.set(request, await authenticateSource(context, request, String(code ?? ''), body));
      if (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) {
        throw problems.invalidRequest(HOTLINE_TEXTS.notAnObject());
      }
    });
    const signerOf = (request: FastifyRequest) => {
      const holder = signers.get(request);
      if (!holder) throw problems.notPermitted(HOTLINE_TEXTS.badSignature());
      return holder;
    };

    scope.post('/hotline/v1/sources/:code/orders', { schema: receiveOrderSchema }, async (request, reply) => {
      const holder = signerOf(request);
      const read = readWorkOrder(request.body as Record<string, unknown>);
      if (!read.ok) {
        const language = request.language;
        throw problems.invalidRequest(HOTLINE_TEXTS.orderFields(), {
          problems: read.problems.map((problem) => ({
            ...problem,
            message: orderProblemText(problem)[language],
          })),
        });
      }
      const outcome = await receiveWorkOrder(db, await areaLocator.current(), holder, read.order, clock());
      if (!outcome.ok) {
        throw problems.invalidRequest(HOTLINE_TEXTS.orderNotFiled(outcome.detail), {
          reason: outcome.reason,
          detail: outcome.detail,
        });
      }
      const answer = {
        orderNo: read.order.orderNo,
        eventId: outcome.eventId,
        trackingCode: outcome.trackingCode,
        changed: outcome.changed,
      };
      return outcome.outcome === 'created'
        ? reply.status(201).send({ ...answer, outcome: 'created' as const })
        : reply.status(200).send({ ...answer, outcome: outcome.outcome });
    });

    scope.post(
      '/hotline/v1/sources/:code/orders/:orderNo/urges',
      { schema: urgeOrderSchema },
      async (request, reply) => {
        const holder = signerOf(request);
        const outcome = await urgeWorkOrder(
          db,
          await areaLocator.current(),
          holder,
          {
            orderNo: request.params.orderNo,
            urgeId: request.body.urgeId.trim(),
            content: request.body.content.trim(),
          },
          clock(),
        );
        if (!outcome.ok) {
          if (outcome.reason === 'unknown_order') throw problems.notFound();
          throw problems.conflict(HOTLINE_TEXTS.orderEnded());
        }
        return outcome.replayed
          ? reply.status(200).send({ eventId: outcome.eventId, replayed: true as const })
          : reply.status(201).send({ eventId: outcome.eventId, replayed: false as const });
      },
    );
  });

  const admin = (request: FastifyRequest) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'hotline:manage', ownPlace(actor));
    return actor;
  };
  const sourceOr404 = async (id: number) => {
    const source = await findHotlineSource(db, id);
    if (!source) throw problems.notFound();
    return source;
  };

  app.get('/api/v1/hotline/sources', { schema: listSourcesSchema }, async (request) => {
    admin(request);
    return { items: (await listHotlineSources(db)).map(presentSource) };
  });

  app.post('/api/v1/hotline/sources', { schema: createSourceSchema }, async (request, reply) => {
    const actor = admin(request);
    const code = request.body.code;
    if (await codeTaken(db, code)) throw problems.conflict(HOTLINE_TEXTS.codeTaken(code));
    const { source, credentials } = await createHotlineSource(
      db,
      {
        code,
        name: request.body.name.trim(),
        callbackUrl: request.body.callbackUrl ?? null,
        ...(request.body.urgencyLimits !== undefined ? { urgencyLimits: request.body.urgencyLimits } : {}),
        createdBy: actor.userId,
      },
      clock(),
    );
    reply.header('location', `/api/v1/hotline/sources/${source.id}`);
    return reply.status(201).send({ ...presentSource(source), ...credentials });
  });

  app.patch('/api/v1/hotline/sources/:id', { schema: updateSourceSchema }, async (request) => {
    admin(request);
    const source = await sourceOr404(request.params.id);
    const { name, callbackUrl, urgencyLimits } = request.body;
    await updateHotlineSource(db, source.id, {
      ...(name !== undefined ? { name: name.trim() } : {}),
      ...(callbackUrl !== undefined ? { callbackUrl } : {}),
      ...(urgencyLimits !== undefined ? { urgencyLimits } : {}),
    });
    return presentSource(await sourceOr404(source.id));
  });

  app.post('/api/v1/hotline/sources/:id/credentials', { schema: renewCredentialsSchema }, async (request) => {
    admin(request);
    const source = await sourceOr404(request.params.id);
    const credentials = await renewHotlineCredentials(db, source.id);
    if (!credentials) throw problems.conflict(HOTLINE_TEXTS.sourceRevoked());
    return { ...presentSource(await sourceOr404(source.id)), ...credentials };
  });

  app.post('/api/v1/hotline/sources/:id/revoke', { schema: revokeSourceSchema }, async (request) => {
    const actor = admin(request);
    const source = await sourceOr404(request.params.id);
    if (!(await revokeHotlineSource(db, source.id, actor.userId, clock()))) {
      throw problems.conflict(HOTLINE_TEXTS.revokedAlready());
    }
    return presentSource(await sourceOr404(source.id));
  });

  app.get('/api/v1/hotline/sources/:id/callbacks', { schema: listCallbacksSchema }, async (request) => {
    admin(request);
    const source = await sourceOr404(request.params.id);
    const rows = await listCallbacks(db, source.id, {
      failedOnly: request.query.failed === true,
      limit: 200,
    });
    return {
      items: rows.map((row) => ({
        id: row.id,
        orderNo: row.orderNo,
        callback: row.callback,
        attempts: row.attempts,
        createdAt: row.createdAt.toISOString(),
        deliveredAt: row.deliveredAt?.toISOString() ?? null,
        failedAt: row.failedAt?.toISOString() ?? null,
        lastError: row.lastError,
      })),
    };
  });

  app.post(
    '/api/v1/hotline/sources/:id/callbacks/:callbackId/retry',
    { schema: retryCallbackSchema },
    async (request) => {
      admin(request);
      if (!(await retryFailedCallback(db, request.params.id, request.params.callbackId, clock()))) {
        throw problems.notFound();
      }
      return { retried: true as const };
    },
  );

  app.post(
    '/api/v1/hotline/sources/:id/imports',
    { schema: importOrdersSchema, bodyLimit: IMPORT_BODY_LIMIT },
    async (request) => {
      admin(request);
      const source = await sourceOr404(request.params.id);
      const holder = await findSourceHolder(db, source.code);
      if (!holder) throw problems.conflict(HOTLINE_TEXTS.sourceRevoked());
      const read = await readBacklog(request.body.format, request.body.content);
      if (!read.ok) {
        throw problems.invalidRequest(HOTLINE_TEXTS.badImport(`line ${read.line}: ${read.detail}`), {
          line: read.line,
        });
      }
      if (read.lines.length > IMPORT_MAX_LINES) {
        throw problems.invalidRequest(HOTLINE_TEXTS.tooManyRows(IMPORT_MAX_LINES));
      }
      const report = await importWorkOrders(
        db,
        await areaLocator.current(),
        holder,
        read.lines,
        { dryRun: request.body.dryRun ?? true },
        clock(),
      );
      const language = request.language;
      return {
        ...report,
        lines: report.lines.map((line) =>
          line.outcome === 'refused'
            ? {
                ...line,
                message:
                  line.reason === 'fields'
                    ? line.problems.map((problem) => orderProblemText(problem)[language]).join('; ')
                    : HOTLINE_TEXTS.orderNotFiled(line.detail ?? line.reason)[language],
              }
            : line,
        ),
      };
    },
  );

  app.get('/api/v1/hotline/rates', { schema: ratesSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    ensurePermitted(actor, 'hotline:read', ownPlace(actor));
    const to = request.query.to ? new Date(request.query.to) : clock();
    const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw problems.invalidRequest(HOTLINE_TEXTS.badDate());
    }
    const sources = new Map((await listHotlineSources(db)).map((row) => [row.id, row]));
    const counts = await hotlineCounts(db, from, to);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items: counts.map((row) => ({
        sourceId: row.sourceId,
        code: sources.get(row.sourceId)?.code ?? null,
        name: sources.get(row.sourceId)?.name ?? null,
        counts: row,
        rates: hotlineRates(row),
      })),
    };
  });

  // The source of a case on its page: the same 404 for no case, a case out of sight and a case not from 12345.
  app.get('/api/v1/events/:id/hotline-order', { schema: eventOrderSchema }, async (request) => {
    const actor = actorOf(requireUser(request));
    const row = await findEventRow(db, request.params.id);
    const state = row ? stateOfRow(row) : null;
    if (!state || !eventInSight(actor, state)) throw problems.notFound();
    const order = await findOrderOfEvent(db, state.id);
    if (!order) throw problems.notFound();
    return {
      source: { code: order.source_code, name: order.source_name },
      orderNo: order.order_no,
      requestType: order.request_type,
      urgency: order.urgency as HotlineUrgency,
      caller: callerFor(actor, state.lead, { name: order.caller_name, phone: order.caller_phone }),
      address: order.address,
      dueAt: order.due_at?.toISOString() ?? null,
      receivedAt: order.received_at.toISOString(),
      revision: order.revision,
      urges: order.urges,
    };
  });
};
