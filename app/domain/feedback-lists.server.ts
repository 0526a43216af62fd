// Reading feedback in bulk: the scoped, filtered list and its CSV export, the short lists of an
// engagement, community or contact page, "awaiting my response" and the dashboard's counts.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lte,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { recordScope, type Actor, type RecordScope } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import {
  communities,
  feedback,
  feedbackContacts,
  feedbackStrands,
  strands,
  users,
  type StrandKey,
} from "~/db/schema";
import { recordListExport } from "./audit.server";
import { csvFromSnapshot, type CsvExport } from "./csv.server";
import { MATCH_NOTHING } from "./directory-scope.server";
import {
  DUE_SOON_DAYS,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_CHANNEL_LABELS,
  FEEDBACK_PAGE_SIZE,
  FEEDBACK_PRIORITY_LABELS,
  FEEDBACK_RESPONSE_OUTCOME_LABELS,
  FEEDBACK_STATUS_LABELS,
  isOpenStatus,
  OPEN_FEEDBACK_STATUSES,
  type FeedbackListFilter,
} from "./feedback.schema";
import { countUpTo, pageNumbers } from "./list-paging.server";
import { addDays, londonToday } from "./london-time";

type Reader = Db | Tx;

/** The feedback row's id spelt with its table, for the subqueries that probe its links. */
const FEEDBACK_ID = qualified(feedback, feedback.id);

/**
 * The policy's scope as a WHERE condition on feedback, the same rule as `record.read`/`record.update`
 * with feedback's ScopedRecord (its one community or none, its strands): a liaison officer's
 * communities (and, for reading, feedback of the whole group); a strand lead's strands, probed
 * per row through feedback_strands' primary key (the unary plus keeps the planner from seeking
 * the strand index once per key instead: 3.9 → 2.5 ms for a lead's count, 7.4 → 1.8 ms for their
 * overdue page at 100,000 contacts).
 */
export function feedbackScopeCondition(scope: RecordScope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "strands":
      return scope.strandKeys.length
        ? sql`EXISTS (SELECT 1 FROM ${feedbackStrands} WHERE ${feedbackStrands.feedbackId} = ${FEEDBACK_ID} AND +${inArray(feedbackStrands.strandKey, [...scope.strandKeys])})`
        : MATCH_NOTHING;
    case "communities": {
      const allowed: SQL[] = [];
      if (scope.communityIds.length) {
        allowed.push(inArray(feedback.communityId, [...scope.communityIds]));
      }
      if (scope.includeCommunityless) allowed.push(isNull(feedback.communityId));
      return allowed.length ? or(...allowed) : MATCH_NOTHING;
    }
  }
}

export function readableFeedbackCondition(actor: Actor): SQL | undefined {
  return feedbackScopeCondition(recordScope(actor, "read"));
}

const OPEN = inArray(feedback.status, [...OPEN_FEEDBACK_STATUSES]);

/**
 * Open and overdue, for reading the list in order: the condition of the partial index
 * feedback_open_received, spelt as its WHERE is (statuses written out: SQLite proves a partial
 * index usable only from the very same term, never from bound values). The unary plus keeps the
 * status-and-due index away, so the planner reads the open items in order received and stops at
 * the page, instead of gathering and sorting every overdue item (1,820 at 100,000 contacts:
 * 3.5 → 0.3 ms for a strand lead's page). Counting them is the other way round: the
 * status-and-due index finds exactly the overdue ones (2.0 ms), so the count keeps
 * overdueCondition.
 */
function walkedOverdueCondition(today: string): SQL {
  const statuses = sql.raw(OPEN_FEEDBACK_STATUSES.map((status) => `'${status}'`).join(", "));
  return sql`(+${feedback.status} IN (${statuses}) AND ${feedback.responseDueOn} < ${today})`;
}

/** Open and past its due date: due yesterday is overdue, due today is not. */
export function overdueCondition(today: string): SQL {
  return and(OPEN, sql`${feedback.responseDueOn} < ${today}`)!;
}

