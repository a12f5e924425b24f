import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: a resident reads it aloud on the phone without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Three groups of four symbols of 5 bits: 60 random bits a day. */
const GROUPS = 3;
const GROUP_LENGTH = 4;

/**
 * Where the random symbols come from. Tests replace `draw` to force a collision; nothing else should.
 */
export const trackingCodeRandomness = {
  draw: (count: number): string =>
    Array.from({ length: count }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
};

/**
 * `HY-261125-7K3M-9QXA-B2C4`: the day it was reported (UTC) and 60 random bits, for a resident to follow their
 * report and read it out on the phone in groups of four. A megacity's hotline files some 100,000 cases a day: the
 * chance that two of one day draw the same code is about n² / 2⁶¹ ≈ 4 × 10⁻⁹ a day, once in a million years;
 * 30 bits, as before, made it near certain every day. Should it happen anyway, the report is filed again with a
 * new code (`retryOnTrackingCodeCollision`), so it never reaches the reporter.
 */
export function newTrackingCode(now: Date): string {
  const day = now.toISOString().slice(2, 10).replaceAll('-', '');
  const random = trackingCodeRandomness.draw(GROUPS * GROUP_LENGTH);
  const groups = Array.from({ length: GROUPS }, (_, index) =>
    random.slice(index * GROUP_LENGTH, (index + 1) * GROUP_LENGTH),
  );
  return `HY-${day}-${groups.join('-')}`;
}

/** How many times a report is filed before a collision of its tracking code is let through as an error. */
export const TRACKING_CODE_ATTEMPTS = 5;

/** The unique constraint on `events.tracking_code` (0002_events). */
const TRACKING_CODE_CONSTRAINT = 'events_tracking_code_key';

/** Whether a store error says that the tracking code just drawn belongs to another event already. */
export function isTrackingCodeTaken(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === TRACKING_CODE_CONSTRAINT;
}

/**
 * Runs a use case that files a new event (one transaction that draws a tracking code), and runs it again when
 * the code drawn was taken: the failed transaction rolled back whole (its idempotency key too), so the next run
 * starts clean and draws a new code. Any other error, or a collision TRACKING_CODE_ATTEMPTS times running, is
 * passed on.
 */
export async function retryOnTrackingCodeCollision<T>(file: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await file();
    } catch (error) {
      if (attempt >= TRACKING_CODE_ATTEMPTS || !isTrackingCodeTaken(error)) throw error;
    }
  }
}
