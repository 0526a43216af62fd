// Feedback one item at a time: recording and editing it, the audited page view, and its workflow
// (acknowledge, work on, answer, close, change the due date, reassign, escalate) with its history.
import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import { can, type Actor, type FeedbackRecord, type ScopedRecord } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import {
  communities,
  engagements,
  feedback,
  feedbackContacts,
  feedbackEvents,
  feedbackStrands,
  STRAND_KEYS,
  strands,
  userCommunities,
  users,
  userStrands,
  type FeedbackEventKind,
  type FeedbackStatus,
  type StrandKey,
} from "~/db/schema";
import { changedFields, recordAudit } from "./audit.server";
import { actorOwnScope } from "./directory-scope.server";
import {
  findEngagementAccess,
  getEngagementForView,
  visibleContactsByIds,
} from "./engagements.server";
import {
  defaultResponseDueOn,
  FEEDBACK_STATUS_LABELS,
  isOpenStatus,
  type DueDateChangeInput,
  type EscalateInput,
  type FeedbackEditInput,
  type FeedbackRecordInput,
  type ReassignInput,
  type ResponseInput,
  type StatusChangeInput,
} from "./feedback.schema";
import { londonToday, toLondonWallClock } from "./london-time";

type Reader = Db | Tx;

export type FeedbackWriteResult<Field extends string = string> =
  | { ok: true; id: number }
  | {
      ok: false;
      /** 400 for field errors, 404 when it is gone, 409 when its state forbids the step. */
      status: 400 | 404 | 409;
      fieldErrors?: Partial<Record<Field, string[]>>;
      formError?: string;
    };

function refused<Field extends string>(
  fieldErrors: Partial<Record<Field, string[]>>,
): FeedbackWriteResult<Field> {
  return { ok: false, status: 400, fieldErrors };
}

function conflict(formError: string): FeedbackWriteResult<never> {
  return { ok: false, status: 409, formError };
}

const GONE: FeedbackWriteResult<never> = {
  ok: false,
  status: 404,
  formError: "That feedback no longer exists",
};

// ─── Access ───────────────────────────────────────────────────────────────────────────────────

function strandKeysOf(db: Reader, feedbackId: number): StrandKey[] {
  const keys = db
    .select({ key: feedbackStrands.strandKey })
    .from(feedbackStrands)
    .where(eq(feedbackStrands.feedbackId, feedbackId))
    .all()
    .map((row) => row.key);
  return STRAND_KEYS.filter((key) => keys.includes(key));
}

