import { readChangesAfter } from '../db/repositories/event-log.ts';
import { stateOfRow } from '../db/repositories/events.ts';
import type { Executor } from '../db/repositories/executor.ts';
import type { EventState } from '../domain/events.ts';
import { sealLog } from '../jobs/log-sealer.ts';

/** One change to an event as a live stream sends it: the log entry's position is its id. */
export interface EventChange {
  position: number;
  eventId: string;
  trackingCode: string;
  /** The event's state now. */
  state: string;
  /** The type of the fact logged. */
  type: string;
  at: string;
}

/** Someone listening: where they are in the log, whether they see an event, and how to reach them. */
export interface FeedSubscriber {
  /** The last position this subscriber has been given (or need not be given). */
  cursor: number;
  sees(event: EventState): boolean;
  deliver(change: EventChange): void;
}

const BATCH = 500;
/** A tick reads at most this many batches, so a subscriber far behind does not hold the others up for long. */
const ROUNDS_PER_TICK = 4;

/**
 * The log's new entries, read by polling the store: every app process has its own feed, so changes written by
 * any process reach the listeners of every process without messaging between them. The feed polls only while
 * someone listens: it starts with the first subscriber and stops with the last (or `close`).
 */
export class EventChangeFeed {
  readonly #subscribers = new Set<FeedSubscriber>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(
    private readonly db: Executor,
    private readonly options: { pollMs: number; onError?: (error: unknown) => void },
  ) {}

  /** Whether the feed is polling: true while anyone listens. */
  get polling(): boolean {
    return this.#timer !== undefined || this.#running !== null;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Adds a listener; the answer removes it again. */
  subscribe(subscriber: FeedSubscriber): () => void {
    if (this.#closed) throw new Error('the event feed is closed');
    this.#subscribers.add(subscriber);
    if (!this.polling) this.#schedule();
    return () => {
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0) this.#stopTimer();
    };
  }

  /** Stops polling for good and waits for a read under way. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    this.#stopTimer();
    await this.#running;
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#tick()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.#running = null;
          if (!this.#closed && this.#subscribers.size > 0 && this.#timer === undefined) this.#schedule();
        });
    }, this.options.pollMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    for (let round = 0; round < ROUNDS_PER_TICK; round++) {
      if (this.#subscribers.size === 0) return;
      // Entries are announced once sealed, in seal order; sealing here spares a listener the sealer's interval.
      await sealLog(this.db);
      const from = Math.min(...[...this.#subscribers].map((subscriber) => subscriber.cursor));
      const changes = await readChangesAfter(this.db, from, BATCH);
      const last = changes.at(-1);
      if (!last) return;
      // The batch is the whole log after `from` up to `last`: it serves those whose cursor is not behind `from`.
      // Someone who joined during the read further back (resuming) is served from their own cursor next round.
      const covered = [...this.#subscribers].filter((subscriber) => subscriber.cursor >= from);
      for (const entry of changes) {
        const state = stateOfRow(entry);
        const change: EventChange = {
          position: entry.position,
          eventId: entry.eventId,
          trackingCode: entry.trackingCode,
          state: state.state,
          type: entry.factType,
          at: entry.at,
        };
        for (const subscriber of covered) {
          if (subscriber.cursor < entry.position && subscriber.sees(state)) subscriber.deliver(change);
        }
      }
      for (const subscriber of covered) subscriber.cursor = Math.max(subscriber.cursor, last.position);
      if (changes.length < BATCH) return;
    }
  }
}
