/**
 * Open311 GeoReport v2 as Huying reads it: which sources a client may report under, how an event's state and
 * timeline read as Open311's `open`/`closed`, its status notes and FixMyStreet's extended update statuses, and
 * how times are written and read. Pure: the HTTP edge (src/http/routes/open311) and the use cases call it.
 */
import type { CatalogueItem, CatalogueKind, StepLimit } from './catalogue.ts';
import { type EventSource, type EventStateName, isOpenState } from './events.ts';
import type { EventFact } from './lifecycle.ts';
import type { Role } from './roles.ts';

type Bilingual = { 'zh-CN': string; en: string };

/** The sources an Open311 client may be tied to: systems and residents' apps, never a person's own role. */
export const OPEN311_SOURCES = [
  'resident',
  'hotline',
  'camera',
  'other_system',
] as const satisfies readonly EventSource[];
export type Open311Source = (typeof OPEN311_SOURCES)[number];

export function isOpen311Source(value: string): value is Open311Source {
  return (OPEN311_SOURCES as readonly string[]).includes(value);
}

/**
 * The one role a client's account holds: the narrowest that may report under its source
 * (src/domain/report-sources.ts), so that `reportEvent` makes the same check for it as for a person.
 */
export const CLIENT_ROLE: Readonly<Record<Open311Source, Role>> = {
  resident: 'resident',
  hotline: 'community_staff',
  camera: 'street_dispatcher',
  other_system: 'street_dispatcher',
};

/** Open311's two statuses: a case still in the loop is open; closed, withdrawn and merged ones are closed. */
export function open311Status(state: EventStateName): 'open' | 'closed' {
  return isOpenState(state) ? 'open' : 'closed';
}

/** FixMyStreet's extended statuses of a request update (its Open311 extension). */
export const EXTENDED_STATUSES = [
  'OPEN',
  'INVESTIGATING',
  'ACTION_SCHEDULED',
  'IN_PROGRESS',
  'FIXED',
  'CLOSED',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'INTERNAL_REFERRAL',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];

/** A status as a client writes it (`fixed`, `in progress`, `IN_PROGRESS`), or null if it is none of them. */
export function parseExtendedStatus(value: string): ExtendedStatus | null {
  const normal = value
    .trim()
    .toUpperCase()
    .replaceAll(/[\s-]+/g, '_');
  return (EXTENDED_STATUSES as readonly string[]).includes(normal) ? (normal as ExtendedStatus) : null;
}

/** The statuses by which a client says a request is finished: withdrawn, if nobody has taken it up yet. */
export function isClosingStatus(status: ExtendedStatus): boolean {
  return (
    status !== 'OPEN' &&
    status !== 'INVESTIGATING' &&
    status !== 'ACTION_SCHEDULED' &&
    status !== 'IN_PROGRESS'
  );
}

/** One step of a case as the outside world may read it: an extended status and a note for the reporter. */
export interface PublicUpdate {
  status: ExtendedStatus;
  note: Bilingual;
}

function withText(prefix: Bilingual, text: string): Bilingual {
  const said = text.trim();
  if (!said) return prefix;
  return { 'zh-CN': `${prefix['zh-CN']}：${said}`, en: `${prefix.en}: ${said}` };
}

/**
 * What a fact tells the reporter, or null for what stays inside the government: requests for return or
 * extension, deadlines, ratings, the location fix, whistles. Names of units and reasons of escalation stay
 * inside too; the texts that units write for the reporter (handling, verification, close) are passed on.
 */