function contactIdsOf(db: Reader, feedbackId: number): number[] {
  return db
    .select({ id: feedbackContacts.contactId })
    .from(feedbackContacts)
    .where(eq(feedbackContacts.feedbackId, feedbackId))
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

/**
 * Where an item belongs, who owns it and whether it is before the steering group: what the policy
 * and the decision page weigh, before anything else is loaded.
 */
export function findFeedbackAccess(
  db: Reader,
  feedbackId: number,
): (FeedbackRecord & { isEscalated: boolean }) | null {
  const row = db
    .select({
      communityId: feedback.communityId,
      ownerUserId: feedback.ownerUserId,
      escalatedAt: feedback.escalatedAt,
    })
    .from(feedback)
    .where(eq(feedback.id, feedbackId))
    .get();
  if (!row) return null;
  return {
    communityIds: row.communityId === null ? [] : [row.communityId],
    strandKeys: strandKeysOf(db, feedbackId),
    ownerUserId: row.ownerUserId,
    isEscalated: row.escalatedAt !== null,
  };
}

/** Whether the actor may record feedback at all: steering may not; an unassigned officer has nowhere to. */
export function mayRecordFeedback(actor: Actor): boolean {
  return can(actor, "record.create", actorOwnScope(actor));
}

/** People who could answer feedback: active officers (steering members never write). */
export function feedbackOwnerChoices(db: Reader, currentOwnerUserId: number | null = null) {
  const usable = and(eq(users.isActive, true), ne(users.role, "steering"));
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(currentOwnerUserId === null ? usable : and(usable, ne(users.id, currentOwnerUserId)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** Whether the user may own the answer to feedback placed here: active, and a writer of it. */
function couldAnswer(tx: Reader, userId: number, record: ScopedRecord): boolean {
  const user = tx
    .select({ id: users.id, role: users.role, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user || !user.isActive) return false;
  const owner: Actor = {
    id: user.id,
    role: user.role,
    communityIds: tx
      .select({ id: userCommunities.communityId })
      .from(userCommunities)
      .where(eq(userCommunities.userId, userId))
      .all()
      .map((row) => row.id),
    strandKeys: tx
      .select({ key: userStrands.strandKey })
      .from(userStrands)
      .where(eq(userStrands.userId, userId))
      .all()
      .map((row) => row.key),
  };
  return can(owner, "record.update", record);
}

const OWNER_CANNOT_ANSWER =
  "Choose someone who works on this community and these strands: they could not open it";

// ─── Recording and editing ────────────────────────────────────────────────────────────────────

type Placed = { record: ScopedRecord; contactIds: number[] };

/**
 * Checks where feedback is put and who it names: a new community must be one the actor writes for
 * (none, for the whole group, only where the policy lets the actor write such records); contacts
 * must be ones the actor may see, while named contacts the actor cannot see are kept as they were.
 */
function placeFeedback(
  tx: Tx,
  actor: Actor,
  input: Pick<FeedbackEditInput, "communityId" | "strandKeys" | "contactIds">,
  before: { communityId: number | null; contactIds: number[] } | null,
): { ok: true; placed: Placed } | Extract<FeedbackWriteResult, { ok: false }> {
  const record: ScopedRecord = {
    communityIds: input.communityId === null ? [] : [input.communityId],
    strandKeys: input.strandKeys,
  };
  const fieldErrors: Record<string, string[]> = {};
  const communityChanged = before === null || before.communityId !== input.communityId;
  if (input.communityId !== null && communityChanged) {
    const community = tx
      .select({ id: communities.id })
      .from(communities)
      .where(and(eq(communities.id, input.communityId), isNull(communities.archivedAt)))
      .get();
    if (!community) fieldErrors.communityId = ["Choose a community from the list"];
  }
  if (!fieldErrors.communityId && !can(actor, "record.create", record)) {
    if (actor.role === "strand_lead")
      fieldErrors.strandKeys = ["Include at least one of your strands"];
    else if (input.communityId === null) {
      fieldErrors.communityId = [
        "Choose one of your communities: you cannot record for the whole group",
      ];
    } else fieldErrors.communityId = ["Choose only communities you are assigned to"];
  }
  const visible = new Set(visibleContactsByIds(tx, actor, input.contactIds).map((c) => c.id));
  const beforeIds = before?.contactIds ?? [];
  const visibleBefore = new Set(visibleContactsByIds(tx, actor, beforeIds).map((c) => c.id));
  const hiddenBefore = beforeIds.filter((id) => !visibleBefore.has(id));
  if (input.contactIds.some((id) => !visible.has(id) && !hiddenBefore.includes(id))) {
    fieldErrors.contactIds = ["Choose contacts from the search results"];
  }
  if (Object.keys(fieldErrors).length) return { ok: false, status: 400, fieldErrors };
  return {
    ok: true,
    placed: {
      record,
      contactIds: [...new Set([...input.contactIds, ...hiddenBefore])].sort((a, b) => a - b),
    },
  };
}

function replaceLinks(
  tx: Tx,
  feedbackId: number,
  strandKeys: readonly StrandKey[],
  contactIds: number[],
) {
  tx.delete(feedbackStrands).where(eq(feedbackStrands.feedbackId, feedbackId)).run();
  tx.delete(feedbackContacts).where(eq(feedbackContacts.feedbackId, feedbackId)).run();
  tx.insert(feedbackStrands)
    .values(strandKeys.map((strandKey) => ({ feedbackId, strandKey })))
    .run();
  if (contactIds.length) {
    tx.insert(feedbackContacts)
      .values(contactIds.map((contactId) => ({ feedbackId, contactId })))
      .run();
  }
}

function appendEvent(
  tx: Tx,
  actor: Actor,
  feedbackId: number,
  kind: FeedbackEventKind,
  values: { from?: string | null; to?: string | null; note?: string },
  now: Date,
): void {
  tx.insert(feedbackEvents)
    .values({
      feedbackId,
      kind,
      fromValue: values.from ?? null,
      toValue: values.to ?? null,
      note: values.note ?? "",
      actorUserId: actor.id,
      occurredAt: now,
    })
    .run();
}

/** Records feedback, its first event, and a due-date event when the date is not the default. */
export function createFeedback(
  db: Db,
  actor: Actor,
  input: FeedbackRecordInput,
  now = new Date(),
): FeedbackWriteResult<keyof FeedbackRecordInput> {
  return db.transaction(
    (tx): FeedbackWriteResult<keyof FeedbackRecordInput> => {
      const placement = placeFeedback(tx, actor, input, null);
      if (!placement.ok) return placement;
      const { record, contactIds } = placement.placed;
      if (input.engagementId !== null) {
        const engagement = findEngagementAccess(tx, input.engagementId);
        if (!engagement || !can(actor, "record.read", engagement)) {
          return refused({
            engagementId: ["The engagement in this form is not valid; start again"],
          });
        }
      }
      if (!couldAnswer(tx, input.ownerUserId, record)) {
        return refused({ ownerUserId: [OWNER_CANNOT_ANSWER] });
      }
      const fields = {
        receivedOn: input.receivedOn,
        communityId: input.communityId,
        engagementId: input.engagementId,
        channel: input.channel,
        category: input.category,
        summary: input.summary,
        sentiment: input.sentiment,
        priority: input.priority,
        isShareable: input.isShareable,
        ownerUserId: input.ownerUserId,
        responseDueOn: input.responseDueOn,
      };
      const feedbackId = tx
        .insert(feedback)
        .values({
          ...fields,
          status: "received",
          createdByUserId: actor.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: feedback.id })
        .get().id;
      replaceLinks(tx, feedbackId, input.strandKeys, contactIds);
      appendEvent(tx, actor, feedbackId, "recorded", { to: "received" }, now);
      const defaultDue = defaultResponseDueOn(input.receivedOn);
      if (input.responseDueOn !== defaultDue) {
        appendEvent(
          tx,
          actor,
          feedbackId,
          "due_date",
          { from: defaultDue, to: input.responseDueOn, note: input.dueDateReason },
          now,
        );
      }
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "feedback",
        entityId: feedbackId,
        changes: changedFields(null, { ...fields, strandKeys: input.strandKeys, contactIds }),
        at: now,
      });
      return { ok: true, id: feedbackId };
    },
    { behavior: "immediate" },
  );
}

/** Edits what was said and where it belongs; the actor must still be able to write it afterwards. */
export function updateFeedback(
  db: Db,
  actor: Actor,
  feedbackId: number,
  input: FeedbackEditInput,
  now = new Date(),
): FeedbackWriteResult<keyof FeedbackEditInput> {
  return db.transaction(
    (tx): FeedbackWriteResult<keyof FeedbackEditInput> => {
      const row = tx.select().from(feedback).where(eq(feedback.id, feedbackId)).get();
      if (!row) return GONE;
      const before = {
        communityId: row.communityId,
        contactIds: contactIdsOf(tx, feedbackId),
        strandKeys: strandKeysOf(tx, feedbackId),
      };
      const placement = placeFeedback(tx, actor, input, before);
      if (!placement.ok) return placement;
      const fields = {
        receivedOn: input.receivedOn,
        communityId: input.communityId,
        channel: input.channel,
        category: input.category,
        summary: input.summary,
        sentiment: input.sentiment,
        priority: input.priority,
        isShareable: input.isShareable,
      };
      if (input.receivedOn > row.responseDueOn) {
        return refused({
          receivedOn: ["The response would be due before receipt: change the due date first"],
        });
      }
      tx.update(feedback)
        .set({ ...fields, updatedAt: now })
        .where(eq(feedback.id, feedbackId))
        .run();
      replaceLinks(tx, feedbackId, input.strandKeys, placement.placed.contactIds);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "feedback",
        entityId: feedbackId,
        changes: changedFields(
          { ...row, strandKeys: before.strandKeys, contactIds: before.contactIds },
          { ...fields, strandKeys: input.strandKeys, contactIds: placement.placed.contactIds },
        ),
        at: now,
      });
      return { ok: true, id: feedbackId };
    },
    { behavior: "immediate" },
  );
}

// ─── Reading one ──────────────────────────────────────────────────────────────────────────────

/**
 * An item with everything its page shows, read and audited as a `view` in one transaction (it may
 * name people); null (nothing audited) when it does not exist or the actor may not read it.
 * Named contacts the actor may not see are only counted; the engagement is named only if readable.
 */
export function getFeedbackForView(
  db: Db,
  actor: Actor,
  feedbackId: number,
  options: { now?: Date; detail?: string } = {},
) {
  return db.transaction((tx) => {
    const access = findFeedbackAccess(tx, feedbackId);
    if (!access || !can(actor, "record.read", access)) return null;
    const row = tx.select().from(feedback).where(eq(feedback.id, feedbackId)).get()!;
    const userIds = [
      row.ownerUserId,
      row.createdByUserId,
      row.escalatedByUserId,
      row.steeringDecidedByUserId,
    ].filter((id): id is number => id !== null);
    const eventRows = tx
      .select()
      .from(feedbackEvents)
      .where(eq(feedbackEvents.feedbackId, feedbackId))
      .orderBy(asc(feedbackEvents.occurredAt), asc(feedbackEvents.id))
      .all();
    for (const event of eventRows) {
      userIds.push(event.actorUserId);
      if (event.kind === "owner") {
        for (const value of [event.fromValue, event.toValue])
          if (value) userIds.push(Number(value));
      }
    }
    const names = new Map(
      tx
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(inArray(users.id, [...new Set(userIds)]))
        .all()
        .map((user) => [user.id, user.displayName]),
    );
    const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? `user #${id}`));
    const community =
      row.communityId === null
        ? null
        : (tx
            .select({ id: communities.id, name: communities.name })
            .from(communities)
            .where(eq(communities.id, row.communityId))
            .get() ?? null);
    const strandRows = tx
      .select({ key: strands.key, name: strands.name })
      .from(feedbackStrands)
      .innerJoin(strands, eq(strands.key, feedbackStrands.strandKey))
      .where(eq(feedbackStrands.feedbackId, feedbackId))
      .orderBy(asc(strands.position))
      .all();
    const contactIds = contactIdsOf(tx, feedbackId);
    const contacts = visibleContactsByIds(tx, actor, contactIds);
    let engagement: { id: number; title: string } | null = null;
    if (row.engagementId !== null) {
      const engagementAccess = findEngagementAccess(tx, row.engagementId);
      if (engagementAccess && can(actor, "record.read", engagementAccess)) {
        engagement =
          tx
            .select({ id: engagements.id, title: engagements.title })
            .from(engagements)
            .where(eq(engagements.id, row.engagementId))
            .get() ?? null;
      }
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "feedback",
      entityId: feedbackId,
      detail: options.detail ?? null,
      at: options.now,
    });
    return {
      ...row,
      access,
      community,
      strands: strandRows,
      contacts,
      hiddenContactCount: contactIds.length - contacts.length,
      engagement,
      ownerName: nameOf(row.ownerUserId),
      createdByName: nameOf(row.createdByUserId),
      escalatedByName: nameOf(row.escalatedByUserId),
      steeringDecidedByName: nameOf(row.steeringDecidedByUserId),
      awaitingDecision: isAwaitingDecision(row),
      events: eventRows.map((event) => ({
        ...event,
        actorName: nameOf(event.actorUserId),
        fromLabel: eventValueLabel(event.kind, event.fromValue, nameOf),
        toLabel: eventValueLabel(event.kind, event.toValue, nameOf),
      })),
    };
  });
}
export type FeedbackView = NonNullable<ReturnType<typeof getFeedbackForView>>;

