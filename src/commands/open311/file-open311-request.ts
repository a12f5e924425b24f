import { type ReportOutcome, reportEvent } from '../../commands/events/report-event.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import type { KeyHolder } from '../../db/repositories/open311.ts';
import {
  findOpen311Service,
  linkOpen311Request,
  type Open311Service,
} from '../../db/repositories/open311.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import type { GeoPoint } from '../../domain/events.ts';
import {
  type AttributeProblem,
  attributeProblems,
  reportDescription,
  serviceAttributes,
} from '../../domain/open311.ts';
import type { Actor } from '../../domain/permissions.ts';

/** A POST requests as the edge has read it: its fields checked for form, not yet against the store. */
export interface Open311Request {
  serviceCode: string;
  description: string | null;
  location: GeoPoint | null;
  /** Open311's address_id: in Huying, the code of the grid the request lies in. */
  gridCode: string | null;
  address: string | null;
  attributes: ReadonlyMap<string, string>;
  mediaUrl: string | null;
  /** A hash of everything the client sent: the same request sent again is the same report. */
  bodyHash: string;
}

export type FileOutcome =
  | (Extract<ReportOutcome, { ok: true }> & { service: Open311Service })
  | Exclude<ReportOutcome, { ok: true }>
  | { ok: false; unknownService: string }
  | { ok: false; attributeProblems: AttributeProblem[] };

/** The account a client acts as: its own, with the one role that may report under its source. */
export function actorOfClient(holder: KeyHolder): Actor {
  return { userId: holder.userId, roles: holder.roles, areaPath: holder.areaPath, departmentCode: null };
}

/**
 * Files an Open311 request as a report through the one use case every report takes (`reportEvent`): the same
 * checks, log and deadlines as a report from a screen. The idempotency key is the hash of the body under the
 * client's own account, so a client that retries a request it got no answer to gets the first event back.
 */
export async function fileOpen311Request(
  db: Executor,
  locator: AreaLocator,
  holder: KeyHolder,
  request: Open311Request,
  now: Date,
): Promise<FileOutcome> {
  const service = await findOpen311Service(db, request.serviceCode);
  if (!service) return { ok: false, unknownService: request.serviceCode };
  const attributes = serviceAttributes(service.kind);
  const problems = attributeProblems(attributes, request.attributes);
  if (problems.length > 0) return { ok: false, attributeProblems: problems };
  const outcome = await reportEvent(
    db,
    locator,
    actorOfClient(holder),
    {
      idempotencyKey: `open311:${request.bodyHash}`,
      requestHash: request.bodyHash,
      source: holder.source,
      catalogueItemCode: service.item.code,
      description: reportDescription(
        request.description,
        service.item.name,
        attributes,
        request.attributes,
        request.mediaUrl,
      ),
      location: request.location,
      areaCode: request.location ? null : request.gridCode,
      address: request.address,
      attachmentIds: [],
    },
    now,
  );
  if (!outcome.ok) return outcome;
  // After the report's own transaction: a crash in between leaves the event without its photo address until
  // the client retries, which replays the event and writes the link then.
  await linkOpen311Request(db, {
    eventId: outcome.eventId,
    clientId: holder.clientId,
    mediaUrl: request.mediaUrl,
  });
  return { ...outcome, service };
}
