/**
 * Why a command is refused. The HTTP layer translates each reason into Chinese and English and maps its kind to
 * a status (conflict 409, forbidden 403, invalid 400), so the names are stable: add, never rename.
 */
export const REFUSAL_REASONS = [
  // conflict: the event is not where the command needs it to be
  'wrong_state',
  'not_located',
  'top_level',
  'request_pending',
  'no_request_pending',
  'not_whistled',
  'already_second_whistle',
  'reopen_window_passed',
  'target_not_open',
  // forbidden: the actor is not the one who may do it
  'role_may_not', // no one with the actor's roles ever does this
  'not_the_holder', // the actor's role does it, but for another level or another grid than this case's
  'not_the_handling_unit', // the actor's role handles cases, but this one went to another unit
  'not_reporter', // a resident acts only on what they reported
  // invalid: the command itself is wrong
  'reason_required',
  'unit_not_allowed',
  'same_event',
  'extra_hours_invalid',
  'rework_only_if_dissatisfied',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  reason: RefusalReason;
  kind: 'conflict' | 'forbidden' | 'invalid';
}

const KIND_OF: Record<RefusalReason, Refusal['kind']> = {
  wrong_state: 'conflict',
  not_located: 'conflict',
  top_level: 'conflict',
  request_pending: 'conflict',
  no_request_pending: 'conflict',
  not_whistled: 'conflict',
  already_second_whistle: 'conflict',
  reopen_window_passed: 'conflict',
  target_not_open: 'conflict',
  role_may_not: 'forbidden',
  not_the_holder: 'forbidden',
  not_the_handling_unit: 'forbidden',
  not_reporter: 'forbidden',
  reason_required: 'invalid',
  unit_not_allowed: 'invalid',
  same_event: 'invalid',
  extra_hours_invalid: 'invalid',
  rework_only_if_dissatisfied: 'invalid',
};

/** A decision's refusing half; checks return it, or null to let the next check speak. */
export interface Refused {
  ok: false;
  refusal: Refusal;
}

export function refused(reason: RefusalReason): Refused {
  return { ok: false, refusal: { reason, kind: KIND_OF[reason] } };
}

/** Free text that a later reader needs (why it was returned, what was done) may not be blank. */
export function textGiven(text: string): Refused | null {
  return text.trim() === '' ? refused('reason_required') : null;
}