function eventValueLabel(
  kind: FeedbackEventKind,
  value: string | null,
  nameOf: (id: number | null) => string | null,
): string | null {
  if (value === null) return null;
  switch (kind) {
    case "status":
    case "recorded":
      return FEEDBACK_STATUS_LABELS[value as FeedbackStatus] ?? value;
    case "owner":
      return nameOf(Number(value));
    default:
      return value;
  }
}

/** The record form's values for an item being edited. */
export function feedbackEditValues(view: FeedbackView) {
  return {
    receivedOn: view.receivedOn,
    communityId: view.communityId === null ? "" : String(view.communityId),
    channel: view.channel,
    category: view.category,
    strandKeys: view.strands.map((strand) => strand.key),
    summary: view.summary,
    sentiment: String(view.sentiment),
    priority: view.priority,
    isShareable: view.isShareable,
  };
}

// ─── The workflow ─────────────────────────────────────────────────────────────────────────────

/**
 * Which status may follow which (docs/decisions/010): forward only; acknowledging comes first;
 * an acknowledged item may be answered straight away; only an answered item may be closed.
 */
const NEXT_STATUSES: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  received: ["acknowledged"],
  acknowledged: ["in_progress", "responded"],
  in_progress: ["responded"],
  responded: ["closed"],
  closed: [],
};

