import { attachmentLinkWrites } from '../../db/repositories/attachments.ts';
import { type EventLogTip, logEntryWrites } from '../../db/repositories/event-log.ts';
import { type DeadlineColumns, eventRowWrites } from '../../db/repositories/events.ts';
import { type Executor, writeTogether } from '../../db/repositories/executor.ts';
import { pendingNoticeWrites } from '../../db/repositories/notifications.ts';
import { chainEventEntries } from '../../domain/audit-chain.ts';
import type { WorkingCalendar } from '../../domain/calendar.ts';
import type { CatalogueItem } from '../../domain/catalogue.ts';
import { recordedPoints } from '../../domain/deadline-rules.ts';
import { currentDeadline, hasRunningStep } from '../../domain/deadlines.ts';
import type { EventState } from '../../domain/events.ts';
import { type EventFact, evolve, type LoggedFact } from '../../domain/lifecycle.ts';
import { noticesForFacts } from '../../domain/notices.ts';
import { figureWrites } from '../figures/record-figures.ts';
import { pointWrites } from '../scores/award-points.ts';
import { loadWorkingCalendar } from '../working-calendar.ts';

/** An event as a command finds it: its log, the state the log folds to, and what its row holds. */
export interface LoadedEvent {
  log: LoggedFact[];
  state: EventState;
  tip: EventLogTip;
  catalogueItem: CatalogueItem;
  trackingCode: string;
}

/** An event about to be reported: nothing logged yet. */
export interface NewEvent {
  log: readonly [];
  state: null;
  tip: null;
  catalogueItem: CatalogueItem;
  trackingCode: string;
}

/** Facts decided about one event, by one person or by the system (null). */
export interface EventChange {
  event: LoadedEvent | NewEvent;
  facts: readonly EventFact[];
  actorUserId: number | null;
  /** Files filed with the change besides those its facts name: a report's own photos. */
  attachmentIds?: readonly string[];
}

export function attachmentIdsOf(facts: readonly EventFact[]): string[] {
  return facts.flatMap((fact) => ('attachmentIds' in fact ? fact.attachmentIds : []));
}

const NO_DEADLINE = { warnedAt: null, passedAt: null };

/** The running deadline of an event, derived from its log, as its row holds it for the sweeper and the lists. */
export function deadlineColumnsOf(
  calendar: WorkingCalendar | null,
  event: Pick<LoadedEvent, 'log' | 'state' | 'catalogueItem'>,
): DeadlineColumns {
  const deadline = calendar && currentDeadline(calendar, event.state, event.catalogueItem.limits, event.log);
  const points = deadline ? recordedPoints(event.log, deadline) : NO_DEADLINE;
  return {
    deadline_step: deadline?.step ?? null,
    deadline_started_at: deadline?.startedAt ?? null,
    warn_at: deadline?.warnAt ?? null,
    due_at: deadline?.dueAt ?? null,
    warned_at: points.warnedAt,
    passed_at: points.passedAt,
  };
}

/**
 * The one door through which facts enter the record, for one event or many (the sweeper's batch) in the
 * caller's transaction: appends them to each event's chain, writes each read row with its running deadline,
 * appends what they add to the figures, gives their points, links their files and queues their notices, all in
 * one statement. Nothing here waits for another event's facts: the chain over the whole log is sealed later
 * (src/jobs/log-sealer.ts), the figures are folded later (src/jobs/figure-folder.ts) and the notices are told
 * to their people later (src/jobs/notice-fan-out.ts). `calendar` spares a caller that has it a read.
 */
export async function recordFacts(
  trx: Executor,
  changes: readonly EventChange[],
  now: Date,
  calendar?: WorkingCalendar,
): Promise<EventState[]> {
  const recorded = changes.map(({ event, facts, actorUserId, attachmentIds = [] }) => {
    const logged = facts.map((fact): LoggedFact => ({ fact, at: now, actorUserId }));
    const next = logged.reduce<EventState | null>((current, entry) => evolve(current, entry), event.state);
    if (next === null) throw new Error('recordFacts: no facts to record');
    const chained = chainEventEntries(
      next.id,
      event.tip,
      logged.map((entry) => ({ factType: entry.fact.type, fact: entry.fact, actorUserId, at: now })),
    );
    const files = [...attachmentIds, ...attachmentIdsOf(facts)];
    return { event, facts, logged, next, log: [...event.log, ...logged], chained, files };
  });
  const deadlineCalendar = recorded.some(({ next }) => hasRunningStep(next))
    ? (calendar ?? (await loadWorkingCalendar(trx)))
    : null;

  const points = await pointWrites(
    trx,
    recorded.map(({ event, logged, log }) => ({ before: event.state, logged, log })),
  );
  await writeTogether(trx, [
    ...logEntryWrites(
      trx,
      recorded.flatMap(({ chained }) => chained.entries),
    ),
    ...eventRowWrites(
      trx,
      recorded.map(({ event, next, log, chained }) => ({
        state: next,
        tip: chained.tip,
        trackingCode: event.trackingCode,
        catalogueItem: event.catalogueItem,
        deadline: deadlineColumnsOf(deadlineCalendar, {
          log,
          state: next,
          catalogueItem: event.catalogueItem,
        }),
      })),
      now,
    ),
    ...figureWrites(
      trx,
      recorded.map(({ event, logged }) => ({
        before: event.state,
        logged,
        catalogueClassCode: event.catalogueItem.classCode,
        earlierLog: event.log,
      })),
    ),
    ...points,
    ...attachmentLinkWrites(
      trx,
      recorded.flatMap(({ next, files }) =>
        files.map((attachmentId) => ({ eventId: next.id, attachmentId })),
      ),
    ),
    ...pendingNoticeWrites(
      trx,
      recorded.flatMap(({ event, facts }) => noticesForFacts(event.state, facts, now)),
      now,
    ),
  ]);
  return recorded.map(({ next }) => next);
}
