// Contacts of the directory: scoped lists, search and export, the audited page view, audited writes, duplicates and merging.
import {
  actorOwnScope,
  directoryScopeRecord,
  MATCH_NOTHING,
  contactScopeCondition,
  organisationScopeCondition,
} from "./directory-scope.server";
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "~/db/client.server";
import {
  communities,
  contactMerges,
  contacts,
  contactStrands,
  contactTags,
  engagementContacts,
  feedbackContacts,
  organisations,
  STRAND_KEYS,
  strands,
  users,
  type OrganisationType,
  type StrandKey,
} from "~/db/schema";
import { can, recordScope, type Actor, type ScopedRecord } from "~/auth/policy";
import { LIST_COUNT_LIMIT, pageNumbers } from "./list-paging.server";
import { changedFields, recordAudit, recordListExport } from "./audit.server";
import { strandNamesByKey } from "./strands.server";
import { csvFromSnapshot, type CsvExport } from "./csv.server";
import {
  LAWFUL_BASIS_LABELS,
  ORGANISATION_CHOICE_ERROR,
  VETTING_STATUS_LABELS,
  contactSortDirection,
  type ContactInput,
  type ContactListFilter,
  CRG_DUTIES,
  CRG_DUTY_NOTICE_DAYS,
  type CrgDuty,
  type CrgDutyDue,
} from "./contacts.schema";
import {
  countDirectoryUpTo,
  directoryTableSize,
  directoryWhere,
  inIdOrder,
  orderAlong,
  pageOfIds,
  type DirectoryQuery,
  type DirectoryTable,
  type IndexedOrder,
  type LinkCondition,
} from "./directory-query.server";
import { contactMatchCondition, indexContact } from "./directory-search.server";
import { recomputeLastEngaged } from "./last-engaged.server";
import { pickerQuerySchema } from "./engagements.schema";
import { organisationIdSchema } from "./organisations.schema";
import { findOrganisationsForPicker, type PickerOrganisation } from "./organisations.server";
import { sortKey } from "./search-text";
import { addDays, daysBetween, londonToday } from "./london-time";

export const CONTACT_PAGE_SIZE = 25;
/**
 * The contact list stops counting here, as the engagement list does (LIST_COUNT_LIMIT):
 * beyond it the list says "more than" and offers the first 80 pages, so its cost does not grow
 * with the directory.
 */
export const CONTACT_COUNT_LIMIT = LIST_COUNT_LIMIT;
export const SEARCH_RESULT_LIMIT = 20;
/**
 * The header search stops counting contacts sooner than the list: it is for finding someone, and
 * a common name's matches grow with the directory ("Moh" at 100,000 contacts: 3,282). Its link
 * opens the list, which counts on to CONTACT_COUNT_LIMIT.
 */
export const SEARCH_COUNT_LIMIT = 500;

type Reader = Db | Tx;
type ContactRow = typeof contacts.$inferSelect;

/** What a refused write tells the form: errors per field, or one for the whole form. */
export type ContactWriteResult =
  | { ok: true; contactId: number }
  | {
      ok: false;
      /** 400 for field errors, 403 when the actor may not, 404 when it is gone, 409 when the state forbids it. */
      status: 400 | 403 | 404 | 409;
      fieldErrors?: Partial<Record<keyof ContactInput, string[]>>;
      formError?: string;
    };

/** Whether the actor may create contacts at all: steering may not; an unassigned officer has nowhere to. */
export function mayCreateContacts(actor: Actor): boolean {
  return can(actor, "record.create", actorOwnScope(actor));
}

/** Whether the form may offer "no community": only to those who may write community-less records. */
export function mayLeaveCommunityEmpty(actor: Actor): boolean {
  return can(actor, "record.create", { communityIds: [], strandKeys: actor.strandKeys });
}

const CONTACTS: DirectoryTable = {
  table: contacts,
  id: contacts.id,
  communityId: contacts.communityId,
  archivedAt: contacts.archivedAt,
  strands: contactStrands,
  strandOwnerId: contactStrands.contactId,
  strandKey: contactStrands.strandKey,
  byIdIndex: "contacts_by_id",
};

/** Indexes of schema.ts that hold the list in name and in last-change order, with every own filter column. */
const NAME_ORDER_INDEX = "contacts_by_name";
const UPDATED_ORDER_INDEX = "contacts_by_updated";

/**
 * Contacts of organisations of one type: a large share of the contacts, spread along every order,
 * like a tag. Gathered from the type's organisations when sorted, probed through the
 * organisation's id on a walk, and joined from the type's organisations when counted (a contact
 * has one organisation, so it is reached once).
 */
function organisationTypeLink(type: OrganisationType): LinkCondition {
  return {
    list: sql`${contacts.organisationId} IN (SELECT ${organisations.id} FROM ${organisations} WHERE ${organisations.type} = ${type})`,
    listIsOwnColumn: true,
    probe: sql`EXISTS (SELECT 1 FROM ${organisations} WHERE ${organisations.id} = ${contacts.organisationId} AND ${organisations.type} = ${type})`,
    joined: {
      from: sql`${organisations}`,
      table: sql`${contacts}`,
      on: sql`${contacts.organisationId} = ${organisations.id}`,
      where: sql`${organisations.type} = ${type}`,
    },
  };
}

/** Scope, search and filters of a list, search or export, sorted by how many rows each keeps. */
function listQuery(actor: Actor, filter: ContactListFilter, now: Date): DirectoryQuery {
  const own: SQL[] = [];
  const narrow: DirectoryQuery["narrow"] = [];
  const spread: DirectoryQuery["spread"] = [];
  let ownIsNarrow = false;
  if (filter.q) {
    const match = contactMatchCondition(filter.q);
    // Nothing searchable typed (only punctuation) matches nothing rather than everything.
    if (match) narrow.push(match);
    else own.push(MATCH_NOTHING);
  }
  if (filter.community !== undefined) {
    own.push(
      filter.community === "none"
        ? isNull(contacts.communityId)
        : eq(contacts.communityId, filter.community),
    );
    ownIsNarrow = true;
  }
  if (filter.orgType) spread.push(organisationTypeLink(filter.orgType));
  if (filter.owner !== undefined) {
    own.push(
      filter.owner === "none"
        ? isNull(contacts.ownerUserId)
        : eq(contacts.ownerUserId, filter.owner),
    );
    ownIsNarrow = true;
  }
  if (filter.tag) {
    spread.push({
      list: sql`${contacts.id} IN (SELECT ${contactTags.contactId} FROM ${contactTags} WHERE ${contactTags.tag} = ${filter.tag})`,
      probe: sql`EXISTS (SELECT 1 FROM ${contactTags} WHERE ${contactTags.contactId} = ${contacts.id} AND ${contactTags.tag} = ${filter.tag})`,
      // A contact holds a tag once.
      joined: {
        from: sql`${contactTags}`,
        table: sql`${contacts} INDEXED BY ${sql.identifier(CONTACTS.byIdIndex)}`,
        on: sql`${contacts.id} = ${contactTags.contactId}`,
        where: sql`${contactTags.tag} = ${filter.tag}`,
      },
    });
  }
  if (filter.crg === "yes" || filter.crg === "review-due") {
    own.push(eq(contacts.isCrgMember, true));
    ownIsNarrow = true;
  } else if (filter.crg === "no") own.push(eq(contacts.isCrgMember, false));
  if (filter.crg === "review-due") own.push(crgDutyDueBy(now));
  return {
    scope: recordScope(actor, "read"),
    own,
    ownIsNarrow,
    narrow,
    spread,
    strand: filter.strand,
    archived:
      filter.archived === "only" ? "only" : filter.archived === "include" ? "include" : "exclude",
  };
}

