import type { EventStateName } from '../../api/types.ts';

/** One colour per state, shared by the tags and the map markers so a state looks the same everywhere. */
export const STATE_COLOURS: Record<EventStateName, string> = {
  reported: '#c05621',
  dispatched: '#b7791f',
  accepted: '#2b6cb0',
  handled: '#6b46c1',
  verified: '#2c7a7b',
  rated: '#2f855a',
  closed: '#4a5568',
  cancelled: '#a0aec0',
  merged: '#a0aec0',
};

/** The states of a case still in the loop: the domain's own list. */
export { OPEN_STATES } from '../../../../src/domain/events.ts';
