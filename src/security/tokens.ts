import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret: 256 random bits, URL-safe. Only its hash is stored, so a database leak yields no sessions. */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 suffices: the tokens carry 256 bits of entropy, so there is nothing to guess slowly. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
