import type { Executor } from '../db/repositories/executor.ts';
import { findUserByApiToken, findUserBySession, type UserInSight } from '../db/repositories/users.ts';

/**
 * How long a process trusts what it read about a session or an API token. A sign-out, a disabled account, a
 * changed role or a revoked token takes effect at once in the process that made the change (it forgets what it
 * held), and in every other process within this long.
 */
export const SIGNED_IN_CACHE_MS = 2000;

/** At most this many sessions and tokens are held per process; beyond, the longest held is dropped first. */
export const SIGNED_IN_CACHE_ENTRIES = 10_000;

export interface SignedInCacheOptions {
  /** How long a read is trusted (default SIGNED_IN_CACHE_MS); never more than 5 s. */
  ttlMs?: number;
  maxEntries?: number;
  /** A clock that only moves forward, in milliseconds (default `performance.now`); tests drive their own. */
  monotonicNow?: () => number;
}

export interface Credential {
  kind: 'session' | 'api_token';
  /** SHA-256 of the secret, as the store keeps it. */
  tokenHash: string;
}

interface Entry {
  user: UserInSight;
  /** When the session ends (compared with each request's clock); null for an API token. */
  expiresAt: Date | null;
  /** The monotonic time the read started: anything that changed in the store before then, it saw. */
  readAt: number;
}

const keyOf = (credential: Credential) => `${credential.kind}:${credential.tokenHash}`;

/**
 * Who is behind a session cookie or an API token, remembered per process for a short while, so that a signed-in
 * request does not read the store to know who is asking. Only credentials the store knows are kept (an unknown
 * token is asked about each time and never fills memory), the number kept is bounded, and a session's expiry is
 * compared with the asking request's clock every time, so it is respected to the millisecond.
 */
export class SignedInCache {
  readonly #entries = new Map<string, Entry>();
  readonly #reading = new Map<string, { generation: number; entry: Promise<Entry | null> }>();
  /** Moves on each forget, so that a read started before a forget does not bring the forgotten back. */
  #generation = 0;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(
    private readonly db: Executor,
    options: SignedInCacheOptions = {},
  ) {
    this.#ttlMs = Math.min(options.ttlMs ?? SIGNED_IN_CACHE_MS, 5000);
    this.#maxEntries = options.maxEntries ?? SIGNED_IN_CACHE_ENTRIES;
    this.#now = options.monotonicNow ?? (() => performance.now());
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The person a credential stands for at `now`, or null (unknown, ended, expired, revoked or disabled). */
  async userOf(credential: Credential, now: Date): Promise<UserInSight | null> {
    const key = keyOf(credential);
    const held = this.#entries.get(key);
    if (held && this.#now() - held.readAt < this.#ttlMs && !hasExpired(held, now)) return held.user;
    if (held) this.#entries.delete(key);
    const read = await this.#read(key, credential, now);
    return read && !hasExpired(read, now) ? read.user : null;
  }

  /** A session signed out in this process. */
  forget(credential: Credential): void {
    this.#generation++;
    this.#entries.delete(keyOf(credential));
  }

  /** A person disabled or changed in this process: every session and token of theirs is read again. */
  forgetUser(userId: number): void {
    this.#generation++;
    for (const [key, entry] of this.#entries) if (entry.user.id === userId) this.#entries.delete(key);
  }

  #read(key: string, credential: Credential, now: Date): Promise<Entry | null> {
    // Requests that ask at once share one read, unless a forget came since it started.
    const generation = this.#generation;
    const pending = this.#reading.get(key);
    if (pending?.generation === generation) return pending.entry;
    const readAt = this.#now();
    const entry = this.#fetch(credential, now, readAt)
      .then((read) => {
        if (read && generation === this.#generation) this.#keep(key, read);
        return read;
      })
      .finally(() => {
        if (this.#reading.get(key)?.entry === entry) this.#reading.delete(key);
      });
    this.#reading.set(key, { generation, entry });
    return entry;
  }

  async #fetch(credential: Credential, now: Date, readAt: number): Promise<Entry | null> {
    if (credential.kind === 'api_token') {
      const user = await findUserByApiToken(this.db, credential.tokenHash);
      return user ? { user, expiresAt: null, readAt } : null;
    }
    const found = await findUserBySession(this.db, credential.tokenHash, now);
    if (!found) return null;
    const { expires_at: expiresAt, ...user } = found;
    return { user, expiresAt, readAt };
  }

  #keep(key: string, entry: Entry): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }
}

function hasExpired(entry: Entry, now: Date): boolean {
  return entry.expiresAt !== null && entry.expiresAt.getTime() <= now.getTime();
}
