import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: a resident reads it aloud on the phone without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `HY-261125-7K3M9Q`: the day it was reported and 30 random bits, for a resident to follow their report. */
export function newTrackingCode(now: Date): string {
  const day = now.toISOString().slice(2, 10).replaceAll('-', '');
  const random = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `HY-${day}-${random}`;
}
