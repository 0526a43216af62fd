// Users and their assignments: admins create, edit, deactivate and reset them; everyone changes their own password.
import { and, asc, count, eq, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import {
  accountThrottleKey,
  activeLockout,
  clearAccountLockout,
  countFailedPasswordCheck,
} from "~/auth/sign-in.server";
import type { Actor } from "~/auth/policy";
import { invalidateUserSessions } from "~/auth/session.server";
import type { Db, Tx } from "~/db/client.server";
import {
  communities,
  STRAND_KEYS,
  strands,
  userCommunities,
  userStrands,
  users,
  type Role,
  type StrandKey,
} from "~/db/schema";
import { pageNumbers } from "./list-paging.server";
import { changedFields, recordAudit } from "./audit.server";
import type {
  ChangePasswordInput,
  EditUserInput,
  NewUserInput,
  ResetPasswordInput,
  UserListFilter,
} from "./users.schema";

type Reader = Db | Tx;

export const USER_PAGE_SIZE = 50;
export const EMAIL_TAKEN_MESSAGE = "A user with this email already exists";

/** What a refused write tells the form: errors per field, or one for the whole form. */
export type UserWriteResult =
  | { ok: true; userId: number }
  | { ok: false; fieldErrors?: Record<string, string[]>; formError?: string };

export type AssignedCommunity = { id: number; name: string; archived: boolean };
export type AssignedStrand = { key: StrandKey; name: string };

/** Never the password hash: it leaves this module only to be verified. */
const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  isActive: users.isActive,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/**
 * The assignments of many users in two queries. Only rows that count for the user's role are
 * returned: a liaison officer's strands or a strand lead's communities mean nothing.
 */
function assignmentsOf(db: Reader, userIds: readonly number[]) {
  const byUser = new Map<number, { communities: AssignedCommunity[]; strands: AssignedStrand[] }>();
  for (const id of userIds) byUser.set(id, { communities: [], strands: [] });
  if (userIds.length === 0) return byUser;
  const communityRows = db
    .select({
      userId: userCommunities.userId,
      id: communities.id,
      name: communities.name,
      archivedAt: communities.archivedAt,
    })
    .from(userCommunities)
    .innerJoin(users, eq(users.id, userCommunities.userId))
    .innerJoin(communities, eq(communities.id, userCommunities.communityId))
    .where(and(inArray(userCommunities.userId, [...userIds]), eq(users.role, "liaison")))
    .orderBy(asc(communities.name), asc(communities.id))
    .all();
  const strandRows = db
    .select({ userId: userStrands.userId, key: strands.key, name: strands.name })
    .from(userStrands)
    .innerJoin(users, eq(users.id, userStrands.userId))
    .innerJoin(strands, eq(strands.key, userStrands.strandKey))
    .where(and(inArray(userStrands.userId, [...userIds]), eq(users.role, "strand_lead")))
    .orderBy(asc(strands.position))
    .all();
  for (const row of communityRows) {
    byUser.get(row.userId)?.communities.push({
      id: row.id,
      name: row.name,
      archived: row.archivedAt !== null,
    });
  }
  for (const row of strandRows) {
    byUser.get(row.userId)?.strands.push({ key: row.key, name: row.name });
  }
  return byUser;
}

/** One page of users, filtered by role and status, each with their assignments. */
export function listUsers(db: Db, filter: UserListFilter) {
  const conditions: SQL[] = [];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.status) conditions.push(eq(users.isActive, filter.status === "active"));
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ total: count() }).from(users).where(where).get()?.total ?? 0;
  const { page, pageCount } = pageNumbers(total, filter.page, USER_PAGE_SIZE);
  const rows = db
    .select(userColumns)
    .from(users)
    .where(where)
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(USER_PAGE_SIZE)
    .offset((page - 1) * USER_PAGE_SIZE)
    .all();
  const assignments = assignmentsOf(
    db,
    rows.map((row) => row.id),
  );
  return {
    users: rows.map((row) => ({ ...row, ...assignments.get(row.id)! })),
    total,
    page,
    pageCount,
  };
}