export function publicUpdateOf(fact: EventFact, mergedIntoCode: string | null = null): PublicUpdate | null {
  switch (fact.type) {
    case 'escalated':
    case 'overdue_escalated':
    case 'return_approved':
      return { status: 'INVESTIGATING', note: { 'zh-CN': '正在研判，将派给相应单位', en: 'Being assessed' } };
    case 'dispatched':
    case 'whistled':
      return {
        status: 'ACTION_SCHEDULED',
        note: { 'zh-CN': '已派遣至承办单位', en: 'Sent to the unit that will handle it' },
      };
    case 'accepted':
      return { status: 'IN_PROGRESS', note: { 'zh-CN': '承办单位已接单，正在处置', en: 'Being handled' } };
    case 'handled':
      return {
        status: 'IN_PROGRESS',
        note: withText({ 'zh-CN': '已处置，待现场核查', en: 'Handled, to be checked on site' }, fact.text),
      };
    case 'verification_failed':
    case 'rework_ordered':
      return {
        status: 'IN_PROGRESS',
        note: { 'zh-CN': '核查未通过，正在返工', en: 'Found not fixed on site; being redone' },
      };
    case 'solved_on_the_spot':
      return {
        status: 'FIXED',
        note: withText({ 'zh-CN': '已就地解决', en: 'Solved on the spot' }, fact.text),
      };
    case 'verified':
      return {
        status: 'FIXED',
        note: withText({ 'zh-CN': '经现场核查已解决', en: 'Checked on site: fixed' }, fact.text),
      };
    case 'closed':
      return { status: 'FIXED', note: withText({ 'zh-CN': '已办结', en: 'Closed as fixed' }, fact.text) };
    case 'reopened':
      return { status: 'OPEN', note: { 'zh-CN': '已重新办理', en: 'Reopened' } };
    case 'cancelled':
      return {
        status: 'NO_FURTHER_ACTION',
        note: withText({ 'zh-CN': '已撤销', en: 'Withdrawn' }, fact.reason),
      };
    case 'merged':
      return {
        status: 'DUPLICATE',
        note: mergedIntoCode
          ? { 'zh-CN': `与 ${mergedIntoCode} 为同一问题，已合并办理`, en: `A duplicate of ${mergedIntoCode}` }
          : { 'zh-CN': '与另一诉求为同一问题，已合并办理', en: 'A duplicate of another request' },
      };
    case 'reported':
    case 'located':
    case 'duplicate_merged':
    case 'second_whistled':
    case 'return_requested':
    case 'extension_requested':
    case 'return_refused':
    case 'extension_approved':
    case 'extension_refused':
    case 'rated':
    case 'deadline_warned':
    case 'deadline_passed':
    case 'urged':
      return null;
  }
}

/** Open311's `status_notes`: the note of the last step the reporter may read, or null before any. */
export function statusNotesOf(
  facts: readonly EventFact[],
  mergedIntoCode: string | null = null,
): Bilingual | null {
  for (let index = facts.length - 1; index >= 0; index--) {
    const update = publicUpdateOf(facts[index]!, mergedIntoCode);
    if (update) return update.note;
  }
  return null;
}

/** An attribute of a service definition, with the spec's field names. */
export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

/** The longest value an attribute takes. */
export const ATTRIBUTE_VALUE_MAX = 200;

/**
 * The attributes an item asks for. A management component (部件: a manhole cover, a street lamp) carries its
 * identification code on a plate; the person who reports it may read it off, so that the unit finds the very
 * one. Matters, hotline and social-governance items need nothing beyond the description and the point.
 */
export function serviceAttributes(kind: CatalogueKind): ServiceAttribute[] {
  if (kind !== 'component') return [];
  return [
    {
      variable: true,
      code: 'component_id',
      datatype: 'string',
      required: false,
      datatype_description: `At most ${ATTRIBUTE_VALUE_MAX} characters, as printed on the component`,
      order: 1,
      description: '部件标识码（部件铭牌上的编号） / The identification code on the component’s plate',
      values: [],
    },
  ];
}

export type AttributeProblem =
  | { kind: 'unknown_attribute'; code: string }
  | { kind: 'missing_attribute'; code: string }
  | { kind: 'attribute_too_long'; code: string };

