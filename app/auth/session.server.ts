// Sessions as the Lucia guide teaches: a random token in the cookie, only its SHA-256 stored.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, ne } from "drizzle-orm";
import { getDb, type Db, type Tx } from "~/db/client.server";
import {
  sessions,
  userCommunities,
  userStrands,
  users,
  type Role,
  type StrandKey,
} from "~/db/schema";

export const SESSION_COOKIE = "crg_session";
/** Signed out after two hours without a request. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** Signed out twelve hours after signing in whatever happens: one police shift. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Activity is written at most once a minute, so reads do not all turn into writes. */
const ACTIVITY_WRITE_INTERVAL_MS = 60 * 1000;

export type SessionUser = {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  communityIds: number[];
  strandKeys: StrandKey[];
};

export type Session = { id: string; userId: number; createdAt: Date; lastActiveAt: Date };

export function generateSessionToken(): string {
  // 20 bytes = 160 bits of randomness.
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function createSession(
  tx: Tx | Db,
  userId: number,
  now: Date,
): { token: string; session: Session } {
  const token = generateSessionToken();
  const session = { id: sessionIdFromToken(token), userId, createdAt: now, lastActiveAt: now };
  tx.insert(sessions).values(session).run();
  return { token, session };
}

export function sessionExpiresAt(session: Pick<Session, "createdAt" | "lastActiveAt">): Date {
  return new Date(
    Math.min(
      session.lastActiveAt.getTime() + SESSION_IDLE_MS,
      session.createdAt.getTime() + SESSION_ABSOLUTE_MS,
    ),
  );
}

export function loadSessionUser(db: Db | Tx, userId: number): SessionUser | undefined {
  const user = db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      isActive: users.isActive,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user || !user.isActive) return undefined;
  // Assignments only count for the role they belong to, so only those are read (this runs on
  // every request).
  const communityIds =
    user.role === "liaison"
      ? db
          .select({ id: userCommunities.communityId })
          .from(userCommunities)
          .where(eq(userCommunities.userId, userId))
          .all()
          .map((row) => row.id)
      : [];
  const strandKeys =
    user.role === "strand_lead"
      ? db
          .select({ key: userStrands.strandKey })
          .from(userStrands)
          .where(eq(userStrands.userId, userId))
          .all()
          .map((row) => row.key)
      : [];
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    communityIds,
    strandKeys,
  };
}

export function validateSessionToken(
  token: string,
  now: Date,
): { session: Session; user: SessionUser } | null {
  const db = getDb();
  const id = sessionIdFromToken(token);
  const session = db.select().from(sessions).where(eq(sessions.id, id)).get();
  if (!session) return null;
  if (now.getTime() >= sessionExpiresAt(session).getTime()) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  const user = loadSessionUser(db, session.userId);
  if (!user) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (now.getTime() - session.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS) {
    db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, id)).run();
    session.lastActiveAt = now;
  }
  return { session, user };
}

export function invalidateSession(tx: Tx | Db, sessionId: string): void {
  tx.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user, or every one but `keepSessionId`. */
export function invalidateUserSessions(tx: Tx | Db, userId: number, keepSessionId?: string): void {
  tx.delete(sessions)
    .where(
      keepSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
        : eq(sessions.userId, userId),
    )
    .run();
}

function cookieSecure(): boolean {
  if (process.env.COOKIE_SECURE) return process.env.COOKIE_SECURE === "true";
  return process.env.NODE_ENV === "production";
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  const parts = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const pair of header.split(";")) {
    const [name, ...rest] = pair.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}
