// Engagements one at a time: the audited page view, planning, logging, editing, recording as held, deleting, follow-ups.
import { and, asc, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import {
  actionItemEngagements,
  communities,
  contacts,
  engagementCommunities,
  engagementContacts,
  engagementOfficers,
  engagements,
  engagementStrands,
  followUps,
  organisations,
  STRAND_KEYS,
  strands,
  users,
  type EngagementStatus,
  type ProtectiveMarking,
  type StrandKey,
} from "~/db/schema";
import { can, recordScope, type Actor, type ScopedRecord } from "~/auth/policy";
import { changedFields, recordAudit } from "./audit.server";
import { contactScopeCondition, MATCH_NOTHING } from "./directory-scope.server";
import {
  MAX_ENGAGEMENT_CONTACTS,
  pickerQuerySchema,
  type EngagementInput,
  type FollowUpInput,
  type RecordHeldInput,
} from "./engagements.schema";
import { toLondonWallClock } from "./london-time";
import { recomputeLastEngaged } from "./last-engaged.server";
import { searchContacts } from "./contacts.server";

type Reader = Db | Tx;

/** What a refused write tells the form: errors per field, or one for the whole form. */
export type EngagementWriteResult =
  | { ok: true; engagementId: number }
  | {
      ok: false;
      /** 400 for field errors, 403 when the actor may not, 404 when it is gone, 409 when the state forbids it. */
      status: 400 | 403 | 404 | 409;
      fieldErrors?: Record<string, string[]>;
      formError?: string;
    };

/** Everything the policy weighs about one engagement. */
export type EngagementAccess = ScopedRecord & {
  status: EngagementStatus;
  marking: ProtectiveMarking;
  attendingOfficerIds: number[];
};

function communityIdsOf(db: Reader, engagementId: number): number[] {
  return db
    .select({ id: engagementCommunities.communityId })
    .from(engagementCommunities)
    .where(eq(engagementCommunities.engagementId, engagementId))
    .all()
    .map((row) => row.id);
}

function strandKeysOf(db: Reader, engagementId: number): StrandKey[] {
  const keys = db
    .select({ key: engagementStrands.strandKey })
    .from(engagementStrands)
    .where(eq(engagementStrands.engagementId, engagementId))
    .all()
    .map((row) => row.key);
  return STRAND_KEYS.filter((key) => keys.includes(key));
}

function contactIdsOf(db: Reader, engagementId: number): number[] {
  return db
    .select({ id: engagementContacts.contactId })
    .from(engagementContacts)
    .where(eq(engagementContacts.engagementId, engagementId))
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

function officerIdsOf(db: Reader, engagementId: number): number[] {
  return db
    .select({ id: engagementOfficers.userId })
    .from(engagementOfficers)
    .where(eq(engagementOfficers.engagementId, engagementId))
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

/** Where an engagement belongs and what guards it, for the policy check before anything else is loaded. */
export function findEngagementAccess(db: Reader, engagementId: number): EngagementAccess | null {
  const row = db
    .select({ status: engagements.status, marking: engagements.marking })
    .from(engagements)
    .where(eq(engagements.id, engagementId))
    .get();
  if (!row) return null;
  return {
    ...row,
    communityIds: communityIdsOf(db, engagementId),
    strandKeys: strandKeysOf(db, engagementId),
    attendingOfficerIds: officerIdsOf(db, engagementId),
  };
}

/** The contacts among `contactIds` the actor may see, for the picker's ticked boxes and the page. */
export function visibleContactsByIds(db: Reader, actor: Actor, contactIds: readonly number[]) {
  if (contactIds.length === 0) return [];
  return db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      communityName: communities.name,
      organisationName: organisations.name,
    })
    .from(contacts)
    .leftJoin(communities, eq(communities.id, contacts.communityId))
    .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(
      and(inArray(contacts.id, [...contactIds]), contactScopeCondition(recordScope(actor, "read"))),
    )
    .orderBy(asc(contacts.sortName), asc(contacts.id))
    .all();
}
export type PickerContact = ReturnType<typeof visibleContactsByIds>[number];

/** The picker's matches: the directory's scoped search, so it offers only contacts the actor may see. */
export function findContactsForPicker(db: Db, actor: Actor, query: string): PickerContact[] {
  if (query === "") return [];
  const found = searchContacts(db, actor, query);
  return found.contacts.map((contact) => ({
    id: contact.id,
    name: contact.name,
    latinName: contact.latinName,
    communityName: contact.communityName,
    organisationName: contact.organisationName,
  }));
}

/**
 * An engagement with everything its page shows, read and audited as a `view` in one transaction;
 * null (and nothing audited) when it does not exist or is outside the actor's scope. Attending
 * contacts the actor may not see are only counted, and the minutes and outcomes are left out
 * unless the marking lets the actor read them.
 */
export function getEngagementForView(
  db: Db,
  actor: Actor,
  engagementId: number,
  options: { now?: Date; detail?: string } = {},
) {
  return db.transaction((tx) => {
    const engagement = tx.select().from(engagements).where(eq(engagements.id, engagementId)).get();
    if (!engagement) return null;
    const communityRows = tx
      .select({ id: communities.id, name: communities.name })
      .from(engagementCommunities)
      .innerJoin(communities, eq(communities.id, engagementCommunities.communityId))
      .where(eq(engagementCommunities.engagementId, engagementId))
      .orderBy(asc(communities.name), asc(communities.id))
      .all();
    const strandRows = tx
      .select({ key: strands.key, name: strands.name })
      .from(engagementStrands)
      .innerJoin(strands, eq(strands.key, engagementStrands.strandKey))
      .where(eq(engagementStrands.engagementId, engagementId))
      .orderBy(asc(strands.position))
      .all();
    const officers = tx
      .select({ id: users.id, displayName: users.displayName })
      .from(engagementOfficers)
      .innerJoin(users, eq(users.id, engagementOfficers.userId))
      .where(eq(engagementOfficers.engagementId, engagementId))
      .orderBy(asc(users.displayName), asc(users.id))
      .all();
    const access: EngagementAccess = {
      status: engagement.status,
      marking: engagement.marking,
      communityIds: communityRows.map((community) => community.id),
      strandKeys: strandRows.map((strand) => strand.key),
      attendingOfficerIds: officers.map((officer) => officer.id),
    };
    if (!can(actor, "record.read", access)) return null;

    const attendeeIds = contactIdsOf(tx, engagementId);
    const attendees = visibleContactsByIds(tx, actor, attendeeIds);
    const followUpRows = tx
      .select({
        id: followUps.id,
        description: followUps.description,
        dueOn: followUps.dueOn,
        completedAt: followUps.completedAt,
        ownerUserId: followUps.ownerUserId,
        ownerName: users.displayName,
      })
      .from(followUps)
      .innerJoin(users, eq(users.id, followUps.ownerUserId))
      .where(eq(followUps.engagementId, engagementId))
      .orderBy(asc(followUps.dueOn), asc(followUps.id))
      .all();
    const mayReadMinutes = can(actor, "engagement.readMinutes", access);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "engagement",
      entityId: engagementId,
      detail: options.detail ?? null,
      at: options.now,
    });
    const { minutes, outcomes, ...rest } = engagement;
    return {
      ...rest,
      access,
      communities: communityRows,
      strands: strandRows,
      officers,
      attendees,
      hiddenAttendeeCount: attendeeIds.length - attendees.length,
      followUps: followUpRows,
      minutesWithheld: !mayReadMinutes,
      minutes: mayReadMinutes ? minutes : null,
      outcomes: mayReadMinutes ? outcomes : null,
    };
  });
}
export type EngagementView = NonNullable<ReturnType<typeof getEngagementForView>>;

