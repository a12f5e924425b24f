import { linkAttachments } from '../../db/repositories/attachments.ts';
import { appendToLog, type EventLogTip } from '../../db/repositories/event-log.ts';
import { setEventDeadline, updateEventRow } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import type { WorkingCalendar } from '../../domain/calendar.ts';
import type { CatalogueItem } from '../../domain/catalogue.ts';
import { recordedPoints } from '../../domain/deadline-rules.ts';
import { currentDeadline } from '../../domain/deadlines.ts';
import type { EventState } from '../../domain/events.ts';
import { type EventFact, evolve, type LoggedFact } from '../../domain/lifecycle.ts';
import { recordFigures } from '../figures/record-figures.ts';
import { enqueueNotices, noticesForFacts } from '../notices/enqueue-notices.ts';
import { awardPoints } from '../scores/award-points.ts';

export function attachmentIdsOf(facts: readonly EventFact[]): string[] {
  return facts.flatMap((fact) => ('attachmentIds' in fact ? fact.attachmentIds : []));
}

/** An event as a command finds it: its log, the state the log folds to, and what its row holds. */
export interface LoadedEvent {
  log: LoggedFact[];
  state: EventState;
  tip: EventLogTip;
  catalogueItem: CatalogueItem;
}

/** Derives the running deadline from the log and writes it on the event's row, for the sweeper and the lists. */
export async function writeDeadline(
  trx: Executor,
  event: Pick<LoadedEvent, 'log' | 'state' | 'catalogueItem'>,
  calendar: WorkingCalendar,
): Promise<void> {
  const deadline = currentDeadline(calendar, event.state, event.catalogueItem.limits, event.log);
  const points = deadline ? recordedPoints(event.log, deadline) : { warnedAt: null, passedAt: null };
  await setEventDeadline(trx, event.state.id, {
    deadline_step: deadline?.step ?? null,
    deadline_started_at: deadline?.startedAt ?? null,
    warn_at: deadline?.warnAt ?? null,
    due_at: deadline?.dueAt ?? null,
    warned_at: points.warnedAt,
    passed_at: points.passedAt,
  });
}

/**
 * Appends decided facts to the log and brings the read row up to date, running deadline included, in the
 * caller's transaction. The deadline is derived from the log each time, so it can never drift from it.
 */
export async function recordFacts(
  trx: Executor,
  event: LoadedEvent,
  facts: readonly EventFact[],
  actorUserId: number | null,
  now: Date,
  calendar: WorkingCalendar,
): Promise<EventState> {
  const logged = facts.map((fact): LoggedFact => ({ fact, at: now, actorUserId }));
  const next = logged.reduce<EventState>((current, entry) => evolve(current, entry), event.state);
  const log = [...event.log, ...logged];
  const newTip = await appendToLog(
    trx,
    event.state.id,
    event.tip,
    logged.map((entry) => ({ factType: entry.fact.type, fact: entry.fact, actorUserId, at: now })),
  );
  await updateEventRow(trx, next, newTip, now);
  await recordFigures(trx, event.state, logged, event.catalogueItem.classCode, event.log);
  await awardPoints(trx, event.state, logged, log);
  await writeDeadline(trx, { ...event, log, state: next }, calendar);
  await linkAttachments(trx, next.id, attachmentIdsOf(facts));
  await enqueueNotices(trx, noticesForFacts(event.state, facts, now), now);
  return next;
}