export function nextStatuses(current: FeedbackStatus): readonly FeedbackStatus[] {
  return NEXT_STATUSES[current];
}

export function isAwaitingDecision(row: {
  escalatedAt: Date | null;
  steeringDecidedAt: Date | null;
}): boolean {
  return (
    row.escalatedAt !== null &&
    (row.steeringDecidedAt === null || row.steeringDecidedAt.getTime() < row.escalatedAt.getTime())
  );
}

function transitionProblem(from: FeedbackStatus, to: FeedbackStatus): string | null {
  if (from === to) return `It is already ${FEEDBACK_STATUS_LABELS[from].toLowerCase()}`;
  if (NEXT_STATUSES[from].includes(to)) return null;
  if (to === "closed") return "Only answered feedback can be closed: record the response first";
  if (to === "responded") return "Acknowledge the feedback before answering it";
  if (FEEDBACK_STATUSES_ORDER.indexOf(to) < FEEDBACK_STATUSES_ORDER.indexOf(from)) {
    return `Feedback cannot go back from ${FEEDBACK_STATUS_LABELS[from].toLowerCase()} to ${FEEDBACK_STATUS_LABELS[to].toLowerCase()}`;
  }
  return `Feedback cannot go from ${FEEDBACK_STATUS_LABELS[from].toLowerCase()} to ${FEEDBACK_STATUS_LABELS[to].toLowerCase()}`;
}

