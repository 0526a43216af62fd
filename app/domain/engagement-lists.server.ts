// Reading engagements in bulk: the scoped, filtered list and its CSV export, the timelines of contacts,
// organisations and communities, an officer's "My work", and the dashboard's coverage matrix.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from "drizzle-orm";
import { recordScope, type Actor, type RecordScope } from "~/auth/policy";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import {
  communities,
  contacts,
  contactStrands,
  engagementCommunities,
  engagementContacts,
  engagementOfficers,
  engagements,
  engagementStrands,
  followUps,
  STRAND_KEYS,
  strands,
  users,
  type StrandKey,
} from "~/db/schema";
import { recordListExport } from "./audit.server";
import { strandNamesByKey } from "./strands.server";
import {
  allStampsKey,
  monthStamps,
  nextUtcMonthStart,
  RememberedFigures,
  stampsKey,
  utcMonth,
} from "./activity-stamps.server";
import { countUpTo, pageNumbers, type CappedCount } from "./list-paging.server";
import { csvFromSnapshot, type CsvExport } from "./csv.server";
import { listCommunities } from "./communities.server";
import { contactScopeCondition, MATCH_NOTHING } from "./directory-scope.server";
import {
  COVERAGE_DEFAULT_DAYS,
  ENGAGEMENT_FILTER_FIELDS,
  type EngagementListFilter,
} from "./engagement-lists.schema";
import { ENGAGEMENT_STATUS_LABELS, ENGAGEMENT_TYPE_LABELS } from "./engagements.schema";
import {
  addDays,
  daysBetween,
  londonDayStart,
  londonToday,
  toLondonWallClock,
} from "./london-time";

export const ENGAGEMENT_PAGE_SIZE = 25;
export const TIMELINE_PAGE_SIZE = 10;
export const UPCOMING_LIMIT = 10;
export const FOLLOW_UP_LIMIT = 10;
export const DUE_CONTACT_LIMIT = 10;
/** Follow-ups due this many days ahead count as "due soon". */
export const FOLLOW_UP_HORIZON_DAYS = 7;
/** A contact someone owns is due for contact after this many days without a held engagement. */
export const OWNED_CONTACT_DAYS = 90;

type Reader = Db | Tx;

// ---------------------------------------------------------------------------------------------
// Scope

/**
 * The policy's scope as a WHERE condition on engagements: visible when ANY of its communities is
 * one of a liaison officer's, or ANY of its strands one of a strand lead's. Probed per engagement
 * through the link tables' primary keys (engagement first), so a list read in date order along
 * engagements_by_start checks each row with one short seek. The `+` before the community or
 * strand column keeps SQLite from probing the community or strand index once per listed value
 * instead (measured 2-4x slower on the bench data).
 */
export function engagementScopeCondition(scope: RecordScope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "strands":
      return scope.strandKeys.length
        ? sql`EXISTS (SELECT 1 FROM ${engagementStrands} WHERE ${engagementStrands.engagementId} = ${engagements.id} AND ${inArray(sql`+${engagementStrands.strandKey}`, [...scope.strandKeys])})`
        : MATCH_NOTHING;
    case "communities": {
      const allowed: SQL[] = [];
      if (scope.communityIds.length) {
        allowed.push(
          sql`EXISTS (SELECT 1 FROM ${engagementCommunities} WHERE ${engagementCommunities.engagementId} = ${engagements.id} AND ${inArray(sql`+${engagementCommunities.communityId}`, [...scope.communityIds])})`,
        );
      }
      // The policy lets every liaison officer read a record of no community; engagements always
      // have one, but the rule stays the policy's, not a second one written here.
      if (scope.includeCommunityless) {
        allowed.push(
          sql`NOT EXISTS (SELECT 1 FROM ${engagementCommunities} WHERE ${engagementCommunities.engagementId} = ${engagements.id})`,
        );
      }
      return allowed.length ? or(...allowed) : MATCH_NOTHING;
    }
  }
}

function readScope(actor: Actor): SQL | undefined {
  return engagementScopeCondition(recordScope(actor, "read"));
}

// ---------------------------------------------------------------------------------------------
// The list and its export

