import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Executor } from '../../db/repositories/executor.ts';
import {
  countRequest,
  deleteExpiredRequestCounts,
  readRequestCount,
} from '../../db/repositories/rate-limits.ts';

type Counted = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that counts in the database rather than in this process's memory: with
 * several app processes behind a balancer, an address gets the limit once, not once per process.
 */
export function databaseRateLimitStore(db: Executor): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly route = '',
    ) {}

    incr(key: string, counted: Counted, timeWindow: number): void {
      countRequest(db, `${this.route}|${key}`, timeWindow).then(
        ({ count, resetsAt }) => {
          counted(null, { current: count, ttl: ttlOf(resetsAt) });
          // A new window is the moment to forget the passed ones, so the table holds only live windows.
          if (count === 1) deleteExpiredRequestCounts(db).catch(() => undefined);
        },
        (error: Error) => counted(error),
      );
    }

    read(key: string, counted: Counted): void {
      readRequestCount(db, `${this.route}|${key}`).then(
        ({ count, resetsAt }) => counted(null, { current: count, ttl: resetsAt ? ttlOf(resetsAt) : 0 }),
        (error: Error) => counted(error),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin hands the route as `routeInfo`, which its type declarations leave out.
      const { routeInfo } = routeOptions as { routeInfo?: { method?: string | string[]; url?: string } };
      return new DatabaseRateLimitStore(
        routeOptions,
        `${String(routeInfo?.method ?? '')} ${routeInfo?.url ?? ''}`,
      );
    }
  }
  return DatabaseRateLimitStore;
}

function ttlOf(resetsAt: Date): number {
  return Math.max(0, resetsAt.getTime() - Date.now());
}
