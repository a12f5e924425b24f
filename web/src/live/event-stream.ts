import { onBeforeUnmount } from 'vue';

/** One change to an event in the signed-in person's sight, as the server's stream announces it. */
export interface EventChange {
  eventId: string;
  trackingCode: string;
  state: string;
  /** The fact that changed it, e.g. `reported`, `dispatched`, `deadline_passed`. */
  type: string;
  at: string;
}

type Listener = (change: EventChange) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function open(): void {
  if (source || typeof EventSource === 'undefined') return;
  // The browser reconnects by itself and sends Last-Event-ID, so no change is missed across a drop.
  source = new EventSource('/api/v1/stream');
  source.addEventListener('event-changed', (message) => {
    const change = JSON.parse((message as MessageEvent<string>).data) as EventChange;
    for (const listener of listeners) listener(change);
  });
}

function closeWhenUnused(): void {
  if (listeners.size > 0 || !source) return;
  source.close();
  source = null;
}

/**
 * Calls `listener` for every new event or state change in sight, without reloading, for as long as the
 * calling component lives. One connection serves every listener of the tab.
 */
export function onEventChanged(listener: Listener): () => void {
  listeners.add(listener);
  open();
  const stop = () => {
    listeners.delete(listener);
    closeWhenUnused();
  };
  onBeforeUnmount(stop);
  return stop;
}
