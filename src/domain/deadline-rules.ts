import type { LimitStep, OverdueRule } from './catalogue.ts';
import type { StepDeadline } from './deadlines.ts';
import { EVENT_LEVELS, type EventLevel, type EventState } from './events.ts';
import { type EventFact, type LoggedFact, nextLevel } from './lifecycle.ts';

export type DeadlinePoint = 'warning' | 'limit';

/**
 * What passing a deadline records. The warning point (yellow) is noted. The limit (red) is noted, telling the
 * supervision office if the item's rule says so; and when the rule escalates, a whistled case whose department
 * let the accept or handle limit pass is whistled again by the system (二次哨), while any other case is taken up
 * by the level above the one that sent it. The verify step belongs to the grid and the street: it escalates
 * nothing.
 */
export function factsForPassedDeadline(
  event: EventState,
  step: LimitStep,
  dueAt: Date,
  point: DeadlinePoint,
  rule: OverdueRule,
): EventFact[] {
  const at = dueAt.toISOString();
  if (point === 'warning') return [{ type: 'deadline_warned', step, dueAt: at }];
  const passed: EventFact = {
    type: 'deadline_passed',
    step,
    dueAt: at,
    notifySupervision: rule.notifySupervision,
  };
  if (!rule.escalate || step === 'verify') return [passed];
  if (event.whistle === 'first') {
    return [passed, { type: 'second_whistled', reason: `超过${STEP_NAMES[step]}时限，系统自动吹响二次哨` }];
  }
  if (event.whistle === 'second') return [passed];
  const fromLevel = event.dispatchedAtLevel ?? event.level;
  const toLevel = nextLevel(fromLevel);
  return toLevel === null || levelIndex(event.level) >= levelIndex(toLevel)
    ? [passed]
    : [passed, { type: 'overdue_escalated', fromLevel, toLevel }];
}

function levelIndex(level: EventLevel): number {
  return EVENT_LEVELS.indexOf(level);
}

const STEP_NAMES: Record<LimitStep, string> = { accept: '接单', handle: '处置', verify: '核查' };

/** Which point of a running deadline has passed and not yet been recorded, if any: the limit before the warning. */
export function pointDue(
  deadline: Pick<StepDeadline, 'warnAt' | 'dueAt'>,
  recorded: { warned: boolean; passed: boolean },
  now: Date,
): DeadlinePoint | null {
  if (!recorded.passed && now.getTime() > deadline.dueAt.getTime()) return 'limit';
  if (!recorded.warned && !recorded.passed && now.getTime() >= deadline.warnAt.getTime()) return 'warning';
  return null;
}

/** When the running step's warning and limit were recorded as passed, read from the event's log. */
export function recordedPoints(
  log: readonly LoggedFact[],
  deadline: Pick<StepDeadline, 'step' | 'startedAt'>,
): { warnedAt: Date | null; passedAt: Date | null } {
  const ofThisStep = (type: 'deadline_warned' | 'deadline_passed') =>
    log.find(
      (entry) =>
        entry.fact.type === type &&
        entry.fact.step === deadline.step &&
        entry.at.getTime() >= deadline.startedAt.getTime(),
    )?.at ?? null;
  return { warnedAt: ofThisStep('deadline_warned'), passedAt: ofThisStep('deadline_passed') };
}
