// The six fixed strands: their descriptions and their leads are editable, their keys are not.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { strands, userStrands, users, type StrandKey } from "~/db/schema";
import type { Actor } from "~/auth/policy";
import { changedFields, recordAudit } from "./audit.server";
import type { StrandInput } from "./strands.schema";

type Reader = Db | Tx;
export type StrandLead = { id: number; displayName: string; email: string };

export function listStrands(db: Db) {
  return db.select().from(strands).orderBy(asc(strands.position)).all();
}

/** Each strand's name by its key, e.g. for the strand columns of an export. */
export function strandNamesByKey(db: Reader): Map<StrandKey, string> {
  return new Map(
    db
      .select({ key: strands.key, name: strands.name })
      .from(strands)
      .all()
      .map((strand) => [strand.key, strand.name]),
  );
}

/** A strand's leads are the active strand-lead users holding a row for it in user_strands. */
function leadsOf(db: Reader, strandKeys: readonly StrandKey[]) {
  if (strandKeys.length === 0) return [];
  return db
    .select({
      strandKey: userStrands.strandKey,
      id: users.id,
      displayName: users.displayName,
      email: users.email,
    })
    .from(userStrands)
    .innerJoin(users, eq(users.id, userStrands.userId))
    .where(
      and(
        inArray(userStrands.strandKey, [...strandKeys]),
        eq(users.role, "strand_lead"),
        eq(users.isActive, true),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** All six strands in their fixed order, each with its leads (two queries, whatever the count). */
export function listStrandsWithLeads(db: Db) {
  const all = listStrands(db);
  const leads = leadsOf(
    db,
    all.map((strand) => strand.key),
  );
  return all.map((strand) => ({
    ...strand,
    leads: leads
      .filter((lead) => lead.strandKey === strand.key)
      .map(({ id, displayName, email }): StrandLead => ({ id, displayName, email })),
  }));
}

export function getStrand(db: Reader, strandKey: StrandKey) {
  const strand = db.select().from(strands).where(eq(strands.key, strandKey)).get();
  if (!strand) return null;
  const leads = leadsOf(db, [strandKey]).map(({ id, displayName, email }): StrandLead => ({
    id,
    displayName,
    email,
  }));
  return { ...strand, leads };
}

/** Users who may be chosen as a strand's lead: active users with the strand-lead role. */
export function strandLeadChoices(db: Reader) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(and(eq(users.role, "strand_lead"), eq(users.isActive, true)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

export type StrandWriteResult =
  | { ok: true }
  | { ok: false; fieldErrors?: Partial<Record<keyof StrandInput, string[]>>; formError?: string };

export function updateStrand(
  db: Db,
  actor: Actor,
  strandKey: StrandKey,
  input: StrandInput,
  now = new Date(),
): StrandWriteResult {
  return db.transaction(
    (tx): StrandWriteResult => {
      const before = getStrand(tx, strandKey);
      if (!before) return { ok: false, formError: "That strand does not exist" };
      const eligibleIds = new Set(strandLeadChoices(tx).map((user) => user.id));
      const chosenIds = [...new Set(input.leadUserIds)].sort((a, b) => a - b);
      if (chosenIds.some((id) => !eligibleIds.has(id))) {
        return {
          ok: false,
          fieldErrors: { leadUserIds: ["Choose leads from the active strand leads listed"] },
        };
      }
      const beforeFields = {
        description: before.description,
        leadUserIds: before.leads.map((lead) => lead.id).sort((a, b) => a - b),
      };
      const afterFields = { description: input.description, leadUserIds: chosenIds };
      const changes = changedFields(beforeFields, afterFields);
      if (!changes) return { ok: true };

      tx.update(strands)
        .set({ description: input.description })
        .where(eq(strands.key, strandKey))
        .run();
      // Only the active strand leads the form offered are replaced; other rows are not the form's to drop.
      const eligible = [...eligibleIds];
      if (eligible.length > 0) {
        tx.delete(userStrands)
          .where(and(eq(userStrands.strandKey, strandKey), inArray(userStrands.userId, eligible)))
          .run();
      }
      if (chosenIds.length > 0) {
        tx.insert(userStrands)
          .values(chosenIds.map((userId) => ({ userId, strandKey })))
          .run();
      }
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "strand",
        entityId: strandKey,
        changes,
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
