import type { OrderProblem } from '../domain/hotline.ts';
import type { Language } from './language.ts';

type Bilingual = Record<Language, string>;

/** What the 12345 hotline's endpoints say when they refuse, in both languages (docs/hotline.md). */
export const HOTLINE_TEXTS = {
  badSignature: (): Bilingual => ({
    'zh-CN': '热线来源的令牌或签名无效，或时间戳与服务器相差超过 5 分钟。',
    en: 'The hotline source’s token or signature is not valid, or its timestamp is more than 5 minutes off.',
  }),
  notAnObject: (): Bilingual => ({
    'zh-CN': '请求体须为 JSON 对象。',
    en: 'The body must be a JSON object.',
  }),
  orderFields: (): Bilingual => ({
    'zh-CN': '工单字段有误。',
    en: 'Some fields of the work order are wrong.',
  }),
  orderNotFiled: (detail: string): Bilingual => ({
    'zh-CN': `工单无法受理：${detail}`,
    en: `The order cannot be filed: ${detail}`,
  }),
  orderEnded: (): Bilingual => ({
    'zh-CN': '该工单已办结或已退回，不能催办。',
    en: 'The order is finished or returned; it cannot be urged.',
  }),
  badCallbackUrl: (): Bilingual => ({
    'zh-CN': '回调地址须为 http(s) 地址。',
    en: 'The callback URL must be an http(s) address.',
  }),
  codeTaken: (code: string): Bilingual => ({
    'zh-CN': `代码 ${code} 已被使用。`,
    en: `The code ${code} is taken.`,
  }),
  sourceRevoked: (): Bilingual => ({
    'zh-CN': '该来源已吊销。',
    en: 'The source was revoked.',
  }),
  revokedAlready: (): Bilingual => ({
    'zh-CN': '该来源已于此前吊销。',
    en: 'The source was revoked already.',
  }),
  badDate: (): Bilingual => ({
    'zh-CN': '时间格式无效，请用带时区的 ISO 8601 时间。',
    en: 'A date is not valid; use ISO 8601 with an offset.',
  }),
  badImport: (detail: string): Bilingual => ({
    'zh-CN': `导入文件无法读取：${detail}`,
    en: `The import cannot be read: ${detail}`,
  }),
  tooManyRows: (max: number): Bilingual => ({
    'zh-CN': `一次至多导入 ${max} 条工单，请分批导入。`,
    en: `At most ${max} orders go in one import; split it.`,
  }),
};

/** One problem with one field of a work order, as a person reads it. */
export function orderProblemText(problem: OrderProblem): Bilingual {
  switch (problem.reason) {
    case 'missing':
      return { 'zh-CN': `缺少 ${problem.field}`, en: `${problem.field} is missing` };
    case 'invalid':
      return { 'zh-CN': `${problem.field} 无效`, en: `${problem.field} is not valid` };
    case 'too_long':
      return {
        'zh-CN': `${problem.field} 超过 ${problem.max} 个字符`,
        en: `${problem.field} is longer than ${problem.max} characters`,
      };
  }
}