/** A user with the assignments that count for their role, or null when there is none. */
export function getUser(db: Reader, userId: number) {
  const row = db.select(userColumns).from(users).where(eq(users.id, userId)).get();
  if (!row) return null;
  const assignment = assignmentsOf(db, [row.id]).get(row.id)!;
  return {
    ...row,
    ...assignment,
    communityIds: assignment.communities.map((community) => community.id).sort((a, b) => a - b),
    strandKeys: sortedStrandKeys(assignment.strands.map((strand) => strand.key)),
  };
}

/**
 * Communities a liaison officer may be assigned to: the active ones, and any archived one the
 * user already holds, so that saving the form does not silently drop it.
 */
export function communityChoices(db: Reader, userId: number | null = null) {
  const alreadyAssigned =
    userId === null
      ? undefined
      : inArray(
          communities.id,
          db
            .select({ id: userCommunities.communityId })
            .from(userCommunities)
            .where(eq(userCommunities.userId, userId)),
        );
  return db
    .select({ id: communities.id, name: communities.name, archivedAt: communities.archivedAt })
    .from(communities)
    .where(
      alreadyAssigned
        ? or(isNull(communities.archivedAt), alreadyAssigned)
        : isNull(communities.archivedAt),
    )
    .orderBy(asc(communities.name), asc(communities.id))
    .all()
    .map(({ archivedAt, ...community }) => ({ ...community, archived: archivedAt !== null }));
}

export function strandChoices(db: Reader) {
  return db
    .select({ key: strands.key, name: strands.name })
    .from(strands)
    .orderBy(asc(strands.position))
    .all();
}

function sortedStrandKeys(keys: readonly StrandKey[]): StrandKey[] {
  return [...keys].sort((a, b) => STRAND_KEYS.indexOf(a) - STRAND_KEYS.indexOf(b));
}

/** Assignments only belong to one role: a liaison officer's strands are cleared, and so on. */
function assignmentsForRole(
  role: Role,
  input: { communityIds: readonly number[]; strandKeys: readonly StrandKey[] },
) {
  return {
    communityIds: role === "liaison" ? [...new Set(input.communityIds)].sort((a, b) => a - b) : [],
    strandKeys: role === "strand_lead" ? sortedStrandKeys([...new Set(input.strandKeys)]) : [],
  };
}

function emailTaken(tx: Reader, email: string, exceptUserId: number | null): boolean {
  return (
    tx
      .select({ id: users.id })
      .from(users)
      .where(
        exceptUserId === null
          ? eq(users.email, email)
          : and(eq(users.email, email), ne(users.id, exceptUserId)),
      )
      .get() !== undefined
  );
}