/** The filters as conditions; link-table filters as IN, so SQLite may start from that table's index. */
function filterConditions(filter: EngagementListFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.community !== undefined) {
    conditions.push(
      sql`${engagements.id} IN (SELECT ${engagementCommunities.engagementId} FROM ${engagementCommunities} WHERE ${engagementCommunities.communityId} = ${filter.community})`,
    );
  }
  if (filter.strand !== undefined) {
    conditions.push(
      sql`${engagements.id} IN (SELECT ${engagementStrands.engagementId} FROM ${engagementStrands} WHERE ${engagementStrands.strandKey} = ${filter.strand})`,
    );
  }
  if (filter.officer !== undefined) {
    conditions.push(
      sql`${engagements.id} IN (SELECT ${engagementOfficers.engagementId} FROM ${engagementOfficers} WHERE ${engagementOfficers.userId} = ${filter.officer})`,
    );
  }
  if (filter.contact !== undefined) {
    conditions.push(
      sql`${engagements.id} IN (SELECT ${engagementContacts.engagementId} FROM ${engagementContacts} WHERE ${engagementContacts.contactId} = ${filter.contact})`,
    );
  }
  if (filter.type !== undefined) conditions.push(eq(engagements.type, filter.type));
  if (filter.status !== undefined) conditions.push(eq(engagements.status, filter.status));
  if (filter.marking !== undefined) conditions.push(eq(engagements.marking, filter.marking));
  // London calendar days: "to 31 March" runs until London's midnight at the end of that day.
  if (filter.from !== undefined) {
    conditions.push(gte(engagements.startsAt, londonDayStart(filter.from)));
  }
  if (filter.to !== undefined) {
    conditions.push(lt(engagements.startsAt, londonDayStart(addDays(filter.to, 1))));
  }
  return conditions;
}

function listWhere(actor: Actor, filter: EngagementListFilter): SQL | undefined {
  return and(readScope(actor), ...filterConditions(filter));
}

/**
 * The filters whose every input the activity stamps cover: an engagement's existence, status and
 * start, and its communities, strands and contacts. Officers, type and marking are not stamped, so
 * a count filtered by them is never remembered.
 */
const STAMPED_FILTER_FIELDS = new Set<string>([
  "community",
  "strand",
  "contact",
  "status",
  "from",
  "to",
]);

/**
 * A capped count of engagements, remembered under everything it reads: the scope, the filters and
 * the stamps of every month. Counting to the cap probes the scope of thousands of engagements
 * (4 ms for a liaison officer at half a million); reading the stamps costs a twentieth of that, and
 * any change to a counted record replaces a stamp, so a remembered count is never stale.
 */
function rememberedCount(
  db: Reader,
  counted: { table: SQLiteTable; where: SQL | undefined; key: unknown },
): CappedCount {
  const key = `${JSON.stringify(counted.key)}|${allStampsKey(db)}`;
  const known = rememberedCounts.get(key);
  if (known) return known;
  const total = countUpTo(db, counted.table, counted.where);
  rememberedCounts.set(key, total);
  return total;
}

const rememberedCounts = new RememberedFigures<CappedCount>(1000);

function listCount(db: Reader, actor: Actor, filter: EngagementListFilter, where: SQL | undefined) {
  const filters = Object.entries(filter).filter(
    ([field, value]) => field !== "page" && value !== undefined,
  );
  if (!filters.every(([field]) => STAMPED_FILTER_FIELDS.has(field))) {
    return countUpTo(db, engagements, where);
  }
  return rememberedCount(db, {
    table: engagements,
    where,
    key: ["list", recordScope(actor, "read"), filters],
  });
}

/** Newest first; the id makes the order total, so a row never appears on two pages. */
const NEWEST_FIRST = [desc(engagements.startsAt), desc(engagements.id)];

/** What a list of engagements shows of each. */
export const engagementSummaryColumns = {
  id: engagements.id,
  title: engagements.title,
  type: engagements.type,
  status: engagements.status,
  startsAt: engagements.startsAt,
  durationMinutes: engagements.durationMinutes,
  location: engagements.location,
  isOnline: engagements.isOnline,
  marking: engagements.marking,
};

