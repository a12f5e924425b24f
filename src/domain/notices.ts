/**
 * Who must hear of what happens to an event (通知): a new to-do, a deadline warning, an overdue case, a whistle,
 * the outcome for the reporter. Pure: a fact and the states around it give notices as data; who the audience
 * is in people is resolved against the store when the notices are written (src/commands/notices/), in the
 * same transaction as the fact.
 */
import type { LimitStep } from './catalogue.ts';
import type { EventLevel, EventState, Unit } from './events.ts';
import { callbackFor, callbackTitle, type HotlineCallback } from './hotline.ts';
import { type EventFact, evolve } from './lifecycle/facts.ts';
import { areaAtLevel } from './lifecycle/levels.ts';
import { DISPATCHERS, HOLDERS } from './lifecycle/people.ts';
import type { Role } from './roles.ts';

export const NOTICE_KINDS = ['todo', 'warning', 'overdue', 'whistle', 'result'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeText {
  zh: string;
  en: string;
}

/** Who a notice is for, as the rules name them; `recipientsOf` says how to find them among the users. */
export type Audience =
  | { kind: 'user'; userId: number }
  | { kind: 'unit'; unitKind: Unit['kind']; code: string }
  | { kind: 'holders'; level: EventLevel; areaPath: string }
  | { kind: 'roles'; roles: Role[]; areaPath: string }
  // The 12345 hotline the case came from: told by a signed callback, never in-app (see `hotlineCallbacks`).
  | { kind: 'hotline' };

export interface Notice {
  kind: NoticeKind;
  eventId: string;
  /** Where the event lies: webhook subscriptions only hear of events inside their own area. */
  eventAreaPath: string | null;
  audience: Audience;
  title: NoticeText;
  body: NoticeText;
  /** For the hotline audience: what goes back to the hotline (回复). */
  callback?: HotlineCallback;
}

/** The steps a deadline runs on: the unit accepts (接单), handles (处置), the grid verifies (核查). */
export type DeadlineStep = LimitStep;

/** The second whistle reaches the district's leaders and its supervision office; overdue cases the office. */
const SECOND_WHISTLE_ROLES: Role[] = ['leader', 'supervision_office'];
const SUPERVISION: Role[] = ['supervision_office'];

function text(zh: string, en: string): NoticeText {
  return { zh, en };
}

const DESCRIPTION_LENGTH = 120;

function excerpt(description: string): string {
  const chars = [...description.trim()];
  return chars.length <= DESCRIPTION_LENGTH
    ? chars.join('')
    : `${chars.slice(0, DESCRIPTION_LENGTH).join('')}…`;
}

/** Beijing time (UTC+8, no daylight saving), as people in the district read a clock. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

function withEvent(event: EventState, zh: string, en: string): NoticeText {
  const description = excerpt(event.description);
  return text(`${zh}\n事件：${description}`, `${en}\nEvent: ${description}`);
}

function notice(
  kind: NoticeKind,
  event: EventState,
  audience: Audience,
  title: NoticeText,
  body: NoticeText,
): Notice {
  return { kind, eventId: event.id, eventAreaPath: event.areaPath, audience, title, body };
}

function holdersOf(event: EventState, level: EventLevel): Audience[] {
  if (event.areaPath === null) return [];
  return [{ kind: 'holders', level, areaPath: areaAtLevel(event.areaPath, level) }];
}

function unitAudience(unit: Unit): Audience {
  return { kind: 'unit', unitKind: unit.kind, code: unit.code };
}

/** The grid's own people check a handled case on site (核查). */
function verifiersOf(event: EventState): Audience[] {
  return holdersOf(event, 'grid');
}

function districtRoles(event: EventState, roles: Role[]): Audience[] {
  if (event.areaPath === null) return [];
  return [{ kind: 'roles', roles, areaPath: areaAtLevel(event.areaPath, 'district') }];
}

function dispatchersOf(event: EventState): Audience[] {
  const level = event.dispatchedAtLevel;
  if (level === null || event.areaPath === null || DISPATCHERS[level].length === 0) return [];
  return [{ kind: 'roles', roles: [...DISPATCHERS[level]], areaPath: areaAtLevel(event.areaPath, level) }];
}

function reportersOf(event: EventState): Audience[] {
  const ids = [...new Set([event.reporterUserId, ...event.mergedReporterUserIds])];
  return ids.filter((id): id is number => id !== null).map((userId) => ({ kind: 'user', userId }));
}

const LEVEL_NAMES: Record<EventLevel, NoticeText> = {
  grid: text('网格', 'grid'),
  community: text('社区', 'community'),
  street: text('街道', 'street'),
  district: text('区', 'district'),
};

/** A case waits for triage at a level: its holders have a new to-do. */
function waitingAt(event: EventState, title: NoticeText, zh: string, en: string): Notice[] {
  const level = LEVEL_NAMES[event.level];
  return holdersOf(event, event.level).map((audience) =>
    notice(
      'todo',
      event,
      audience,
      title,
      withEvent(event, `${zh}（${level.zh}级待处置）`, `${en} (waiting at the ${level.en} level)`),
    ),
  );
}

function toLeadUnit(event: EventState, title: NoticeText, zh: string, en: string): Notice[] {
  if (event.lead === null) return [];
  return [notice('todo', event, unitAudience(event.lead), title, withEvent(event, zh, en))];
}

/**
 * The notices one fact causes: `before` is the event's state without the fact (null for a report), `after`
 * with it; `at` is when the fact was recorded. Facts that change nobody's work cause none. A case from the
 * 12345 hotline also sends what the hotline must hear back, as a notice to the hotline audience, so that
 * the callback is queued in the fact's own transaction and leaves through the outbox like every notice.
 */
export function noticesFor(
  before: EventState | null,
  after: EventState,
  fact: EventFact,
  at: Date,
): Notice[] {
  return [...peopleNoticesFor(before, after, fact, at), ...hotlineCallbacks(after, fact, at)];
}

function hotlineCallbacks(after: EventState, fact: EventFact, at: Date): Notice[] {
  const callback = callbackFor(after, fact, at);
  if (callback === null) return [];
  const title = callbackTitle(callback);
  return [{ ...notice('result', after, { kind: 'hotline' }, title, title), callback }];
}

function peopleNoticesFor(before: EventState | null, after: EventState, fact: EventFact, at: Date): Notice[] {
  switch (fact.type) {
    case 'reported':
      return waitingAt(
        after,
        text('新事件待处置', 'New event to handle'),
        '有新上报的事件。',
        'A new event was reported.',
      );
    case 'located': {
      // A case placed in another area is new to the holders there.
      const level = after.level;
      const moved =
        before?.areaPath == null || areaAtLevel(before.areaPath, level) !== areaAtLevel(fact.areaPath, level);
      return moved
        ? waitingAt(
            after,
            text('事件已定位到本辖区', 'An event was placed in your area'),
            '事件已定位到您的辖区。',
            'An event was placed in your area.',
          )
        : [];
    }
    case 'escalated':
      return waitingAt(
        after,
        text('上报事件待处置', 'An event was escalated to you'),
        `事件由下级上报，原因：${fact.reason}`,
        `Escalated from below. Reason: ${fact.reason}`,
      );
    case 'return_approved':
      return waitingAt(
        after,
        text('退单事件待重新派遣', 'A returned case waits for a new dispatch'),
        '承办单位的退单已获批准，请重新派遣。',
        "The handling unit's return was approved; dispatch the case again.",
      );
    case 'reopened':
      return waitingAt(
        after,
        text('已结案事件被重新打开', 'A closed case was reopened'),
        `事件重新打开，原因：${fact.reason}`,
        `The case was reopened. Reason: ${fact.reason}`,
      );
    case 'dispatched':
      return [
        notice(
          'todo',
          after,
          unitAudience(fact.lead),
          text('新派遣事件待接单', 'A case was dispatched to your unit'),
          withEvent(after, '请在时限内接单并处置。', 'Accept it and handle it within the time limit.'),
        ),
        ...fact.assisting.map((unit) =>
          notice(
            'todo',
            after,
            unitAudience(unit),
            text('协办事件', 'Your unit assists on a case'),
            withEvent(
              after,
              '贵单位为该事件的协办单位，请配合主办单位处置。',
              'Your unit assists the lead unit on this case.',
            ),
          ),
        ),
      ];
    case 'whistled':
      return [fact.lead, ...fact.assisting].map((unit) =>
        notice(
          'whistle',
          after,
          unitAudience(unit),
          text('街道吹哨，请部门报到', 'The street blew the whistle: report to the case'),
          withEvent(
            after,
            `${unit === fact.lead ? '贵单位为主办单位' : '贵单位为协办单位'}。吹哨原因：${fact.reason}`,
            `${unit === fact.lead ? 'Your unit leads' : 'Your unit assists'}. Reason: ${fact.reason}`,
          ),
        ),
      );
    case 'second_whistled':
      return districtRoles(after, SECOND_WHISTLE_ROLES).map((audience) =>
        notice(
          'whistle',
          after,
          audience,
          text('二次吹哨，请区领导督办', 'Second whistle: the district takes the case up'),
          withEvent(
            after,
            `首次吹哨未获响应。原因：${fact.reason}`,
            `The first whistle went unanswered. Reason: ${fact.reason}`,
          ),
        ),
      );
    case 'return_requested':
      return dispatchersOf(after).map((audience) =>
        notice(
          'todo',
          after,
          audience,
          text('退单申请待审批', 'A return request waits for your decision'),
          withEvent(
            after,
            `承办单位申请退单，理由：${fact.reason}`,
            `The handling unit asks to return the case: ${fact.reason}`,
          ),
        ),
      );
    case 'extension_requested':
      return dispatchersOf(after).map((audience) =>
        notice(
          'todo',
          after,
          audience,
          text('延期申请待审批', 'An extension request waits for your decision'),
          withEvent(
            after,
            `承办单位申请延期 ${fact.extraHours} 小时，理由：${fact.reason}`,
            `The handling unit asks for ${fact.extraHours} more hours: ${fact.reason}`,
          ),
        ),
      );
    case 'handled':
      return verifiersOf(after).map((audience) =>
        notice(
          'todo',
          after,
          audience,
          text('事件已处置，待现场核查', 'A case was handled: check it on site'),
          withEvent(after, `处置情况：${fact.text}`, `What was done: ${fact.text}`),
        ),
      );
    case 'verification_failed':
      return toLeadUnit(
        after,
        text('核查未通过，事件需返工', 'The on-site check failed: rework the case'),
        `核查意见：${fact.text}`,
        `Found on site: ${fact.text}`,
      );
    case 'rework_ordered':
      return toLeadUnit(
        after,
        text('评价不满意，事件需返工', 'Rated dissatisfied: rework the case'),
        '反映人对处置结果不满意，请返工。',
        'The reporter was not satisfied; rework the case.',
      );
    case 'closed':
      return reportersOf(after).map((audience) =>
        notice(
          'result',
          after,
          audience,
          text('您反映的事件已办结', 'The event you reported is closed'),
          withEvent(
            after,
            `已于 ${beijingTime(at)} 办结。${fact.text}`.trim(),
            `Closed at ${beijingTime(at)} (Beijing time). ${fact.text}`.trim(),
          ),
        ),
      );
    case 'cancelled':
      return reportersOf(after).map((audience) =>
        notice(
          'result',
          after,
          audience,
          text('您反映的事件已撤销', 'The event you reported was withdrawn'),
          withEvent(after, `撤销原因：${fact.reason}`, `Reason: ${fact.reason}`),
        ),
      );
    case 'urged': {
      // 催办: whoever holds the case now hears the caller pressing for it.
      const step = after.state === 'dispatched' ? 'accept' : after.state === 'accepted' ? 'handle' : null;
      const audiences = step === null ? holdersOf(after, after.level) : holdersOfStep(after, step);
      return audiences.map((audience) =>
        notice(
          'warning',
          after,
          audience,
          text('诉求人催办', 'The caller pressed for this case'),
          withEvent(after, `催办内容：${fact.text}`, `Urged: ${fact.text}`),
        ),
      );
    }
    case 'deadline_warned':
      return deadlineNotice('warning', after, fact.step, new Date(fact.dueAt));
    case 'deadline_passed':
      return deadlineNotice(
        'overdue',
        after,
        fact.step,
        new Date(fact.dueAt),
        fact.notifySupervision ?? true,
      );
    case 'overdue_escalated':
      return waitingAt(
        after,
        text('超期事件已提级', 'An overdue case was escalated to you'),
        '该事件超过时限，已按事项规则提级至本级督办。',
        'The case passed its time limit and, by its catalogue rule, is now followed at your level.',
      );
    case 'merged':
    case 'duplicate_merged':
    case 'solved_on_the_spot':
    case 'accepted':
    case 'return_refused':
    case 'extension_approved':
    case 'extension_refused':
    case 'verified':
    case 'rated':
      return [];
  }
}

/**
 * The notices of facts recorded together on one event (one command): each fact is folded in turn, so a later
 * fact sees the state its predecessors left.
 */
export function noticesForFacts(before: EventState | null, facts: readonly EventFact[], now: Date): Notice[] {
  const notices: Notice[] = [];
  let state = before;
  for (const fact of facts) {
    const next = evolve(state, { fact, at: now, actorUserId: null });
    notices.push(...noticesFor(state, next, fact, now));
    state = next;
  }
  return notices;
}

const STEP_NAMES: Record<DeadlineStep, NoticeText> = {
  accept: text('接单', 'acceptance'),
  handle: text('处置', 'handling'),
  verify: text('核查', 'on-site check'),
};

/** Who holds a step: the lead unit accepts and handles (the level's holders while no unit has it), the grid verifies. */
function holdersOfStep(event: EventState, step: DeadlineStep): Audience[] {
  if (step === 'verify') return verifiersOf(event);
  return event.lead ? [unitAudience(event.lead)] : holdersOf(event, event.level);
}

/**
 * Nearing a step's limit warns whoever holds the step; passing it tells them and, unless the item's overdue
 * rule says not to, the district's supervision office (督查室). `noticesFor` gives these for the sweeper's `deadline_warned` and `deadline_passed` facts.
 */
export function deadlineNotice(
  kind: 'warning' | 'overdue',
  event: EventState,
  step: DeadlineStep,
  dueAt: Date,
  notifySupervision = true,
): Notice[] {
  const name = STEP_NAMES[step];
  const due = beijingTime(dueAt);
  const audiences =
    kind === 'warning'
      ? holdersOfStep(event, step)
      : [...holdersOfStep(event, step), ...(notifySupervision ? districtRoles(event, SUPERVISION) : [])];
  const title =
    kind === 'warning'
      ? text(`${name.zh}即将超时`, `The ${name.en} is nearly due`)
      : text(`${name.zh}已超时`, `The ${name.en} is overdue`);
  const body =
    kind === 'warning'
      ? withEvent(
          event,
          `${name.zh}时限为 ${due}，请抓紧办理。`,
          `The ${name.en} is due at ${due} (Beijing time).`,
        )
      : withEvent(event, `${name.zh}时限 ${due} 已过。`, `The ${name.en} was due at ${due} (Beijing time).`);
  return audiences.map((audience) => notice(kind, event, audience, title, body));
}

/**
 * How to find the people of an audience among the users (the SQL is in src/db/repositories/notifications.ts).
 * A holder or a role-holder is placed at the audience's area or above it (a grid leader sits in the community
 * and holds its grids); a department's people are everyone in it; a community unit is its community staff.
 */
export type RecipientSelector =
  | { kind: 'users'; userIds: number[] }
  | { kind: 'department'; departmentCode: string }
  | { kind: 'area'; areaCode: string; roles: Role[] }
  | { kind: 'placed_over'; areaPaths: string[]; roles: Role[] };

/** `D/S1/C1` → `D`, `D/S1`, `D/S1/C1`: the areas that hold it. */
export function areaAndAncestors(path: string): string[] {
  const codes = path.split('/');
  return codes.map((_, index) => codes.slice(0, index + 1).join('/'));
}

export function recipientsOf(audience: Audience): RecipientSelector {
  switch (audience.kind) {
    case 'user':
      return { kind: 'users', userIds: [audience.userId] };
    case 'unit':
      return audience.unitKind === 'community'
        ? { kind: 'area', areaCode: audience.code, roles: ['community_staff'] }
        : { kind: 'department', departmentCode: audience.code };
    case 'holders':
      return {
        kind: 'placed_over',
        areaPaths: areaAndAncestors(audience.areaPath),
        roles: [...HOLDERS[audience.level]],
      };
    case 'roles':
      return {
        kind: 'placed_over',
        areaPaths: areaAndAncestors(audience.areaPath),
        roles: [...audience.roles],
      };
    case 'hotline':
      return { kind: 'users', userIds: [] };
  }
}

/** The channels a notice leaves by, besides the in-app list every recipient always gets. */
export const CHANNEL_KINDS = ['email', 'sms', 'webhook', 'hotline'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Where one delivery goes, resolved when the notice is written: a person's address, or a subscription. */
export type DeliveryTarget =
  | { kind: 'email'; userId: number; address: string }
  | { kind: 'sms'; userId: number; phone: string }
  | { kind: 'webhook'; subscriptionId: number }
  | { kind: 'hotline'; sourceId: number; eventId: string };