/** SQLite's answer when the unique email index is hit by a write that raced past the check. */
function isEmailConflict(error: unknown): boolean {
  // drizzle wraps the driver's error in a DrizzleQueryError whose cause is the SqliteError.
  const driverError = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return (
    driverError instanceof Error &&
    (driverError as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" &&
    driverError.message.includes("users.email")
  );
}

function assignmentProblems(
  tx: Reader,
  userId: number | null,
  communityIds: readonly number[],
): Record<string, string[]> {
  if (communityIds.length === 0) return {};
  const offered = new Set(communityChoices(tx, userId).map((community) => community.id));
  return communityIds.every((id) => offered.has(id))
    ? {}
    : { communityIds: ["Choose communities from the list"] };
}

function replaceAssignments(
  tx: Tx,
  userId: number,
  assignments: { communityIds: readonly number[]; strandKeys: readonly StrandKey[] },
): void {
  tx.delete(userCommunities).where(eq(userCommunities.userId, userId)).run();
  tx.delete(userStrands).where(eq(userStrands.userId, userId)).run();
  if (assignments.communityIds.length > 0) {
    tx.insert(userCommunities)
      .values(assignments.communityIds.map((communityId) => ({ userId, communityId })))
      .run();
  }
  if (assignments.strandKeys.length > 0) {
    tx.insert(userStrands)
      .values(assignments.strandKeys.map((strandKey) => ({ userId, strandKey })))
      .run();
  }
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: NewUserInput,
  now = new Date(),
): Promise<UserWriteResult> {
  // Hashing is slow and async; a synchronous SQLite transaction cannot wait for it.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(
    (tx): UserWriteResult => {
      const assignments = assignmentsForRole(input.role, input);
      const fieldErrors = assignmentProblems(tx, null, assignments.communityIds);
      if (emailTaken(tx, input.email, null)) fieldErrors.email = [EMAIL_TAKEN_MESSAGE];
      if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

      const fields = { email: input.email, displayName: input.displayName, role: input.role };
      let userId: number;
      try {
        userId = tx
          .insert(users)
          .values({ ...fields, passwordHash, isActive: true, createdAt: now, updatedAt: now })
          .returning({ id: users.id })
          .get().id;
      } catch (error) {
        if (!isEmailConflict(error)) throw error;
        return { ok: false, fieldErrors: { email: [EMAIL_TAKEN_MESSAGE] } };
      }
      replaceAssignments(tx, userId, assignments);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "user",
        entityId: userId,
        changes: changedFields(null, { ...fields, isActive: true, ...assignments }),
        at: now,
      });
      return { ok: true, userId };
    },
    { behavior: "immediate" },
  );
}

export function updateUser(
  db: Db,
  actor: Actor,
  userId: number,
  input: EditUserInput,
  now = new Date(),
): UserWriteResult {
  return db.transaction(
    (tx): UserWriteResult => {
      const before = getUser(tx, userId);
      if (!before) return { ok: false, formError: "That user no longer exists" };
      const assignments = assignmentsForRole(input.role, input);
      const fieldErrors = assignmentProblems(tx, userId, assignments.communityIds);
      if (emailTaken(tx, input.email, userId)) fieldErrors.email = [EMAIL_TAKEN_MESSAGE];
      // An admin demoting themself could leave nobody able to administer users.
      if (actor.id === userId && input.role !== before.role) {
        fieldErrors.role = ["You cannot change your own role; another admin can"];
      }
      if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

      const fields = { email: input.email, displayName: input.displayName, role: input.role };
      const changes = changedFields(
        {
          email: before.email,
          displayName: before.displayName,
          role: before.role,
          communityIds: before.communityIds,
          strandKeys: before.strandKeys,
        },
        { ...fields, ...assignments },
      );
      if (!changes) return { ok: true, userId };
      try {
        tx.update(users)
          .set({ ...fields, updatedAt: now })
          .where(eq(users.id, userId))
          .run();
      } catch (error) {
        if (!isEmailConflict(error)) throw error;
        return { ok: false, fieldErrors: { email: [EMAIL_TAKEN_MESSAGE] } };
      }
      replaceAssignments(tx, userId, assignments);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "user",
        entityId: userId,
        changes,
        at: now,
      });
      return { ok: true, userId };
    },
    { behavior: "immediate" },
  );
}

/** A deactivated user cannot sign in, and every session they hold ends in the same transaction. */
export function deactivateUser(
  db: Db,
  actor: Actor,
  userId: number,
  now = new Date(),
): UserWriteResult {
  return db.transaction(
    (tx): UserWriteResult => {
      const before = tx
        .select({ isActive: users.isActive })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!before) return { ok: false, formError: "That user no longer exists" };
      if (actor.id === userId) {
        return { ok: false, formError: "You cannot deactivate your own account" };
      }
      if (!before.isActive) return { ok: false, formError: "This user is already deactivated" };
      tx.update(users).set({ isActive: false, updatedAt: now }).where(eq(users.id, userId)).run();
      invalidateUserSessions(tx, userId);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "user",
        entityId: userId,
        changes: changedFields(before, { isActive: false }),
        detail: "deactivated; all sessions ended",
        at: now,
      });
      return { ok: true, userId };
    },
    { behavior: "immediate" },
  );
}