const FEEDBACK_STATUSES_ORDER: readonly FeedbackStatus[] = [
  "received",
  "acknowledged",
  "in_progress",
  "responded",
  "closed",
];

type Step<Field extends string> = (
  tx: Tx,
  row: typeof feedback.$inferSelect,
) =>
  | FeedbackWriteResult<Field>
  | { ok: true; changes: Record<string, [unknown, unknown]>; detail?: string };

/** One workflow step: load, check, write the item, its event and the audit, in one transaction. */
function runStep<Field extends string>(
  db: Db,
  actor: Actor,
  feedbackId: number,
  now: Date,
  step: Step<Field>,
): FeedbackWriteResult<Field> {
  return db.transaction(
    (tx): FeedbackWriteResult<Field> => {
      const row = tx.select().from(feedback).where(eq(feedback.id, feedbackId)).get();
      if (!row) return GONE;
      const outcome = step(tx, row);
      if (!outcome.ok) return outcome;
      if (!("changes" in outcome)) return outcome;
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "feedback",
        entityId: feedbackId,
        changes: outcome.changes,
        detail: outcome.detail ?? null,
        at: now,
      });
      return { ok: true, id: feedbackId };
    },
    { behavior: "immediate" },
  );
}

/** Acknowledging, starting work, closing: every other move is refused with the reason. */
export function changeFeedbackStatus(
  db: Db,
  actor: Actor,
  feedbackId: number,
  input: StatusChangeInput,
  now = new Date(),
): FeedbackWriteResult<keyof StatusChangeInput> {
  return runStep(db, actor, feedbackId, now, (tx, row) => {
    const problem = transitionProblem(row.status, input.toStatus);
    if (problem) return refused({ toStatus: [problem] });
    tx.update(feedback)
      .set({ status: input.toStatus, updatedAt: now })
      .where(eq(feedback.id, feedbackId))
      .run();
    appendEvent(
      tx,
      actor,
      feedbackId,
      "status",
      { from: row.status, to: input.toStatus, note: input.note },
      now,
    );
    return { ok: true, changes: { status: [row.status, input.toStatus] } };
  });
}