/** The list order, and the index a page can be read along in that order (none for owners). */
function listOrder(filter: ContactListFilter): { order: SQL[]; walk?: IndexedOrder } {
  const descending = contactSortDirection(filter) === "desc";
  const direction = descending ? desc : asc;
  // The id makes the order total, so a row never appears on two pages.
  switch (filter.sort) {
    case "updated":
      return orderAlong(CONTACTS, {
        index: UPDATED_ORDER_INDEX,
        column: contacts.updatedAt,
        descending,
      });
    case "owner":
      // Only the export sorts by owner in one statement; pages use pageOfIdsByOwner.
      return {
        order: [
          // Contacts nobody owns come last whichever way owners are sorted.
          asc(sql`${users.displayName} IS NULL`),
          direction(users.displayName),
          direction(users.id),
          asc(contacts.sortName),
          asc(contacts.id),
        ],
      };
    default:
      return orderAlong(CONTACTS, {
        index: NAME_ORDER_INDEX,
        column: contacts.sortName,
        descending,
      });
  }
}

/**
 * One page in owner order without sorting every match by a joined name: walk the officers in
 * name order, counting their matching contacts in growing batches until the page is reached,
 * then read only the contacts of the officers on the page. Contacts nobody owns come last
 * whichever way owners are sorted.
 */
function pageOfIdsByOwner(
  db: Reader,
  query: DirectoryQuery,
  direction: "asc" | "desc",
  page: { offset: number; limit: number; total: number },
): number[] {
  const byName = direction === "desc" ? desc : asc;
  const officers = db
    .select({ id: users.id })
    .from(users)
    .orderBy(byName(users.displayName), byName(users.id))
    .all()
    .map((user) => user.id);
  // One owner's contacts are few, so the strands are then probed rather than started from.
  const ownedBy = (owners: SQL) => ({ ...query, own: [...query.own, owners], ownIsNarrow: true });
  const pageEnd = page.offset + page.limit;
  const onPage: (number | null)[] = [];
  let skip = 0;
  let start = 0;
  let next = 0;
  for (let batchSize = 1; next < officers.length && start < pageEnd; batchSize *= 2) {
    const batch = officers.slice(next, next + batchSize);
    next += batch.length;
    const totals = new Map(
      db
        .select({ ownerUserId: contacts.ownerUserId, total: count() })
        .from(contacts)
        .where(directoryWhere(CONTACTS, ownedBy(inArray(contacts.ownerUserId, batch)), "seek"))
        .groupBy(contacts.ownerUserId)
        .all()
        .map((row) => [row.ownerUserId, row.total]),
    );
    for (const owner of batch) {
      const end = start + (totals.get(owner) ?? 0);
      if (end > page.offset && start < pageEnd) {
        if (onPage.length === 0) skip = page.offset - start;
        onPage.push(owner);
      }
      start = end;
    }
  }
  if (start < pageEnd && page.total > start) {
    if (onPage.length === 0) skip = page.offset - start;
    onPage.push(null);
  }
  if (onPage.length === 0) return [];
  const owned = onPage.filter((owner): owner is number => owner !== null);
  const owners = or(
    owned.length ? inArray(contacts.ownerUserId, owned) : undefined,
    onPage.includes(null) ? isNull(contacts.ownerUserId) : undefined,
  )!;
  const rank = sql.join(
    owned.map((owner, index) => sql`WHEN ${owner} THEN ${index}`),
    sql` `,
  );
  return db
    .select({ id: contacts.id })
    .from(contacts)
    .where(directoryWhere(CONTACTS, ownedBy(owners), "seek"))
    .orderBy(
      ...(owned.length ? [sql`CASE ${contacts.ownerUserId} ${rank} ELSE ${owned.length} END`] : []),
      asc(contacts.sortName),
      asc(contacts.id),
    )
    .limit(page.limit)
    .offset(skip)
    .all()
    .map((row) => row.id);
}

/** The ids of one page of a list, in list order. */
function pageOfContactIds(
  db: Reader,
  filter: ContactListFilter,
  query: DirectoryQuery,
  page: { offset: number; limit: number; total: number; totalIsLowerBound: boolean },
): number[] {
  if (filter.sort === "owner") {
    return pageOfIdsByOwner(db, query, contactSortDirection(filter), page);
  }
  return pageOfIds(db, CONTACTS, query, {
    ...listOrder(filter),
    ...page,
    tableSize: directoryTableSize(db, CONTACTS),
  });
}

/** Before any real date: an agreement or a declaration never recorded is due at once. */
const NEVER_RECORDED = "0000-01-01";

/**
 * When each of a CRG member's duties falls due, worked out by SQLite both to select and to filter,
 * so the list, its filter and My work agree to the day (a year after 29 February is 1 March). A
 * vetting review without a date is no duty yet (null).
 */
const CRG_DUTY_DUE_ON: Record<CrgDuty, SQL<string | null>> = {
  vettingReview: sql<string | null>`${contacts.vettingReviewOn}`,
  confidentiality: sql<string>`coalesce(date(${contacts.confidentialitySignedOn}, '+1 year'), ${NEVER_RECORDED})`,
  interests: sql<string>`coalesce(date(${contacts.interestsDeclaredOn}, '+1 year'), ${NEVER_RECORDED})`,
};

type CrgDutyDueOnColumns = { [Duty in CrgDuty as `${Duty}DueOn`]: SQL<string | null> };

/** The due dates as columns of a read, for crgDutiesDueOf. */
function crgDutyDueOnColumns(): CrgDutyDueOnColumns {
  return {
    vettingReviewDueOn: CRG_DUTY_DUE_ON.vettingReview,
    confidentialityDueOn: CRG_DUTY_DUE_ON.confidentiality,
    interestsDueOn: CRG_DUTY_DUE_ON.interests,
  };
}