export function reactivateUser(
  db: Db,
  actor: Actor,
  userId: number,
  now = new Date(),
): UserWriteResult {
  return db.transaction(
    (tx): UserWriteResult => {
      const before = tx
        .select({ isActive: users.isActive })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!before) return { ok: false, formError: "That user no longer exists" };
      if (before.isActive) return { ok: false, formError: "This user is already active" };
      tx.update(users).set({ isActive: true, updatedAt: now }).where(eq(users.id, userId)).run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "user",
        entityId: userId,
        changes: changedFields(before, { isActive: true }),
        detail: "reactivated",
        at: now,
      });
      return { ok: true, userId };
    },
    { behavior: "immediate" },
  );
}

/** An admin sets a new password for someone else; whoever held their sessions is signed out. */
export async function resetPassword(
  db: Db,
  actor: Actor,
  userId: number,
  input: ResetPasswordInput,
  now = new Date(),
): Promise<UserWriteResult> {
  if (actor.id === userId) {
    // Changing one's own password asks for the current one, on the account page.
    return {
      ok: false,
      fieldErrors: { password: ["Change your own password on your account page"] },
    };
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(
    (tx): UserWriteResult => {
      const before = tx
        .select({ passwordHash: users.passwordHash, email: users.email })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!before) return { ok: false, formError: "That user no longer exists" };
      tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
      invalidateUserSessions(tx, userId);
      clearAccountLockout(tx, before.email);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "user",
        entityId: userId,
        changes: changedFields({ password: before.passwordHash }, { password: passwordHash }),
        detail: "password reset by an admin; all sessions ended",
        at: now,
      });
      return { ok: true, userId };
    },
    { behavior: "immediate" },
  );
}

export const PASSWORD_CHECKS_PAUSED =
  "Too many wrong passwords. Password checks on this account are paused for 15 minutes; try again later or ask an admin.";

/**
 * The signed-in user changes their own password. The current password proves it is them and not
 * someone at an unlocked screen; every other session ends, the one in use stays.
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  currentSessionId: string,
  input: ChangePasswordInput,
  now = new Date(),
): Promise<UserWriteResult> {
  const stored = db
    .select({ passwordHash: users.passwordHash, email: users.email })
    .from(users)
    .where(eq(users.id, actor.id))
    .get();
  if (!stored) return { ok: false, formError: "Your account no longer exists" };
  // The same lockout as the sign-in form, so an unlocked screen cannot be used to guess.
  const throttleKeys = [accountThrottleKey(stored.email)];
  if (activeLockout(throttleKeys, now, db)) {
    return { ok: false, formError: PASSWORD_CHECKS_PAUSED };
  }
  if (!(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    const lockedUntil = db.transaction((tx) => {
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "denied",
        entityType: "user",
        entityId: actor.id,
        detail: "password change refused: wrong current password",
        at: now,
      });
      return countFailedPasswordCheck(tx, throttleKeys, now);
    });
    if (lockedUntil) return { ok: false, formError: PASSWORD_CHECKS_PAUSED };
    return {
      ok: false,
      fieldErrors: { currentPassword: ["That is not your current password"] },
    };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(
    (tx): UserWriteResult => {
      const before = tx
        .select({ passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.id, actor.id))
        .get();
      // The password checked above must still be the one being replaced.
      if (!before || before.passwordHash !== stored.passwordHash) {
        return { ok: false, formError: "Your password was changed meanwhile. Try again." };
      }
      tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, actor.id)).run();
      invalidateUserSessions(tx, actor.id, currentSessionId);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "user",
        entityId: actor.id,
        changes: changedFields({ password: before.passwordHash }, { password: passwordHash }),
        detail: "changed own password; other sessions ended",
        at: now,
      });
      return { ok: true, userId: actor.id };
    },
    { behavior: "immediate" },
  );
}
