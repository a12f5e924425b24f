import type { RefusalReason } from '../domain/lifecycle.ts';
import type { Language } from './language.ts';

type Bilingual = Record<Language, string>;

/** What each lifecycle refusal says to a person, in both languages. */
export const REFUSAL_TEXT: Record<RefusalReason, Bilingual> = {
  wrong_state: {
    'zh-CN': '该事件当前所处的环节不能执行此操作。',
    en: 'The event is not at a step where this can be done.',
  },
  not_located: {
    'zh-CN': '该事件尚未定位到网格，请先定位。',
    en: 'The event has not been located on a grid yet; locate it first.',
  },
  top_level: {
    'zh-CN': '已在区级，无法再向上提级。',
    en: 'The case is at the district already; there is no level above.',
  },
  request_pending: {
    'zh-CN': '已有一项退单或延期申请待审批，请等待调度员处理。',
    en: 'A return or extension request is waiting for the dispatcher; wait for the answer.',
  },
  no_request_pending: {
    'zh-CN': '没有待审批的退单或延期申请。',
    en: 'There is no return or extension request to answer.',
  },
  not_whistled: {
    'zh-CN': '尚未吹哨，不能吹二次哨。',
    en: 'The first whistle has not been blown; a second whistle needs a first.',
  },
  already_second_whistle: {
    'zh-CN': '该事件已吹过二次哨。',
    en: 'The second whistle has already been blown for this case.',
  },
  reopen_window_passed: {
    'zh-CN': '结案已超过可重启的期限，请重新上报。',
    en: 'The case was closed too long ago to reopen; report it again.',
  },
  target_not_open: {
    'zh-CN': '要合并到的事件已结案、撤销或被合并，请选择一个办理中的事件。',
    en: 'The event to merge into is closed, cancelled or merged; choose an open one.',
  },
  role_may_not: {
    'zh-CN': '您的角色不能执行此操作。',
    en: 'Your role does not do this.',
  },
  not_the_holder: {
    'zh-CN': '该事件当前不在您这一级或不在您的网格，由其他人员处理。',
    en: 'The case is not at your level or in your grid right now; someone else holds it.',
  },
  not_the_handling_unit: {
    'zh-CN': '该事件派给了其他单位，只有承办单位可以执行此操作。',
    en: 'The case went to another unit; only the handling unit can do this.',
  },
  not_reporter: {
    'zh-CN': '居民只能处理自己上报的事件。',
    en: 'A resident can only act on what they reported.',
  },
  reason_required: { 'zh-CN': '请填写原因或处置说明。', en: 'Give a reason or a description.' },
  unit_not_allowed: {
    'zh-CN': '不能派往该单位：街道派往本街道科室或社区，吹哨只能派往区职能部门，区级派往区职能部门。',
    en: 'That unit cannot receive this case: a street sends to its own offices or communities, a whistle and the district send to district departments.',
  },
  same_event: { 'zh-CN': '不能把事件合并到它自己。', en: 'An event cannot be merged into itself.' },
  extra_hours_invalid: {
    'zh-CN': '延期时长必须是正整数小时。',
    en: 'The extension must be a whole, positive number of hours.',
  },
  rework_only_if_dissatisfied: {
    'zh-CN': '只有“不满意”的评价才能要求返工。',
    en: 'Only a "dissatisfied" rating can send the case back for rework.',
  },
};
