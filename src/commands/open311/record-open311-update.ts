import { runEventCommand } from '../../commands/events/run-event-command.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import {
  findClientRequest,
  findInboundUpdate,
  insertInboundUpdate,
  type KeyHolder,
} from '../../db/repositories/open311.ts';
import type { AreaLocator } from '../../domain/area-locator.ts';
import { type ExtendedStatus, isClosingStatus } from '../../domain/open311.ts';
import { actorOfClient } from './file-open311-request.ts';

/** FixMyStreet's POST servicerequestupdates as the edge has read it. */
export interface InboundUpdate {
  updateId: string;
  serviceRequestId: string;
  status: ExtendedStatus;
  description: string;
  updatedAt: Date;
  mediaUrl: string | null;
}

export type InboundUpdateOutcome =
  | { ok: true; id: number; withdrew: boolean; replayed: boolean }
  | { ok: false; notFound: true };

/**
 * Keeps an update a client sends on one of its own requests. A finishing status (FIXED, CLOSED, …) on a request
 * nobody has taken up yet withdraws it, through the lifecycle's `cancel` as the reporter; on a case already
 * in hand it changes nothing, since only the unit and the dispatcher move a case on. The same update sent
 * again is answered with the first one's id.
 */
export async function recordOpen311Update(
  db: Executor,
  locator: AreaLocator,
  holder: KeyHolder,
  update: InboundUpdate,
  now: Date,
): Promise<InboundUpdateOutcome> {
  const request = await findClientRequest(db, holder.userId, update.serviceRequestId);
  if (!request) return { ok: false, notFound: true };
  const earlier = await findInboundUpdate(db, holder.clientId, update.updateId);
  if (earlier) return { ok: true, id: earlier.id, withdrew: false, replayed: true };
  let withdrew = false;
  if (isClosingStatus(update.status) && request.state === 'reported') {
    const reason = update.description.trim() || `${holder.name}: ${update.status}`;
    const outcome = await runEventCommand(
      db,
      locator,
      request.id,
      { type: 'cancel', reason },
      actorOfClient(holder),
      now,
    );
    withdrew = outcome.ok;
  }
  const id = await insertInboundUpdate(db, {
    clientId: holder.clientId,
    updateId: update.updateId,
    eventId: request.id,
    status: update.status,
    description: update.description,
    updatedAt: update.updatedAt,
    mediaUrl: update.mediaUrl,
    withdrew,
  });
  if (id !== null) return { ok: true, id, withdrew, replayed: false };
  const raced = await findInboundUpdate(db, holder.clientId, update.updateId);
  if (!raced) throw new Error('an inbound update was neither written nor found');
  return { ok: true, id: raced.id, withdrew: false, replayed: true };
}