/** Checks the values sent for an item's attributes; returns every problem, so that all are fixed at once. */
export function attributeProblems(
  attributes: readonly ServiceAttribute[],
  values: ReadonlyMap<string, string>,
): AttributeProblem[] {
  const problems: AttributeProblem[] = [];
  for (const code of values.keys()) {
    if (!attributes.some((attribute) => attribute.code === code))
      problems.push({ kind: 'unknown_attribute', code });
  }
  for (const attribute of attributes) {
    const value = values.get(attribute.code);
    if (value === undefined) {
      if (attribute.required) problems.push({ kind: 'missing_attribute', code: attribute.code });
    } else if (value.length > ATTRIBUTE_VALUE_MAX) {
      problems.push({ kind: 'attribute_too_long', code: attribute.code });
    }
  }
  return problems;
}

/**
 * The description an event gets from an Open311 request: what the reporter wrote (or the item's name), then
 * the attributes and the photo's address on lines of their own, so that the dispatcher reads them on the
 * event's page like any other report.
 */
export function reportDescription(
  written: string | null,
  itemName: string,
  attributes: readonly ServiceAttribute[],
  values: ReadonlyMap<string, string>,
  mediaUrl: string | null,
): string {
  const lines = [written?.trim() || itemName];
  for (const attribute of attributes) {
    const value = values.get(attribute.code);
    if (value !== undefined) lines.push(`${attribute.description.split(' / ')[0]}：${value}`);
  }
  if (mediaUrl) lines.push(`照片：${mediaUrl}`);
  return lines.join('\n');
}

const UNIT_WORDS: Record<StepLimit['unit'], Bilingual> = {
  minutes: { 'zh-CN': '分钟', en: 'minutes' },
  hours: { 'zh-CN': '小时', en: 'hours' },
  working_hours: { 'zh-CN': '个工作小时', en: 'working hours' },
  working_days: { 'zh-CN': '个工作日', en: 'working days' },
  natural_days: { 'zh-CN': '个自然日', en: 'days' },
};

/** Open311's `service_notice`: how long the item's unit has to handle a case once it has accepted it. */
export function serviceNotice(item: Pick<CatalogueItem, 'limits'>): Bilingual {
  const { accept, handle } = item.limits;
  return {
    'zh-CN': `接单时限 ${accept.amount} ${UNIT_WORDS[accept.unit]['zh-CN']}，处置时限 ${handle.amount} ${UNIT_WORDS[handle.unit]['zh-CN']}`,
    en: `Accepted within ${accept.amount} ${UNIT_WORDS[accept.unit].en}, handled within ${handle.amount} ${UNIT_WORDS[handle.unit].en}`,
  };
}

/** The district's clock: Open311 times are written in China time with their offset. */
const CHINA_OFFSET_MINUTES = 8 * 60;

/** `2026-12-03T09:30:00+08:00`: ISO 8601 in China time, with its offset, to the second. */
export function open311Time(at: Date): string {
  const local = new Date(at.getTime() + CHINA_OFFSET_MINUTES * 60_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A time as a client writes it: ISO 8601 with `Z` or an offset (`2026-12-03T09:30:00+08:00`), or a bare date,
 * read as midnight in China time. A time without its offset is ambiguous and refused (null), as is a date
 * that does not exist.
 */
export function parseOpen311Time(text: string): Date | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (hour !== undefined && zone === undefined) return null;
  const offset = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const iso = `${year}-${month}-${day}T${hour ?? '00'}:${minute ?? '00'}:${second ?? '00'}.${(fraction ?? '0').padEnd(3, '0').slice(0, 3)}${offset}`;
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return null;
  // `new Date` rolls 2026-02-30 over into March: a date that does not exist is refused instead.
  const shifted = new Date(parsed.getTime() + offsetMinutes(offset) * 60_000);
  if (shifted.getUTCDate() !== Number(day) || shifted.getUTCMonth() + 1 !== Number(month)) return null;
  return parsed;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}
