import type { Config } from '../config.ts';
import type { Executor } from '../db/repositories/executor.ts';
import type { AreaLocatorCache } from '../read-models/area-locator-cache.ts';
import type { SignedInCacheOptions } from '../read-models/signed-in-cache.ts';

/** What every route plugin is given: the store, the settings it reads, the clock and the shared read models. */
export interface HttpContext {
  db: Executor;
  config: HttpConfig;
  clock: () => Date;
  areaLocator: AreaLocatorCache;
}

export type HttpConfig = Pick<Config, 'secureCookies' | 'sessionHours' | 'production'> & {
  signInRateLimitPerMinute: number;
  /** How often the live stream reads new log entries (default 1 s); tests shorten it. */
  streamPollMs?: number;
  /** How often the live stream sends a comment to keep the line open (default 15 s); tests shorten it. */
  streamHeartbeatMs?: number;
  /** How long this process trusts a session or token it read (default 2 s); tests drive its clock. */
  signedInCache?: SignedInCacheOptions;
};