const listColumns = {
  id: contacts.id,
  name: contacts.name,
  latinName: contacts.latinName,
  roleTitle: contacts.roleTitle,
  organisationId: contacts.organisationId,
  organisationName: organisations.name,
  communityId: contacts.communityId,
  communityName: communities.name,
  ownerUserId: contacts.ownerUserId,
  ownerName: users.displayName,
  isCrgMember: contacts.isCrgMember,
  ...crgDutyDueOnColumns(),
  archivedAt: contacts.archivedAt,
  updatedAt: contacts.updatedAt,
};

/** Strands of many contacts in one query, in the strands' fixed order. */
function strandsOf(db: Reader, contactIds: readonly number[]) {
  const byContact = new Map<number, { key: StrandKey; name: string }[]>();
  if (contactIds.length === 0) return byContact;
  const rows = db
    .select({ contactId: contactStrands.contactId, key: strands.key, name: strands.name })
    .from(contactStrands)
    .innerJoin(strands, eq(strands.key, contactStrands.strandKey))
    .where(inArray(contactStrands.contactId, [...contactIds]))
    .orderBy(asc(strands.position))
    .all();
  for (const row of rows) {
    const list = byContact.get(row.contactId) ?? [];
    list.push({ key: row.key, name: row.name });
    byContact.set(row.contactId, list);
  }
  return byContact;
}

/** Tags of many contacts in one query, alphabetically. */
function tagsOf(db: Reader, contactIds: readonly number[]) {
  const byContact = new Map<number, string[]>();
  if (contactIds.length === 0) return byContact;
  const rows = db
    .select({ contactId: contactTags.contactId, tag: contactTags.tag })
    .from(contactTags)
    .where(inArray(contactTags.contactId, [...contactIds]))
    .orderBy(asc(contactTags.tag))
    .all();
  for (const row of rows) {
    const list = byContact.get(row.contactId) ?? [];
    list.push(row.tag);
    byContact.set(row.contactId, list);
  }
  return byContact;
}

/** One page of the contacts the actor may see, filtered and sorted in SQL, with the capped total. */
export function listContacts(db: Db, actor: Actor, filter: ContactListFilter, now = new Date()) {
  const query = listQuery(actor, filter, now);
  const { total, totalIsLowerBound } = countDirectoryUpTo(db, CONTACTS, query, CONTACT_COUNT_LIMIT);
  const { page, pageCount } = pageNumbers(total, filter.page, CONTACT_PAGE_SIZE);
  const ids = pageOfContactIds(db, filter, query, {
    offset: (page - 1) * CONTACT_PAGE_SIZE,
    limit: CONTACT_PAGE_SIZE,
    total,
    totalIsLowerBound,
  });
  const rows = ids.length
    ? inIdOrder(
        ids,
        db
          .select(listColumns)
          .from(contacts)
          .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
          .leftJoin(communities, eq(communities.id, contacts.communityId))
          .leftJoin(users, eq(users.id, contacts.ownerUserId))
          .where(inArray(contacts.id, ids))
          .all(),
      )
    : [];
  const strandsByContact = strandsOf(db, ids);
  const tagsByContact = tagsOf(db, ids);
  const today = londonToday(now);
  return {
    contacts: rows.map(({ vettingReviewDueOn, confidentialityDueOn, interestsDueOn, ...row }) => ({
      ...row,
      strands: strandsByContact.get(row.id) ?? [],
      tags: tagsByContact.get(row.id) ?? [],
      crgDutiesDue:
        row.isCrgMember && !row.archivedAt
          ? crgDutiesDueOf({ vettingReviewDueOn, confidentialityDueOn, interestsDueOn }, today)
          : [],
    })),
    total,
    totalIsLowerBound,
    page,
    pageCount,
  };
}

/**
 * The header search's contacts: the first matches by name, and how many there are, up to
 * SEARCH_COUNT_LIMIT (past which it says "more than").
 */
export function searchContacts(db: Db, actor: Actor, query: string, limit = SEARCH_RESULT_LIMIT) {
  const filter: ContactListFilter = { q: query, page: 1 };
  const conditions = listQuery(actor, filter, new Date());
  const { total, totalIsLowerBound } = countDirectoryUpTo(
    db,
    CONTACTS,
    conditions,
    SEARCH_COUNT_LIMIT,
  );
  const ids = pageOfContactIds(db, filter, conditions, {
    offset: 0,
    limit,
    total,
    totalIsLowerBound,
  });
  const rows = ids.length
    ? inIdOrder(
        ids,
        db
          .select({
            id: contacts.id,
            name: contacts.name,
            latinName: contacts.latinName,
            roleTitle: contacts.roleTitle,
            organisationName: organisations.name,
            communityName: communities.name,
          })
          .from(contacts)
          .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
          .leftJoin(communities, eq(communities.id, contacts.communityId))
          .where(inArray(contacts.id, ids))
          .all(),
      )
    : [];
  return { contacts: rows, total, totalIsLowerBound };
}

/** Any of a member's duties due within CRG_DUTY_NOTICE_DAYS of today (London), or passed. */
function crgDutyDueBy(now: Date): SQL {
  const limit = addDays(londonToday(now), CRG_DUTY_NOTICE_DAYS);
  return or(...CRG_DUTIES.map((duty) => sql`${CRG_DUTY_DUE_ON[duty]} <= ${limit}`))!;
}

/** The member's duties due within the notice period or passed, soonest first. */
function crgDutiesDueOf(
  dueOn: { [Duty in CrgDuty as `${Duty}DueOn`]: string | null },
  today: string,
): CrgDutyDue[] {
  return CRG_DUTIES.flatMap((duty): CrgDutyDue[] => {
    const date = dueOn[`${duty}DueOn`];
    if (date === null) return [];
    if (date === NEVER_RECORDED && duty !== "vettingReview") {
      return [{ duty, on: null, daysUntilDue: null }];
    }
    const daysUntilDue = daysBetween(today, date);
    return daysUntilDue <= CRG_DUTY_NOTICE_DAYS ? [{ duty, on: date, daysUntilDue }] : [];
  }).sort((a, b) => (a.on ?? "").localeCompare(b.on ?? ""));
}

/** How many members My work lists with duties due. */
export const CRG_DUTY_LIMIT = 10;

/**
 * CRG members (not archived) with a duty (vetting review, confidentiality agreement, declaration
 * of interests) due within CRG_DUTY_NOTICE_DAYS or passed, among the contacts the officer may edit
 * (an admin: every member), the soonest due first, and how many there are: the reminder before a
 * review or renewal date passes.
 */