/** Communities an engagement may be put in: those the actor writes for, plus ones it is already in. */
export function engagementCommunityChoices(
  db: Reader,
  actor: Actor,
  currentCommunityIds: readonly number[] = [],
) {
  const scope = recordScope(actor, "write");
  const writable =
    scope.kind === "communities"
      ? scope.communityIds.length
        ? and(inArray(communities.id, [...scope.communityIds]), isNull(communities.archivedAt))
        : MATCH_NOTHING
      : isNull(communities.archivedAt);
  return db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(
      currentCommunityIds.length
        ? or(writable, inArray(communities.id, [...currentCommunityIds]))
        : writable,
    )
    .orderBy(asc(communities.name), asc(communities.id))
    .all();
}

/** Officers who may attend or own a follow-up: active users who may edit records, plus those already chosen. */
export function officerChoices(db: Reader, currentOfficerIds: readonly number[] = []) {
  const usable = and(eq(users.isActive, true), ne(users.role, "steering"));
  return db
    .select({ id: users.id, displayName: users.displayName, isActive: users.isActive })
    .from(users)
    .where(
      currentOfficerIds.length ? or(usable, inArray(users.id, [...currentOfficerIds])) : usable,
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** Whether the actor may plan or log engagements at all: steering may not; an unassigned officer has nowhere to. */
export function mayCreateEngagements(actor: Actor): boolean {
  return can(actor, "record.create", {
    communityIds: actor.communityIds,
    strandKeys: actor.strandKeys,
  });
}

type Placement = {
  communityIds: number[];
  contactIds: number[];
  officerIds: number[];
};

/**
 * Checks where an engagement is put and who attends, and gives the links to write: every newly
 * chosen community must be one the actor writes for; contacts must be ones the actor may see;
 * attendees the actor cannot see are kept, since the form never showed them.
 */
function placeEngagement(
  tx: Tx,
  actor: Actor,
  input: Pick<EngagementInput, "communityIds" | "strandKeys" | "contactIds" | "officerIds">,
  before: { communityIds: number[]; contactIds: number[]; officerIds: number[] } | null,
): { ok: true; placement: Placement } | Extract<EngagementWriteResult, { ok: false }> {
  const fieldErrors: Record<string, string[]> = {};
  const keptCommunities = new Set(before?.communityIds ?? []);
  const newCommunityIds = input.communityIds.filter((id) => !keptCommunities.has(id));
  const usable = newCommunityIds.length
    ? tx
        .select({ id: communities.id })
        .from(communities)
        .where(and(inArray(communities.id, newCommunityIds), isNull(communities.archivedAt)))
        .all()
        .map((row) => row.id)
    : [];
  const writable =
    // Each newly chosen community must be the actor's own to write for, not just one of them.
    newCommunityIds.every((id) =>
      can(actor, "record.create", { communityIds: [id], strandKeys: input.strandKeys }),
    ) &&
    can(actor, "record.create", { communityIds: input.communityIds, strandKeys: input.strandKeys });
  if (newCommunityIds.some((id) => !usable.includes(id))) {
    fieldErrors.communityIds = ["Choose communities from the list"];
  } else if (!writable) {
    switch (actor.role) {
      case "steering":
        return { ok: false, status: 403, formError: "You may not record engagements" };
      case "strand_lead":
        fieldErrors.strandKeys = ["Include at least one of your strands"];
        break;
      default:
        fieldErrors.communityIds = ["Choose only communities you are assigned to"];
    }
  }

  const chosenContacts = input.contactIds;
  const visible = new Set(visibleContactsByIds(tx, actor, chosenContacts).map((c) => c.id));
  const visibleBefore = new Set(
    visibleContactsByIds(tx, actor, before?.contactIds ?? []).map((contact) => contact.id),
  );
  const hiddenBefore = (before?.contactIds ?? []).filter((id) => !visibleBefore.has(id));
  if (chosenContacts.some((id) => !visible.has(id) && !hiddenBefore.includes(id))) {
    fieldErrors.contactIds = ["Choose contacts from the search results"];
  }

  const keptOfficers = new Set(before?.officerIds ?? []);
  const newOfficerIds = input.officerIds.filter((id) => !keptOfficers.has(id));
  if (newOfficerIds.length) {
    const usable = tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(inArray(users.id, newOfficerIds), eq(users.isActive, true), ne(users.role, "steering")),
      )
      .all();
    if (usable.length !== newOfficerIds.length) {
      fieldErrors.officerIds = ["Choose active officers from the list"];
    }
  }
  if (Object.keys(fieldErrors).length) return { ok: false, status: 400, fieldErrors };
  return {
    ok: true,
    placement: {
      communityIds: [...input.communityIds].sort((a, b) => a - b),
      contactIds: [...new Set([...chosenContacts, ...hiddenBefore])].sort((a, b) => a - b),
      officerIds: [...input.officerIds].sort((a, b) => a - b),
    },
  };
}

/** Its communities, strands, attending contacts and officers. */
function deleteLinks(tx: Tx, engagementId: number): void {
  tx.delete(engagementCommunities)
    .where(eq(engagementCommunities.engagementId, engagementId))
    .run();
  tx.delete(engagementStrands).where(eq(engagementStrands.engagementId, engagementId)).run();
  tx.delete(engagementContacts).where(eq(engagementContacts.engagementId, engagementId)).run();
  tx.delete(engagementOfficers).where(eq(engagementOfficers.engagementId, engagementId)).run();
}

function replaceLinks(
  tx: Tx,
  engagementId: number,
  strandKeys: readonly StrandKey[],
  placement: Placement,
): void {
  deleteLinks(tx, engagementId);
  if (placement.communityIds.length) {
    tx.insert(engagementCommunities)
      .values(placement.communityIds.map((communityId) => ({ engagementId, communityId })))
      .run();
  }
  tx.insert(engagementStrands)
    .values(strandKeys.map((strandKey) => ({ engagementId, strandKey })))
    .run();
  if (placement.contactIds.length) {
    tx.insert(engagementContacts)
      .values(placement.contactIds.map((contactId) => ({ engagementId, contactId })))
      .run();
  }
  if (placement.officerIds.length) {
    tx.insert(engagementOfficers)
      .values(placement.officerIds.map((userId) => ({ engagementId, userId })))
      .run();
  }
}

/** The columns the engagement form writes, in the table's words. */
function engagementFields(input: EngagementInput) {
  const held = input.status === "held";
  return {
    type: input.type,
    status: input.status,
    title: input.title,
    startsAt: input.startsAt,
    durationMinutes: input.durationMinutes,
    location: input.location,
    isOnline: input.isOnline,
    purpose: input.purpose,
    minutes: input.minutes,
    outcomes: input.outcomes,
    // A planned engagement has no reading yet; one is taken when it is held.
    sentiment: held ? (input.sentiment ?? null) : null,
    marking: input.marking,
  };
}

/** Owners of new follow-ups must be active officers; errors point at the row. */
function followUpOwnerProblems(
  tx: Tx,
  rows: readonly FollowUpInput[],
  fieldName: (index: number) => string,
): Record<string, string[]> {
  const ownerIds = [...new Set(rows.map((row) => row.ownerUserId))];
  if (ownerIds.length === 0) return {};
  const usable = new Set(
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, ownerIds), eq(users.isActive, true), ne(users.role, "steering")))
      .all()
      .map((row) => row.id),
  );
  const errors: Record<string, string[]> = {};
  rows.forEach((row, index) => {
    if (!usable.has(row.ownerUserId)) errors[fieldName(index)] = ["Choose an active officer"];
  });
  return errors;
}