/** Open and due from today to seven days ahead, both included. */
export function dueThisWeekCondition(today: string): SQL {
  return and(
    OPEN,
    gte(feedback.responseDueOn, today),
    lte(feedback.responseDueOn, addDays(today, DUE_SOON_DAYS)),
  )!;
}

/**
 * Escalated, and no steering decision recorded since; `asOf` reads it at a past instant (a review
 * pack built as of its meeting day), ignoring escalations and decisions made after it.
 */
export function awaitingDecisionCondition(asOf?: Date): SQL {
  if (!asOf) {
    return sql`(${feedback.escalatedAt} IS NOT NULL AND (${feedback.steeringDecidedAt} IS NULL OR ${feedback.steeringDecidedAt} < ${feedback.escalatedAt}))`;
  }
  const at = asOf.getTime();
  return sql`(${feedback.escalatedAt} IS NOT NULL AND ${feedback.escalatedAt} <= ${at} AND (${feedback.steeringDecidedAt} IS NULL OR ${feedback.steeringDecidedAt} < ${feedback.escalatedAt} OR ${feedback.steeringDecidedAt} > ${at}))`;
}

function filterConditions(
  filter: FeedbackListFilter,
  today: string,
  read: "counted" | "walked",
): SQL[] {
  const conditions: SQL[] = [];
  if (filter.community === "group") conditions.push(isNull(feedback.communityId));
  else if (filter.community !== undefined) {
    conditions.push(eq(feedback.communityId, filter.community));
  }
  if (filter.strand !== undefined) {
    conditions.push(
      sql`${FEEDBACK_ID} IN (SELECT ${feedbackStrands.feedbackId} FROM ${feedbackStrands} WHERE ${feedbackStrands.strandKey} = ${filter.strand})`,
    );
  }
  if (filter.contact !== undefined) {
    conditions.push(
      sql`${FEEDBACK_ID} IN (SELECT ${feedbackContacts.feedbackId} FROM ${feedbackContacts} WHERE ${feedbackContacts.contactId} = ${filter.contact})`,
    );
  }
  if (filter.engagement !== undefined) {
    conditions.push(eq(feedback.engagementId, filter.engagement));
  }
  if (filter.category !== undefined) conditions.push(eq(feedback.category, filter.category));
  if (filter.status !== undefined) conditions.push(eq(feedback.status, filter.status));
  if (filter.owner !== undefined) conditions.push(eq(feedback.ownerUserId, filter.owner));
  if (filter.overdue) {
    conditions.push(read === "walked" ? walkedOverdueCondition(today) : overdueCondition(today));
  }
  if (filter.due) conditions.push(dueThisWeekCondition(today));
  if (filter.escalated === "yes") conditions.push(sql`${feedback.escalatedAt} IS NOT NULL`);
  if (filter.escalated === "awaiting") conditions.push(awaitingDecisionCondition());
  if (filter.from !== undefined) conditions.push(gte(feedback.receivedOn, filter.from));
  if (filter.to !== undefined) conditions.push(lte(feedback.receivedOn, filter.to));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(sql`${feedback.summary} LIKE ${pattern} ESCAPE '\\'`);
  }
  return conditions;
}

/** The list's WHERE, for counting its rows or for reading them in list order. */
function listWhere(
  actor: Actor,
  filter: FeedbackListFilter,
  today: string,
  read: "counted" | "walked",
): SQL | undefined {
  return and(readableFeedbackCondition(actor), ...filterConditions(filter, today, read));
}

function listOrder(filter: FeedbackListFilter) {
  const direction = filter.dir ?? (filter.sort === "due" ? "asc" : "desc");
  const by = direction === "asc" ? asc : desc;
  return filter.sort === "due"
    ? [by(feedback.responseDueOn), by(feedback.id)]
    : [by(feedback.receivedOn), by(feedback.id)];
}

const listColumns = {
  id: feedback.id,
  receivedOn: feedback.receivedOn,
  communityId: feedback.communityId,
  communityName: communities.name,
  category: feedback.category,
  channel: feedback.channel,
  summary: feedback.summary,
  priority: feedback.priority,
  sentiment: feedback.sentiment,
  status: feedback.status,
  ownerUserId: feedback.ownerUserId,
  ownerName: users.displayName,
  responseDueOn: feedback.responseDueOn,
  respondedOn: feedback.respondedOn,
  responseOutcome: feedback.responseOutcome,
  isShareable: feedback.isShareable,
  escalatedAt: feedback.escalatedAt,
  awaitingDecision: sql<number>`${awaitingDecisionCondition()}`,
};

