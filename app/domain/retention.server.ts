// The retention review: the people the programme may no longer need to hold. Archived records
// kept a long time are candidates for erasure; current records nobody has engaged with for years
// are candidates for archiving. Both lists are read oldest first along their own indexes.
import { and, asc, eq, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Actor } from "~/auth/policy";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "~/db/client.server";
import { communities, contacts } from "~/db/schema";
import { changedFields, recordAudit } from "./audit.server";
import { RETENTION_DECISION_MAX_YEARS, type RetentionDecisionInput } from "./contacts.schema";
import { countUpTo, pageNumbers } from "./list-paging.server";
import { addDays, londonToday } from "./london-time";

type Reader = Db | Tx;

/**
 * How long an archived record is kept before the review asks whether to erase it, and how long a
 * current record may go without an engagement before it asks whether to archive it. Defaults for
 * the data-protection lead to confirm against the force's retention schedule.
 */
export const ARCHIVED_REVIEW_MONTHS = 24;
export const DORMANT_REVIEW_MONTHS = 36;
export const RETENTION_PAGE_SIZE = 25;

/** The instant `months` calendar months before `now` (UTC; a day either way does not matter here). */
export function monthsBefore(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** Last engaged, or added when never engaged: the expression `contacts_dormancy` indexes. */
const QUIET_SINCE = sql<Date>`coalesce(${contacts.lastEngagedAt}, ${contacts.createdAt})`.mapWith(
  contacts.createdAt,
);

/** Not kept past the period by a decision that still runs (it lapses the day after its date). */
function notKept(now: Date): SQL {
  return sql`(${contacts.retainedUntil} IS NULL OR ${contacts.retainedUntil} < ${londonToday(now)})`;
}

/**
 * One page of a review list, with its capped count: the person's name and community, and the
 * list's own columns.
 */
function reviewPage<Columns extends Record<string, SQLiteColumn | SQL.Aliased | SQL>>(
  db: Reader,
  list: { where: SQL | undefined; order: SQL[]; columns: Columns },
  requestedPage: number,
) {
  const { total, totalIsLowerBound } = countUpTo(db, contacts, list.where);
  const { page, pageCount, offset } = pageNumbers(total, requestedPage, RETENTION_PAGE_SIZE);
  const rows = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      communityName: communities.name,
      ...list.columns,
    })
    .from(contacts)
    .leftJoin(communities, eq(communities.id, contacts.communityId))
    .where(list.where)
    .orderBy(...list.order)
    .limit(RETENTION_PAGE_SIZE)
    .offset(offset)
    .all();
  return { rows, total, totalIsLowerBound, page, pageCount };
}

/** Archived more than ARCHIVED_REVIEW_MONTHS ago, longest archived first. */
export function archivedForReview(db: Reader, now: Date, requestedPage: number) {
  return reviewPage(
    db,
    {
      where: and(
        isNotNull(contacts.archivedAt),
        lt(contacts.archivedAt, monthsBefore(now, ARCHIVED_REVIEW_MONTHS)),
        notKept(now),
      ),
      order: [asc(contacts.archivedAt), asc(contacts.id)],
      columns: { archivedAt: contacts.archivedAt },
    },
    requestedPage,
  );
}

/** Current records with no engagement (or, never engaged, added) over DORMANT_REVIEW_MONTHS ago. */
export function dormantForReview(db: Reader, now: Date, requestedPage: number) {
  return reviewPage(
    db,
    {
      where: and(
        isNull(contacts.archivedAt),
        // Instants are stored as milliseconds; a bare expression does not convert a Date as a
        // column does.
        sql`${QUIET_SINCE} < ${monthsBefore(now, DORMANT_REVIEW_MONTHS).getTime()}`,
        notKept(now),
      ),
      order: [asc(QUIET_SINCE), asc(contacts.id)],
      columns: { lastEngagedAt: contacts.lastEngagedAt, createdAt: contacts.createdAt },
    },
    requestedPage,
  );
}

/** People kept past the period by a decision that still runs, the soonest to lapse first. */
export function keptForReview(db: Reader, now: Date, requestedPage: number) {
  return reviewPage(
    db,
    {
      where: sql`${contacts.retainedUntil} >= ${londonToday(now)}`,
      order: [asc(contacts.retainedUntil), asc(contacts.id)],
      columns: {
        retainedUntil: contacts.retainedUntil,
        retentionReason: contacts.retentionReason,
        archived: sql<boolean>`${contacts.archivedAt} IS NOT NULL`.mapWith(Boolean),
      },
    },
    requestedPage,
  );
}

/** One person's name and the decision to keep them, if any, or null when there is no such contact. */
export function retentionDecisionOf(db: Reader, contactId: number) {
  return (
    db
      .select({
        id: contacts.id,
        name: contacts.name,
        latinName: contacts.latinName,
        retainedUntil: contacts.retainedUntil,
        retentionReason: contacts.retentionReason,
      })
      .from(contacts)
      .where(eq(contacts.id, contactId))
      .get() ?? null
  );
}

export type RetentionDecisionResult =
  | { ok: true }
  | { ok: false; status: 400 | 404; fieldErrors?: Record<string, string[]>; formError?: string };

/**
 * Keeps a person past the retention period until a date, or (`null`) stops keeping them, audited
 * as a change of the contact. The date must be after today (London) and at most
 * RETENTION_DECISION_MAX_YEARS ahead: a review that never comes back is no review.
 */
export function recordRetentionDecision(
  db: Db,
  admin: Actor,
  contactId: number,
  decision: RetentionDecisionInput | null,
  now = new Date(),
): RetentionDecisionResult {
  if (decision) {
    const today = londonToday(now);
    const latest = addDays(today, RETENTION_DECISION_MAX_YEARS * 365);
    if (decision.retainedUntil <= today || decision.retainedUntil > latest) {
      return {
        ok: false,
        status: 400,
        fieldErrors: {
          retainedUntil: [
            `Choose a date after today and within ${RETENTION_DECISION_MAX_YEARS} years`,
          ],
        },
      };
    }
  }
  return db.transaction(
    (tx): RetentionDecisionResult => {
      const before = tx
        .select({
          retainedUntil: contacts.retainedUntil,
          retentionReason: contacts.retentionReason,
        })
        .from(contacts)
        .where(eq(contacts.id, contactId))
        .get();
      if (!before) return { ok: false, status: 404, formError: "There is no such contact" };
      const after = {
        retainedUntil: decision?.retainedUntil ?? null,
        retentionReason: decision?.retentionReason ?? "",
      };
      tx.update(contacts).set(after).where(eq(contacts.id, contactId)).run();
      recordAudit(tx, {
        actorUserId: admin.id,
        action: "update",
        entityType: "contact",
        entityId: contactId,
        changes: changedFields(before, after),
        detail: decision
          ? "Kept past the retention period"
          : "No longer kept past the retention period",
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