function groupBy<K, V>(rows: readonly (V & { engagementId: number })[], pick: (row: V) => K) {
  const grouped = new Map<number, K[]>();
  for (const row of rows) {
    const list = grouped.get(row.engagementId) ?? [];
    list.push(pick(row));
    grouped.set(row.engagementId, list);
  }
  return grouped;
}

/** Communities, strands, officers and how many contacts attended, for one page of engagements: four queries, however long the page. */
function pageDetails(db: Reader, engagementIds: readonly number[]) {
  const ids = [...engagementIds];
  if (ids.length === 0) {
    return {
      communities: new Map<number, { id: number; name: string }[]>(),
      strands: new Map<number, { key: StrandKey; name: string }[]>(),
      officers: new Map<number, { id: number; displayName: string }[]>(),
      contactCounts: new Map<number, number>(),
    };
  }
  const communityRows = db
    .select({
      engagementId: engagementCommunities.engagementId,
      id: communities.id,
      name: communities.name,
    })
    .from(engagementCommunities)
    .innerJoin(communities, eq(communities.id, engagementCommunities.communityId))
    .where(inArray(engagementCommunities.engagementId, ids))
    .orderBy(asc(communities.name), asc(communities.id))
    .all();
  const strandRows = db
    .select({ engagementId: engagementStrands.engagementId, key: strands.key, name: strands.name })
    .from(engagementStrands)
    .innerJoin(strands, eq(strands.key, engagementStrands.strandKey))
    .where(inArray(engagementStrands.engagementId, ids))
    .orderBy(asc(strands.position))
    .all();
  const officerRows = db
    .select({
      engagementId: engagementOfficers.engagementId,
      id: users.id,
      displayName: users.displayName,
    })
    .from(engagementOfficers)
    .innerJoin(users, eq(users.id, engagementOfficers.userId))
    .where(inArray(engagementOfficers.engagementId, ids))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
  const contactCounts = db
    .select({ engagementId: engagementContacts.engagementId, contacts: count() })
    .from(engagementContacts)
    .where(inArray(engagementContacts.engagementId, ids))
    .groupBy(engagementContacts.engagementId)
    .all();
  return {
    communities: groupBy(communityRows, (row) => ({ id: row.id, name: row.name })),
    strands: groupBy(strandRows, (row) => ({ key: row.key, name: row.name })),
    officers: groupBy(officerRows, (row) => ({ id: row.id, displayName: row.displayName })),
    contactCounts: new Map(contactCounts.map((row) => [row.engagementId, row.contacts])),
  };
}

/** One page of the engagements the actor may see, filtered in SQL, newest first, with the total. */
export function listEngagements(db: Db, actor: Actor, filter: EngagementListFilter) {
  const where = listWhere(actor, filter);
  const { total, totalIsLowerBound } = listCount(db, actor, filter, where);
  const { page, pageCount, offset } = pageNumbers(total, filter.page ?? 1, ENGAGEMENT_PAGE_SIZE);
  const rows = db
    .select(engagementSummaryColumns)
    .from(engagements)
    .where(where)
    .orderBy(...NEWEST_FIRST)
    .limit(ENGAGEMENT_PAGE_SIZE)
    .offset(offset)
    .all();
  const details = pageDetails(
    db,
    rows.map((row) => row.id),
  );
  return {
    engagements: rows.map((row) => ({
      ...row,
      communities: details.communities.get(row.id) ?? [],
      strands: details.strands.get(row.id) ?? [],
      officers: details.officers.get(row.id) ?? [],
      contactCount: details.contactCounts.get(row.id) ?? 0,
    })),
    total,
    totalIsLowerBound,
    page,
    pageCount,
  };
}

export const ENGAGEMENT_EXPORT_HEADER = [
  "Number",
  "Title",
  "Type",
  "Status",
  "Date (London)",
  "Start time (London)",
  "Duration (minutes)",
  "Place",
  "Online",
  "Communities",
  "Strands",
  "Attending officers",
  "Attending contacts (number)",
  "Purpose",
  "Sentiment",
  "Protective marking",
] as const;