export function crgDutiesDue(db: Reader, actor: Actor, now: Date) {
  const today = londonToday(now);
  const where = and(
    eq(contacts.isCrgMember, true),
    isNull(contacts.archivedAt),
    crgDutyDueBy(now),
    contactScopeCondition(recordScope(actor, "write")),
  );
  const total = db.select({ total: count() }).from(contacts).where(where).get()?.total ?? 0;
  const soonestDue = sql`min(${sql.join(
    CRG_DUTIES.map((duty) => sql`coalesce(${CRG_DUTY_DUE_ON[duty]}, '9999-12-31')`),
    sql`, `,
  )})`;
  const rows = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      ...crgDutyDueOnColumns(),
    })
    .from(contacts)
    .where(where)
    .orderBy(asc(soonestDue), asc(contacts.sortName), asc(contacts.id))
    .limit(CRG_DUTY_LIMIT)
    .all();
  return {
    members: rows.map(({ vettingReviewDueOn, confidentialityDueOn, interestsDueOn, ...row }) => ({
      ...row,
      duties: crgDutiesDueOf({ vettingReviewDueOn, confidentialityDueOn, interestsDueOn }, today),
    })),
    total,
  };
}

function strandKeysOf(db: Reader, contactId: number): StrandKey[] {
  const keys = db
    .select({ key: contactStrands.strandKey })
    .from(contactStrands)
    .where(eq(contactStrands.contactId, contactId))
    .all()
    .map((row) => row.key);
  return STRAND_KEYS.filter((key) => keys.includes(key));
}

function tagListOf(db: Reader, contactId: number): string[] {
  return db
    .select({ tag: contactTags.tag })
    .from(contactTags)
    .where(eq(contactTags.contactId, contactId))
    .orderBy(asc(contactTags.tag))
    .all()
    .map((row) => row.tag);
}

/** Where a contact belongs, for the policy check before anything else is loaded; null if it does not exist. */
export function findContactScope(db: Reader, contactId: number): ScopedRecord | null {
  const contact = db
    .select({ communityId: contacts.communityId })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .get();
  if (!contact) return null;
  return directoryScopeRecord(contact.communityId, strandKeysOf(db, contactId));
}

/**
 * A contact with everything its page shows, read and audited as a `view` in one transaction;
 * null (and nothing audited) when it does not exist or is outside the actor's scope.
 */
export function getContactForView(
  db: Db,
  actor: Actor,
  contactId: number,
  options: { now?: Date; detail?: string } = {},
) {
  return db.transaction((tx) => {
    const row = tx
      .select({
        contact: contacts,
        organisation: {
          id: organisations.id,
          name: organisations.name,
          communityId: organisations.communityId,
        },
        community: { id: communities.id, name: communities.name },
        owner: { id: users.id, displayName: users.displayName, isActive: users.isActive },
      })
      .from(contacts)
      .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
      .leftJoin(communities, eq(communities.id, contacts.communityId))
      .leftJoin(users, eq(users.id, contacts.ownerUserId))
      .where(and(eq(contacts.id, contactId), contactScopeCondition(recordScope(actor, "read"))))
      .get();
    if (!row) return null;
    const contactStrandList = strandsOf(tx, [contactId]).get(contactId) ?? [];
    const tags = tagListOf(tx, contactId);
    // The organisation is linked only if the actor may open its page too.
    const organisationVisible =
      row.contact.organisationId !== null &&
      tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(
          and(
            eq(organisations.id, row.contact.organisationId),
            organisationScopeCondition(recordScope(actor, "read")),
          ),
        )
        .get() !== undefined;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "view",
      entityType: "contact",
      entityId: contactId,
      detail: options.detail ?? null,
      at: options.now,
    });
    // The retention review's decision and its reason are the data-protection lead's, not the
    // readers' of the record.
    const { retainedUntil, retentionReason, ...contact } = row.contact;
    return {
      ...contact,
      retention:
        retainedUntil && can(actor, "admin.area")
          ? { until: retainedUntil, reason: retentionReason }
          : null,
      organisation: row.organisation ? { ...row.organisation, visible: organisationVisible } : null,
      community: row.contact.communityId === null ? null : row.community,
      owner: row.contact.ownerUserId === null ? null : row.owner,
      strands: contactStrandList,
      strandKeys: contactStrandList.map((strand) => strand.key),
      tags,
    };
  });
}

/**
 * Communities a contact may be put in by this actor: those they may write records for, plus the
 * one it is already in (an archived community stays selectable for its own records).
 */
export function contactCommunityChoices(
  db: Reader,
  actor: Actor,
  currentCommunityId: number | null = null,
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
      currentCommunityId === null ? writable : or(writable, eq(communities.id, currentCommunityId)),
    )
    .orderBy(asc(communities.name), asc(communities.id))
    .all();
}

/**
 * The organisation of this id as the contact form shows it, if a contact may be linked to it: a
 * current one the actor may see, or the one the contact is already linked to (kept on save even
 * when archived or out of the actor's sight since). Null for any other id, so nothing is told
 * about an organisation the actor may not see.
 */
export function contactOrganisationChoice(
  db: Reader,
  actor: Actor,
  organisationId: number,
  keptOrganisationId: number | null = null,
): PickerOrganisation | null {
  const usable = and(
    isNull(organisations.archivedAt),
    organisationScopeCondition(recordScope(actor, "read")),
  );
  return (
    db
      .select({ id: organisations.id, name: organisations.name, communityName: communities.name })
      .from(organisations)
      .leftJoin(communities, eq(communities.id, organisations.communityId))
      .where(
        and(
          eq(organisations.id, organisationId),
          organisationId === keptOrganisationId ? undefined : usable,
        ),
      )
      .get() ?? null
  );
}

/** What the contact form's organisation search shows: the organisation chosen, and what a search found. */
export type OrganisationPickerState = {
  chosenOrganisation: PickerOrganisation | null;
  /** Matches of a "Find an organisation" search; null when none was made. */
  organisationResults: PickerOrganisation[] | null;
  /** More organisations match than are shown. */
  moreOrganisations: boolean;
  organisationQuery: string;
};

/** The organisation search of a form not yet posted, starting from the contact's organisation. */
export function initialOrganisationPicker(
  db: Reader,
  actor: Actor,
  organisationId: number | null,
): OrganisationPickerState {
  return {
    chosenOrganisation:
      organisationId === null
        ? null
        : contactOrganisationChoice(db, actor, organisationId, organisationId),
    organisationResults: null,
    moreOrganisations: false,
    organisationQuery: "",
  };
}

/**
 * The organisation search of a posted contact form: the organisation chosen, if the actor may
 * link to it, and when "Find an organisation" sent the form, what the search found.
 */
export function organisationPickerStateFromForm(
  db: Db,
  actor: Actor,
  formData: FormData,
  keptOrganisationId: number | null = null,
): OrganisationPickerState {
  const chosenId = organisationIdSchema.safeParse(formData.get("organisationId") || undefined);
  const raw = formData.get("organisationQuery");
  const query = pickerQuerySchema.parse(raw ?? "");
  // An empty or one-letter search finds nothing, and says nothing rather than "none found".
  const found =
    formData.get("intent") === "find-organisations" && query !== ""
      ? findOrganisationsForPicker(db, actor, query)
      : null;
  return {
    chosenOrganisation: chosenId.success
      ? contactOrganisationChoice(db, actor, chosenId.data, keptOrganisationId)
      : null,
    organisationResults: found?.organisations ?? null,
    moreOrganisations: found?.more ?? false,
    organisationQuery: typeof raw === "string" ? raw.slice(0, 200) : "",
  };
}