function insertFollowUps(
  tx: Tx,
  actor: Actor,
  engagementId: number,
  rows: readonly FollowUpInput[],
  now: Date,
): number[] {
  return rows.map((row) => {
    const followUpId = tx
      .insert(followUps)
      .values({ engagementId, ...row, createdAt: now, updatedAt: now })
      .returning({ id: followUps.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "create",
      entityType: "follow_up",
      entityId: followUpId,
      changes: changedFields(null, { engagementId, ...row }),
      at: now,
    });
    return followUpId;
  });
}

/** Plans an engagement, or logs one directly as held. */
export function createEngagement(
  db: Db,
  actor: Actor,
  input: EngagementInput,
  now = new Date(),
): EngagementWriteResult {
  return db.transaction(
    (tx): EngagementWriteResult => {
      const placed = placeEngagement(tx, actor, input, null);
      if (!placed.ok) return placed;
      const fields = engagementFields(input);
      const engagementId = tx
        .insert(engagements)
        .values({ ...fields, createdByUserId: actor.id, createdAt: now, updatedAt: now })
        .returning({ id: engagements.id })
        .get().id;
      replaceLinks(tx, engagementId, input.strandKeys, placed.placement);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "engagement",
        entityId: engagementId,
        changes: changedFields(null, {
          ...fields,
          strandKeys: input.strandKeys,
          ...placed.placement,
        }),
        at: now,
      });
      recomputeLastEngaged(tx, placed.placement.contactIds);
      return { ok: true, engagementId };
    },
    { behavior: "immediate" },
  );
}