/**
 * Every engagement of the filtered list (the actor's scope, no pagination) as a streamed CSV
 * export, audited with its filter before the first row is sent (see csvFromSnapshot).
 *
 * Minutes and outcomes are not exported: the marking decides per reader whether they may be read
 * (OFFICIAL-SENSITIVE minutes only for attending officers, the strands' leads and admins), and a
 * file, once downloaded, can no longer ask. Attending contacts are a number, not names: an
 * engagement the actor may see can include people of communities they may not.
 */
export function exportEngagements(
  db: Db,
  actor: Actor,
  filter: EngagementListFilter,
  now = new Date(),
  rowsPerChunk?: number,
): CsvExport {
  // Every column spelt out with its table (see `qualified`): a bare "id" inside these subqueries
  // would name the joined community's or officer's.
  const engagementId = qualified(engagements, engagements.id);
  // Read in the same synchronous turn as the snapshot opens: no write of this server comes between.
  const strandNames = strandNamesByKey(db);
  return csvFromSnapshot(db, {
    header: ENGAGEMENT_EXPORT_HEADER,
    rowsPerChunk,
    orderedIds: (snapshot) =>
      snapshot
        .select({ id: engagements.id })
        .from(engagements)
        .where(listWhere(actor, filter))
        .orderBy(...NEWEST_FIRST),
    rowsOf: (snapshot, ids) =>
      snapshot
        .select({
          ...engagementSummaryColumns,
          purpose: engagements.purpose,
          sentiment: engagements.sentiment,
          // Gathered in the same statement, so a chunk costs one query however long it is.
          communityNames: sql<
            string | null
          >`(SELECT group_concat(${qualified(communities, communities.name)}, '; ' ORDER BY ${qualified(communities, communities.name)}) FROM ${engagementCommunities} JOIN ${communities} ON ${qualified(communities, communities.id)} = ${qualified(engagementCommunities, engagementCommunities.communityId)} WHERE ${qualified(engagementCommunities, engagementCommunities.engagementId)} = ${engagementId})`,
          strandKeys: sql<
            string | null
          >`(SELECT group_concat(${qualified(engagementStrands, engagementStrands.strandKey)}, ' ') FROM ${engagementStrands} WHERE ${qualified(engagementStrands, engagementStrands.engagementId)} = ${engagementId})`,
          officerNames: sql<
            string | null
          >`(SELECT group_concat(${qualified(users, users.displayName)}, '; ' ORDER BY ${qualified(users, users.displayName)}) FROM ${engagementOfficers} JOIN ${users} ON ${qualified(users, users.id)} = ${qualified(engagementOfficers, engagementOfficers.userId)} WHERE ${qualified(engagementOfficers, engagementOfficers.engagementId)} = ${engagementId})`,
          contactCount: sql<number>`(SELECT count(*) FROM ${engagementContacts} WHERE ${qualified(engagementContacts, engagementContacts.engagementId)} = ${engagementId})`,
        })
        .from(engagements)
        .where(inArray(engagements.id, ids))
        .all()
        .map((row) => {
          const wallClock = toLondonWallClock(row.startsAt);
          const keys = (row.strandKeys ?? "").split(" ");
          return {
            id: row.id,
            cells: [
              row.id,
              row.title,
              ENGAGEMENT_TYPE_LABELS[row.type],
              ENGAGEMENT_STATUS_LABELS[row.status],
              wallClock.date,
              wallClock.time,
              row.durationMinutes,
              row.location,
              row.isOnline ? "yes" : "no",
              row.communityNames ?? "",
              STRAND_KEYS.filter((key) => keys.includes(key))
                .map((key) => strandNames.get(key) ?? key)
                .join("; "),
              row.officerNames ?? "",
              row.contactCount,
              row.purpose,
              row.sentiment,
              row.marking,
            ],
          };
        }),
    audit: (tx, rowCount) =>
      recordListExport(tx, {
        actorUserId: actor.id,
        entityType: "engagement",
        // The filter fields only: the page number is not part of what was exported.
        filter: Object.fromEntries(ENGAGEMENT_FILTER_FIELDS.map((field) => [field, filter[field]])),
        leaveOut: [],
        rows: rowCount,
        at: now,
      }),
  });
}

