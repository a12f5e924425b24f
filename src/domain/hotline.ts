/**
 * The 12345 hotline (12345热线) as Huying meets it: work orders (工单) that a hotline platform sends, the time
 * limits their urgency sets, what goes back (回复: acceptance, return, result, satisfaction) and who may read the
 * caller's name and phone. Pure: the edge reads the wire, the commands load and write, these rules decide.
 *
 * The national rule (国办发〔2020〕53号) sets the loop 受理 → 派单 → 办理 → 回复 → 办结 → 回访 → 评价 but no
 * numbers; the urgency limits below are the common practice (an emergency is sent on within 1 hour, water,
 * power, gas, heating and extreme weather within 2, everything else within 24) and are data an administrator
 * edits per source.
 */
import type { LimitStep, StepLimit } from './catalogue.ts';
import type { EventState, GeoPoint, Rating } from './events.ts';
import type { EventFact } from './lifecycle/facts.ts';
import type { Role } from './roles.ts';

/** How urgent the hotline says an order is. */
export const HOTLINE_URGENCIES = [
  'emergency', // 紧急
  'utilities', // 水电气热、极端天气
  'normal', // 一般
] as const;
export type HotlineUrgency = (typeof HOTLINE_URGENCIES)[number];

/**
 * The limits one urgency sets on a case, in Huying's steps: `dispatch` (派单) is the time the handling unit has
 * to take the case once it is sent to it (Huying's accept step, 签收), `feedback` (反馈) the time it has to
 * handle it and report back (the handle step). A null feedback keeps the limit of the order's catalogue item.
 */
export interface UrgencyLimit {
  dispatch: StepLimit;
  feedback: StepLimit | null;
}
export type UrgencyLimits = Record<HotlineUrgency, UrgencyLimit>;

export const DEFAULT_URGENCY_LIMITS: UrgencyLimits = {
  emergency: { dispatch: { unit: 'hours', amount: 1 }, feedback: { unit: 'hours', amount: 24 } },
  utilities: { dispatch: { unit: 'hours', amount: 2 }, feedback: { unit: 'hours', amount: 48 } },
  normal: { dispatch: { unit: 'hours', amount: 24 }, feedback: null },
};

/** The limits a case of this urgency runs on: the item's own, with the urgency's accept and handle limits. */
export function limitsForUrgency(
  itemLimits: Readonly<Record<LimitStep, StepLimit>>,
  urgency: HotlineUrgency,
  limits: UrgencyLimits,
): Record<LimitStep, StepLimit> {
  const chosen = limits[urgency];
  return {
    accept: chosen.dispatch,
    handle: chosen.feedback ?? itemLimits.handle,
    verify: itemLimits.verify,
  };
}

/** The hotline's request types (诉求类型) and the catalogue items that hold them (src/catalogue/hotline.ts). */
export const REQUEST_TYPES = {
  consultation: { zh: '咨询', item: 'HL01' },
  help: { zh: '求助', item: 'HL02' },
  complaint: { zh: '投诉', item: 'HL03' },
  report: { zh: '举报', item: 'HL04' },
  suggestion: { zh: '建议', item: 'HL05' },
  praise: { zh: '表扬', item: 'HL06' },
} as const;
export type RequestType = keyof typeof REQUEST_TYPES;

/** A request type as a hotline writes it, in English or in Chinese; null when it is none of them. */
export function requestTypeOf(written: string): RequestType | null {
  const trimmed = written.trim();
  for (const [type, { zh }] of Object.entries(REQUEST_TYPES)) {
    if (type === trimmed.toLowerCase() || zh === trimmed) return type as RequestType;
  }
  return null;
}

const URGENCY_WORDS: Record<string, HotlineUrgency> = {
  紧急: 'emergency',
  特急: 'emergency',
  水电气热: 'utilities',
  极端天气: 'utilities',
  一般: 'normal',
  普通: 'normal',
};

