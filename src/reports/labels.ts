/** The words the exports and the report use for the platform's codes (zh-CN). */
import type { EventLevel, EventSource, EventStateName, Rating } from '../domain/events.ts';

export const STATE_NAMES: Readonly<Record<EventStateName, string>> = {
  reported: '待处置',
  dispatched: '已派遣',
  accepted: '处置中',
  handled: '待核查',
  verified: '已核查',
  rated: '已评价',
  closed: '已结案',
  cancelled: '已撤销',
  merged: '已合并',
};

export const LEVEL_NAMES: Readonly<Record<EventLevel, string>> = {
  grid: '网格',
  community: '社区',
  street: '街道',
  district: '区',
};

export const RATING_NAMES: Readonly<Record<Rating, string>> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const WHISTLE_NAMES = { none: '', first: '吹哨', second: '二次哨' } as const;

export const SOURCE_NAMES: Readonly<Record<EventSource, string>> = {
  resident: '居民/企业',
  grid_worker: '网格员巡查',
  hotline: '12345热线',
  camera: '视频/物联感知',
  other_system: '其他系统',
  leader_instruction: '领导交办',
};