/** Officers the list can be filtered by: everyone who may attend, deactivated ones too (they attended once). */
export function engagementOfficerFilterChoices(db: Reader) {
  return db
    .select({ id: users.id, displayName: users.displayName, isActive: users.isActive })
    .from(users)
    .where(ne(users.role, "steering"))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** A contact's name for the "engagements with …" filter heading, only when the actor may see the contact. */
export function visibleContactName(db: Reader, actor: Actor, contactId: number): string | null {
  const row = db
    .select({ name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), contactScopeCondition(recordScope(actor, "read"))))
    .get();
  return row?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Timelines

/** One page of the engagements meeting `condition` that the actor may see, newest first. */
function timeline(
  db: Reader,
  actor: Actor,
  condition: SQL,
  requestedPage: number,
  counted?: CappedCount,
) {
  const where = and(condition, readScope(actor));
  const { total, totalIsLowerBound } = counted ?? countUpTo(db, engagements, where);
  const { page, pageCount, offset } = pageNumbers(total, requestedPage, TIMELINE_PAGE_SIZE);
  const rows = db
    .select({
      id: engagements.id,
      title: engagements.title,
      type: engagements.type,
      status: engagements.status,
      startsAt: engagements.startsAt,
      marking: engagements.marking,
    })
    .from(engagements)
    .where(where)
    .orderBy(...NEWEST_FIRST)
    .limit(TIMELINE_PAGE_SIZE)
    .offset(offset)
    .all();
  return { engagements: rows, total, totalIsLowerBound, page, pageCount };
}

/** Engagements the contact attended. */
export function contactTimeline(db: Reader, actor: Actor, contactId: number, page: number) {
  return timeline(
    db,
    actor,
    sql`${engagements.id} IN (SELECT ${engagementContacts.engagementId} FROM ${engagementContacts} WHERE ${engagementContacts.contactId} = ${contactId})`,
    page,
  );
}

/** Engagements attended by any of the organisation's contacts, archived ones included (they were there). */
export function organisationTimeline(
  db: Reader,
  actor: Actor,
  organisationId: number,
  page: number,
) {
  return timeline(
    db,
    actor,
    sql`${engagements.id} IN (SELECT ${engagementContacts.engagementId} FROM ${engagementContacts} WHERE ${engagementContacts.contactId} IN (SELECT ${contacts.id} FROM ${contacts} WHERE ${contacts.organisationId} = ${organisationId}))`,
    page,
  );
}

/**
 * Engagements of the community. A community holds a large share of all engagements, so the page
 * probes each engagement as the newest-first walk passes it (gathering the community's tens of
 * thousands first and sorting them took 230 ms at half a million engagements; the walk, under
 * 1 ms), and the capped count reads the community's own links, checking scope on each.
 */
export function communityTimeline(db: Reader, actor: Actor, communityId: number, page: number) {
  const scope = readScope(actor);
  // Counted from the community's links, the engagements themselves read only for the scope.
  const counted = rememberedCount(db, {
    table: engagementCommunities,
    where: and(
      eq(engagementCommunities.communityId, communityId),
      scope
        ? sql`EXISTS (SELECT 1 FROM ${engagements} WHERE ${engagements.id} = ${engagementCommunities.engagementId} AND ${scope})`
        : undefined,
    ),
    key: ["community", communityId, recordScope(actor, "read")],
  });
  return timeline(
    db,
    actor,
    sql`EXISTS (SELECT 1 FROM ${engagementCommunities} WHERE ${engagementCommunities.engagementId} = ${engagements.id} AND ${engagementCommunities.communityId} = ${communityId})`,
    page,
    counted,
  );
}

// ---------------------------------------------------------------------------------------------
// My work

/** The planned engagements the officer attends from now on, soonest first, and how many there are. */
export function upcomingEngagementsFor(db: Reader, actor: Actor, now: Date) {
  const where = and(
    sql`${engagements.id} IN (SELECT ${engagementOfficers.engagementId} FROM ${engagementOfficers} WHERE ${engagementOfficers.userId} = ${actor.id})`,
    eq(engagements.status, "planned"),
    gte(engagements.startsAt, now),
    readScope(actor),
  );
  const total = db.select({ total: count() }).from(engagements).where(where).get()?.total ?? 0;
  const rows = db
    .select(engagementSummaryColumns)
    .from(engagements)
    .where(where)
    .orderBy(asc(engagements.startsAt), asc(engagements.id))
    .limit(UPCOMING_LIMIT)
    .all();
  return { engagements: rows, total };
}

/**
 * The officer's open follow-ups due within the horizon or overdue, most overdue first. A follow-up
 * is the officer's to do even on an engagement they can no longer open, so it is listed; only the
 * link to that engagement is left out.
 */
export function followUpsDueFor(db: Reader, actor: Actor, now: Date) {
  const today = londonToday(now);
  const where = and(
    eq(followUps.ownerUserId, actor.id),
    isNull(followUps.completedAt),
    sql`${followUps.dueOn} <= ${addDays(today, FOLLOW_UP_HORIZON_DAYS)}`,
  );
  const total = db.select({ total: count() }).from(followUps).where(where).get()?.total ?? 0;
  const scope = readScope(actor);
  const rows = db
    .select({
      id: followUps.id,
      description: followUps.description,
      dueOn: followUps.dueOn,
      engagementId: engagements.id,
      engagementTitle: engagements.title,
      engagementVisible: sql<number>`CASE WHEN ${scope ?? sql`1`} THEN 1 ELSE 0 END`,
    })
    .from(followUps)
    .innerJoin(engagements, eq(engagements.id, followUps.engagementId))
    .where(where)
    .orderBy(asc(followUps.dueOn), asc(followUps.id))
    .limit(FOLLOW_UP_LIMIT)
    .all();
  return {
    followUps: rows.map(({ engagementVisible, engagementTitle, ...row }) => ({
      ...row,
      /** Negative when overdue: -3 is "3 days overdue". */
      daysUntilDue: daysBetween(today, row.dueOn),
      engagement: engagementVisible ? { id: row.engagementId, title: engagementTitle } : null,
    })),
    total,
  };
}

/** Days since 1970-01-01 of a London calendar date. */
function dayNumber(isoDate: string): number {
  return daysBetween("1970-01-01", isoDate);
}

/**
 * The London calendar day of an instant column, as days since 1970-01-01: UTC plus an hour
 * during British Summer Time, which runs from 01:00 UTC on the last Sunday of March to 01:00 UTC
 * on the last Sunday of October (the first Sunday on or after the 25th). Computed in SQL so a
 * per-contact cadence can be compared in the query rather than after loading every key contact.
 */
export function londonDayNumber(column: SQLWrapper): SQL<number> {
  const seconds = sql`CAST(${column} / 1000 AS INTEGER)`;
  const year = sql`strftime('%Y', ${seconds}, 'unixepoch')`;
  const summerStarts = sql`(CAST(strftime('%s', ${year} || '-03-25', 'weekday 0') AS INTEGER) + 3600)`;
  const summerEnds = sql`(CAST(strftime('%s', ${year} || '-10-25', 'weekday 0') AS INTEGER) + 3600)`;
  return sql<number>`CAST((${seconds} + CASE WHEN ${seconds} >= ${summerStarts} AND ${seconds} < ${summerEnds} THEN 3600 ELSE 0 END) / 86400 AS INTEGER)`;
}

/**
 * Contacts due for contact, oldest first (never engaged at the top), and how many there are:
 * - key contacts (a cadence set, not archived) the officer may edit, whose last held engagement
 *   is at least their cadence in London calendar days ago, or who were never engaged;
 * - contacts the officer owns (not archived) not engaged for 90 days or more, or never.
 * A contact is due once the cadence has run out: a 30-day cadence last met 30 days ago is due
 * today. An admin may edit every contact, so for them only the key contacts they own count.
 */
export function contactsDueForContact(db: Reader, actor: Actor, now: Date) {
  const today = londonToday(now);
  const todayNumber = dayNumber(today);
  const startOfToday = londonDayStart(today);
  const writeScope = recordScope(actor, "write");
  let keyContactScope: SQL | undefined;
  if (actor.role === "admin") keyContactScope = eq(contacts.ownerUserId, actor.id);
  else if (writeScope.kind === "strands") {
    // Gathered from the strands' index rather than probed contact by contact across the table.
    keyContactScope = writeScope.strandKeys.length
      ? sql`${contacts.id} IN (SELECT ${contactStrands.contactId} FROM ${contactStrands} WHERE ${inArray(contactStrands.strandKey, [...writeScope.strandKeys])})`
      : MATCH_NOTHING;
  } else keyContactScope = contactScopeCondition(writeScope);
  const cadenceDue = and(
    isNotNull(contacts.keyContactCadenceDays),
    keyContactScope,
    or(
      isNull(contacts.lastEngagedAt),
      // The range is a cheap first cut along the index: every due contact was last seen before today.
      and(
        lt(contacts.lastEngagedAt, startOfToday),
        sql`${londonDayNumber(contacts.lastEngagedAt)} <= ${todayNumber} - ${contacts.keyContactCadenceDays}`,
      ),
    ),
  );
  const ownedSince = londonDayStart(addDays(today, 1 - OWNED_CONTACT_DAYS));
  const ownedDue = and(
    eq(contacts.ownerUserId, actor.id),
    or(isNull(contacts.lastEngagedAt), lt(contacts.lastEngagedAt, ownedSince)),
  );
  const where = and(isNull(contacts.archivedAt), or(cadenceDue, ownedDue));
  const total = db.select({ total: count() }).from(contacts).where(where).get()?.total ?? 0;
  const rows = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      keyContactCadenceDays: contacts.keyContactCadenceDays,
      ownerUserId: contacts.ownerUserId,
      lastEngagedAt: contacts.lastEngagedAt,
    })
    .from(contacts)
    .where(where)
    .orderBy(
      desc(sql`${contacts.lastEngagedAt} IS NULL`),
      asc(contacts.lastEngagedAt),
      asc(contacts.sortName),
      asc(contacts.id),
    )
    .limit(DUE_CONTACT_LIMIT)
    .all();
  return {
    contacts: rows.map((row) => ({
      ...row,
      ownedByMe: row.ownerUserId === actor.id,
      daysSinceEngaged:
        row.lastEngagedAt === null
          ? null
          : todayNumber - dayNumber(toLondonWallClock(row.lastEngagedAt).date),
    })),
    total,
  };
}