/** The stored engagement with its links, in the shape the form writes, for the audit's before. */
function engagementBefore(tx: Tx, engagementId: number) {
  const row = tx.select().from(engagements).where(eq(engagements.id, engagementId)).get();
  if (!row) return null;
  return {
    row,
    communityIds: communityIdsOf(tx, engagementId).sort((a, b) => a - b),
    strandKeys: strandKeysOf(tx, engagementId),
    contactIds: contactIdsOf(tx, engagementId),
    officerIds: officerIdsOf(tx, engagementId),
  };
}

/** Every field of an engagement, moving it in time and changing who attended included. */
export function updateEngagement(
  db: Db,
  actor: Actor,
  engagementId: number,
  input: EngagementInput,
  now = new Date(),
): EngagementWriteResult {
  return db.transaction(
    (tx): EngagementWriteResult => {
      const before = engagementBefore(tx, engagementId);
      if (!before) return { ok: false, status: 404, formError: "That engagement no longer exists" };
      // The route has already checked this; a write never relies on the caller alone.
      if (!can(actor, "record.update", before)) {
        return { ok: false, status: 403, formError: "You may not change this engagement" };
      }
      if (before.row.status === "held" && input.status === "planned") {
        return {
          ok: false,
          status: 400,
          fieldErrors: {
            status: ["A held engagement stays held; delete it if it never took place"],
          },
        };
      }
      const placed = placeEngagement(tx, actor, input, before);
      if (!placed.ok) return placed;
      const fields = engagementFields(input);
      const mayReadMinutes = can(actor, "engagement.readMinutes", {
        ...before,
        marking: before.row.marking,
        attendingOfficerIds: before.officerIds,
      });
      if (!mayReadMinutes) {
        // The form did not show them to this editor, so what it sent back is not a change.
        fields.minutes = before.row.minutes;
        fields.outcomes = before.row.outcomes;
        fields.marking = before.row.marking;
      }
      const changes = changedFields(
        {
          ...before.row,
          strandKeys: before.strandKeys,
          communityIds: before.communityIds,
          contactIds: before.contactIds,
          officerIds: before.officerIds,
        },
        { ...fields, strandKeys: input.strandKeys, ...placed.placement },
      );
      if (!changes) return { ok: true, engagementId };
      tx.update(engagements)
        .set({ ...fields, updatedAt: now })
        .where(eq(engagements.id, engagementId))
        .run();
      replaceLinks(tx, engagementId, input.strandKeys, placed.placement);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "engagement",
        entityId: engagementId,
        changes,
        at: now,
      });
      recomputeLastEngaged(tx, [...before.contactIds, ...placed.placement.contactIds]);
      return { ok: true, engagementId };
    },
    { behavior: "immediate" },
  );
}