export function urgencyOf(written: string): HotlineUrgency | null {
  const trimmed = written.trim();
  if ((HOTLINE_URGENCIES as readonly string[]).includes(trimmed)) return trimmed as HotlineUrgency;
  return URGENCY_WORDS[trimmed] ?? null;
}

/** The files a source's backlog is imported from: CSV with a header row, or one JSON order per line. */
export const BACKLOG_FORMATS = ['csv', 'jsonl'] as const;
export type BacklogFormat = (typeof BACKLOG_FORMATS)[number];

/** A work order as the hotline sends it, checked for form (see `readWorkOrder`). */
export interface WorkOrder {
  orderNo: string;
  requestType: RequestType;
  /** A catalogue item the hotline already chose (a known matter); otherwise the request type's item. */
  catalogueItemCode: string | null;
  callerName: string | null;
  callerPhone: string | null;
  address: string | null;
  location: GeoPoint | null;
  /** Huying's grid code, when the hotline knows it. */
  areaCode: string | null;
  content: string;
  urgency: HotlineUrgency;
  /** The hotline's own time limit for the order (办理时限). */
  dueAt: Date | null;
}

export type OrderProblem =
  | { field: string; reason: 'missing' }
  | { field: string; reason: 'invalid' }
  | { field: string; reason: 'too_long'; max: number };

const ORDER_NO = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Reads one work order from what a hotline sent (a JSON object, or a CSV row turned into one), naming every
 * problem at once. Fields: `orderNo`, `requestType`, `content`, `urgency` (required); `callerName`,
 * `callerPhone`, `address`, `lng` + `lat` (or `location: {lng, lat}`), `areaCode`, `catalogueItemCode`,
 * `dueAt` (ISO 8601 with an offset).
 */
export function readWorkOrder(
  raw: Record<string, unknown>,
): { ok: true; order: WorkOrder } | { ok: false; problems: OrderProblem[] } {
  const problems: OrderProblem[] = [];
  const required = (field: string) => {
    const value = text(raw[field]);
    if (value === null) problems.push({ field, reason: 'missing' });
    return value;
  };
  const limited = (field: string, value: string | null, max: number) => {
    if (value !== null && [...value].length > max) problems.push({ field, reason: 'too_long', max });
    return value;
  };
  const orderNo = required('orderNo');
  if (orderNo !== null && !ORDER_NO.test(orderNo)) problems.push({ field: 'orderNo', reason: 'invalid' });
  const typeText = required('requestType');
  const requestType = typeText === null ? null : requestTypeOf(typeText);
  if (typeText !== null && requestType === null) problems.push({ field: 'requestType', reason: 'invalid' });
  const urgencyText = required('urgency');
  const urgency = urgencyText === null ? null : urgencyOf(urgencyText);
  if (urgencyText !== null && urgency === null) problems.push({ field: 'urgency', reason: 'invalid' });
  const content = limited('content', required('content'), 4000);
  const callerName = limited('callerName', text(raw.callerName), 50);
  const callerPhone = text(raw.callerPhone);
  if (callerPhone !== null && !PHONE.test(callerPhone))
    problems.push({ field: 'callerPhone', reason: 'invalid' });
  const address = limited('address', text(raw.address), 200);
  const areaCode = limited('areaCode', text(raw.areaCode), 40);
  const catalogueItemCode = limited('catalogueItemCode', text(raw.catalogueItemCode), 40);
  const location = readPoint(raw, problems);
  const dueText = text(raw.dueAt);
  let dueAt: Date | null = null;
  if (dueText !== null) {
    dueAt = /(Z|[+-]\d{2}:?\d{2})$/.test(dueText) ? new Date(dueText) : null;
    if (dueAt === null || Number.isNaN(dueAt.getTime())) {
      dueAt = null;
      problems.push({ field: 'dueAt', reason: 'invalid' });
    }
  }
  // Huying places every case on a grid and has no geocoder: an address alone is kept, but cannot place it.
  if (location === null && areaCode === null) problems.push({ field: 'location', reason: 'missing' });
  if (
    problems.length > 0 ||
    orderNo === null ||
    requestType === null ||
    urgency === null ||
    content === null
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    order: {
      orderNo,
      requestType,
      catalogueItemCode,
      callerName,
      callerPhone,
      address,
      location,
      areaCode,
      content,
      urgency,
      dueAt,
    },
  };
}