// ---------------------------------------------------------------------------------------------
// Coverage matrix

/** The default period: the last 90 days, today included. */
export function defaultCoveragePeriod(now: Date): { from: string; to: string } {
  const today = londonToday(now);
  return { from: addDays(today, 1 - COVERAGE_DEFAULT_DAYS), to: today };
}

/**
 * The period the matrix covers for what the user chose: both ends, one end (the other keeps the
 * default length, or today, without crossing it) or neither (the default period).
 */
export function coveragePeriodFor(
  chosen: { from?: string; to?: string },
  now: Date,
): { from: string; to: string } {
  const fallback = defaultCoveragePeriod(now);
  const from =
    chosen.from ?? (chosen.to ? addDays(chosen.to, 1 - COVERAGE_DEFAULT_DAYS) : fallback.from);
  const to = chosen.to ?? (chosen.from && chosen.from > fallback.to ? chosen.from : fallback.to);
  return { from, to };
}

/**
 * Held engagements per community × strand in the period (London days, both ends included), within
 * the actor's scope, for the active communities the actor may see. An engagement of two
 * communities and two strands counts once in each of the four cells; the totals count each
 * engagement once, so they can be less than the sum of their cells.
 */
export function coverageMatrix(db: Db, actor: Actor, period: { from: string; to: string }) {
  const rows = listCommunities(db, actor).map((community) => ({
    id: community.id,
    name: community.name,
  }));
  const columns = db
    .select({ key: strands.key, name: strands.name })
    .from(strands)
    .orderBy(asc(strands.position))
    .all();
  const counts = rows.length
    ? coverageCounts(
        db,
        actor,
        rows.map((row) => row.id),
        londonDayStart(period.from),
        londonDayStart(addDays(period.to, 1)),
      )
    : noCoverage();
  return {
    period,
    strands: columns,
    communities: rows.map((row) => ({
      ...row,
      cells: columns.map((column) => ({
        strandKey: column.key,
        engagements: counts.cells.get(`${row.id}:${column.key}`) ?? 0,
      })),
      total: counts.rows.get(row.id) ?? 0,
    })),
    columnTotals: columns.map((column) => ({
      strandKey: column.key,
      engagements: counts.columns.get(column.key) ?? 0,
    })),
    total: counts.total,
  };
}

