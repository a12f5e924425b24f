import type { EventState } from '../../domain/events.ts';

export function presentEvent(state: EventState, row: { tracking_code: string; catalogue_item: unknown }) {
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
  };
}