/** The organisation a contact is linked to now, which the edit form keeps choosable whatever its state. */
export function contactOrganisationIdOf(db: Reader, contactId: number): number | null {
  return (
    db
      .select({ organisationId: contacts.organisationId })
      .from(contacts)
      .where(eq(contacts.id, contactId))
      .get()?.organisationId ?? null
  );
}

/** Officers who may own a contact: active users who may edit records, plus the present owner. */
export function contactOwnerChoices(db: Reader, currentOwnerUserId: number | null = null) {
  const usable = and(eq(users.isActive, true), ne(users.role, "steering"));
  return db
    .select({ id: users.id, displayName: users.displayName, isActive: users.isActive })
    .from(users)
    .where(currentOwnerUserId === null ? usable : or(usable, eq(users.id, currentOwnerUserId)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** Communities the list can be filtered by: those the actor may see. */
export function contactCommunityFilterChoices(db: Reader, actor: Actor) {
  const scope = recordScope(actor, "read");
  return db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(
      scope.kind === "communities"
        ? scope.communityIds.length
          ? inArray(communities.id, [...scope.communityIds])
          : MATCH_NOTHING
        : undefined,
    )
    .orderBy(asc(communities.name), asc(communities.id))
    .all();
}

/** Owners the list can be filtered by: every officer, deactivated ones too (they may still own contacts). */
export function contactOwnerFilterChoices(db: Reader) {
  return db
    .select({ id: users.id, displayName: users.displayName, isActive: users.isActive })
    .from(users)
    .where(ne(users.role, "steering"))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

/** The columns a form writes, in the table's words. */
function recordFields(input: ContactInput) {
  return {
    name: input.name,
    latinName: input.latinName,
    pronouns: input.pronouns,
    roleTitle: input.roleTitle,
    organisationId: input.organisationId ?? null,
    communityId: input.communityId ?? null,
    email: input.email,
    phone: input.phone,
    preferredLanguage: input.preferredLanguage,
    interpreterNeeded: input.interpreterNeeded,
    isCrgMember: input.isCrgMember,
    termsOfReferenceSignedOn: input.termsOfReferenceSignedOn ?? null,
    vettingStatus: input.vettingStatus ?? null,
    vettingOn: input.vettingOn ?? null,
    vettingReviewOn: input.vettingReviewOn ?? null,
    confidentialitySignedOn: input.confidentialitySignedOn ?? null,
    declaredInterests: input.declaredInterests,
    interestsDeclaredOn: input.interestsDeclaredOn ?? null,
    lawfulBasis: input.lawfulBasis ?? null,
    lawfulBasisRecordedOn: input.lawfulBasisRecordedOn ?? null,
    keyContactCadenceDays: input.keyContactCadenceDays ?? null,
    ownerUserId: input.ownerUserId ?? null,
    notes: input.notes,
  };
}

/** Sorted by the transliteration where there is one, so every script shares one A–Z. */
function contactSortName(name: string, latinName: string): string {
  return sortKey(latinName || name);
}

/**
 * Field errors when the community, organisation or owner cannot be chosen, or the new place is
 * not the actor's to write; null when the contact may be written there. Unchanged links are
 * kept even when they could not be chosen afresh (an archived organisation, a deactivated owner).
 */
function placementProblems(
  tx: Tx,
  actor: Actor,
  input: ContactInput,
  before: Pick<ContactRow, "communityId" | "organisationId" | "ownerUserId"> | null,
): ContactWriteResult | null {
  const fieldErrors: Partial<Record<keyof ContactInput, string[]>> = {};
  const communityId = input.communityId ?? null;
  if (communityId !== null && communityId !== before?.communityId) {
    const community = tx
      .select({ archivedAt: communities.archivedAt })
      .from(communities)
      .where(eq(communities.id, communityId))
      .get();
    if (!community || community.archivedAt) {
      fieldErrors.communityId = ["Choose a community from the list"];
    }
  }
  const organisationId = input.organisationId ?? null;
  if (
    organisationId !== null &&
    !contactOrganisationChoice(tx, actor, organisationId, before?.organisationId ?? null)
  ) {
    fieldErrors.organisationId = [ORGANISATION_CHOICE_ERROR];
  }
  const ownerUserId = input.ownerUserId ?? null;
  if (ownerUserId !== null && ownerUserId !== before?.ownerUserId) {
    const owner = tx
      .select({ isActive: users.isActive, role: users.role })
      .from(users)
      .where(eq(users.id, ownerUserId))
      .get();
    if (!owner || !owner.isActive || owner.role === "steering") {
      fieldErrors.ownerUserId = ["Choose an active officer as owner"];
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, fieldErrors };

  if (can(actor, "record.create", directoryScopeRecord(communityId, input.strandKeys))) return null;
  const scope = recordScope(actor, "write");
  if (scope.kind === "communities" && scope.communityIds.length > 0) {
    return {
      ok: false,
      status: 400,
      fieldErrors: { communityId: ["Choose one of the communities you are assigned to"] },
    };
  }
  if (scope.kind === "strands" && scope.strandKeys.length > 0) {
    const names = tx
      .select({ name: strands.name })
      .from(strands)
      .where(inArray(strands.key, [...scope.strandKeys]))
      .orderBy(asc(strands.position))
      .all()
      .map((row) => row.name);
    return {
      ok: false,
      status: 400,
      fieldErrors: { strandKeys: [`Include at least one of your strands: ${names.join(", ")}`] },
    };
  }
  return { ok: false, status: 403, formError: "You may not record contacts" };
}

function writeStrands(tx: Tx, contactId: number, strandKeys: readonly StrandKey[]): void {
  tx.delete(contactStrands).where(eq(contactStrands.contactId, contactId)).run();
  if (strandKeys.length) {
    tx.insert(contactStrands)
      .values(strandKeys.map((strandKey) => ({ contactId, strandKey })))
      .run();
  }
}

function writeTags(tx: Tx, contactId: number, tags: readonly string[]): void {
  tx.delete(contactTags).where(eq(contactTags.contactId, contactId)).run();
  if (tags.length) {
    tx.insert(contactTags)
      .values(tags.map((tag) => ({ contactId, tag })))
      .run();
  }
}

export function createContact(
  db: Db,
  actor: Actor,
  input: ContactInput,
  now = new Date(),
): ContactWriteResult {
  return db.transaction(
    (tx): ContactWriteResult => {
      const problem = placementProblems(tx, actor, input, null);
      if (problem) return problem;
      const fields = recordFields(input);
      const contactId = tx
        .insert(contacts)
        .values({
          ...fields,
          sortName: contactSortName(fields.name, fields.latinName),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: contacts.id })
        .get().id;
      writeStrands(tx, contactId, input.strandKeys);
      writeTags(tx, contactId, input.tags);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "contact",
        entityId: contactId,
        changes: changedFields(null, {
          ...fields,
          strandKeys: input.strandKeys,
          tags: [...input.tags].sort(),
        }),
        at: now,
      });
      indexContact(tx, contactId);
      return { ok: true, contactId };
    },
    { behavior: "immediate" },
  );
}

export function updateContact(
  db: Db,
  actor: Actor,
  contactId: number,
  input: ContactInput,
  now = new Date(),
): ContactWriteResult {
  return db.transaction(
    (tx): ContactWriteResult => {
      const before = tx.select().from(contacts).where(eq(contacts.id, contactId)).get();
      if (!before) return { ok: false, status: 404, formError: "That contact no longer exists" };
      const strandKeysBefore = strandKeysOf(tx, contactId);
      // The route has already checked this; a write never relies on the caller alone.
      if (
        !can(actor, "record.update", directoryScopeRecord(before.communityId, strandKeysBefore))
      ) {
        return { ok: false, status: 403, formError: "You may not change this contact" };
      }
      const problem = placementProblems(tx, actor, input, before);
      if (problem) return problem;
      const fields = recordFields(input);
      const tags = [...input.tags].sort();
      const changes = changedFields(
        { ...before, strandKeys: strandKeysBefore, tags: tagListOf(tx, contactId) },
        { ...fields, strandKeys: input.strandKeys, tags },
      );
      if (!changes) return { ok: true, contactId };
      tx.update(contacts)
        .set({
          ...fields,
          sortName: contactSortName(fields.name, fields.latinName),
          updatedAt: now,
        })
        .where(eq(contacts.id, contactId))
        .run();
      if (changes.strandKeys) writeStrands(tx, contactId, input.strandKeys);
      if (changes.tags) writeTags(tx, contactId, tags);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "contact",
        entityId: contactId,
        changes,
        at: now,
      });
      indexContact(tx, contactId);
      return { ok: true, contactId };
    },
    { behavior: "immediate" },
  );
}

function setArchived(
  db: Db,
  actor: Actor,
  contactId: number,
  archive: boolean,
  now: Date,
): ContactWriteResult {
  return db.transaction(
    (tx): ContactWriteResult => {
      const before = tx.select().from(contacts).where(eq(contacts.id, contactId)).get();
      if (!before) return { ok: false, status: 404, formError: "That contact no longer exists" };
      const scope = directoryScopeRecord(before.communityId, strandKeysOf(tx, contactId));
      if (!can(actor, "record.archive", scope)) {
        return { ok: false, status: 403, formError: "You may not change this contact" };
      }
      if (archive && before.archivedAt) {
        return { ok: false, status: 409, formError: "This contact is already archived" };
      }
      if (!archive && !before.archivedAt) {
        return { ok: false, status: 409, formError: "This contact is not archived" };
      }
      const archivedAt = archive ? now : null;
      tx.update(contacts)
        .set({ archivedAt, updatedAt: now })
        .where(eq(contacts.id, contactId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: archive ? "archive" : "restore",
        entityType: "contact",
        entityId: contactId,
        changes: changedFields(before, { archivedAt }),
        at: now,
      });
      indexContact(tx, contactId);
      return { ok: true, contactId };
    },
    { behavior: "immediate" },
  );
}

/** Archiving takes the contact out of the default lists; the record and its history stay. */
export function archiveContact(db: Db, actor: Actor, contactId: number, now = new Date()) {
  return setArchived(db, actor, contactId, true, now);
}

export function restoreContact(db: Db, actor: Actor, contactId: number, now = new Date()) {
  return setArchived(db, actor, contactId, false, now);
}

// ---------------------------------------------------------------------------------------------
// Possible duplicates

export type DuplicateReason = "email" | "phone" | "name";

export type PossibleDuplicate = {
  id: number;
  name: string;
  latinName: string;
  communityName: string | null;
  archived: boolean;
  reasons: DuplicateReason[];
};

/** Names this long or longer may differ by two letters and still be the same person. */
const CLOSE_NAME_MIN_LENGTH = 6;
const CLOSE_NAME_MAX_DISTANCE = 2;
/** Enough twins to warn about; a name shared by more people than this is not one person. */
const DUPLICATE_CANDIDATE_LIMIT = 200;

/** Edit distance over code points, stopping early once it is certainly above `limit`. */
export function levenshtein(a: string, b: string, limit = Infinity): number {
  const left = [...a];
  const right = [...b];
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= right.length; j += 1) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[right.length]!;
}

