// Communities: the up-to-twelve source-country communities of the CRG, and who may see them.
import { and, asc, count, eq, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { communities, userCommunities, users } from "~/db/schema";
import { visibleCommunityIds, type Actor } from "~/auth/policy";
import { pageNumbers } from "./list-paging.server";
import { changedFields, recordAudit } from "./audit.server";
import {
  ACTIVE_LIMIT_MESSAGE,
  MAX_ACTIVE_COMMUNITIES,
  type CommunityInput,
} from "./communities.schema";
import { countryName } from "./iso-codes";

export const COMMUNITY_PAGE_SIZE = 50;

type Reader = Db | Tx;

/** What a refused write tells the form: errors per field, or one for the whole form. */
export type CommunityWriteResult =
  | { ok: true; communityId: number }
  | {
      ok: false;
      fieldErrors?: Partial<Record<keyof CommunityInput, string[]>>;
      formError?: string;
    };

function scopeConditions(actor: Actor, options: { includeArchived?: boolean }): SQL[] {
  const visible = visibleCommunityIds(actor);
  const conditions: SQL[] = [];
  if (visible !== "all") conditions.push(inArray(communities.id, [...visible]));
  if (!options.includeArchived) conditions.push(isNull(communities.archivedAt));
  return conditions;
}

const listColumns = {
  id: communities.id,
  name: communities.name,
  countryCode: communities.countryCode,
  languages: communities.languages,
  status: communities.status,
  archivedAt: communities.archivedAt,
  leadOfficerId: communities.leadOfficerId,
  leadOfficerName: users.displayName,
};

/** Communities the actor may see, active first by name; archived ones only when asked. */
export function listCommunities(db: Db, actor: Actor, options: { includeArchived?: boolean } = {}) {
  const conditions = scopeConditions(actor, options);
  return db
    .select(listColumns)
    .from(communities)
    .leftJoin(users, eq(users.id, communities.leadOfficerId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(communities.archivedAt), asc(communities.name))
    .all();
}

/** One page of the communities list, with the total the actor may see. */
export function listCommunityPage(
  db: Db,
  actor: Actor,
  options: { includeArchived?: boolean; page: number },
) {
  const conditions = scopeConditions(actor, options);
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ total: count() }).from(communities).where(where).get()?.total ?? 0;
  const { page, pageCount } = pageNumbers(total, options.page, COMMUNITY_PAGE_SIZE);
  const rows = db
    .select(listColumns)
    .from(communities)
    .leftJoin(users, eq(users.id, communities.leadOfficerId))
    .where(where)
    // Active ones first (NULL sorts first in SQLite), then by name; id keeps pages stable.
    .orderBy(asc(communities.archivedAt), asc(communities.name), asc(communities.id))
    .limit(COMMUNITY_PAGE_SIZE)
    .offset((page - 1) * COMMUNITY_PAGE_SIZE)
    .all();
  return { communities: rows, total, page, pageCount };
}

export function countActiveCommunities(db: Reader): number {
  return (
    db.select({ total: count() }).from(communities).where(isNull(communities.archivedAt)).get()
      ?.total ?? 0
  );
}

/** A community with its lead officer, or null when it does not exist or the actor may not see it. */
export function getCommunity(db: Reader, actor: Actor, communityId: number) {
  const visible = visibleCommunityIds(actor);
  if (visible !== "all" && !visible.includes(communityId)) return null;
  const row = db
    .select({
      community: communities,
      leadOfficer: { id: users.id, displayName: users.displayName, isActive: users.isActive },
    })
    .from(communities)
    .leftJoin(users, eq(users.id, communities.leadOfficerId))
    .where(eq(communities.id, communityId))
    .get();
  if (!row) return null;
  return { ...row.community, leadOfficer: row.community.leadOfficerId ? row.leadOfficer : null };
}

