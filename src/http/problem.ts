import type { Language } from '../i18n/language.ts';

type Bilingual = Record<Language, string>;

/**
 * An answer that is not a success, as RFC 9457 problem details. Handlers throw it; the error handler writes
 * it as application/problem+json in the language the request asked for.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    readonly title: Bilingual,
    readonly detail: Bilingual,
    readonly extensions: Record<string, unknown> = {},
    /** Sent as the Retry-After header: when the same request may succeed. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(detail.en);
  }

  toBody(language: Language, instance: string): Record<string, unknown> {
    return {
      type: `https://huying.dev/problems/${this.kind}`,
      title: this.title[language],
      status: this.status,
      detail: this.detail[language],
      instance,
      ...this.extensions,
    };
  }
}

/**
 * How long a client should wait before asking again while the store is away: the app is back within 2 s of the
 * store's return, so a short wait costs little and spares a restarted database a storm.
 */
export const STORE_RETRY_AFTER_SECONDS = 2;

export const problems = {
  invalidRequest: (detail: Bilingual, extensions?: Record<string, unknown>) =>
    new Problem(400, 'invalid-request', { 'zh-CN': '请求无效', en: 'Invalid request' }, detail, extensions),
  unauthenticated: () =>
    new Problem(
      401,
      'unauthenticated',
      { 'zh-CN': '需要登录', en: 'Sign-in required' },
      {
        'zh-CN': '请先登录，或在 Authorization 头中提供有效的 API 令牌（Bearer）。',
        en: 'Sign in first, or send a valid API token as "Authorization: Bearer …".',
      },
    ),
  badCredentials: () =>
    new Problem(
      401,
      'bad-credentials',
      { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
      {
        'zh-CN': '用户名或密码不正确，请核对后重试。',
        en: 'The username or the password is not right; check both and try again.',
      },
    ),
  notPermitted: (
    detail: Bilingual = {
      'zh-CN': '您的角色不能执行此操作，如需办理请联系上级或管理员。',
      en: 'Your role may not do this; ask your supervisor or an administrator.',
    },
    extensions?: Record<string, unknown>,
  ) => new Problem(403, 'not-permitted', { 'zh-CN': '无权操作', en: 'Not permitted' }, detail, extensions),
  notFound: () =>
    new Problem(
      404,
      'not-found',
      { 'zh-CN': '未找到', en: 'Not found' },
      {
        'zh-CN': '没有找到该对象，或它不在您的管辖范围内。',
        en: 'Nothing was found here, or it lies outside the areas and departments you serve.',
      },
    ),
  conflict: (detail: Bilingual, extensions?: Record<string, unknown>) =>
    new Problem(409, 'conflict', { 'zh-CN': '与现有数据冲突', en: 'Conflict' }, detail, extensions),
  payloadTooLarge: (limitBytes: number) =>
    new Problem(
      413,
      'payload-too-large',
      { 'zh-CN': '请求体过大', en: 'Request too large' },
      {
        'zh-CN': `内容超过 ${Math.round(limitBytes / 1024)} KB 的上限，请压缩、缩小或拆分后再提交。`,
        en: `The content exceeds the limit of ${Math.round(limitBytes / 1024)} KB; make it smaller or split it, and send it again.`,
      },
    ),
  pathParameterTooLong: (maxLength: number) =>
    new Problem(
      414,
      'uri-too-long',
      { 'zh-CN': '请求路径过长', en: 'URI too long' },
      {
        'zh-CN': `路径参数超过 ${maxLength} 个字符，不是有效的编码或编号。`,
        en: `A path parameter is longer than ${maxLength} characters; no code or id is that long.`,
      },
    ),
  unsupportedMediaType: (contentType: string) =>
    new Problem(
      415,
      'unsupported-media-type',
      { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
      {
        'zh-CN': `不支持内容类型 ${contentType}，请以 application/json 发送。`,
        en: `The content type ${contentType} is not accepted; send application/json.`,
      },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new Problem(
      429,
      'rate-limited',
      { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
      {
        'zh-CN': `尝试次数过多，请在 ${retryAfterSeconds} 秒后再试。`,
        en: `Too many attempts; try again in ${retryAfterSeconds} seconds.`,
      },
    ),
  unavailable: () =>
    new Problem(
      503,
      'unavailable',
      { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
      {
        'zh-CN': `数据库暂时无法访问，请 ${STORE_RETRY_AFTER_SECONDS} 秒后重试；已提交的内容不会丢失。`,
        en: `The database cannot be reached right now; try again in ${STORE_RETRY_AFTER_SECONDS} seconds. Nothing already accepted is lost.`,
      },
      {},
      STORE_RETRY_AFTER_SECONDS,
    ),
  internal: () =>
    new Problem(
      500,
      'internal',
      { 'zh-CN': '服务器内部错误', en: 'Internal error' },
      {
        'zh-CN': '服务器出错，已记录日志；请稍后重试，若持续出现请联系管理员。',
        en: 'The server failed and has logged it; try again, and tell an administrator if it goes on.',
      },
    ),
};
