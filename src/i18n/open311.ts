import type { AttributeProblem } from '../domain/open311.ts';
import { EXTENDED_STATUSES } from '../domain/open311.ts';
import type { Language } from './language.ts';

type Bilingual = Record<Language, string>;

/**
 * What Open311's `{code, description}` errors say. Open311 answers in the language the rest of the API does:
 * Chinese, or English when Accept-Language puts English first.
 */
export const OPEN311_TEXTS = {
  unknownResource: (path: string): Bilingual => ({
    'zh-CN': `没有这个 Open311 资源：${path}。可用的有 discovery、services、requests、tokens、servicerequestupdates，后缀为 .json 或 .xml。`,
    en: `There is no Open311 resource ${path}. There are discovery, services, requests, tokens and servicerequestupdates, each ending in .json or .xml.`,
  }),
  unknownJurisdiction: (id: string, known: readonly string[]): Bilingual => ({
    'zh-CN': `本系统不受理辖区 ${id}；可用的 jurisdiction_id：${known.join('、')}，也可不填。`,
    en: `This endpoint serves no jurisdiction ${id}; use ${known.join(', ')} or leave jurisdiction_id out.`,
  }),
  missingKey: (): Bilingual => ({
    'zh-CN': '未提供 api_key。请向区里的系统管理员申请 Open311 密钥。',
    en: 'api_key was not provided. Ask the district’s administrators for an Open311 key.',
  }),
  invalidKey: (): Bilingual => ({
    'zh-CN': 'api_key 无效或已被吊销。请向区里的系统管理员申请新的密钥。',
    en: 'api_key is not valid or was revoked. Ask the district’s administrators for a new key.',
  }),
  unknownService: (code: string): Bilingual => ({
    'zh-CN': `没有编码为 ${code} 的服务（事项），可在 services.json 查询。`,
    en: `There is no service ${code}; the list is at services.json.`,
  }),
  unknownRequest: (id: string): Bilingual => ({
    'zh-CN': `没有编号为 ${id} 的诉求。`,
    en: `There is no request ${id}.`,
  }),
  unknownToken: (token: string): Bilingual => ({
    'zh-CN': `没有令牌为 ${token} 的诉求。`,
    en: `There is no request with the token ${token}.`,
  }),
  notYourRequest: (id: string): Bilingual => ({
    'zh-CN': `您的客户端没有提交过编号为 ${id} 的诉求。`,
    en: `Your client filed no request ${id}.`,
  }),
  required: (name: string): Bilingual => ({
    'zh-CN': `缺少参数 ${name}。`,
    en: `${name} is required.`,
  }),
  givenTwice: (name: string): Bilingual => ({
    'zh-CN': `参数 ${name} 只能给一次。`,
    en: `Give ${name} only once.`,
  }),
  tooLong: (name: string, max: number): Bilingual => ({
    'zh-CN': `参数 ${name} 不能超过 ${max} 个字符。`,
    en: `${name} may hold at most ${max} characters.`,
  }),
  notANumber: (name: string, min: number, max: number): Bilingual => ({
    'zh-CN': `参数 ${name} 须为 ${min} 到 ${max} 之间的数字。`,
    en: `${name} must be a number from ${min} to ${max}.`,
  }),
  notAWholeNumber: (name: string, min: number, max: number): Bilingual => ({
    'zh-CN': `参数 ${name} 须为 ${min} 到 ${max} 之间的整数。`,
    en: `${name} must be a whole number from ${min} to ${max}.`,
  }),
  notATime: (name: string): Bilingual => ({
    'zh-CN': `参数 ${name} 须为带时区的 ISO 8601 时间，如 2026-12-03T09:30:00+08:00，或日期 2026-12-03。`,
    en: `${name} must be an ISO 8601 time with its offset, such as 2026-12-03T09:30:00+08:00, or a date such as 2026-12-03.`,
  }),
  notAUrl: (name: string): Bilingual => ({
    'zh-CN': `参数 ${name} 须为 http 或 https 网址。`,
    en: `${name} must be an http or https URL.`,
  }),
  endBeforeStart: (): Bilingual => ({
    'zh-CN': 'end_date 早于 start_date。',
    en: 'end_date comes before start_date.',
  }),
  badStatus: (value: string): Bilingual => ({
    'zh-CN': `status 只能是 open、closed 或 open,closed，不能是 ${value}。`,
    en: `status takes open, closed or open,closed, not ${value}.`,
  }),
  badExtendedStatus: (value: string): Bilingual => ({
    'zh-CN': `status ${value} 无法识别；可用：${EXTENDED_STATUSES.join('、')}。`,
    en: `The status ${value} is not known; use one of ${EXTENDED_STATUSES.join(', ')}.`,
  }),
  latWithoutLong: (): Bilingual => ({
    'zh-CN': 'lat 与 long 须同时给出。',
    en: 'Give lat and long together.',
  }),
  noPlace: (): Bilingual => ({
    'zh-CN':
      '请给出诉求位置：lat 和 long（WGS84），或 address_id（网格编码）。仅有 address_string 时无法定位到网格，它会作为地址保存。',
    en: 'Say where the request is: lat and long (WGS84), or address_id (a grid code). An address_string alone cannot be placed on a grid; it is kept as the address.',
  }),
  outsideDistrict: (): Bilingual => ({
    'zh-CN': '该位置（lat、long）不在本区任何网格内，请核对经纬度（WGS84）。',
    en: 'That point (lat, long) lies outside every grid of the district; check it (WGS84).',
  }),
  notAGrid: (): Bilingual => ({
    'zh-CN': 'address_id 须为本区某个网格或微网格的编码。',
    en: 'address_id must be the code of a grid or micro-grid of the district.',
  }),
  unstorable: (name: string): Bilingual => ({
    'zh-CN': `参数 ${name} 含有无法保存的字符（空字符或不成对的代理字符），请删除后重试。`,
    en: `${name} holds a character that cannot be stored (NUL or an unpaired surrogate); remove it.`,
  }),
  notForm: (): Bilingual => ({
    'zh-CN': '请以 application/x-www-form-urlencoded 表单提交。',
    en: 'Send the request as an application/x-www-form-urlencoded form.',
  }),
  tooManyIds: (max: number): Bilingual => ({
    'zh-CN': `service_request_id 一次最多 ${max} 个。`,
    en: `Ask for at most ${max} service_request_id values at once.`,
  }),
  attribute: (problem: AttributeProblem): Bilingual => {
    switch (problem.kind) {
      case 'unknown_attribute':
        return {
          'zh-CN': `该服务没有属性 attribute[${problem.code}]，请查看 services/{service_code} 的定义。`,
          en: `This service has no attribute[${problem.code}]; see its definition at services/{service_code}.`,
        };
      case 'missing_attribute':
        return {
          'zh-CN': `缺少必填属性 attribute[${problem.code}]。`,
          en: `attribute[${problem.code}] is required.`,
        };
      case 'attribute_too_long':
        return {
          'zh-CN': `属性 attribute[${problem.code}] 过长。`,
          en: `attribute[${problem.code}] is too long.`,
        };
    }
  },
  internal: (): Bilingual => ({
    'zh-CN': '服务器内部错误，请稍后重试。',
    en: 'Something went wrong on the server; try again later.',
  }),
};
