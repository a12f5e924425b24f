import { findAreaPath, rootAreaCodes } from '../db/repositories/areas.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { insertUser, phoneTaken } from '../db/repositories/users.ts';
import { hashPassword } from '../security/passwords.ts';
import { type SignedIn, startSession } from './sign-in.ts';

export interface ResidentSignUp {
  phone: string;
  displayName: string;
  password: string;
  /** Where they live; by default the district, when the store holds one. */
  areaCode?: string | undefined;
}

export type SignUpOutcome =
  | ({ ok: true } & SignedIn)
  | { ok: false; reason: 'phone_taken' | 'unknown_area' | 'area_required' };

const UNIQUE_VIOLATION = '23505';

/**
 * A resident (居民/企业) makes their own account, named by their mobile number, and is signed in. A resident sees
 * only what they report, so placing them at the district gives them nothing more to read.
 */
export async function signUpResident(
  db: Executor,
  request: ResidentSignUp,
  now: Date,
  sessionHours: number,
): Promise<SignUpOutcome> {
  if (await phoneTaken(db, request.phone)) return { ok: false, reason: 'phone_taken' };
  let areaCode = request.areaCode;
  if (areaCode === undefined) {
    const roots = await rootAreaCodes(db, 2);
    if (roots.length !== 1) return { ok: false, reason: 'area_required' };
    areaCode = roots[0];
  } else if ((await findAreaPath(db, areaCode)) === undefined) {
    return { ok: false, reason: 'unknown_area' };
  }
  const passwordHash = await hashPassword(request.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const userId = await insertUser(trx, {
        username: request.phone,
        displayName: request.displayName.trim(),
        passwordHash,
        roles: ['resident'],
        areaCode: areaCode ?? null,
        departmentCode: null,
        phone: request.phone,
      });
      return { ok: true as const, ...(await startSession(trx, userId, now, sessionHours)) };
    });
  } catch (error) {
    // Two sign-ups with one number at once: the second finds the first's account.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { ok: false, reason: 'phone_taken' };
    throw error;
  }
}
