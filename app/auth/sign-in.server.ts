// Signing in and out: password check, the lockout after repeated failures, and the session it opens.
import { and, count, eq, gt } from "drizzle-orm";
import { getDb, type Db, type Tx } from "~/db/client.server";
import { signInFailures, signInLockouts, users } from "~/db/schema";
import { recordAudit } from "~/domain/audit.server";
import { spendPasswordCheck, verifyPassword } from "./password.server";
import {
  createSession,
  invalidateSession,
  type Session,
  type SessionUser,
  loadSessionUser,
} from "./session.server";

export const MAX_FAILED_SIGN_INS = 10;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; token: string; session: Session; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

function throttleKeys(email: string, ipAddress: string): string[] {
  return [accountThrottleKey(email), `ip:${ipAddress}`];
}

/** Until when any of these keys is locked out, or null when none is. */
export function activeLockout(keys: string[], now: Date, db: Db | Tx = getDb()): Date | null {
  let until: Date | null = null;
  for (const key of keys) {
    const lockout = db
      .select()
      .from(signInLockouts)
      .where(eq(signInLockouts.throttleKey, key))
      .get();
    if (lockout && lockout.lockedUntil > now && (!until || lockout.lockedUntil > until)) {
      until = lockout.lockedUntil;
    }
  }
  return until;
}

/**
 * Counts a wrong password against each key (an account, an address) and locks out a key that
 * reaches the limit within the window; returns until when, or null while under the limit.
 */
export function countFailedPasswordCheck(tx: Db | Tx, keys: string[], now: Date): Date | null {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
  let lockedUntil: Date | null = null;
  for (const key of keys) {
    tx.insert(signInFailures).values({ throttleKey: key, failedAt: now }).run();
    const recent = tx
      .select({ failures: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.throttleKey, key), gt(signInFailures.failedAt, windowStart)))
      .get();
    if ((recent?.failures ?? 0) >= MAX_FAILED_SIGN_INS) {
      lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
      tx.insert(signInLockouts)
        .values({ throttleKey: key, lockedUntil })
        .onConflictDoUpdate({ target: signInLockouts.throttleKey, set: { lockedUntil } })
        .run();
      // The lockout now carries the count; old failures would otherwise re-lock at once.
      tx.delete(signInFailures).where(eq(signInFailures.throttleKey, key)).run();
    }
  }
  return lockedUntil;
}

/** The throttle key of an account, shared by the sign-in form and the password change. */
export function accountThrottleKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

/** An admin who sets a new password vouches for the person: the account's lockout ends. */
export function clearAccountLockout(tx: Db | Tx, email: string): void {
  const key = accountThrottleKey(email);
  tx.delete(signInLockouts).where(eq(signInLockouts.throttleKey, key)).run();
  tx.delete(signInFailures).where(eq(signInFailures.throttleKey, key)).run();
}

export async function signIn(input: {
  email: string;
  password: string;
  ipAddress: string;
  now: Date;
}): Promise<SignInResult> {
  const db = getDb();
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, input.ipAddress);
  const user = db.select().from(users).where(eq(users.email, email)).get();

  const lockedUntil = activeLockout(keys, input.now);
  if (lockedUntil) {
    recordAudit(db, {
      actorUserId: null,
      action: "login_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      detail: `refused while locked out: ${email}`,
      at: input.now,
    });
    return { ok: false, reason: "locked", lockedUntil };
  }

  let passwordMatches = false;
  if (user) passwordMatches = await verifyPassword(user.passwordHash, input.password);
  else await spendPasswordCheck(input.password);

  if (!user || !passwordMatches || !user.isActive) {
    return db.transaction((tx) => {
      recordAudit(tx, {
        actorUserId: null,
        action: "login_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        detail: email,
        at: input.now,
      });
      const lockedUntil = countFailedPasswordCheck(tx, keys, input.now);
      return lockedUntil
        ? { ok: false as const, reason: "locked" as const, lockedUntil }
        : { ok: false as const, reason: "invalid" as const };
    });
  }

  return db.transaction((tx) => {
    const { token, session } = createSession(tx, user.id, input.now);
    tx.delete(signInFailures)
      .where(eq(signInFailures.throttleKey, accountThrottleKey(email)))
      .run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "login",
      entityType: "user",
      entityId: user.id,
      at: input.now,
    });
    const sessionUser = loadSessionUser(tx, user.id)!;
    return { ok: true as const, token, session, user: sessionUser };
  });
}

export function signOut(session: Session, now: Date): void {
  getDb().transaction((tx) => {
    invalidateSession(tx, session.id);
    recordAudit(tx, {
      actorUserId: session.userId,
      action: "logout",
      entityType: "user",
      entityId: session.userId,
      at: now,
    });
  });
}
