import { STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import type { ErrorObject } from 'ajv';
import type { Localize } from 'ajv-i18n/localize/types.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isStoreUnavailable } from '../../db/store.ts';
import { type Language, negotiateLanguage } from '../../i18n/language.ts';
import { Problem, problems } from '../problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
  }
}

// ajv-i18n is CommonJS whose typings claim a default export it does not have; require gives the function itself.
const require = createRequire(import.meta.url);
const localizeEn: Localize = require('ajv-i18n/localize/en');
const localizeZh: Localize = require('ajv-i18n/localize/zh');

const WHERE: Record<string, Record<Language, string>> = {
  body: { 'zh-CN': '请求体', en: 'body' },
  querystring: { 'zh-CN': '查询参数', en: 'query' },
  params: { 'zh-CN': '路径参数', en: 'path' },
  headers: { 'zh-CN': '请求头', en: 'header' },
};

/** One line per schema error, in the asked language, naming the field a person has to fix. */
function describeValidation(errors: readonly ErrorObject[], context: string, language: Language): string {
  const localized = structuredClone(errors) as ErrorObject[];
  (language === 'en' ? localizeEn : localizeZh)(localized);
  return localized
    .map((error) => {
      const extra =
        error.keyword === 'additionalProperties'
          ? String((error.params as { additionalProperty?: string }).additionalProperty)
          : error.keyword === 'required'
            ? String((error.params as { missingProperty?: string }).missingProperty)
            : '';
      const path = [error.instancePath.replace(/^\//, '').replaceAll('/', '.'), extra]
        .filter(Boolean)
        .join('.');
      const where = WHERE[context]?.[language] ?? context;
      return `${where}${path ? ` ${path}` : ''}: ${error.message ?? error.keyword}`;
    })
    .join('; ');
}

/** How deep a request body may nest: a GeoJSON MultiPolygon needs five levels, the deepest body here about eight. */
export const MAX_BODY_DEPTH = 32;

type BodyFault = { path: string; reason: 'unstorable' | 'too_deep' };

/**
 * The first place in a JSON value that the app will not take: a string PostgreSQL could not store (NUL, a lone
 * surrogate), or nesting deeper than MAX_BODY_DEPTH. Walked with a stack of its own, so that no body, however
 * deep, can exhaust the call stack.
 */
function bodyFault(body: unknown): BodyFault | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  const unstorable = (text: string) => text.includes('\u0000') || !text.isWellFormed();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (unstorable(value)) return { path, reason: 'unstorable' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { path, reason: 'too_deep' };
    const entries = Array.isArray(value)
      ? value.map((item, index) => [`${path}[${index}]`, item] as const)
      : Object.entries(value).map(([key, item]) => {
          if (unstorable(key)) return [path, key] as const;
          return [path ? `${path}.${key}` : key, item] as const;
        });
    // Reversed onto the stack, so that the first field is looked at first.
    for (let index = entries.length - 1; index >= 0; index--) {
      const [itemPath, item] = entries[index]!;
      pending.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return null;
}

/** A path shortened for a message: a body nested thousands deep would otherwise be quoted whole. */
function shortPath(path: string): string {
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  if (error.validation) {
    const context = error.validationContext ?? 'body';
    const errors = error.validation as unknown as ErrorObject[];
    return problems.invalidRequest(
      {
        'zh-CN': describeValidation(errors, context, 'zh-CN'),
        en: describeValidation(errors, context, 'en'),
      },
      {
        errors: errors.map((e) => ({
          in: context,
          path: e.instancePath,
          keyword: e.keyword,
          params: e.params,
        })),
      },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problems.payloadTooLarge(
        request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problems.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problems.invalidRequest({
        'zh-CN': `请求体不是有效的 JSON：${error.message}`,
        en: `The body is not valid JSON: ${error.message}`,
      });
  }
  // The store is away (stopped, restarting, unreachable): the request may be sent again shortly.
  if (isStoreUnavailable(error)) return problems.unavailable();
  if (error.statusCode === 429) return problems.rateLimited(Number(error.message) || 60);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return problems.invalidRequest({ 'zh-CN': error.message, en: error.message });
  }
  return problems.internal();
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.retryAfterSeconds !== null) reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply
    .status(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(problem.toBody(reply.request.language, reply.request.url));
}

/** The longest path parameter the router takes (Fastify's default): codes and ids are far shorter. */
export const MAX_PATH_PARAMETER_LENGTH = 100;

/**
 * Fastify's `frameworkErrors`: what the router refuses before any hook has run (a path that is not valid
 * percent-encoding, or a path parameter longer than MAX_PATH_PARAMETER_LENGTH) leaves as problem+json too.
 */
export function sendFrameworkProblem(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  request.language = negotiateLanguage(request.headers['accept-language']);
  sendProblem(
    reply,
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problems.pathParameterTooLong(MAX_PATH_PARAMETER_LENGTH)
      : problems.invalidRequest({
          'zh-CN': '路径参数不是有效的 URL 编码。',
          en: 'A path parameter is not valid URL encoding.',
        }),
  );
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses before Fastify sees it (headers or URL
 * over 16 KB, a malformed request line, a client too slow to send its headers) is answered as problem+json too,
 * in Chinese and English at once since its Accept-Language was never read.
 */
export function sendClientErrorProblem(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          '请求头过大 / Request header fields too large',
          '请求头或网址超过 16 KB。/ The headers or the URL exceed 16 KB.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, '请求超时 / Request timeout', '请求发送过慢。/ The request was sent too slowly.']
        : [400, '请求无效 / Invalid request', '请求格式错误，无法解析。/ The request could not be parsed.'];
  const body = JSON.stringify({ type: 'https://huying.dev/problems/invalid-request', title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Every failure leaves as application/problem+json (RFC 9457) in the language of Accept-Language. */
export const problemsPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('language', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    request.language = negotiateLanguage(request.headers['accept-language']);
  });
  // PostgreSQL text cannot hold NUL, nor JSON a lone surrogate: such input is refused here, by name, instead of
  // failing later in the database. A body nested deeper than any request needs is refused before a handler,
  // a serializer or a hash recurses into it.
  app.addHook('preValidation', async (request) => {
    const parts = [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const;
    for (const [part, value] of parts) {
      const fault = bodyFault(value);
      if (fault === null) continue;
      const where = (language: Language) =>
        [part === 'body' && fault.path ? '' : WHERE[part]![language], shortPath(fault.path)]
          .filter(Boolean)
          .join(' ');
      throw fault.reason === 'unstorable'
        ? problems.invalidRequest({
            'zh-CN': `字段 ${where('zh-CN')} 含有无法保存的字符（空字符或不成对的代理字符），请删除后重试。`,
            en: `The field ${where('en')} holds a character that cannot be stored (NUL or an unpaired surrogate); remove it.`,
          })
        : problems.invalidRequest({
            'zh-CN': `${where('zh-CN')} 嵌套超过 ${MAX_BODY_DEPTH} 层，请检查后重试。`,
            en: `The ${where('en')} nests deeper than ${MAX_BODY_DEPTH} levels; check what is sent.`,
          });
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = error instanceof Problem ? error : toProblem(error, request);
    if (problem.status === 503) request.log.warn({ err: error }, 'the store is unavailable');
    else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, problems.notFound()));
});