/** The folded forms of a person's names, without spaces, that two records are compared by. */
function nameKeys(name: string, latinName: string): string[] {
  return [...new Set([sortKey(name), sortKey(latinName)].filter((key) => key.length > 0))];
}

function namesAreClose(a: readonly string[], b: readonly string[]): boolean {
  return a.some((left) =>
    b.some(
      (right) =>
        left === right ||
        (left.length >= CLOSE_NAME_MIN_LENGTH &&
          right.length >= CLOSE_NAME_MIN_LENGTH &&
          levenshtein(left, right, CLOSE_NAME_MAX_DISTANCE) <= CLOSE_NAME_MAX_DISTANCE),
    ),
  );
}

/** sort_name starting with `prefix`, as a range the (community, sort name) index can seek. */
function sortNameStartsWith(prefix: string): SQL {
  return and(gte(contacts.sortName, prefix), lt(contacts.sortName, `${prefix}\u{10FFFF}`))!;
}

/**
 * Contacts the actor may see that may be the same person: the same email, the same phone, or a
 * very close name in the same community. When editing (`excludeId`), only what changed is
 * compared, so a known namesake does not warn at every save.
 */
export function findPossibleDuplicates(
  db: Reader,
  actor: Actor,
  input: Pick<ContactInput, "name" | "latinName" | "email" | "phone" | "communityId">,
  excludeId?: number,
): PossibleDuplicate[] {
  const before =
    excludeId === undefined
      ? undefined
      : db.select().from(contacts).where(eq(contacts.id, excludeId)).get();
  const communityId = input.communityId ?? null;
  const compareEmail = input.email !== "" && input.email !== before?.email;
  const comparePhone = input.phone !== "" && input.phone !== before?.phone;
  const compareName =
    !before ||
    input.name !== before.name ||
    input.latinName !== before.latinName ||
    communityId !== before.communityId;

  const inputKeys = nameKeys(input.name, input.latinName);
  const prefixes = [...new Set(inputKeys.map((key) => [...key].slice(0, 3).join("")))];
  const matches: SQL[] = [];
  if (compareEmail) matches.push(eq(contacts.email, input.email));
  if (comparePhone) matches.push(eq(contacts.phone, input.phone));
  if (compareName && prefixes.length) {
    matches.push(
      and(
        communityId === null ? isNull(contacts.communityId) : eq(contacts.communityId, communityId),
        or(...prefixes.map(sortNameStartsWith)),
      )!,
    );
  }
  if (matches.length === 0) return [];

  const candidates = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      email: contacts.email,
      phone: contacts.phone,
      communityId: contacts.communityId,
      communityName: communities.name,
      archivedAt: contacts.archivedAt,
    })
    .from(contacts)
    .leftJoin(communities, eq(communities.id, contacts.communityId))
    .where(
      and(
        or(...matches),
        excludeId === undefined ? undefined : ne(contacts.id, excludeId),
        // A twin outside the actor's scope is not theirs to learn about.
        contactScopeCondition(recordScope(actor, "read")),
      ),
    )
    .orderBy(asc(contacts.sortName), asc(contacts.id))
    .limit(DUPLICATE_CANDIDATE_LIMIT)
    .all();

  const duplicates: PossibleDuplicate[] = [];
  for (const candidate of candidates) {
    const reasons: DuplicateReason[] = [];
    if (compareEmail && candidate.email === input.email) reasons.push("email");
    if (comparePhone && candidate.phone === input.phone) reasons.push("phone");
    if (
      compareName &&
      candidate.communityId === communityId &&
      namesAreClose(inputKeys, nameKeys(candidate.name, candidate.latinName))
    ) {
      reasons.push("name");
    }
    if (reasons.length === 0) continue;
    duplicates.push({
      id: candidate.id,
      name: candidate.name,
      latinName: candidate.latinName,
      communityName: candidate.communityName,
      archived: candidate.archivedAt !== null,
      reasons,
    });
  }
  return duplicates;
}

