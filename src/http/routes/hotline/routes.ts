import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHotlineSource, renewHotlineCredentials } from '../../../commands/hotline/hotline-sources.ts';
import { receiveWorkOrder, urgeWorkOrder } from '../../../commands/hotline/receive-work-order.ts';
import {
  codeTaken,
  findHotlineSource,
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
import { LIMIT_UNITS } from '../../../domain/catalogue.ts';
import { HOTLINE_URGENCIES, readWorkOrder, type UrgencyLimits } from '../../../domain/hotline.ts';
import { hotlineRates } from '../../../domain/indicators.ts';
import { verifyWebhookSignature } from '../../../integrations/channels/webhook.ts';
import { hashSecretToken } from '../../../security/tokens.ts';
import type { HttpContext } from '../../context.ts';
import { ensurePermitted, ownPlace } from '../../guard.ts';
import { actorOf, requireUser } from '../../plugins/authentication.ts';
import { problems } from '../../problem.ts';

const BODY_LIMIT = 256 * 1024;
export const HOTLINE_TIMESTAMP_HEADER = 'x-hotline-timestamp';
export const HOTLINE_SIGNATURE_HEADER = 'x-hotline-signature';

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const unauthorized = () =>
  problems.notPermitted({
    'zh-CN': '热线来源的令牌或签名无效，或时间戳与服务器相差超过 5 分钟。',
    en: 'The hotline source’s token or signature is not valid, or its timestamp is more than 5 minutes off.',
  });

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
    throw unauthorized();
  }
  await touchHotlineSource(context.db, holder.sourceId, context.clock());
  return holder;
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw problems.invalidRequest({ 'zh-CN': '请求体须为 JSON 对象。', en: 'The body must be a JSON object.' });
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

function readUrl(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && /^https?:\/\/\S+$/.test(value) && value.length <= 2000) return value;
  throw problems.invalidRequest({
    'zh-CN': '回调地址须为 http(s) 地址。',
    en: 'The callback URL must be an http(s) address.',
  });
}

function isLimit(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { unit, amount } = value as { unit?: unknown; amount?: unknown };
  return (
    typeof unit === 'string' &&
    (LIMIT_UNITS as readonly string[]).includes(unit) &&
    typeof amount === 'number' &&
    Number.isInteger(amount) &&
    amount > 0 &&
    amount <= 10_000
  );
}

function readLimits(value: unknown): UrgencyLimits {
  const limits = value as Record<string, { dispatch?: unknown; feedback?: unknown } | undefined> | null;
  const valid =
    limits !== null &&
    typeof limits === 'object' &&
    HOTLINE_URGENCIES.every((urgency) => {
      const limit = limits[urgency];
      return (
        limit !== undefined && isLimit(limit.dispatch) && (limit.feedback === null || isLimit(limit.feedback))
      );
    });
  if (!valid) {
    throw problems.invalidRequest({
      'zh-CN': '须为每种紧急程度给出派单时限和反馈时限（反馈时限可为空，沿用事项时限）。',
      en: 'Give each urgency a dispatch limit and a feedback limit (null keeps the item’s own).',
    });
  }
  const chosen = limits as UrgencyLimits;
  return Object.fromEntries(
    HOTLINE_URGENCIES.map((urgency) => [
      urgency,
      { dispatch: chosen[urgency].dispatch, feedback: chosen[urgency].feedback },
    ]),
  ) as UrgencyLimits;
}

const idOf = (text: string) => (/^\d{1,15}$/.test(text) ? Number(text) : 0);

/**
 * The 12345 hotline: each source posts its work orders and urges to its own path, signed (see docs/hotline.md);
 * administrators manage sources and see their callbacks; staff read the three rates per source.
 */