/** A planned engagement took place: when it really did, what was said, what follows. */
export function recordEngagementHeld(
  db: Db,
  actor: Actor,
  engagementId: number,
  input: RecordHeldInput,
  now = new Date(),
): EngagementWriteResult {
  return db.transaction(
    (tx): EngagementWriteResult => {
      const before = engagementBefore(tx, engagementId);
      if (!before) return { ok: false, status: 404, formError: "That engagement no longer exists" };
      if (!can(actor, "record.update", before)) {
        return { ok: false, status: 403, formError: "You may not change this engagement" };
      }
      if (before.row.status === "held") {
        return { ok: false, status: 409, formError: "This engagement is already recorded as held" };
      }
      const ownerErrors = followUpOwnerProblems(
        tx,
        input.followUps,
        (index) => `followUps[${index}].ownerUserId`,
      );
      if (Object.keys(ownerErrors).length) {
        return { ok: false, status: 400, fieldErrors: ownerErrors };
      }
      const mayReadMinutes = can(actor, "engagement.readMinutes", {
        ...before,
        marking: before.row.marking,
        attendingOfficerIds: before.officerIds,
      });
      // A writer outside the marking's circle was not shown the minutes, and does not replace them.
      const fields = {
        status: "held" as const,
        startsAt: input.startsAt,
        durationMinutes: input.durationMinutes,
        minutes: mayReadMinutes ? input.minutes : before.row.minutes,
        outcomes: mayReadMinutes ? input.outcomes : before.row.outcomes,
        sentiment: input.sentiment,
        marking: mayReadMinutes ? input.marking : before.row.marking,
      };
      tx.update(engagements)
        .set({ ...fields, updatedAt: now })
        .where(eq(engagements.id, engagementId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "engagement",
        entityId: engagementId,
        changes: changedFields(before.row, fields),
        detail: "recorded as held",
        at: now,
      });
      insertFollowUps(tx, actor, engagementId, input.followUps, now);
      recomputeLastEngaged(tx, before.contactIds);
      return { ok: true, engagementId };
    },
    { behavior: "immediate" },
  );
}