// ---------------------------------------------------------------------------------------------
// Merging two records of one person

/**
 * Every table whose rows point at a contact. A merge moves them all to the survivor, an erasure
 * deletes them; a new link table is one more line here (a test compares this list with the
 * database's foreign keys).
 */
export const CONTACT_LINKS: readonly { table: SQLiteTable; contactId: SQLiteColumn }[] = [
  { table: contactStrands, contactId: contactStrands.contactId },
  { table: contactTags, contactId: contactTags.contactId },
  { table: engagementContacts, contactId: engagementContacts.contactId },
  { table: feedbackContacts, contactId: feedbackContacts.contactId },
];

/** The detail of both merge events: "Contact #12 (…) merged into contact #7 (…)". */
function mergeDetail(
  duplicateId: number,
  duplicateName: string,
  survivorId: number,
  survivorName: string,
) {
  return `Contact #${duplicateId} (${duplicateName}) merged into contact #${survivorId} (${survivorName})`;
}

/**
 * The contact and every contact merged into it, at any depth: a merged record's history is the
 * same person's, kept under its old number (for subject access and erasure).
 */
export function contactAndMergedIds(db: Reader, contactId: number): number[] {
  return db
    .all<{ id: number }>(
      sql`WITH RECURSIVE chain(id) AS (SELECT ${contactId}
        UNION SELECT ${contactMerges.duplicateId} FROM ${contactMerges}
          JOIN chain ON ${contactMerges.survivorId} = chain.id)
      SELECT id FROM chain`,
    )
    .map((row) => row.id);
}

/** Moves one link table's rows; a row the survivor already has (same strand, same tag) is dropped. */
function moveLinks(
  tx: Tx,
  link: (typeof CONTACT_LINKS)[number],
  fromContactId: number,
  toContactId: number,
): void {
  const column = sql.identifier(link.contactId.name);
  tx.run(
    sql`UPDATE OR IGNORE ${link.table} SET ${column} = ${toContactId} WHERE ${column} = ${fromContactId}`,
  );
  tx.run(sql`DELETE FROM ${link.table} WHERE ${column} = ${fromContactId}`);
}

/** Plain fields the survivor takes from the duplicate when it has none of its own. */
const FILLED_WHEN_EMPTY = [
  "latinName",
  "pronouns",
  "roleTitle",
  "organisationId",
  "communityId",
  "email",
  "phone",
  "preferredLanguage",
  "termsOfReferenceSignedOn",
  "confidentialitySignedOn",
  "keyContactCadenceDays",
  "ownerUserId",
] as const satisfies readonly (keyof ContactRow)[];

const isEmpty = (value: unknown) => value === null || value === "";

/** The survivor's fields after the merge: its own where it has them, the duplicate's elsewhere. */
function mergedFields(survivor: ContactRow, duplicate: ContactRow) {
  const merged: Partial<ContactRow> = {};
  for (const field of FILLED_WHEN_EMPTY) {
    if (isEmpty(survivor[field]) && !isEmpty(duplicate[field])) {
      Object.assign(merged, { [field]: duplicate[field] });
    }
  }
  if (!survivor.interpreterNeeded && duplicate.interpreterNeeded) merged.interpreterNeeded = true;
  if (!survivor.isCrgMember && duplicate.isCrgMember) merged.isCrgMember = true;
  // Vetting and lawful basis are facts recorded together; they are taken whole, never mixed.
  if (
    survivor.vettingStatus === null &&
    survivor.vettingOn === null &&
    duplicate.vettingStatus !== null
  ) {
    merged.vettingStatus = duplicate.vettingStatus;
    merged.vettingOn = duplicate.vettingOn;
    merged.vettingReviewOn = duplicate.vettingReviewOn;
  }
  if (survivor.lawfulBasis === null && duplicate.lawfulBasis !== null) {
    merged.lawfulBasis = duplicate.lawfulBasis;
    merged.lawfulBasisRecordedOn = duplicate.lawfulBasisRecordedOn;
  }
  // The declarations are joined below, so the joined one is only as recent as its older part.
  const declaredOn = [survivor.interestsDeclaredOn, duplicate.interestsDeclaredOn]
    .filter((date): date is string => date !== null)
    .sort()[0];
  if (declaredOn !== undefined && declaredOn !== survivor.interestsDeclaredOn) {
    merged.interestsDeclaredOn = declaredOn;
  }
  // Notes and declared interests are what was written down; both records' are kept rather than one lost.
  for (const field of ["notes", "declaredInterests"] as const) {
    if (duplicate[field] !== "" && duplicate[field] !== survivor[field]) {
      merged[field] =
        survivor[field] === ""
          ? duplicate[field]
          : `${survivor[field]}\n\nFrom the merged record #${duplicate.id}:\n${duplicate[field]}`;
    }
  }
  return merged;
}

/** A short summary of the merging contacts, for the confirmation step. */
export function getMergeCandidate(db: Reader, survivorId: number, duplicateId: number) {
  if (survivorId === duplicateId) return null;
  const duplicate = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      email: contacts.email,
      phone: contacts.phone,
      communityName: communities.name,
      archivedAt: contacts.archivedAt,
    })
    .from(contacts)
    .leftJoin(communities, eq(communities.id, contacts.communityId))
    .where(eq(contacts.id, duplicateId))
    .get();
  return duplicate ?? null;
}