/** Each row's strands' names, for one page: one query however long the page. */
function strandNamesOf(db: Reader, feedbackIds: readonly number[]) {
  const names = new Map<number, { key: StrandKey; name: string }[]>();
  if (feedbackIds.length === 0) return names;
  const rows = db
    .select({ feedbackId: feedbackStrands.feedbackId, key: strands.key, name: strands.name })
    .from(feedbackStrands)
    .innerJoin(strands, eq(strands.key, feedbackStrands.strandKey))
    .where(inArray(feedbackStrands.feedbackId, [...feedbackIds]))
    .orderBy(asc(strands.position))
    .all();
  for (const row of rows) {
    const list = names.get(row.feedbackId) ?? [];
    list.push({ key: row.key, name: row.name });
    names.set(row.feedbackId, list);
  }
  return names;
}

/** One page of the feedback the actor may read under the filters, with the total. */
export function listFeedbackPage(db: Db, actor: Actor, filter: FeedbackListFilter, now: Date) {
  const today = londonToday(now);
  const { total, totalIsLowerBound } = countUpTo(
    db,
    feedback,
    listWhere(actor, filter, today, "counted"),
  );
  const { page, pageCount, offset } = pageNumbers(total, filter.page, FEEDBACK_PAGE_SIZE);
  const rows = db
    .select(listColumns)
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .innerJoin(users, eq(users.id, feedback.ownerUserId))
    .where(listWhere(actor, filter, today, "walked"))
    .orderBy(...listOrder(filter))
    .limit(FEEDBACK_PAGE_SIZE)
    .offset(offset)
    .all();
  const strandNames = strandNamesOf(
    db,
    rows.map((row) => row.id),
  );
  return {
    feedback: rows.map((row) => ({
      ...row,
      awaitingDecision: Boolean(row.awaitingDecision),
      isOverdue: isOpenStatus(row.status) && row.responseDueOn < today,
      strands: strandNames.get(row.id) ?? [],
    })),
    total,
    totalIsLowerBound,
    page,
    pageCount,
    today,
  };
}

export const FEEDBACK_EXPORT_HEADER = [
  "Number",
  "Received on",
  "Community",
  "Strands",
  "Channel",
  "Category",
  "Summary",
  "Sentiment",
  "Priority",
  "Shareable",
  "Status",
  "Owner",
  "Response due on",
  "Responded on",
  "Response outcome",
  "Response",
  "Escalated",
] as const;

/**
 * Every item of the filtered list as a streamed CSV export, audited with its filter before the
 * first row is sent (see csvFromSnapshot). Contacts named in the feedback are left out: a reader
 * may see an item naming people of communities they may not see, and a file cannot ask later.
 */
export function exportFeedback(
  db: Db,
  actor: Actor,
  filter: FeedbackListFilter,
  now = new Date(),
  rowsPerChunk?: number,
): CsvExport {
  const today = londonToday(now);
  return csvFromSnapshot(db, {
    header: FEEDBACK_EXPORT_HEADER,
    rowsPerChunk,
    orderedIds: (snapshot) =>
      snapshot
        .select({ id: feedback.id })
        .from(feedback)
        .where(listWhere(actor, filter, today, "walked"))
        .orderBy(...listOrder(filter)),
    rowsOf: (snapshot, ids) =>
      snapshot
        .select({
          ...listColumns,
          responseText: feedback.responseText,
          strandKeys: sql<
            string | null
          >`(SELECT group_concat(${feedbackStrands.strandKey}, ' ') FROM ${feedbackStrands} WHERE ${feedbackStrands.feedbackId} = ${FEEDBACK_ID})`,
        })
        .from(feedback)
        .leftJoin(communities, eq(communities.id, feedback.communityId))
        .innerJoin(users, eq(users.id, feedback.ownerUserId))
        .where(inArray(feedback.id, ids))
        .all()
        .map((row) => ({
          id: row.id,
          cells: [
            row.id,
            row.receivedOn,
            row.communityName ?? "Whole group",
            row.strandKeys ?? "",
            FEEDBACK_CHANNEL_LABELS[row.channel],
            FEEDBACK_CATEGORY_LABELS[row.category],
            row.summary,
            row.sentiment,
            FEEDBACK_PRIORITY_LABELS[row.priority],
            row.isShareable ? "Yes" : "No",
            FEEDBACK_STATUS_LABELS[row.status],
            row.ownerName,
            row.responseDueOn,
            row.respondedOn ?? "",
            row.responseOutcome ? FEEDBACK_RESPONSE_OUTCOME_LABELS[row.responseOutcome] : "",
            row.responseText,
            row.escalatedAt ? "Yes" : "No",
          ],
        })),
    audit: (tx, rowCount) =>
      recordListExport(tx, {
        actorUserId: actor.id,
        entityType: "feedback",
        filter,
        leaveOut: ["page", "sort", "dir"],
        rows: rowCount,
        at: now,
      }),
  });
}

