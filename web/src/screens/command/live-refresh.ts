import { onBeforeUnmount } from 'vue';
import { type EventChange, onEventChanged } from '../../live/event-stream.ts';

/**
 * Calls `refresh` once a burst of live changes has settled (a sweep or a bulk import announces many at once),
 * and `each` for every change as it comes.
 */
export function useLiveRefresh(
  refresh: () => unknown,
  each?: (change: EventChange) => void,
  settleMs = 400,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onEventChanged((change) => {
    each?.(change);
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), settleMs);
  });
  onBeforeUnmount(() => clearTimeout(timer));
}