/**
 * Folds the duplicate into the survivor in one transaction: empty fields filled, strands and tags
 * united, every link moved, the duplicate and its search row removed, both ids audited.
 */
export function mergeContacts(
  db: Db,
  admin: Actor,
  survivorId: number,
  duplicateId: number,
  now = new Date(),
): ContactWriteResult {
  if (!can(admin, "contact.merge")) {
    return { ok: false, status: 403, formError: "Only an admin may merge contacts" };
  }
  if (survivorId === duplicateId) {
    return { ok: false, status: 400, formError: "A contact cannot be merged into itself" };
  }
  return db.transaction(
    (tx): ContactWriteResult => {
      const survivor = tx.select().from(contacts).where(eq(contacts.id, survivorId)).get();
      if (!survivor) return { ok: false, status: 404, formError: "That contact no longer exists" };
      const duplicate = tx.select().from(contacts).where(eq(contacts.id, duplicateId)).get();
      if (!duplicate) {
        return { ok: false, status: 404, formError: "There is no contact with that number" };
      }
      const before = {
        ...survivor,
        strandKeys: strandKeysOf(tx, survivorId),
        tags: tagListOf(tx, survivorId),
      };
      const fields = mergedFields(survivor, duplicate);
      const latinName = fields.latinName ?? survivor.latinName;
      tx.update(contacts)
        .set({
          ...fields,
          sortName: contactSortName(survivor.name, latinName),
          updatedAt: now,
        })
        .where(eq(contacts.id, survivorId))
        .run();
      for (const link of CONTACT_LINKS) moveLinks(tx, link, duplicateId, survivorId);
      tx.delete(contacts).where(eq(contacts.id, duplicateId)).run();
      tx.insert(contactMerges).values({ duplicateId, survivorId, mergedAt: now }).run();
      // The survivor now holds the duplicate's engagements too, so its latest one may be newer.
      recomputeLastEngaged(tx, [survivorId]);
      indexContact(tx, duplicateId);
      indexContact(tx, survivorId);

      const after = {
        ...before,
        ...fields,
        strandKeys: strandKeysOf(tx, survivorId),
        tags: tagListOf(tx, survivorId),
      };
      const detail = mergeDetail(duplicateId, duplicate.name, survivorId, survivor.name);
      recordAudit(tx, {
        actorUserId: admin.id,
        action: "merge",
        entityType: "contact",
        entityId: survivorId,
        changes: changedFields(before, after),
        detail,
        at: now,
      });
      recordAudit(tx, {
        actorUserId: admin.id,
        action: "merge",
        entityType: "contact",
        entityId: duplicateId,
        detail,
        at: now,
      });
      return { ok: true, contactId: survivorId };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Export

export const CONTACT_EXPORT_HEADER = [
  "Name",
  "Name in Latin letters",
  "Pronouns",
  "Role or title",
  "Organisation",
  "Community",
  "Strands",
  "Email",
  "Phone",
  "Preferred language",
  "Interpreter needed",
  "CRG member",
  "Terms of reference signed",
  "Vetting status",
  "Vetted on",
  "Vetting review due",
  "Confidentiality agreement signed",
  "Declared interests",
  "Interests declared on",
  "Lawful basis",
  "Lawful basis recorded on",
  "Key-contact cadence (days)",
  "Owner",
  "Tags",
  "Notes",
  "Archived at (UTC)",
  "Last changed (UTC)",
] as const;

/**
 * Every contact of the filtered list (the actor's scope, no pagination) as a streamed CSV export,
 * audited with its filter before the first row is sent (see csvFromSnapshot).
 */
export function exportContacts(
  db: Db,
  actor: Actor,
  filter: ContactListFilter,
  now = new Date(),
  rowsPerChunk?: number,
): CsvExport {
  // Read in the same synchronous turn as the snapshot opens: no write of this server comes between.
  const strandNames = strandNamesByKey(db);
  return csvFromSnapshot(db, {
    header: CONTACT_EXPORT_HEADER,
    rowsPerChunk,
    orderedIds: (snapshot) =>
      snapshot
        .select({ id: contacts.id })
        .from(contacts)
        // The owner's name is a sort key.
        .leftJoin(users, eq(users.id, contacts.ownerUserId))
        .where(directoryWhere(CONTACTS, listQuery(actor, filter, now), "seek"))
        .orderBy(...listOrder(filter).order),
    rowsOf: (snapshot, ids) =>
      snapshot
        .select({
          contact: contacts,
          organisationName: organisations.name,
          communityName: communities.name,
          ownerName: users.displayName,
          // Gathered in the same query, so a chunk costs one statement however long it is.
          strandKeys: sql<
            string | null
          >`(SELECT group_concat(${contactStrands.strandKey}, ' ') FROM ${contactStrands} WHERE ${contactStrands.contactId} = ${contacts.id})`,
          tags: sql<
            string | null
          >`(SELECT group_concat(ordered.tag, '; ') FROM (SELECT ${contactTags.tag} AS tag FROM ${contactTags} WHERE ${contactTags.contactId} = ${contacts.id} ORDER BY 1) AS ordered)`,
        })
        .from(contacts)
        .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
        .leftJoin(communities, eq(communities.id, contacts.communityId))
        .leftJoin(users, eq(users.id, contacts.ownerUserId))
        .where(inArray(contacts.id, ids))
        .all()
        .map(({ contact, ...row }) => {
          const keys = (row.strandKeys ?? "").split(" ");
          return {
            id: contact.id,
            cells: [
              contact.name,
              contact.latinName,
              contact.pronouns,
              contact.roleTitle,
              row.organisationName ?? "",
              row.communityName ?? "",
              STRAND_KEYS.filter((key) => keys.includes(key))
                .map((key) => strandNames.get(key) ?? key)
                .join("; "),
              contact.email,
              contact.phone,
              contact.preferredLanguage,
              contact.interpreterNeeded ? "yes" : "no",
              contact.isCrgMember ? "yes" : "no",
              contact.termsOfReferenceSignedOn ?? "",
              contact.vettingStatus ? VETTING_STATUS_LABELS[contact.vettingStatus] : "",
              contact.vettingOn ?? "",
              contact.vettingReviewOn ?? "",
              contact.confidentialitySignedOn ?? "",
              contact.declaredInterests,
              contact.interestsDeclaredOn ?? "",
              contact.lawfulBasis ? LAWFUL_BASIS_LABELS[contact.lawfulBasis] : "",
              contact.lawfulBasisRecordedOn ?? "",
              contact.keyContactCadenceDays,
              row.ownerName ?? "",
              row.tags ?? "",
              contact.notes,
              contact.archivedAt,
              contact.updatedAt,
            ],
          };
        }),
    audit: (tx, rowCount) =>
      recordListExport(tx, {
        actorUserId: actor.id,
        entityType: "contact",
        filter,
        rows: rowCount,
        at: now,
      }),
  });
}