/**
 * Removes an engagement with its links and follow-ups. A planned one may go by its writers; a
 * held one is part of the record, so only an admin may, and the reason is kept in the audit.
 */
export function deleteEngagement(
  db: Db,
  actor: Actor,
  engagementId: number,
  reason: string,
  now = new Date(),
): EngagementWriteResult {
  return db.transaction(
    (tx): EngagementWriteResult => {
      const before = engagementBefore(tx, engagementId);
      if (!before) return { ok: false, status: 404, formError: "That engagement no longer exists" };
      if (!can(actor, "engagement.delete", { ...before, status: before.row.status })) {
        return {
          ok: false,
          status: 403,
          formError:
            before.row.status === "held"
              ? "Only an admin may delete a held engagement"
              : "You may not delete this engagement",
        };
      }
      const followUpIds = tx
        .select({ id: followUps.id })
        .from(followUps)
        .where(eq(followUps.engagementId, engagementId))
        .all()
        .map((row) => row.id);
      // Action items that pointed at it keep their own history; only the link goes.
      const linkedActionItemIds = tx
        .select({ itemId: actionItemEngagements.itemId })
        .from(actionItemEngagements)
        .where(eq(actionItemEngagements.engagementId, engagementId))
        .all()
        .map((row) => row.itemId);
      tx.delete(actionItemEngagements)
        .where(eq(actionItemEngagements.engagementId, engagementId))
        .run();
      tx.delete(followUps).where(eq(followUps.engagementId, engagementId)).run();
      deleteLinks(tx, engagementId);
      tx.delete(engagements).where(eq(engagements.id, engagementId)).run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "delete",
        entityType: "engagement",
        entityId: engagementId,
        changes: changedFields<Record<string, unknown>>(
          {
            title: before.row.title,
            status: before.row.status,
            startsAt: before.row.startsAt,
            communityIds: before.communityIds,
            strandKeys: before.strandKeys,
            contactIds: before.contactIds,
            officerIds: before.officerIds,
            followUpIds,
            linkedActionItemIds,
          },
          {
            title: null,
            status: null,
            startsAt: null,
            communityIds: null,
            strandKeys: null,
            contactIds: null,
            officerIds: null,
            followUpIds: null,
            linkedActionItemIds: null,
          },
        ),
        detail: `Reason: ${reason}`,
        at: now,
      });
      recomputeLastEngaged(tx, before.contactIds);
      return { ok: true, engagementId };
    },
    { behavior: "immediate" },
  );
}

/** Adds a follow-up to an engagement; writers of the engagement may. */
export function addFollowUp(
  db: Db,
  actor: Actor,
  engagementId: number,
  input: FollowUpInput,
  now = new Date(),
): EngagementWriteResult {
  return db.transaction(
    (tx): EngagementWriteResult => {
      const access = findEngagementAccess(tx, engagementId);
      if (!access) return { ok: false, status: 404, formError: "That engagement no longer exists" };
      if (!can(actor, "record.update", access)) {
        return { ok: false, status: 403, formError: "You may not add follow-ups here" };
      }
      const ownerErrors = followUpOwnerProblems(tx, [input], () => "ownerUserId");
      if (Object.keys(ownerErrors).length) {
        return { ok: false, status: 400, fieldErrors: ownerErrors };
      }
      insertFollowUps(tx, actor, engagementId, [input], now);
      return { ok: true, engagementId };
    },
    { behavior: "immediate" },
  );
}