function readPoint(raw: Record<string, unknown>, problems: OrderProblem[]): GeoPoint | null {
  const nested = raw.location;
  const source = nested !== null && typeof nested === 'object' ? (nested as Record<string, unknown>) : raw;
  const lngText = text(source.lng);
  const latText = text(source.lat);
  if (lngText === null && latText === null) return null;
  const lng = Number(lngText);
  const lat = Number(latText);
  if (
    lngText === null ||
    latText === null ||
    !Number.isFinite(lng) ||
    !Number.isFinite(lat) ||
    Math.abs(lng) > 180 ||
    Math.abs(lat) > 90
  ) {
    problems.push({ field: 'location', reason: 'invalid' });
    return null;
  }
  return { lng, lat };
}

/** The event's description: the caller's words, with the hotline's order number so a reader can cite it. */
export function orderDescription(order: Pick<WorkOrder, 'orderNo' | 'content'>): string {
  return `${order.content}\n（12345工单 ${order.orderNo}）`;
}

/** What the store holds of an order, compared with what arrives, to say whether the order changed. */
export interface StoredOrder {
  requestType: string;
  urgency: HotlineUrgency;
  callerName: string | null;
  callerPhone: string | null;
  address: string | null;
  content: string;
  dueAt: Date | null;
}

/** The fields of an order that a resend changed: an empty list is a plain repeat. */
export function changedFields(stored: StoredOrder, order: WorkOrder): string[] {
  const changed: string[] = [];
  if (stored.requestType !== order.requestType) changed.push('requestType');
  if (stored.urgency !== order.urgency) changed.push('urgency');
  if (stored.callerName !== order.callerName) changed.push('callerName');
  if (stored.callerPhone !== order.callerPhone) changed.push('callerPhone');
  if (stored.address !== order.address) changed.push('address');
  if (stored.content !== order.content) changed.push('content');
  if ((stored.dueAt?.getTime() ?? null) !== (order.dueAt?.getTime() ?? null)) changed.push('dueAt');
  return changed;
}

// ---------------------------------------------------------------------------------------------------------
// What goes back to the hotline (回复)

/** 办理结果. */
export const HOTLINE_RESULTS = {
  resolved: '解决',
  partly_resolved: '部分解决',
  unresolved: '未解决',
  returned: '退单',
} as const;
export type HotlineResult = keyof typeof HOTLINE_RESULTS;

/** 回访满意度. Huying's rating has three levels, so `very_satisfied` is never sent (see docs/hotline.md). */
export const HOTLINE_SATISFACTIONS = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  understanding: '理解',
  dissatisfied: '不满意',
} as const;
export type HotlineSatisfaction = keyof typeof HOTLINE_SATISFACTIONS;

export type HotlineCallback =
  | { type: 'accepted'; at: string }
  | { type: 'returned'; at: string; reason: string; result: 'returned' }
  | { type: 'result'; at: string; result: HotlineResult; text: string }
  | { type: 'satisfaction'; at: string; satisfaction: HotlineSatisfaction; comment: string };

const SATISFACTION_OF_RATING: Record<Rating, HotlineSatisfaction> = {
  satisfied: 'satisfied',
  basically_satisfied: 'understanding',
  dissatisfied: 'dissatisfied',
};

/**
 * The result of a closed case: resolved, unless the follow-up rating that stands says otherwise (基本满意 →
 * partly resolved, 不满意 without rework → unresolved). A case withdrawn before dispatch was returned.
 */