/** Active liaison officers assigned to the community. */
export function listLiaisonOfficers(db: Reader, communityId: number) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(userCommunities)
    .innerJoin(users, eq(users.id, userCommunities.userId))
    .where(
      and(
        eq(userCommunities.communityId, communityId),
        eq(users.role, "liaison"),
        eq(users.isActive, true),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** Users who may be chosen as lead officer: the active ones, and the current lead even if not. */
export function leadOfficerChoices(db: Reader, currentLeadOfficerId: number | null = null) {
  return db
    .select({ id: users.id, displayName: users.displayName, isActive: users.isActive })
    .from(users)
    .where(
      currentLeadOfficerId
        ? or(eq(users.isActive, true), eq(users.id, currentLeadOfficerId))
        : eq(users.isActive, true),
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

function leadOfficerProblem(
  tx: Reader,
  leadOfficerId: number | undefined,
  currentLeadOfficerId: number | null,
): string | null {
  if (leadOfficerId === undefined || leadOfficerId === currentLeadOfficerId) return null;
  const user = tx
    .select({ isActive: users.isActive })
    .from(users)
    .where(eq(users.id, leadOfficerId))
    .get();
  return user?.isActive ? null : "Choose an active user as lead officer";
}

function activeCommunityOfCountry(tx: Reader, countryCode: string, exceptId: number | null) {
  return tx
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(
      and(
        eq(communities.countryCode, countryCode),
        isNull(communities.archivedAt),
        exceptId === null ? undefined : ne(communities.id, exceptId),
      ),
    )
    .get();
}

function countryTakenMessage(countryCode: string, existingName: string): string {
  return `${existingName} is already the active community for ${countryName(countryCode) ?? countryCode}; only one per country`;
}

/** SQLite's answer when the one-active-per-country index is hit by a write that raced past the check. */
function isActiveCountryConflict(error: unknown): boolean {
  // drizzle wraps the driver's error in a DrizzleQueryError whose cause is the SqliteError.
  const driverError = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return (
    driverError instanceof Error &&
    (driverError as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" &&
    driverError.message.includes("communities.country_code")
  );
}

function recordFields(input: CommunityInput) {
  return {
    name: input.name,
    countryCode: input.countryCode,
    languages: input.languages,
    status: input.status,
    leadOfficerId: input.leadOfficerId ?? null,
    notes: input.notes,
  };
}

export function createCommunity(
  db: Db,
  actor: Actor,
  input: CommunityInput,
  now = new Date(),
): CommunityWriteResult {
  // IMMEDIATE takes the write lock before counting, so two admins cannot both add the twelfth.
  return db.transaction(
    (tx): CommunityWriteResult => {
      if (countActiveCommunities(tx) >= MAX_ACTIVE_COMMUNITIES) {
        return { ok: false, formError: ACTIVE_LIMIT_MESSAGE };
      }
      const fieldErrors: Partial<Record<keyof CommunityInput, string[]>> = {};
      const existing = activeCommunityOfCountry(tx, input.countryCode, null);
      if (existing)
        fieldErrors.countryCode = [countryTakenMessage(input.countryCode, existing.name)];
      const leadProblem = leadOfficerProblem(tx, input.leadOfficerId, null);
      if (leadProblem) fieldErrors.leadOfficerId = [leadProblem];
      if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

      const fields = recordFields(input);
      let communityId: number;
      try {
        communityId = tx
          .insert(communities)
          .values({ ...fields, createdAt: now, updatedAt: now })
          .returning({ id: communities.id })
          .get().id;
      } catch (error) {
        if (!isActiveCountryConflict(error)) throw error;
        return {
          ok: false,
          fieldErrors: { countryCode: ["There is already an active community for that country"] },
        };
      }
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "community",
        entityId: communityId,
        changes: changedFields(null, fields),
        at: now,
      });
      return { ok: true, communityId };
    },
    { behavior: "immediate" },
  );
}

export function updateCommunity(
  db: Db,
  actor: Actor,
  communityId: number,
  input: CommunityInput,
  now = new Date(),
): CommunityWriteResult {
  return db.transaction(
    (tx): CommunityWriteResult => {
      const before = tx.select().from(communities).where(eq(communities.id, communityId)).get();
      if (!before) return { ok: false, formError: "That community no longer exists" };
      const fieldErrors: Partial<Record<keyof CommunityInput, string[]>> = {};
      if (before.archivedAt === null) {
        const existing = activeCommunityOfCountry(tx, input.countryCode, communityId);
        if (existing) {
          fieldErrors.countryCode = [countryTakenMessage(input.countryCode, existing.name)];
        }
      }
      const leadProblem = leadOfficerProblem(tx, input.leadOfficerId, before.leadOfficerId);
      if (leadProblem) fieldErrors.leadOfficerId = [leadProblem];
      if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

      const fields = recordFields(input);
      const changes = changedFields(before, fields);
      if (!changes) return { ok: true, communityId };
      try {
        tx.update(communities)
          .set({ ...fields, updatedAt: now })
          .where(eq(communities.id, communityId))
          .run();
      } catch (error) {
        if (!isActiveCountryConflict(error)) throw error;
        return {
          ok: false,
          fieldErrors: { countryCode: ["There is already an active community for that country"] },
        };
      }
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "community",
        entityId: communityId,
        changes,
        at: now,
      });
      return { ok: true, communityId };
    },
    { behavior: "immediate" },
  );
}

/** Archiving keeps the community and everything recorded against it; it only stops counting as active. */
export function archiveCommunity(
  db: Db,
  actor: Actor,
  communityId: number,
  now = new Date(),
): CommunityWriteResult {
  return db.transaction(
    (tx): CommunityWriteResult => {
      const before = tx.select().from(communities).where(eq(communities.id, communityId)).get();
      if (!before) return { ok: false, formError: "That community no longer exists" };
      if (before.archivedAt) return { ok: false, formError: "This community is already archived" };
      tx.update(communities)
        .set({ archivedAt: now, updatedAt: now })
        .where(eq(communities.id, communityId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "archive",
        entityType: "community",
        entityId: communityId,
        changes: changedFields(before, { archivedAt: now }),
        at: now,
      });
      return { ok: true, communityId };
    },
    { behavior: "immediate" },
  );
}

export function restoreCommunity(
  db: Db,
  actor: Actor,
  communityId: number,
  now = new Date(),
): CommunityWriteResult {
  return db.transaction(
    (tx): CommunityWriteResult => {
      const before = tx.select().from(communities).where(eq(communities.id, communityId)).get();
      if (!before) return { ok: false, formError: "That community no longer exists" };
      if (!before.archivedAt) return { ok: false, formError: "This community is already active" };
      if (countActiveCommunities(tx) >= MAX_ACTIVE_COMMUNITIES) {
        return { ok: false, formError: ACTIVE_LIMIT_MESSAGE };
      }
      const existing = activeCommunityOfCountry(tx, before.countryCode, communityId);
      if (existing) {
        return {
          ok: false,
          formError: `${countryTakenMessage(before.countryCode, existing.name)}. Archive it before restoring this one.`,
        };
      }
      tx.update(communities)
        .set({ archivedAt: null, updatedAt: now })
        .where(eq(communities.id, communityId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "restore",
        entityType: "community",
        entityId: communityId,
        changes: changedFields(before, { archivedAt: null }),
        at: now,
      });
      return { ok: true, communityId };
    },
    { behavior: "immediate" },
  );
}