/** Whether the actor may tick a follow-up done or reopen it: its owner, or a writer of its engagement. */
export function mayChangeFollowUp(actor: Actor, ownerUserId: number, access: ScopedRecord) {
  return actor.id === ownerUserId || can(actor, "record.update", access);
}

/** Marks a follow-up done (`completed`) or not done again. */
export function setFollowUpCompleted(
  db: Db,
  actor: Actor,
  engagementId: number,
  followUpId: number,
  completed: boolean,
  now = new Date(),
): EngagementWriteResult {
  return db.transaction(
    (tx): EngagementWriteResult => {
      const followUp = tx
        .select()
        .from(followUps)
        .where(and(eq(followUps.id, followUpId), eq(followUps.engagementId, engagementId)))
        .get();
      const access = followUp ? findEngagementAccess(tx, engagementId) : null;
      if (!followUp || !access) {
        return { ok: false, status: 404, formError: "That follow-up no longer exists" };
      }
      if (!mayChangeFollowUp(actor, followUp.ownerUserId, access)) {
        return { ok: false, status: 403, formError: "You may not change this follow-up" };
      }
      if (completed === (followUp.completedAt !== null)) {
        return {
          ok: false,
          status: 409,
          formError: completed ? "This follow-up is already done" : "This follow-up is still open",
        };
      }
      const completedAt = completed ? now : null;
      tx.update(followUps)
        .set({ completedAt, updatedAt: now })
        .where(eq(followUps.id, followUpId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "follow_up",
        entityId: followUpId,
        changes: changedFields(followUp, { completedAt }),
        detail: completed ? "completed" : "reopened",
        at: now,
      });
      return { ok: true, engagementId };
    },
    { behavior: "immediate" },
  );
}

/**
 * The contact picker of a posted form: the ticked contacts the actor may see, and when the
 * "Search contacts" button sent it, what the search found.
 */
export function pickerStateFromForm(db: Db, actor: Actor, formData: FormData) {
  const ids = formData
    .getAll("contactIds")
    .filter((value): value is string => typeof value === "string")
    .filter((value) => /^[1-9][0-9]{0,14}$/.test(value))
    .slice(0, MAX_ENGAGEMENT_CONTACTS)
    .map(Number);
  const pickerQuery = pickerQuerySchema.parse(formData.get("contactQuery") ?? "");
  const raw = formData.get("contactQuery");
  return {
    chosenContacts: visibleContactsByIds(db, actor, [...new Set(ids)]),
    // An empty or one-letter search finds nothing, and says nothing rather than "none found".
    pickerResults:
      formData.get("intent") === "find-contacts" && pickerQuery !== ""
        ? findContactsForPicker(db, actor, pickerQuery)
        : null,
    pickerQuery: typeof raw === "string" ? raw.slice(0, 200) : "",
  };
}

/** A stored engagement as the edit form's starting values, its time in London. */
export function engagementFormValues(view: EngagementView) {
  const { date, time } = toLondonWallClock(view.startsAt);
  return {
    title: view.title,
    type: view.type,
    status: view.status,
    date,
    startTime: time,
    durationMinutes: String(view.durationMinutes),
    location: view.location,
    isOnline: view.isOnline,
    communityIds: view.communities.map((community) => String(community.id)),
    strandKeys: view.strands.map((strand) => strand.key),
    contactIds: view.attendees.map((contact) => String(contact.id)),
    officerIds: view.officers.map((officer) => String(officer.id)),
    purpose: view.purpose,
    minutes: view.minutes ?? "",
    outcomes: view.outcomes ?? "",
    sentiment: view.sentiment === null ? "" : String(view.sentiment),
    marking: view.marking,
  };
}

/** An engagement's title, for the heading of a form about it. */
export function getEngagementTitle(db: Reader, engagementId: number): string {
  return (
    db
      .select({ title: engagements.title })
      .from(engagements)
      .where(eq(engagements.id, engagementId))
      .get()?.title ?? ""
  );
}
