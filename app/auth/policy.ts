// The one place that decides what each role may do with each kind of record (DESIGN.md's table and need-to-know rule).
import type { EngagementStatus, ProtectiveMarking, Role, StrandKey } from "~/db/schema";

export type Actor = {
  id: number;
  role: Role;
  /** Communities a liaison officer is assigned to. */
  communityIds: readonly number[];
  /** Strands a strand lead leads. */
  strandKeys: readonly StrandKey[];
};

/** Where a community- and strand-scoped record (contact, organisation, engagement, feedback…) belongs. */
export type ScopedRecord = {
  communityIds: readonly number[];
  strandKeys: readonly StrandKey[];
};

/** An action-plan item: where it belongs and who owns it. */
export type ActionItemRecord = {
  communityId: number;
  strandKey: StrandKey;
  ownerUserId: number | null;
};

/** A feedback item: where it belongs and who owns its answer. */
export type FeedbackRecord = ScopedRecord & { ownerUserId: number };

/** What decides who may read an engagement's minutes. */
export type SensitiveEngagement = ScopedRecord & {
  marking: ProtectiveMarking;
  attendingOfficerIds: readonly number[];
};

type Checks = {
  /** Users, assignments, the audit log and the data-protection tools. */
  "admin.area": undefined;
  "community.list": undefined;
  "community.read": { communityId: number };
  "community.manage": undefined;
  "strand.manage": undefined;
  "record.read": ScopedRecord;
  "record.create": ScopedRecord;
  "record.update": ScopedRecord;
  "record.archive": ScopedRecord;
  "contact.merge": undefined;
  /** Everything held about one person, for answering a subject access request. */
  "contact.subjectAccess": undefined;
  /** Removing a person for good, at their request (the right to erasure). */
  "contact.erase": undefined;
  /** Notes marked OFFICIAL-SENSITIVE or holding special-category data. */
  "record.readProtected": ScopedRecord;
  /** An engagement's minutes and outcomes, for a reader who may already see the engagement. */
  "engagement.readMinutes": SensitiveEngagement;
  /** Removing an engagement: a held one is part of the record, so only an admin may, with a reason. */
  "engagement.delete": ScopedRecord & { status: EngagementStatus };
  /** Adding, editing and archiving the template's items of one strand. */
  "actionTemplate.edit": { strandKey: StrandKey };
  /** Applying the template to a community (creating its plan or adding what it lacks). */
  "actionPlan.apply": { communityId: number };
  /** Opening a community's plan page; which items it shows is `actionItem.read`. */
  "actionPlan.read": { communityId: number };
  "actionItem.read": ActionItemRecord;
  /** Create, edit, reassign and cancel. */
  "actionItem.manage": ActionItemRecord;
  /** Posting a progress update (dated note, optional new status). */
  "actionItem.progress": ActionItemRecord;
  // Feedback is read through `record.read` and recorded or edited through `record.create`/`record.update`.
  /** Moving an item through its workflow, answering it, changing its due date or escalating it. */
  "feedback.progress": FeedbackRecord;
  /** Recording the steering group's decision on an escalated or overdue item. */
  "feedback.decide": ScopedRecord;
  /** Defining, editing and archiving soft indicators. */
  "indicator.define": undefined;
  /** Recording or correcting a soft indicator's quarterly reading for a community. */
  "indicator.record": { communityId: number };
  /** The indicators dashboard; which communities it shows is `visibleCommunityIds`. */
  "indicator.read": undefined;
  /** Opening review packs and the list of reviews. */
  "review.read": undefined;
  /** Creating a review (and its frozen pack), recording decisions in it, closing it. */
  "review.manage": undefined;
};
export type PolicyAction = keyof Checks;
/** The record an action is checked against, or nothing for actions on a whole area. */
export type PolicyTarget<A extends PolicyAction> = Checks[A] extends undefined ? [] : [Checks[A]];

function overlaps<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.some((value) => b.includes(value));
}

function inLiaisonScope(actor: Actor, record: ScopedRecord): boolean {
  return overlaps(record.communityIds, actor.communityIds);
}

function inStrandScope(actor: Actor, record: ScopedRecord): boolean {
  return overlaps(record.strandKeys, actor.strandKeys);
}

function canReadRecord(actor: Actor, record: ScopedRecord): boolean {
  switch (actor.role) {
    case "admin":
    case "steering":
      return true;
    case "strand_lead":
      return inStrandScope(actor, record);
    case "liaison":
      // Records with no community (a ministry, a London newspaper) are readable by every liaison officer.
      return record.communityIds.length === 0 || inLiaisonScope(actor, record);
  }
}

function canWriteRecord(actor: Actor, record: ScopedRecord): boolean {
  switch (actor.role) {
    case "admin":
      return true;
    case "steering":
      return false;
    case "strand_lead":
      return inStrandScope(actor, record);
    case "liaison":
      return inLiaisonScope(actor, record);
  }
}

