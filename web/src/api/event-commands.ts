import { api } from './client.ts';
import type { CommandName, EventView } from './types.ts';

/** Gives one command of the closed loop to an event; answers the event as it now stands. */
export function giveCommand(eventId: string, name: CommandName, body: object = {}): Promise<EventView> {
  return api.post<EventView>(`/api/v1/events/${eventId}/${name}`, body);
}
