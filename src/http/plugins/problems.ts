import { createRequire } from 'node:module';
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

/** The path of the first string in a JSON value that PostgreSQL could not store, or null. */
function unstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const bad = unstorableText(item, `${path}[${index}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const bad = unstorableText(key, path) ?? unstorableText(item, path ? `${path}.${key}` : key);
      if (bad !== null) return bad;
    }
  }
  return null;
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

/** Every failure leaves as application/problem+json (RFC 9457) in the language of Accept-Language. */
export const problemsPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('language', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    request.language = negotiateLanguage(request.headers['accept-language']);
  });
  // PostgreSQL text cannot hold NUL, nor JSON a lone surrogate: such input is refused here, by name,
  // instead of failing later in the database.
  app.addHook('preValidation', async (request) => {
    const bad = unstorableText(request.body);
    if (bad !== null) {
      throw problems.invalidRequest({
        'zh-CN': `字段 ${bad || '（请求体）'} 含有无法保存的字符（空字符或不成对的代理字符），请删除后重试。`,
        en: `The field ${bad || '(body)'} holds a character that cannot be stored (NUL or an unpaired surrogate); remove it.`,
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