export function can<A extends PolicyAction>(
  actor: Actor,
  action: A,
  ...target: PolicyTarget<A>
): boolean {
  const record = target[0];
  switch (action) {
    case "admin.area":
    case "community.manage":
    case "strand.manage":
    case "contact.merge":
    case "contact.subjectAccess":
    case "contact.erase":
      return actor.role === "admin";
    case "community.list":
      return true;
    case "community.read": {
      const { communityId } = record as Checks["community.read"];
      return actor.role !== "liaison" || actor.communityIds.includes(communityId);
    }
    case "record.read":
      return canReadRecord(actor, record as ScopedRecord);
    case "record.create":
    case "record.update":
    case "record.archive":
      return canWriteRecord(actor, record as ScopedRecord);
    case "record.readProtected": {
      const scoped = record as ScopedRecord;
      if (actor.role === "steering") return false;
      return canWriteRecord(actor, scoped);
    }
    case "engagement.readMinutes": {
      const engagement = record as SensitiveEngagement;
      if (!canReadRecord(actor, engagement)) return false;
      if (engagement.marking === "OFFICIAL" || actor.role === "admin") return true;
      // OFFICIAL-SENSITIVE: the officers who were there and the leads of its strands.
      if (engagement.attendingOfficerIds.includes(actor.id)) return true;
      return actor.role === "strand_lead" && inStrandScope(actor, engagement);
    }
    case "engagement.delete": {
      const engagement = record as Checks["engagement.delete"];
      if (engagement.status === "held") return actor.role === "admin";
      return canWriteRecord(actor, engagement);
    }
    case "actionTemplate.edit": {
      const { strandKey } = record as Checks["actionTemplate.edit"];
      return canManageStrand(actor, strandKey);
    }
    case "actionPlan.apply":
      return actor.role === "admin" || actor.role === "strand_lead";
    case "actionPlan.read": {
      const { communityId } = record as Checks["actionPlan.read"];
      // A strand lead drives their strands in every community, so every plan page is theirs to
      // open; the page then shows only the items `actionItem.read` allows.
      return actor.role !== "liaison" || actor.communityIds.includes(communityId);
    }
    case "actionItem.read": {
      const item = record as ActionItemRecord;
      if (item.ownerUserId === actor.id) return true;
      switch (actor.role) {
        case "admin":
        case "steering":
          return true;
        case "strand_lead":
          return actor.strandKeys.includes(item.strandKey);
        case "liaison":
          return actor.communityIds.includes(item.communityId);
      }
      return false;
    }
    case "actionItem.manage":
      return canManageStrand(actor, (record as ActionItemRecord).strandKey);
    case "actionItem.progress": {
      const item = record as ActionItemRecord;
      return item.ownerUserId === actor.id || canManageStrand(actor, item.strandKey);
    }
    case "feedback.progress": {
      const item = record as FeedbackRecord;
      return item.ownerUserId === actor.id || canWriteRecord(actor, item);
    }
    case "feedback.decide":
      return actor.role === "admin" || actor.role === "steering";
    case "indicator.define":
      return actor.role === "admin";
    case "indicator.record": {
      const { communityId } = record as Checks["indicator.record"];
      if (actor.role === "admin" || actor.role === "strand_lead") return true;
      return actor.role === "liaison" && actor.communityIds.includes(communityId);
    }
    case "indicator.read":
      return true;
    case "review.read":
    case "review.manage":
      return actor.role === "admin" || actor.role === "steering";
    default:
      return false;
  }
}

/** Action plans are driven per strand: an admin, or a lead of that strand in any community. */
function canManageStrand(actor: Actor, strandKey: StrandKey): boolean {
  return (
    actor.role === "admin" || (actor.role === "strand_lead" && actor.strandKeys.includes(strandKey))
  );
}

/**
 * Which action items an actor may see, as a shape a query turns into a WHERE clause: the same rule
 * as `actionItem.read`. A liaison officer reads the plans of their communities (every strand); a
 * strand lead reads items of their strands in any community; everyone reads items they own, even
 * outside their usual scope, so that an owner can always report progress.
 */
export type ActionItemScope =
  | { kind: "all" }
  | {
      kind: "limited";
      communityIds: readonly number[];
      strandKeys: readonly StrandKey[];
      ownerUserId: number;
    };

export function actionItemScope(actor: Actor): ActionItemScope {
  switch (actor.role) {
    case "admin":
    case "steering":
      return { kind: "all" };
    case "strand_lead":
      return {
        kind: "limited",
        communityIds: [],
        strandKeys: actor.strandKeys,
        ownerUserId: actor.id,
      };
    case "liaison":
      return {
        kind: "limited",
        communityIds: actor.communityIds,
        strandKeys: [],
        ownerUserId: actor.id,
      };
  }
}

/**
 * The same rule as `record.read`, as a shape a query can turn into a WHERE clause, so that lists,
 * searches and exports never load a record and filter it afterwards.
 */
export type RecordScope =
  | { kind: "all" }
  | { kind: "strands"; strandKeys: readonly StrandKey[] }
  | { kind: "communities"; communityIds: readonly number[]; includeCommunityless: boolean };

export function recordScope(actor: Actor, purpose: "read" | "write"): RecordScope {
  switch (actor.role) {
    case "admin":
      return { kind: "all" };
    case "steering":
      return purpose === "read"
        ? { kind: "all" }
        : { kind: "communities", communityIds: [], includeCommunityless: false };
    case "strand_lead":
      return { kind: "strands", strandKeys: actor.strandKeys };
    case "liaison":
      return {
        kind: "communities",
        communityIds: actor.communityIds,
        includeCommunityless: purpose === "read",
      };
  }
}

/** Communities whose pages the actor may open; `"all"` when not limited. */
export function visibleCommunityIds(actor: Actor): readonly number[] | "all" {
  return actor.role === "liaison" ? actor.communityIds : "all";
}