/** Held engagements counted per (community, strand), per community, per strand and in all. */
type CoverageCounts = {
  cells: Map<string, number>;
  rows: Map<number, number>;
  columns: Map<StrandKey, number>;
  total: number;
};

function noCoverage(): CoverageCounts {
  return { cells: new Map(), rows: new Map(), columns: new Map(), total: 0 };
}

function addTo<K>(sum: Map<K, number>, part: Map<K, number>): void {
  for (const [key, n] of part) sum.set(key, (sum.get(key) ?? 0) + n);
}

/** Enough for every scope's months of a few years of periods. */
const rememberedCoverage = new RememberedFigures<CoverageCounts>(5000);

/**
 * The counts of [start, end), month by UTC month: each month's part is remembered under the
 * month's stamp, so a long period is read from the records only where they changed (the current
 * month, mostly). An engagement starts in exactly one month, so the parts add up, totals included.
 */
function coverageCounts(
  db: Db,
  actor: Actor,
  communityIds: number[],
  start: Date,
  end: Date,
): CoverageCounts {
  const parts: { from: Date; to: Date; month: string }[] = [];
  for (let from = start; from < end;) {
    const next = nextUtcMonthStart(from);
    const to = next < end ? next : end;
    parts.push({ from, to, month: utcMonth(from) });
    from = to;
  }
  const stamps = monthStamps(
    db,
    parts.map((part) => part.month),
  );
  const scopeKey = `${JSON.stringify(recordScope(actor, "read"))}|${communityIds.join(",")}`;
  const sum = noCoverage();
  for (const part of parts) {
    const key = `${scopeKey}|${part.from.getTime()}|${part.to.getTime()}|${stampsKey(stamps, [part.month])}`;
    let counts = rememberedCoverage.get(key);
    if (!counts) {
      counts = countCoverage(db, actor, communityIds, part.from, part.to);
      rememberedCoverage.set(key, counts);
    }
    addTo(sum.cells, counts.cells);
    addTo(sum.rows, counts.rows);
    addTo(sum.columns, counts.columns);
    sum.total += counts.total;
  }
  return sum;
}

