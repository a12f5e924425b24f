import type { EventState } from '../../domain/events.ts';
import type { Refusal } from '../../domain/lifecycle.ts';
import type { PlaceProblem } from './resolve-place.ts';

/** What was asked cannot be taken as it stands: the person can correct it and ask again. */
export type InputProblem =
  | { reason: 'not_permitted' }
  | { reason: 'source_not_permitted'; source: string }
  | { reason: 'idempotency_key_reused' }
  | { reason: 'unknown_catalogue_item'; code: string }
  | { reason: PlaceProblem }
  | { reason: 'unknown_unit'; code: string }
  | { reason: 'attachments_not_yours'; ids: string[] };

/** Why an event use case did nothing: no such event in sight, the lifecycle refused, or the input was wrong. */
export type EventRefused =
  | { ok: false; notFound: true }
  | { ok: false; refusal: Refusal }
  | { ok: false; problem: InputProblem };

export type EventCommandOutcome = { ok: true; event: EventState } | EventRefused;

/**
 * Thrown inside a use case's transaction to roll back what it wrote so far and answer with the refusal: a
 * report's idempotency key, written first, must not outlive a refused report.
 */
export class RefusedInTransaction extends Error {
  constructor(readonly outcome: EventRefused) {
    super('refused');
  }
}

/** Runs a use case's transaction; a refusal thrown inside rolls it back and becomes the answer. */
export async function refusalsRolledBack<T>(run: () => Promise<T>): Promise<T | EventRefused> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RefusedInTransaction) return error.outcome;
    throw error;
  }
}
