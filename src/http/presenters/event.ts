import type { EventRow } from '../../db/repositories/events.ts';
import type { EventState } from '../../domain/events.ts';

/** The running step's deadline with its yellow (warned) or red (overdue) mark at `now`. */
function presentDeadline(row: Pick<EventRow, 'deadline_step' | 'warn_at' | 'due_at'>, now: Date) {
  if (!row.deadline_step || !row.warn_at || !row.due_at) return null;
  const status: 'overdue' | 'warned' | 'on_time' =
    now > row.due_at ? 'overdue' : now >= row.warn_at ? 'warned' : 'on_time';
  return {
    step: row.deadline_step,
    warnAt: row.warn_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    status,
  };
}

export function presentEvent(state: EventState, row: EventRow, now: Date) {
  const item = row.catalogue_item as {
    code: string;
    name: string;
    nameEn: string;
    classCode?: string;
    priority?: string;
  };
  return {
    id: state.id,
    trackingCode: row.tracking_code,
    state: state.state,
    level: state.level,
    source: state.source,
    catalogueItem: {
      code: item.code,
      name: item.name,
      nameEn: item.nameEn,
      classCode: item.classCode,
      priority: item.priority,
    },
    description: state.description,
    areaCode: state.areaCode,
    areaPath: state.areaPath,
    location: state.location,
    address: state.address,
    reporterUserId: state.reporterUserId,
    reportedAt: state.reportedAt.toISOString(),
    lead: state.lead,
    assisting: state.assisting,
    dispatchedAtLevel: state.dispatchedAtLevel,
    whistle: state.whistle,
    pendingRequest: state.pendingRequest,
    reworkCount: state.reworkCount,
    rating: state.rating,
    closedAt: state.closedAt?.toISOString() ?? null,
    mergedInto: state.mergedInto,
    mergedFrom: state.mergedFrom,
    overdueCount: state.overdueCount,
    deadline: presentDeadline(row, now),
  };
}
