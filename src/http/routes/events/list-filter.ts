import type { Static } from 'typebox';
import { findAreaPath } from '../../../db/repositories/areas.ts';
import type { EventFilter } from '../../../db/repositories/events.ts';
import type { Executor } from '../../../db/repositories/executor.ts';
import { eventSightOf } from '../../../domain/event-sight.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { ensurePermitted } from '../../guard.ts';
import type { EventFilterObject } from './schema.ts';

type ListQuery = Static<typeof EventFilterObject>;

/**
 * The list's filters as the repository takes them, without paging: shared by the list and its export, so both
 * select the same events. An area out of the person's sight answers 404, as reading it would.
 */
export async function eventListFilter(
  db: Executor,
  actor: Actor,
  query: ListQuery,
  now: Date,
): Promise<EventFilter> {
  let withinAreaPath: string | undefined;
  if (query.area) {
    withinAreaPath = await findAreaPath(db, query.area);
    ensurePermitted(actor, 'area:read', withinAreaPath ? { areaPath: withinAreaPath } : null);
  }
  return {
    sight: eventSightOf(actor),
    ...(query.state ? { states: query.state } : {}),
    ...(withinAreaPath ? { withinAreaPath } : {}),
    ...(query.catalogueItem ? { catalogueItemCode: query.catalogueItem } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.department ? { departmentCode: query.department } : {}),
    ...(query.overdue !== undefined ? { overdue: { now, value: query.overdue } } : {}),
    ...(query.from ? { reportedFrom: new Date(query.from) } : {}),
    ...(query.to ? { reportedTo: new Date(query.to) } : {}),
    ...(query.trackingCode ? { trackingCode: query.trackingCode.toUpperCase() } : {}),
  };
}
