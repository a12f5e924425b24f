import { type EventRow, openEventRowsInSightOldestFirst, stateOfRow } from '../../db/repositories/events.ts';
import type { Executor } from '../../db/repositories/executor.ts';
import { eventSightOf } from '../../domain/event-sight.ts';
import type { EventState } from '../../domain/events.ts';
import type { Actor } from '../../domain/permissions.ts';
import { type ApiCommand, permittedCommands } from '../../domain/permitted-commands.ts';

/** Commands that move a case forward: an event is on someone's to-do when they may give one of these. */
const PROGRESSING = new Set<ApiCommand>([
  'solve',
  'escalate',
  'dispatch',
  'whistle',
  'accept',
  'approve',
  'refuse',
  'handle',
  'verify',
  'rate',
  'close',
]);

export interface TodoItem {
  row: EventRow;
  state: EventState;
  commands: ApiCommand[];
}

/**
 * A person's to-do (待办): the open events in their sight on which the lifecycle lets them move the case on,
 * oldest first, at most `limit`.
 */
export async function todoList(db: Executor, actor: Actor, now: Date, limit: number): Promise<TodoItem[]> {
  const items: TodoItem[] = [];
  for await (const row of openEventRowsInSightOldestFirst(db, eventSightOf(actor))) {
    const state = stateOfRow(row);
    const commands = permittedCommands(state, actor, now);
    if (commands.some((command) => PROGRESSING.has(command))) items.push({ row, state, commands });
    if (items.length >= limit) break;
  }
  return items;
}