export const SHORT_LIST_LIMIT = 5;

/** The newest few items of one engagement, community or contact the actor may read, and how many in all. */
export function shortFeedbackList(
  db: Reader,
  actor: Actor,
  of: { engagement: number } | { community: number } | { contact: number },
) {
  let narrowed: SQL;
  if ("engagement" in of) narrowed = eq(feedback.engagementId, of.engagement);
  else if ("community" in of) narrowed = eq(feedback.communityId, of.community);
  else {
    narrowed = sql`${FEEDBACK_ID} IN (SELECT ${feedbackContacts.feedbackId} FROM ${feedbackContacts} WHERE ${feedbackContacts.contactId} = ${of.contact})`;
  }
  const where = and(narrowed, readableFeedbackCondition(actor));
  const total = db.select({ total: count() }).from(feedback).where(where).get()?.total ?? 0;
  const items = db
    .select({
      id: feedback.id,
      receivedOn: feedback.receivedOn,
      summary: feedback.summary,
      status: feedback.status,
      category: feedback.category,
      communityName: communities.name,
    })
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(where)
    .orderBy(desc(feedback.receivedOn), desc(feedback.id))
    .limit(SHORT_LIST_LIMIT)
    .all();
  return { items, total };
}
export type ShortFeedbackList = ReturnType<typeof shortFeedbackList>;

export const AWAITING_RESPONSE_LIMIT = 10;

/** Open items the actor owns that are overdue or due within seven days, soonest due first. */
export function feedbackAwaitingResponse(db: Reader, actor: Actor, now: Date) {
  const today = londonToday(now);
  const where = and(
    eq(feedback.ownerUserId, actor.id),
    OPEN,
    lte(feedback.responseDueOn, addDays(today, DUE_SOON_DAYS)),
  );
  const total = db.select({ total: count() }).from(feedback).where(where).get()?.total ?? 0;
  const items = db
    .select({
      id: feedback.id,
      summary: feedback.summary,
      responseDueOn: feedback.responseDueOn,
      status: feedback.status,
      communityName: communities.name,
    })
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(where)
    .orderBy(asc(feedback.responseDueOn), asc(feedback.id))
    .limit(AWAITING_RESPONSE_LIMIT)
    .all();
  return { items, total, today };
}

/**
 * The dashboard's feedback counts within the actor's scope. Three counts, each read along its own
 * index (open items by status and due date; escalated items by escalation), rather than one pass
 * over every open or escalated item: at 50,000 items 6.8 → under 1 ms for the steering group.
 */
export function feedbackDashboardCounts(db: Reader, actor: Actor, now: Date) {
  const today = londonToday(now);
  const scope = readableFeedbackCondition(actor);
  const countOf = (condition: SQL) =>
    db.select({ total: count() }).from(feedback).where(and(scope, condition)).get()?.total ?? 0;
  return {
    overdue: countOf(overdueCondition(today)),
    dueThisWeek: countOf(dueThisWeekCondition(today)),
    awaitingDecision: countOf(awaitingDecisionCondition()),
    today,
  };
}