export async function hotlineRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { db, clock, areaLocator } = context;
  await app.register(async (scope) => {
    // The signature is over the bytes sent: the body is kept as text and parsed once it is checked.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    const textOf = (request: FastifyRequest) => (typeof request.body === 'string' ? request.body : '');

    scope.post<{ Params: { code: string } }>('/hotline/v1/sources/:code/orders', async (request, reply) => {
      const body = textOf(request);
      const holder = await authenticateSource(context, request, request.params.code, body);
      const read = readWorkOrder(parseJson(body));
      if (!read.ok) {
        throw problems.invalidRequest(
          { 'zh-CN': '工单字段有误。', en: 'Some fields of the work order are wrong.' },
          { problems: read.problems },
        );
      }
      const outcome = await receiveWorkOrder(db, await areaLocator.current(), holder, read.order, clock());
      if (!outcome.ok) {
        throw problems.invalidRequest(
          { 'zh-CN': `工单无法受理：${outcome.detail}`, en: `The order cannot be filed: ${outcome.detail}` },
          { reason: outcome.reason, detail: outcome.detail },
        );
      }
      return reply.status(outcome.outcome === 'created' ? 201 : 200).send({
        orderNo: read.order.orderNo,
        eventId: outcome.eventId,
        trackingCode: outcome.trackingCode,
        outcome: outcome.outcome,
        changed: outcome.changed,
      });
    });

    scope.post<{ Params: { code: string; orderNo: string } }>(
      '/hotline/v1/sources/:code/orders/:orderNo/urges',
      async (request, reply) => {
        const body = textOf(request);
        const holder = await authenticateSource(context, request, request.params.code, body);
        const raw = parseJson(body);
        const urgeId = typeof raw.urgeId === 'string' ? raw.urgeId.trim() : '';
        const content = typeof raw.content === 'string' ? raw.content.trim() : '';
        if (urgeId === '' || urgeId.length > 64 || content === '' || [...content].length > 2000) {
          throw problems.invalidRequest({
            'zh-CN': '催办须有 urgeId（至多 64 个字符）和 content。',
            en: 'An urge needs an urgeId (at most 64 characters) and its content.',
          });
        }
        const outcome = await urgeWorkOrder(
          db,
          await areaLocator.current(),
          holder,
          { orderNo: request.params.orderNo, urgeId, content },
          clock(),
        );
        if (!outcome.ok) {
          if (outcome.reason === 'unknown_order') throw problems.notFound();
          throw problems.conflict({
            'zh-CN': '该工单已办结或已退回，不能催办。',
            en: 'The order is finished or returned; it cannot be urged.',
          });
        }
        return reply
          .status(outcome.replayed ? 200 : 201)
          .send({ eventId: outcome.eventId, replayed: outcome.replayed });
      },
    );

    const admin = (request: FastifyRequest) => {
      const actor = actorOf(requireUser(request));
      ensurePermitted(actor, 'hotline:manage', ownPlace(actor));
      return actor;
    };
    const jsonOf = (request: FastifyRequest) => (textOf(request) === '' ? {} : parseJson(textOf(request)));

    scope.get('/api/v1/hotline/sources', async (request) => {
      admin(request);
      return { items: (await listHotlineSources(db)).map(presentSource) };
    });

    scope.post('/api/v1/hotline/sources', async (request, reply) => {
      const actor = admin(request);
      const body = jsonOf(request);
      const code = typeof body.code === 'string' ? body.code.trim() : '';
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(code) || name === '' || name.length > 100) {
        throw problems.invalidRequest({
          'zh-CN': '来源须有代码（小写字母、数字和连字符）和名称。',
          en: 'A source needs a code (lower-case letters, digits and hyphens) and a name.',
        });
      }
      if (await codeTaken(db, code)) {
        throw problems.conflict({ 'zh-CN': `代码 ${code} 已被使用。`, en: `The code ${code} is taken.` });
      }
      const { source, credentials } = await createHotlineSource(
        db,
        {
          code,
          name,
          callbackUrl: readUrl(body.callbackUrl),
          ...(body.urgencyLimits !== undefined ? { urgencyLimits: readLimits(body.urgencyLimits) } : {}),
          createdBy: actor.userId,
        },
        clock(),
      );
      return reply.status(201).send({ ...presentSource(source), ...credentials });
    });

    scope.patch<{ Params: { id: string } }>('/api/v1/hotline/sources/:id', async (request) => {
      admin(request);
      const source = await findHotlineSource(db, idOf(request.params.id));
      if (!source) throw problems.notFound();
      const body = jsonOf(request);
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      await updateHotlineSource(db, source.id, {
        ...(name !== '' ? { name: name.slice(0, 100) } : {}),
        ...('callbackUrl' in body ? { callbackUrl: readUrl(body.callbackUrl) } : {}),
        ...('urgencyLimits' in body ? { urgencyLimits: readLimits(body.urgencyLimits) } : {}),
      });
      const updated = await findHotlineSource(db, source.id);
      if (!updated) throw problems.notFound();
      return presentSource(updated);
    });

    scope.post<{ Params: { id: string } }>('/api/v1/hotline/sources/:id/credentials', async (request) => {
      admin(request);
      const source = await findHotlineSource(db, idOf(request.params.id));
      if (!source) throw problems.notFound();
      const credentials = await renewHotlineCredentials(db, source.id);
      const renewed = await findHotlineSource(db, source.id);
      if (!credentials || !renewed) {
        throw problems.conflict({ 'zh-CN': '该来源已吊销。', en: 'The source was revoked.' });
      }
      return { ...presentSource(renewed), ...credentials };
    });

    scope.post<{ Params: { id: string } }>('/api/v1/hotline/sources/:id/revoke', async (request) => {
      const actor = admin(request);
      const source = await findHotlineSource(db, idOf(request.params.id));
      if (!source) throw problems.notFound();
      if (!(await revokeHotlineSource(db, source.id, actor.userId, clock()))) {
        throw problems.conflict({ 'zh-CN': '该来源已于此前吊销。', en: 'The source was revoked already.' });
      }
      const revoked = await findHotlineSource(db, source.id);
      if (!revoked) throw problems.notFound();
      return presentSource(revoked);
    });

    scope.get<{ Params: { id: string }; Querystring: { failed?: string } }>(
      '/api/v1/hotline/sources/:id/callbacks',
      async (request) => {
        admin(request);
        const source = await findHotlineSource(db, idOf(request.params.id));
        if (!source) throw problems.notFound();
        const rows = await listCallbacks(db, source.id, {
          failedOnly: request.query.failed === 'true',
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
      },
    );

    scope.post<{ Params: { id: string; callbackId: string } }>(
      '/api/v1/hotline/sources/:id/callbacks/:callbackId/retry',
      async (request) => {
        admin(request);
        const retried = await retryFailedCallback(
          db,
          idOf(request.params.id),
          idOf(request.params.callbackId),
          clock(),
        );
        if (!retried) throw problems.notFound();
        return { retried: true };
      },
    );

    scope.get<{ Querystring: { from?: string; to?: string } }>('/api/v1/hotline/rates', async (request) => {
      const actor = actorOf(requireUser(request));
      ensurePermitted(actor, 'hotline:read', ownPlace(actor));
      const to = request.query.to ? new Date(request.query.to) : clock();
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(to.getTime() - 30 * 86_400_000);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
        throw problems.invalidRequest({ 'zh-CN': '时间格式无效。', en: 'A date is not valid.' });
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
  });
}
