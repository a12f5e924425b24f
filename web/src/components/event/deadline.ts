import type { EventView } from '../../api/types.ts';

export type Deadline = NonNullable<EventView['deadline']>;
export type DeadlineStatus = Deadline['status'];

/** The deadline's mark at `now`: green until the warning time, yellow until the limit, red after it. */
export function deadlineStatusAt(deadline: Deadline, now: number): DeadlineStatus {
  if (now > Date.parse(deadline.dueAt)) return 'overdue';
  if (now >= Date.parse(deadline.warnAt)) return 'warned';
  return 'on_time';
}

/** A span of time in the largest two units that say it, e.g. `2天3小时` / `2 d 3 h`, `4分12秒` / `4 min 12 s`. */
export function durationParts(ms: number): { unit: 'd' | 'h' | 'm' | 's'; amount: number }[] {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const parts = [
    { unit: 'd' as const, amount: Math.floor(seconds / 86_400) },
    { unit: 'h' as const, amount: Math.floor((seconds % 86_400) / 3600) },
    { unit: 'm' as const, amount: Math.floor((seconds % 3600) / 60) },
    { unit: 's' as const, amount: seconds % 60 },
  ];
  const first = parts.findIndex((part) => part.amount > 0);
  return first < 0 ? [{ unit: 's', amount: 0 }] : parts.slice(first, first + 2);
}