/** The answer: "we did" or the reason not taken, dated, which makes the item responded. */
export function respondToFeedback(
  db: Db,
  actor: Actor,
  feedbackId: number,
  input: ResponseInput,
  now = new Date(),
): FeedbackWriteResult<keyof ResponseInput> {
  return runStep(db, actor, feedbackId, now, (tx, row) => {
    const problem = transitionProblem(row.status, "responded");
    if (problem) return conflict(problem);
    if (input.respondedOn < row.receivedOn) {
      return refused({
        respondedOn: ["The response cannot be dated before the feedback was received"],
      });
    }
    if (input.respondedOn > londonToday(now)) {
      return refused({ respondedOn: ["The response date cannot be in the future"] });
    }
    tx.update(feedback)
      .set({
        status: "responded",
        responseOutcome: input.responseOutcome,
        responseText: input.responseText,
        respondedOn: input.respondedOn,
        updatedAt: now,
      })
      .where(eq(feedback.id, feedbackId))
      .run();
    appendEvent(
      tx,
      actor,
      feedbackId,
      "status",
      { from: row.status, to: "responded", note: input.responseText },
      now,
    );
    return {
      ok: true,
      changes: changedFields(row, {
        status: "responded",
        responseOutcome: input.responseOutcome,
        responseText: input.responseText,
        respondedOn: input.respondedOn,
      })!,
    };
  });
}

export function changeFeedbackDueDate(
  db: Db,
  actor: Actor,
  feedbackId: number,
  input: DueDateChangeInput,
  now = new Date(),
): FeedbackWriteResult<keyof DueDateChangeInput> {
  return runStep(db, actor, feedbackId, now, (tx, row) => {
    if (!isOpenStatus(row.status))
      return conflict("It has been answered: its due date no longer changes");
    if (input.responseDueOn === row.responseDueOn) {
      return refused({ responseDueOn: ["That is already the due date"] });
    }
    if (input.responseDueOn < row.receivedOn) {
      return refused({
        responseDueOn: ["The response cannot be due before the feedback was received"],
      });
    }
    tx.update(feedback)
      .set({ responseDueOn: input.responseDueOn, updatedAt: now })
      .where(eq(feedback.id, feedbackId))
      .run();
    appendEvent(
      tx,
      actor,
      feedbackId,
      "due_date",
      { from: row.responseDueOn, to: input.responseDueOn, note: input.reason },
      now,
    );
    return {
      ok: true,
      changes: { responseDueOn: [row.responseDueOn, input.responseDueOn] },
      detail: input.reason,
    };
  });
}

