import type { EventState, Unit } from './events.ts';
import { type Decision, decide, decideMerge, type EventCommand } from './lifecycle.ts';
import type { Actor } from './permissions.ts';

/** The commands as the API names them (`second_whistle` is `second-whistle`), merge included. */
export const API_COMMANDS = [
  'locate',
  'merge',
  'solve',
  'escalate',
  'dispatch',
  'whistle',
  'second-whistle',
  'accept',
  'return',
  'extend',
  'approve',
  'refuse',
  'handle',
  'verify',
  'rate',
  'close',
  'reopen',
  'cancel',
] as const;
export type ApiCommand = (typeof API_COMMANDS)[number];

const NOWHERE: Unit = { kind: 'district_department', code: '', areaPath: '' };

/** A command of each kind with blank details: enough for the lifecycle to say whether this person may give it. */
function probe(
  name: Exclude<ApiCommand, 'merge'>,
  event: EventState,
): Exclude<EventCommand, { type: 'report' }> {
  switch (name) {
    case 'locate':
      return {
        type: 'locate',
        areaCode: event.areaCode ?? '',
        areaPath: event.areaPath ?? '',
        location: event.location,
      };
    case 'solve':
    case 'handle':
      return { type: name, text: '', attachmentIds: [] };
    case 'verify':
      return { type: 'verify', passed: true, text: '', attachmentIds: [] };
    case 'escalate':
    case 'return':
    case 'refuse':
    case 'reopen':
    case 'cancel':
      return { type: name, reason: '' };
    case 'second-whistle':
      return { type: 'second_whistle', reason: '' };
    case 'dispatch':
      return { type: 'dispatch', lead: NOWHERE, assisting: [] };
    case 'whistle':
      return { type: 'whistle', lead: NOWHERE, assisting: [], reason: '' };
    case 'accept':
    case 'approve':
      return { type: name };
    case 'extend':
      return { type: 'extend', reason: '', extraHours: 0 };
    case 'rate':
      return { type: 'rate', rating: 'satisfied', comment: '', rework: false };
    case 'close':
      return { type: 'close', text: '' };
  }
}

/**
 * A refusal for what was said (a blank reason, a unit that cannot take it) still means the person may give
 * the command: the lifecycle checks state and role before details.
 */
function mayGive(decision: Pick<Decision, 'ok'> & { refusal?: { kind: string } }): boolean {
  return decision.ok || decision.refusal?.kind === 'invalid';
}

/** What this person may do to this event now: the buttons a screen shows, and what makes it their to-do. */
export function permittedCommands(event: EventState, actor: Actor, now: Date): ApiCommand[] {
  return API_COMMANDS.filter((name) =>
    name === 'merge'
      ? mayGive(decideMerge(event, event, actor, now))
      : mayGive(decide(event, probe(name, event), actor, now)),
  );
}