export function resultOf(state: Pick<EventState, 'state' | 'rating'>): HotlineResult | null {
  if (state.state === 'cancelled') return 'returned';
  if (state.state !== 'closed') return null;
  if (state.rating === 'dissatisfied') return 'unresolved';
  if (state.rating === 'basically_satisfied') return 'partly_resolved';
  return 'resolved';
}

/**
 * The callback one fact of a hotline case sends: the unit signed for it (accepted), it was handed back to the
 * hotline (cancelled: 退单, with the reason), it was finished (closed: the result) or rated (the satisfaction).
 * Other facts stay inside the government. `after` is the state with the fact.
 */
export function callbackFor(after: EventState, fact: EventFact, at: Date): HotlineCallback | null {
  if (after.source !== 'hotline') return null;
  const iso = at.toISOString();
  switch (fact.type) {
    case 'accepted':
      return { type: 'accepted', at: iso };
    case 'cancelled':
      return { type: 'returned', at: iso, reason: fact.reason, result: 'returned' };
    case 'closed':
      return { type: 'result', at: iso, result: resultOf(after) ?? 'resolved', text: fact.text };
    case 'rated':
      return {
        type: 'satisfaction',
        at: iso,
        satisfaction: SATISFACTION_OF_RATING[fact.rating],
        comment: fact.comment,
      };
    default:
      return null;
  }
}

/** The callback's words, for the outbox row and the administrators' list of failed callbacks. */
export function callbackTitle(callback: HotlineCallback): { zh: string; en: string } {
  switch (callback.type) {
    case 'accepted':
      return { zh: '工单已签收', en: 'Order accepted' };
    case 'returned':
      return { zh: `工单退回：${callback.reason}`, en: `Order returned: ${callback.reason}` };
    case 'result':
      return { zh: `办理结果：${HOTLINE_RESULTS[callback.result]}`, en: `Result: ${callback.result}` };
    case 'satisfaction':
      return {
        zh: `回访满意度：${HOTLINE_SATISFACTIONS[callback.satisfaction]}`,
        en: `Satisfaction: ${callback.satisfaction}`,
      };
  }
}

/** The JSON a hotline's callback URL receives (signed like a webhook: see docs/hotline.md). */
export function callbackPayload(
  delivery: { id: number },
  order: { sourceCode: string; orderNo: string; trackingCode: string },
  callback: HotlineCallback,
): string {
  const labels =
    callback.type === 'result' || callback.type === 'returned'
      ? { resultLabel: HOTLINE_RESULTS[callback.result] }
      : callback.type === 'satisfaction'
        ? { satisfactionLabel: HOTLINE_SATISFACTIONS[callback.satisfaction] }
        : {};
  return JSON.stringify({
    deliveryId: delivery.id,
    source: order.sourceCode,
    orderNo: order.orderNo,
    trackingCode: order.trackingCode,
    ...callback,
    ...labels,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Who reads the caller

/** Those who contact the caller or answer for the case: dispatchers, the supervision office, administrators. */
const CALLER_READERS: ReadonlySet<Role> = new Set([
  'community_staff',
  'street_dispatcher',
  'street_head',
  'district_dispatcher',
  'supervision_office',
  'administrator',
]);

/** 张三 → 张*, 13812345678 → 138****5678: what others in sight of the case read. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  return digits.length < 7 ? '****' : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * The caller as this person may read them: whole for dispatchers and the office, and for the officers of the
 * unit leading the case (who call back); masked for everyone else in sight of it (leaders, grid workers).
 */
export function callerFor(
  reader: { roles: readonly Role[]; departmentCode: string | null },
  lead: EventState['lead'],
  caller: { name: string | null; phone: string | null },
): { name: string | null; phone: string | null; masked: boolean } {
  const leads = lead !== null && lead.kind !== 'community' && reader.departmentCode === lead.code;
  if (leads || reader.roles.some((role) => CALLER_READERS.has(role))) return { ...caller, masked: false };
  return {
    name: caller.name === null ? null : maskName(caller.name),
    phone: caller.phone === null ? null : maskPhone(caller.phone),
    masked: true,
  };
}
