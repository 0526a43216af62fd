// Steering reviews: building and freezing a review's pack, the items put before the group, their
// decisions (also recorded outside a review), closing a review and exporting its figures.
import { and, asc, count, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { can, type Actor } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import {
  communities,
  feedback,
  feedbackEvents,
  STEERING_REVIEW_ITEM_REASONS,
  steeringReviewItems,
  steeringReviews,
  users,
} from "~/db/schema";
import { pageNumbers } from "./list-paging.server";
import type { WriteResult } from "./action-plans.server";
import { planOverview } from "./action-plans.server";
import { recordAudit } from "./audit.server";
import { awaitingDecisionCondition } from "./feedback-lists.server";
import { FEEDBACK_CATEGORY_LABELS } from "./feedback.schema";
import { findFeedbackAccess } from "./feedback.server";
import { listCommunities } from "./communities.server";
import { coverageMatrix } from "./engagement-lists.server";
import { HARD_INDICATORS, hardIndicators } from "./hard-indicators.server";
import { softIndicatorFigures } from "./indicators.server";
import { londonToday } from "./london-time";
import { previousQuarter, quarterOf } from "./quarters";
import {
  AWAITING_DECISION_PAGE_SIZE,
  PACK_VERSION,
  REVIEW_ITEM_REASON_LABELS,
  REVIEW_ITEMS_PAGE_SIZE,
  REVIEW_PAGE_SIZE,
  type OverdueItemsFilter,
  type DecisionInput,
  type FeedbackTally,
  type ReviewCreateInput,
  type ReviewItemKey,
  type ReviewListFilter,
  type ReviewPack,
  type ReviewPackShown,
} from "./steering-reviews.schema";

type Reader = Db | Tx;

/** Whole-group feedback (no community) in the pack's tables. */
const WHOLE_GROUP_NAME = "Whole group";

// ─── "As of" conditions ─────────────────────────────────────────────────────────────────────
// Every figure is read as it stood at the pack's clock, so a past review can be rebuilt "as of"
// its date (the demo does) and an answer written after that day does not count as given.

function answeredBy(asOfOn: string): SQL {
  return sql`(${feedback.respondedOn} IS NOT NULL AND ${feedback.respondedOn} <= ${asOfOn})`;
}

function overdueOpenAt(asOfOn: string): SQL {
  return sql`(NOT ${answeredBy(asOfOn)} AND ${feedback.responseDueOn} < ${asOfOn})`;
}

const tally = (condition: SQL) =>
  sql<number>`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;

function tallyColumns(asOfOn: string) {
  const answered = answeredBy(asOfOn);
  return {
    received: sql<number>`count(*)`,
    answeredOnTime: tally(
      sql`${answered} AND ${feedback.respondedOn} <= ${feedback.responseDueOn}`,
    ),
    answeredLate: tally(sql`${answered} AND ${feedback.respondedOn} > ${feedback.responseDueOn}`),
    overdueOpen: tally(overdueOpenAt(asOfOn)),
    openNotDue: tally(sql`NOT ${answered} AND ${feedback.responseDueOn} >= ${asOfOn}`),
  };
}

function sumTallies(rows: readonly FeedbackTally[]): FeedbackTally {
  const total: FeedbackTally = {
    received: 0,
    answeredOnTime: 0,
    answeredLate: 0,
    overdueOpen: 0,
    openNotDue: 0,
  };
  for (const row of rows) {
    total.received += row.received;
    total.answeredOnTime += row.answeredOnTime;
    total.answeredLate += row.answeredLate;
    total.overdueOpen += row.overdueOpen;
    total.openNotDue += row.openNotDue;
  }
  return total;
}

// ─── The pack ───────────────────────────────────────────────────────────────────────────────

function escalatedAwaitingDecision(db: Reader, now: Date) {
  return db
    .select({
      feedbackId: feedback.id,
      summary: feedback.summary,
      communityName: communities.name,
      escalationReason: feedback.escalationReason,
      escalatedAt: feedback.escalatedAt,
    })
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(awaitingDecisionCondition(now))
    .orderBy(asc(feedback.escalatedAt), asc(feedback.id))
    .all();
}

/**
 * Everything the group looks at, read at `now` from the same transaction: hard indicators for the
 * quarter holding the period's end and the one before, the period's feedback by community and by
 * category (two grouped queries), the escalated items, the action plans' RAG and the coverage.
 */
function buildPack(tx: Tx, actor: Actor, input: ReviewCreateInput, now: Date): ReviewPack {
  const asOfOn = londonToday(now);
  const shown = listCommunities(tx, actor);
  const communityNames = new Map(shown.map((community) => [community.id, community.name]));
  const quarter = quarterOf(input.periodEnd);
  const previous = previousQuarter(quarter);
  const [previousFigures, currentFigures] = hardIndicators(
    tx,
    [previous, quarter],
    { communityIds: shown.map((community) => community.id), includeWholeGroup: true },
    asOfOn,
  );

  const inPeriod = sql`${feedback.receivedOn} BETWEEN ${input.periodStart} AND ${input.periodEnd}`;
  const byCommunity = tx
    .select({
      communityId: feedback.communityId,
      communityName: communities.name,
      ...tallyColumns(asOfOn),
    })
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(inPeriod)
    .groupBy(feedback.communityId)
    .orderBy(sql`${feedback.communityId} IS NULL`, asc(communities.name))
    .all()
    .map((row) => ({ ...row, communityName: row.communityName ?? WHOLE_GROUP_NAME }));
  const byCategory = tx
    .select({ category: feedback.category, ...tallyColumns(asOfOn) })
    .from(feedback)
    .where(inPeriod)
    .groupBy(feedback.category)
    .all()
    .map((row) => ({ ...row, categoryName: FEEDBACK_CATEGORY_LABELS[row.category] }))
    .sort((a, b) => a.categoryName.localeCompare(b.categoryName, "en-GB"));

  const rag = planOverview(tx, actor, asOfOn).map((row) => ({
    communityId: row.communityId,
    communityName: row.communityName,
    red: row.red,
    amber: row.amber,
    green: row.green,
    none: row.done + row.cancelled,
  }));

  return {
    version: PACK_VERSION,
    builtAt: now.toISOString(),
    asOfOn,
    period: { start: input.periodStart, end: input.periodEnd },
    hardIndicators: {
      quarter,
      previousQuarter: previous,
      indicators: HARD_INDICATORS.map(({ key, name, unit }) => ({ key, name, unit })),
      overall: { current: currentFigures!.overall, previous: previousFigures!.overall },
      communities: currentFigures!.communities.map((entry, index) => ({
        communityId: entry.communityId,
        communityName: communityNames.get(entry.communityId) ?? "",
        current: entry.figures,
        previous: previousFigures!.communities[index]!.figures,
      })),
    },
    softIndicators: softIndicatorFigures(
      tx,
      [previous, quarter],
      shown.map((community) => community.id),
    ),
    feedback: { byCommunity, byCategory, total: sumTallies(byCommunity) },
    escalatedItems: escalatedAwaitingDecision(tx, now).map((row) => ({
      feedbackId: row.feedbackId,
      summary: row.summary,
      communityName: row.communityName ?? WHOLE_GROUP_NAME,
      escalationReason: row.escalationReason,
      escalatedOn: londonToday(row.escalatedAt!),
    })),
    actionPlanRag: {
      communities: rag,
      total: {
        red: rag.reduce((sum, row) => sum + row.red, 0),
        amber: rag.reduce((sum, row) => sum + row.amber, 0),
        green: rag.reduce((sum, row) => sum + row.green, 0),
        none: rag.reduce((sum, row) => sum + row.none, 0),
      },
    },
    coverage: coverageMatrix(tx, actor, { from: input.periodStart, to: input.periodEnd }),
  };
}

/** Refuses a stored pack of a version this code cannot show. */
function assertKnownPackVersion(stored: unknown): void {
  const pack = stored as { version?: unknown } | null;
  if (pack?.version !== 1) {
    throw new Error(`A review pack of unknown version: ${String(pack?.version)}`);
  }
}

/** A stored pack, checked to be a version this code can show. */
export function readPack(stored: unknown): ReviewPack {
  assertKnownPackVersion(stored);
  return stored as ReviewPack;
}

/** A stored pack read without its escalated items (left out in SQL), as its page shows it. */
function readShownPack(stored: unknown, escalatedItemCount: number): ReviewPackShown {
  assertKnownPackVersion(stored);
  return { ...(stored as Omit<ReviewPack, "escalatedItems">), escalatedItemCount };
}

/**
 * Makes a review: builds its pack at `now` and stores it frozen (a trigger refuses any later
 * change), and puts before it every escalated item still awaiting a decision and every open item
 * overdue at `now`. `now` is a parameter so past reviews can be built "as of" their date.
 */
export function createReview(
  db: Db,
  actor: Actor,
  input: ReviewCreateInput,
  now = new Date(),
): WriteResult<keyof ReviewCreateInput> {
  return db.transaction((tx): WriteResult<keyof ReviewCreateInput> => {
    if (!can(actor, "review.manage")) {
      return { ok: false, formError: "Only the steering group and admins make reviews" };
    }
    const pack = buildPack(tx, actor, input, now);
    const review = tx
      .insert(steeringReviews)
      .values({
        ...input,
        status: "open",
        pack,
        packBuiltAt: now,
        createdByUserId: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: steeringReviews.id })
      .get();
    // One INSERT … SELECT with the pack's own conditions, read in the same transaction, so the
    // escalated rows are the pack's escalated items. Drizzle took 15–70 ms to build a VALUES list
    // of the bench's 248 items (992 parameters); this takes about 2 ms.
    const awaiting = awaitingDecisionCondition(now);
    const asOfOn = londonToday(now);
    const inserted = tx.run(sql`
      INSERT INTO ${steeringReviewItems} (review_id, feedback_id, reason, community_id, response_due_on)
      SELECT ${review.id}, ${feedback.id}, 'escalated', ${feedback.communityId}, ${feedback.responseDueOn}
      FROM ${feedback} WHERE ${awaiting}
      UNION ALL
      SELECT ${review.id}, ${feedback.id}, 'overdue', ${feedback.communityId}, ${feedback.responseDueOn}
      FROM ${feedback}
      WHERE ${overdueOpenAt(asOfOn)} AND ${feedback.receivedOn} <= ${asOfOn} AND NOT ${awaiting}`);
    const escalatedCount = pack.escalatedItems.length;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "create",
      entityType: "steering_review",
      entityId: review.id,
      changes: {
        title: [null, input.title],
        periodStart: [null, input.periodStart],
        periodEnd: [null, input.periodEnd],
        heldOn: [null, input.heldOn],
      },
      detail: `${escalatedCount} escalated and ${inserted.changes - escalatedCount} overdue items put before it`,
      at: now,
    });
    return { ok: true, id: review.id };
  });
}

// ─── Reading reviews ────────────────────────────────────────────────────────────────────────

const reviewOfItem = sql`${qualified(steeringReviewItems, steeringReviewItems.reviewId)} = ${qualified(steeringReviews, steeringReviews.id)}`;
const decidedCount = sql<number>`(SELECT count(*) FROM ${steeringReviewItems}
  WHERE ${reviewOfItem} AND ${qualified(steeringReviewItems, steeringReviewItems.decidedAt)} IS NOT NULL)`;
const itemCount = sql<number>`(SELECT count(*) FROM ${steeringReviewItems} WHERE ${reviewOfItem})`;

const reviewHeaderColumns = {
  id: steeringReviews.id,
  title: steeringReviews.title,
  periodStart: steeringReviews.periodStart,
  periodEnd: steeringReviews.periodEnd,
  heldOn: steeringReviews.heldOn,
  status: steeringReviews.status,
  closedAt: steeringReviews.closedAt,
};

/** One page of reviews, the most recently held first. */
export function listReviewPage(db: Reader, filter: ReviewListFilter) {
  const total = db.select({ total: count() }).from(steeringReviews).get()?.total ?? 0;
  const { page, pageCount } = pageNumbers(total, filter.page, REVIEW_PAGE_SIZE);
  const reviews = db
    .select({ ...reviewHeaderColumns, items: itemCount, decided: decidedCount })
    .from(steeringReviews)
    .orderBy(desc(steeringReviews.heldOn), desc(steeringReviews.id))
    .limit(REVIEW_PAGE_SIZE)
    .offset((page - 1) * REVIEW_PAGE_SIZE)
    .all();
  return { reviews, total, page, pageCount };
}

/**
 * Escalated items with no decision yet, longest waiting first. Only the steering group and
 * admins open this list, and both read every feedback item, so it needs no scope condition.
 */
export function listAwaitingDecision(db: Reader, page: number, now = new Date()) {
  const where = awaitingDecisionCondition(now);
  const total = db.select({ total: count() }).from(feedback).where(where).get()?.total ?? 0;
  const { page: current, pageCount } = pageNumbers(total, page, AWAITING_DECISION_PAGE_SIZE);
  const items = db
    .select({
      feedbackId: feedback.id,
      summary: feedback.summary,
      communityName: communities.name,
      escalationReason: feedback.escalationReason,
      escalatedAt: feedback.escalatedAt,
    })
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(where)
    .orderBy(asc(feedback.escalatedAt), asc(feedback.id))
    .limit(AWAITING_DECISION_PAGE_SIZE)
    .offset((current - 1) * AWAITING_DECISION_PAGE_SIZE)
    .all()
    .map((row) => ({ ...row, communityName: row.communityName ?? WHOLE_GROUP_NAME }));
  return { items, total, page: current, pageCount };
}

export type ReviewItem = ReturnType<typeof reviewItemRows>[number];

/** A review's items matching `where`, oldest answer due first (the order the group takes them). */
function reviewItemRows(db: Reader, where: SQL | undefined, limit?: number) {
  const decider = users;
  const query = db
    .select({
      feedbackId: steeringReviewItems.feedbackId,
      reason: steeringReviewItems.reason,
      decision: steeringReviewItems.decision,
      decidedAt: steeringReviewItems.decidedAt,
      decidedByName: decider.displayName,
      summary: feedback.summary,
      communityId: steeringReviewItems.communityId,
      communityName: communities.name,
      receivedOn: feedback.receivedOn,
      responseDueOn: steeringReviewItems.responseDueOn,
      escalationReason: feedback.escalationReason,
      /** The feedback's latest decision, which may have been taken outside this review. */
      latestDecision: feedback.steeringDecision,
      latestDecidedAt: feedback.steeringDecidedAt,
    })
    .from(steeringReviewItems)
    .innerJoin(feedback, eq(feedback.id, steeringReviewItems.feedbackId))
    .leftJoin(communities, eq(communities.id, steeringReviewItems.communityId))
    .leftJoin(decider, eq(decider.id, steeringReviewItems.decidedByUserId))
    .where(where)
    .orderBy(asc(steeringReviewItems.responseDueOn), asc(steeringReviewItems.feedbackId));
  return (limit === undefined ? query.all() : query.limit(limit).all()).map((row) => ({
    ...row,
    communityName: row.communityName ?? WHOLE_GROUP_NAME,
  }));
}

/**
 * One page of a review's items matching `where`, from the item with key `from` on (keyset, not
 * OFFSET: one reason's items, or one community's, are read in the order of the review items' own
 * due-date indexes, so a page costs the same however deep it is), and the next page's key.
 */
function reviewItemPage(db: Reader, reviewId: number, where: SQL, from?: ReviewItemKey) {
  const rows = reviewItemRows(
    db,
    and(
      eq(steeringReviewItems.reviewId, reviewId),
      where,
      from === undefined
        ? undefined
        : sql`(${steeringReviewItems.responseDueOn}, ${steeringReviewItems.feedbackId}) >= (${from.responseDueOn}, ${from.feedbackId})`,
    ),
    REVIEW_ITEMS_PAGE_SIZE + 1,
  );
  const next = rows[REVIEW_ITEMS_PAGE_SIZE];
  return {
    items: rows.slice(0, REVIEW_ITEMS_PAGE_SIZE),
    nextFrom: next ? { responseDueOn: next.responseDueOn, feedbackId: next.feedbackId } : null,
  };
}

export type ReviewItemGroup = ReturnType<typeof reviewItemGroups>[number];

/**
 * A review's items counted by reason and community (whole-group feedback its own row): how many,
 * the oldest answer due and how many the group has decided. One grouped query over the review's
 * items, however many there are; `communityId` narrows it to one community's rows.
 */
function reviewItemGroups(db: Reader, reviewId: number, communityId?: number | null) {
  return db
    .select({
      reason: steeringReviewItems.reason,
      communityId: steeringReviewItems.communityId,
      communityName: communities.name,
      items: sql<number>`count(*)`,
      oldestDueOn: sql<string>`min(${steeringReviewItems.responseDueOn})`,
      decided: tally(sql`${steeringReviewItems.decidedAt} IS NOT NULL`),
    })
    .from(steeringReviewItems)
    .leftJoin(communities, eq(communities.id, steeringReviewItems.communityId))
    .where(
      and(
        eq(steeringReviewItems.reviewId, reviewId),
        communityId === undefined ? undefined : communityCondition(communityId),
      ),
    )
    .groupBy(steeringReviewItems.reason, steeringReviewItems.communityId)
    .orderBy(sql`${steeringReviewItems.communityId} IS NULL`, asc(communities.name))
    .all()
    .map((row) => ({ ...row, communityName: row.communityName ?? WHOLE_GROUP_NAME }));
}

function communityCondition(communityId: number | null): SQL {
  return communityId === null
    ? isNull(steeringReviewItems.communityId)
    : eq(steeringReviewItems.communityId, communityId);
}

/**
 * A review with its frozen pack, one page of the items awaiting the group's decision (escalated)
 * and the overdue items summarised per community, the opening audited as a view; null if none.
 * The overdue items themselves are listed per community by `openOverdueItems`.
 */
export function openReview(
  db: Db,
  actor: Actor,
  reviewId: number,
  options: { from?: ReviewItemKey; now?: Date } = {},
) {
  return db.transaction((tx) => {
    // The frozen escalated summaries are left in the database and only counted: the page lists
    // the same items below the pack, and a few hundred of them would be parsed on every view.
    const review = tx
      .select({
        ...reviewHeaderColumns,
        packWithoutEscalated: sql<string>`json_remove(${steeringReviews.pack}, '$.escalatedItems')`,
        escalatedItemCount: sql<number>`json_array_length(${steeringReviews.pack}, '$.escalatedItems')`,
        packBuiltAt: steeringReviews.packBuiltAt,
      })
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get();
    if (!review) return null;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "steering_review",
      entityId: reviewId,
      at: options.now ?? new Date(),
    });
    const groups = reviewItemGroups(tx, reviewId);
    const escalatedGroups = groups.filter((group) => group.reason === "escalated");
    const { packWithoutEscalated, escalatedItemCount, ...header } = review;
    return {
      ...header,
      pack: readShownPack(JSON.parse(packWithoutEscalated), escalatedItemCount),
      escalated: {
        total: escalatedGroups.reduce((sum, group) => sum + group.items, 0),
        decided: escalatedGroups.reduce((sum, group) => sum + group.decided, 0),
        ...reviewItemPage(tx, reviewId, eq(steeringReviewItems.reason, "escalated"), options.from),
      },
      overdueGroups: groups.filter((group) => group.reason === "overdue"),
    };
  });
}

/**
 * One community's (or the whole group's) overdue items before a review, a page at a time, with
 * the group's counts, the opening audited as a view of the review; null when there is no such
 * review or it holds no overdue item of that group.
 */
export function openOverdueItems(
  db: Db,
  actor: Actor,
  reviewId: number,
  filter: OverdueItemsFilter,
  now = new Date(),
) {
  return db.transaction((tx) => {
    const review = tx
      .select(reviewHeaderColumns)
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get();
    const group = review
      ? reviewItemGroups(tx, reviewId, filter.communityId).find(
          (candidate) => candidate.reason === "overdue",
        )
      : undefined;
    if (!review || !group) return null;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "steering_review",
      entityId: reviewId,
      detail: `overdue items of ${group.communityName}`,
      at: now,
    });
    const decided =
      filter.decision === undefined
        ? undefined
        : filter.decision === "decided"
          ? isNotNull(steeringReviewItems.decidedAt)
          : isNull(steeringReviewItems.decidedAt);
    return {
      review,
      group,
      ...reviewItemPage(
        tx,
        reviewId,
        and(
          eq(steeringReviewItems.reason, "overdue"),
          communityCondition(filter.communityId),
          decided,
        )!,
        filter.from,
      ),
    };
  });
}

/** One item before a review, unaudited (where to return to after a decision); undefined if none. */
export function findReviewItem(db: Reader, target: { reviewId: number; feedbackId: number }) {
  return reviewItemRows(
    db,
    and(
      eq(steeringReviewItems.reviewId, target.reviewId),
      eq(steeringReviewItems.feedbackId, target.feedbackId),
    ),
  )[0];
}

/**
 * One item before a review, for its decision page, the opening audited as a view of the feedback;
 * null when there is no such review or the item is not before it.
 */
export function openReviewItem(
  db: Db,
  actor: Actor,
  target: { reviewId: number; feedbackId: number },
  now = new Date(),
) {
  return db.transaction((tx) => {
    const review = tx
      .select({
        id: steeringReviews.id,
        title: steeringReviews.title,
        status: steeringReviews.status,
      })
      .from(steeringReviews)
      .where(eq(steeringReviews.id, target.reviewId))
      .get();
    const item = review ? findReviewItem(tx, target) : undefined;
    if (!review || !item) return null;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "feedback",
      entityId: target.feedbackId,
      detail: `decision page in review ${target.reviewId}`,
      at: now,
    });
    return { review, item };
  });
}

export function reviewExists(db: Reader, reviewId: number): boolean {
  return (
    db
      .select({ id: steeringReviews.id })
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get() !== undefined
  );
}

// ─── Decisions and closing ──────────────────────────────────────────────────────────────────

/** What the decision page shows (no contact names), the opening audited as a view. */
export function openFeedbackForDecision(
  db: Db,
  actor: Actor,
  feedbackId: number,
  now = new Date(),
) {
  return db.transaction((tx) => {
    const decider = users;
    const row = tx
      .select({
        id: feedback.id,
        summary: feedback.summary,
        communityName: communities.name,
        category: feedback.category,
        receivedOn: feedback.receivedOn,
        responseDueOn: feedback.responseDueOn,
        status: feedback.status,
        escalatedAt: feedback.escalatedAt,
        escalationReason: feedback.escalationReason,
        steeringDecision: feedback.steeringDecision,
        steeringDecidedAt: feedback.steeringDecidedAt,
        decidedByName: decider.displayName,
      })
      .from(feedback)
      .leftJoin(communities, eq(communities.id, feedback.communityId))
      .leftJoin(decider, eq(decider.id, feedback.steeringDecidedByUserId))
      .where(eq(feedback.id, feedbackId))
      .get();
    if (!row) return null;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "feedback",
      entityId: feedbackId,
      detail: "steering decision page",
      at: now,
    });
    return { ...row, communityName: row.communityName ?? WHOLE_GROUP_NAME };
  });
}

/**
 * Records the steering group's decision on a feedback item: in a review (only while it is open,
 * only on its items) or, with no review, on an escalated item. The review item, the feedback's
 * latest decision, its history and the audit event are written together or not at all.
 */
export function recordDecision(
  db: Db,
  actor: Actor,
  target: { feedbackId: number; reviewId?: number },
  input: DecisionInput,
  now = new Date(),
): WriteResult<"decision"> {
  return db.transaction((tx): WriteResult<"decision"> => {
    const access = findFeedbackAccess(tx, target.feedbackId);
    if (!access) return { ok: false, formError: "That feedback item no longer exists" };
    if (!can(actor, "feedback.decide", access)) {
      return { ok: false, formError: "Only the steering group and admins record decisions" };
    }
    if (target.reviewId !== undefined) {
      const review = tx
        .select({ status: steeringReviews.status })
        .from(steeringReviews)
        .where(eq(steeringReviews.id, target.reviewId))
        .get();
      if (!review) return { ok: false, formError: "That review no longer exists" };
      if (review.status !== "open") {
        return {
          ok: false,
          formError: "This review is closed: its decisions can no longer change",
        };
      }
      const updated = tx
        .update(steeringReviewItems)
        .set({ decision: input.decision, decidedByUserId: actor.id, decidedAt: now })
        .where(
          and(
            eq(steeringReviewItems.reviewId, target.reviewId),
            eq(steeringReviewItems.feedbackId, target.feedbackId),
          ),
        )
        .run();
      if (updated.changes === 0) {
        return { ok: false, formError: "That feedback item is not before this review" };
      }
    } else if (!access.isEscalated) {
      return {
        ok: false,
        formError:
          "This item has not been escalated to the steering group, so there is no decision to record",
      };
    }
    const before = tx
      .select({ steeringDecision: feedback.steeringDecision })
      .from(feedback)
      .where(eq(feedback.id, target.feedbackId))
      .get()!;
    tx.update(feedback)
      .set({
        steeringDecision: input.decision,
        steeringDecidedAt: now,
        steeringDecidedByUserId: actor.id,
        updatedAt: now,
      })
      .where(eq(feedback.id, target.feedbackId))
      .run();
    tx.insert(feedbackEvents)
      .values({
        feedbackId: target.feedbackId,
        kind: "decision",
        fromValue: before.steeringDecision || null,
        toValue: null,
        note: input.decision,
        actorUserId: actor.id,
        occurredAt: now,
      })
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "feedback",
      entityId: target.feedbackId,
      changes: { steeringDecision: [before.steeringDecision || null, input.decision] },
      detail:
        target.reviewId === undefined
          ? "steering decision outside a review"
          : `steering decision in review ${target.reviewId}`,
      at: now,
    });
    return { ok: true, id: target.feedbackId };
  });
}

/** Closes a review: its decisions are final and the review is read-only from then on. */
export function closeReview(
  db: Db,
  actor: Actor,
  reviewId: number,
  now = new Date(),
): WriteResult<never> {
  return db.transaction((tx): WriteResult<never> => {
    if (!can(actor, "review.manage")) {
      return { ok: false, formError: "Only the steering group and admins close reviews" };
    }
    const review = tx
      .select({ status: steeringReviews.status })
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get();
    if (!review) return { ok: false, formError: "That review no longer exists" };
    if (review.status === "closed")
      return { ok: false, formError: "This review is already closed" };
    tx.update(steeringReviews)
      .set({ status: "closed", closedAt: now, closedByUserId: actor.id, updatedAt: now })
      .where(eq(steeringReviews.id, reviewId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "steering_review",
      entityId: reviewId,
      changes: { status: ["open", "closed"] },
      at: now,
    });
    return { ok: true, id: reviewId };
  });
}

// ─── Export ─────────────────────────────────────────────────────────────────────────────────

export const REVIEW_EXPORT_HEADER = ["Section", "Row", "Measure", "Value"] as const;

type ExportRow = [string, string, string, string | number | null];

/** Every figure of the frozen pack, one per row, so a spreadsheet can pivot them. */
function packRows(pack: ReviewPack): ExportRow[] {
  const rows: ExportRow[] = [
    ["Pack", "Period", "From", pack.period.start],
    ["Pack", "Period", "To", pack.period.end],
    ["Pack", "Figures as of", "Date", pack.asOfOn],
  ];
  const { hardIndicators: hard } = pack;
  const indicatorRows = (rowName: string, figures: typeof hard.overall) => {
    for (const indicator of hard.indicators) {
      rows.push([
        `Indicators ${hard.quarter}`,
        rowName,
        indicator.name,
        figures.current[indicator.key],
      ]);
      rows.push([
        `Indicators ${hard.previousQuarter}`,
        rowName,
        indicator.name,
        figures.previous[indicator.key],
      ]);
    }
  };
  indicatorRows("All communities", hard.overall);
  for (const community of hard.communities) indicatorRows(community.communityName, community);
  const soft = pack.softIndicators;
  const communityNames = new Map(
    hard.communities.map((community) => [community.communityId, community.communityName]),
  );
  for (const [index, indicator] of soft.indicators.entries()) {
    const series = soft.series[index];
    if (!series) continue;
    soft.quarters.forEach((quarter, quarterIndex) => {
      const section = `Soft indicators ${quarter}`;
      rows.push([section, "All communities", indicator.name, series.overall[quarterIndex] ?? null]);
      for (const community of series.communities) {
        rows.push([
          section,
          communityNames.get(community.communityId) ?? "",
          indicator.name,
          community.values[quarterIndex] ?? null,
        ]);
      }
    });
  }
  const tallyRows = (section: string, rowName: string, figures: FeedbackTally) => {
    rows.push([section, rowName, "Received", figures.received]);
    rows.push([section, rowName, "Answered on time", figures.answeredOnTime]);
    rows.push([section, rowName, "Answered late", figures.answeredLate]);
    rows.push([section, rowName, "Overdue, not answered", figures.overdueOpen]);
    rows.push([section, rowName, "Not answered, not yet due", figures.openNotDue]);
  };
  for (const row of pack.feedback.byCommunity) {
    tallyRows("Feedback by community", row.communityName, row);
  }
  for (const row of pack.feedback.byCategory)
    tallyRows("Feedback by category", row.categoryName, row);
  tallyRows("Feedback by community", "All feedback", pack.feedback.total);
  for (const item of pack.escalatedItems) {
    rows.push([
      "Escalated items",
      `${item.communityName} (escalated ${item.escalatedOn})`,
      "Summary",
      item.summary,
    ]);
  }
  for (const row of pack.actionPlanRag.communities) {
    rows.push(["Action-plan RAG", row.communityName, "Red", row.red]);
    rows.push(["Action-plan RAG", row.communityName, "Amber", row.amber]);
    rows.push(["Action-plan RAG", row.communityName, "Green", row.green]);
    rows.push(["Action-plan RAG", row.communityName, "No rating", row.none]);
  }
  const strandNames = new Map(pack.coverage.strands.map((strand) => [strand.key, strand.name]));
  for (const community of pack.coverage.communities) {
    for (const cell of community.cells) {
      rows.push([
        "Coverage",
        community.name,
        strandNames.get(cell.strandKey) ?? cell.strandKey,
        cell.engagements,
      ]);
    }
    rows.push(["Coverage", community.name, "Total", community.total]);
  }
  rows.push(["Coverage", "All communities", "Total", pack.coverage.total]);
  return rows;
}

/**
 * Every item before the review with its decision so far, escalated first: the full list, which the
 * page and the printed pack only summarise per community for the overdue items.
 */
function itemRows(db: Reader, reviewId: number): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const reason of STEERING_REVIEW_ITEM_REASONS) {
    const items = reviewItemRows(
      db,
      and(eq(steeringReviewItems.reviewId, reviewId), eq(steeringReviewItems.reason, reason)),
    );
    for (const item of items) {
      const row = `Feedback ${item.feedbackId}`;
      rows.push(["Items before the group", row, "Reason", REVIEW_ITEM_REASON_LABELS[reason]]);
      rows.push(["Items before the group", row, "Community", item.communityName]);
      rows.push(["Items before the group", row, "Answer due", item.responseDueOn]);
      rows.push(["Items before the group", row, "Summary", item.summary]);
      rows.push(["Items before the group", row, "Decision", item.decision || null]);
    }
  }
  return rows;
}

/** The pack's figures and every item before the review as CSV rows, with the export audited; null when there is no such review. */
export function exportReviewPack(db: Db, actor: Actor, reviewId: number, now = new Date()) {
  return db.transaction((tx) => {
    const review = tx
      .select({
        title: steeringReviews.title,
        heldOn: steeringReviews.heldOn,
        pack: steeringReviews.pack,
      })
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get();
    if (!review) return null;
    const rows = [...packRows(readPack(review.pack)), ...itemRows(tx, reviewId)];
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "export",
      entityType: "steering_review",
      entityId: reviewId,
      detail: `${rows.length} rows`,
      at: now,
    });
    return { heldOn: review.heldOn, rows };
  });
}