/**
 * One pass over the held engagements of [start, end), one row per (engagement, shown community,
 * strand); the cells and the three kinds of totals come from the same rows, so the period is read
 * once, not four times. Totals count an engagement once however many cells it fills. Plain arrays
 * rather than objects: tens of thousands of rows in a long period.
 */
function countCoverage(
  db: Db,
  actor: Actor,
  communityIds: number[],
  start: Date,
  end: Date,
): CoverageCounts {
  const links = db
    .select({
      engagementId: engagements.id,
      communityId: engagementCommunities.communityId,
      strandKey: engagementStrands.strandKey,
    })
    .from(engagements)
    .innerJoin(engagementCommunities, eq(engagementCommunities.engagementId, engagements.id))
    .innerJoin(engagementStrands, eq(engagementStrands.engagementId, engagements.id))
    .where(
      and(
        eq(engagements.status, "held"),
        gte(engagements.startsAt, start),
        lt(engagements.startsAt, end),
        readScope(actor),
        inArray(engagementCommunities.communityId, communityIds),
      ),
    )
    .values() as [number, number, StrandKey][];
  const cells = new Map<string, number>();
  const perRow = new Map<number, Set<number>>();
  const perColumn = new Map<StrandKey, Set<number>>();
  const everyEngagement = new Set<number>();
  for (const [engagementId, communityId, strandKey] of links) {
    const key = `${communityId}:${strandKey}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    const inRow = perRow.get(communityId) ?? new Set<number>();
    inRow.add(engagementId);
    perRow.set(communityId, inRow);
    const inColumn = perColumn.get(strandKey) ?? new Set<number>();
    inColumn.add(engagementId);
    perColumn.set(strandKey, inColumn);
    everyEngagement.add(engagementId);
  }
  return {
    cells,
    rows: new Map([...perRow].map(([communityId, ids]) => [communityId, ids.size])),
    columns: new Map([...perColumn].map(([strandKey, ids]) => [strandKey, ids.size])),
    total: everyEngagement.size,
  };
}
