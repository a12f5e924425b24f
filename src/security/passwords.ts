import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;
/** Residents choose their own on a phone when they sign up: a shorter minimum, as a resident's account sees little. */
export const RESIDENT_MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verifying against a real hash when the user is unknown keeps the answer time the same for both cases.
const unknownUserHash = argon2.hash('no user has this password', { type: argon2.argon2id });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash ?? (await unknownUserHash), password);
  } catch {
    return false;
  }
}