export function reassignFeedback(
  db: Db,
  actor: Actor,
  feedbackId: number,
  input: ReassignInput,
  now = new Date(),
): FeedbackWriteResult<keyof ReassignInput> {
  return runStep(db, actor, feedbackId, now, (tx, row) => {
    if (row.status === "closed") return conflict("It is closed: nobody needs to answer it now");
    if (input.ownerUserId === row.ownerUserId) {
      return refused({ ownerUserId: ["They already own it"] });
    }
    const record: ScopedRecord = {
      communityIds: row.communityId === null ? [] : [row.communityId],
      strandKeys: strandKeysOf(tx, feedbackId),
    };
    if (!couldAnswer(tx, input.ownerUserId, record)) {
      return refused({ ownerUserId: [OWNER_CANNOT_ANSWER] });
    }
    tx.update(feedback)
      .set({ ownerUserId: input.ownerUserId, updatedAt: now })
      .where(eq(feedback.id, feedbackId))
      .run();
    appendEvent(
      tx,
      actor,
      feedbackId,
      "owner",
      { from: String(row.ownerUserId), to: String(input.ownerUserId), note: input.note },
      now,
    );
    return { ok: true, changes: { ownerUserId: [row.ownerUserId, input.ownerUserId] } };
  });
}

/** Puts the item before the steering group; once at a time, until the group has decided. */
export function escalateFeedback(
  db: Db,
  actor: Actor,
  feedbackId: number,
  input: EscalateInput,
  now = new Date(),
): FeedbackWriteResult<keyof EscalateInput> {
  return runStep(db, actor, feedbackId, now, (tx, row) => {
    if (row.status === "closed") return conflict("It is closed: there is nothing left to decide");
    if (isAwaitingDecision(row)) {
      return conflict("It is already escalated and waiting for the steering group's decision");
    }
    tx.update(feedback)
      .set({
        escalatedAt: now,
        escalatedByUserId: actor.id,
        escalationReason: input.reason,
        updatedAt: now,
      })
      .where(eq(feedback.id, feedbackId))
      .run();
    appendEvent(tx, actor, feedbackId, "escalated", { note: input.reason }, now);
    return {
      ok: true,
      changes: {
        escalatedAt: [row.escalatedAt, now],
        escalationReason: [row.escalationReason, input.reason],
      },
    };
  });
}

// ─── Recording from an engagement ─────────────────────────────────────────────────────────────

/**
 * What the record form starts from when opened from an engagement the actor may read: its London
 * date (today, if it is still to come), its first community the actor writes for, its strands and
 * the attending contacts the actor may see. Null when the engagement is not there for the actor.
 */
export function feedbackPrefillFromEngagement(
  db: Db,
  actor: Actor,
  engagementId: number,
  writableCommunityIds: readonly number[],
  now = new Date(),
) {
  const engagement = getEngagementForView(db, actor, engagementId, {
    now,
    detail: "record feedback form",
  });
  if (!engagement) return null;
  const today = londonToday(now);
  const heldOn = toLondonWallClock(engagement.startsAt).date;
  const community = engagement.communities.find((c) => writableCommunityIds.includes(c.id));
  return {
    engagement: { id: engagement.id, title: engagement.title },
    receivedOn: heldOn > today ? today : heldOn,
    communityId: community ? String(community.id) : "",
    strandKeys: engagement.strands.map((strand) => strand.key),
    contacts: engagement.attendees,
  };
}

/** An engagement's id and title when the actor may read it, for a form posted back with errors. */
export function readableEngagement(db: Reader, actor: Actor, engagementId: number) {
  const access = findEngagementAccess(db, engagementId);
  if (!access || !can(actor, "record.read", access)) return null;
  return (
    db
      .select({ id: engagements.id, title: engagements.title })
      .from(engagements)
      .where(eq(engagements.id, engagementId))
      .get() ?? null
  );
}
