// The retention review: the people the programme may no longer need to hold. Archived records
// kept a long time are candidates for erasure; current records nobody has engaged with for years
// are candidates for archiving. Both lists are read oldest first along their own indexes.
import { and, asc, eq, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { communities, contacts } from "~/db/schema";
import { countUpTo, pageNumbers } from "./list-paging.server";

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

const rowColumns = {
  id: contacts.id,
  name: contacts.name,
  latinName: contacts.latinName,
  communityName: communities.name,
};

/** The count (capped) and the page to show of one list. */
function paging(db: Reader, where: SQL | undefined, requestedPage: number) {
  const { total, totalIsLowerBound } = countUpTo(db, contacts, where);
  const { page, pageCount, offset } = pageNumbers(total, requestedPage, RETENTION_PAGE_SIZE);
  return { offset, list: { total, totalIsLowerBound, page, pageCount } };
}

/** Archived more than ARCHIVED_REVIEW_MONTHS ago, longest archived first. */
export function archivedForReview(db: Reader, now: Date, requestedPage: number) {
  const where = and(
    isNotNull(contacts.archivedAt),
    lt(contacts.archivedAt, monthsBefore(now, ARCHIVED_REVIEW_MONTHS)),
  );
  const { offset, list } = paging(db, where, requestedPage);
  const rows = db
    .select({ ...rowColumns, archivedAt: contacts.archivedAt })
    .from(contacts)
    .leftJoin(communities, eq(communities.id, contacts.communityId))
    .where(where)
    .orderBy(asc(contacts.archivedAt), asc(contacts.id))
    .limit(RETENTION_PAGE_SIZE)
    .offset(offset)
    .all();
  return { rows, ...list };
}

/** Current records with no engagement (or, never engaged, added) over DORMANT_REVIEW_MONTHS ago. */
export function dormantForReview(db: Reader, now: Date, requestedPage: number) {
  const where = and(
    isNull(contacts.archivedAt),
    // Instants are stored as milliseconds; a bare expression does not convert a Date as a column does.
    sql`${QUIET_SINCE} < ${monthsBefore(now, DORMANT_REVIEW_MONTHS).getTime()}`,
  );
  const { offset, list } = paging(db, where, requestedPage);
  const rows = db
    .select({
      ...rowColumns,
      lastEngagedAt: contacts.lastEngagedAt,
      createdAt: contacts.createdAt,
    })
    .from(contacts)
    .leftJoin(communities, eq(communities.id, contacts.communityId))
    .where(where)
    .orderBy(asc(QUIET_SINCE), asc(contacts.id))
    .limit(RETENTION_PAGE_SIZE)
    .offset(offset)
    .all();
  return { rows, ...list };
}
