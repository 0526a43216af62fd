// Organisations of the directory: scoped lists, search and export, the page with its people, and audited writes.
import {
  directoryScopeRecord,
  MATCH_NOTHING,
  contactScopeCondition,
  organisationScopeCondition,
} from "./directory-scope.server";
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import {
  communities,
  contacts,
  organisations,
  organisationStrands,
  STRAND_KEYS,
  strands,
  type StrandKey,
} from "~/db/schema";
import { can, recordScope, type Actor, type ScopedRecord } from "~/auth/policy";
import { LIST_COUNT_LIMIT, pageNumbers } from "./list-paging.server";
import { changedFields, recordAudit, recordListExport } from "./audit.server";
import { strandNamesByKey } from "./strands.server";
import { csvFromSnapshot, type CsvExport } from "./csv.server";
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
} from "./directory-query.server";
import { indexOrganisation, organisationMatchCondition } from "./directory-search.server";
import {
  ORGANISATION_TYPE_LABELS,
  sortDirection,
  type OrganisationInput,
  type OrganisationListFilter,
} from "./organisations.schema";
import { sortKey } from "./search-text";

export const ORGANISATION_PAGE_SIZE = 25;

type Reader = Db | Tx;

/** What a refused write tells the form: errors per field, or one for the whole form. */
export type OrganisationWriteResult =
  | { ok: true; organisationId: number }
  | {
      ok: false;
      /** 400 for field errors, 403 when the actor may not, 404 when it is gone, 409 when the state forbids it. */
      status: 400 | 403 | 404 | 409;
      fieldErrors?: Partial<Record<keyof OrganisationInput, string[]>>;
      formError?: string;
    };

const ORGANISATIONS: DirectoryTable = {
  table: organisations,
  id: organisations.id,
  communityId: organisations.communityId,
  archivedAt: organisations.archivedAt,
  strands: organisationStrands,
  strandOwnerId: organisationStrands.organisationId,
  strandKey: organisationStrands.strandKey,
  byIdIndex: "organisations_by_id",
};

/** Indexes of schema.ts that hold the list in name and in last-change order, with every own filter column. */
const NAME_ORDER_INDEX = "organisations_by_name";
const UPDATED_ORDER_INDEX = "organisations_by_updated";

/** Scope, search and filters of a list or export, sorted by how many rows each keeps. */
function listQuery(actor: Actor, filter: OrganisationListFilter): DirectoryQuery {
  const own: SQL[] = [];
  const narrow: DirectoryQuery["narrow"] = [];
  let ownIsNarrow = false;
  if (filter.q) {
    const match = organisationMatchCondition(filter.q);
    // Nothing searchable typed (only punctuation) matches nothing rather than everything.
    if (match) narrow.push(match);
    else own.push(MATCH_NOTHING);
  }
  if (filter.community !== undefined) {
    own.push(
      filter.community === "none"
        ? isNull(organisations.communityId)
        : eq(organisations.communityId, filter.community),
    );
    ownIsNarrow = true;
  }
  if (filter.type) {
    own.push(eq(organisations.type, filter.type));
    ownIsNarrow = true;
  }
  return {
    scope: recordScope(actor, "read"),
    own,
    ownIsNarrow,
    narrow,
    spread: [],
    strand: filter.strand,
    archived:
      filter.archived === "only" ? "only" : filter.archived === "include" ? "include" : "exclude",
  };
}

/** The list order, and the index a page can be read along in that order. */
function listOrder(filter: OrganisationListFilter): { order: SQL[]; walk: IndexedOrder } {
  const descending = sortDirection(filter) === "desc";
  // The id makes the order total, so a row never appears on two pages.
  return orderAlong(
    ORGANISATIONS,
    filter.sort === "updated"
      ? { index: UPDATED_ORDER_INDEX, column: organisations.updatedAt, descending }
      : { index: NAME_ORDER_INDEX, column: organisations.sortName, descending },
  );
}

const listColumns = {
  id: organisations.id,
  name: organisations.name,
  type: organisations.type,
  communityId: organisations.communityId,
  communityName: communities.name,
  archivedAt: organisations.archivedAt,
  updatedAt: organisations.updatedAt,
};

/** Strands of many organisations in one query, in the strands' fixed order. */
function strandsOf(db: Reader, organisationIds: readonly number[]) {
  const byOrganisation = new Map<number, { key: StrandKey; name: string }[]>();
  if (organisationIds.length === 0) return byOrganisation;
  const rows = db
    .select({
      organisationId: organisationStrands.organisationId,
      key: strands.key,
      name: strands.name,
    })
    .from(organisationStrands)
    .innerJoin(strands, eq(strands.key, organisationStrands.strandKey))
    .where(inArray(organisationStrands.organisationId, [...organisationIds]))
    .orderBy(asc(strands.position))
    .all();
  for (const row of rows) {
    const list = byOrganisation.get(row.organisationId) ?? [];
    list.push({ key: row.key, name: row.name });
    byOrganisation.set(row.organisationId, list);
  }
  return byOrganisation;
}

/** One page of the organisations the actor may see, filtered and sorted in SQL, with the total. */
/**
 * The organisation list stops counting here, as the contact list does: beyond it the list says
 * "more than" and offers the first pages, so its cost does not grow with the directory.
 */
export const ORGANISATION_COUNT_LIMIT = LIST_COUNT_LIMIT;

export function listOrganisations(db: Db, actor: Actor, filter: OrganisationListFilter) {
  const query = listQuery(actor, filter);
  const { total, totalIsLowerBound } = countDirectoryUpTo(
    db,
    ORGANISATIONS,
    query,
    ORGANISATION_COUNT_LIMIT,
  );
  const { page, pageCount } = pageNumbers(total, filter.page, ORGANISATION_PAGE_SIZE);
  const ids = pageOfIds(db, ORGANISATIONS, query, {
    ...listOrder(filter),
    offset: (page - 1) * ORGANISATION_PAGE_SIZE,
    limit: ORGANISATION_PAGE_SIZE,
    total,
    totalIsLowerBound,
    tableSize: directoryTableSize(db, ORGANISATIONS),
  });
  const rows = ids.length
    ? inIdOrder(
        ids,
        db
          .select(listColumns)
          .from(organisations)
          .leftJoin(communities, eq(communities.id, organisations.communityId))
          .where(inArray(organisations.id, ids))
          .all(),
      )
    : [];
  const strandsByOrganisation = strandsOf(db, ids);
  return {
    organisations: rows.map((row) => ({
      ...row,
      strands: strandsByOrganisation.get(row.id) ?? [],
    })),
    total,
    totalIsLowerBound,
    page,
    pageCount,
  };
}

/** How many matches the contact form's organisation search shows; beyond it the user narrows the search. */
export const ORGANISATION_PICKER_LIMIT = 20;

/** An organisation as a form that links to one shows it: its name and community. */
export type PickerOrganisation = { id: number; name: string; communityName: string | null };

/**
 * Current organisations the actor may see that match what was typed, first by name: the list's
 * search, scope and folding, so the form finds what the organisations list finds. `more` says
 * there are matches beyond the limit, counted no further than one past it.
 */
export function findOrganisationsForPicker(
  db: Db,
  actor: Actor,
  query: string,
  limit = ORGANISATION_PICKER_LIMIT,
): { organisations: PickerOrganisation[]; more: boolean } {
  const conditions = listQuery(actor, { q: query, page: 1 });
  const { total, totalIsLowerBound } = countDirectoryUpTo(db, ORGANISATIONS, conditions, limit);
  const ids = pageOfIds(db, ORGANISATIONS, conditions, {
    ...listOrder({ page: 1 }),
    offset: 0,
    limit,
    total,
    tableSize: directoryTableSize(db, ORGANISATIONS),
  });
  const rows = ids.length
    ? inIdOrder(
        ids,
        db
          .select({
            id: organisations.id,
            name: organisations.name,
            communityName: communities.name,
          })
          .from(organisations)
          .leftJoin(communities, eq(communities.id, organisations.communityId))
          .where(inArray(organisations.id, ids))
          .all(),
      )
    : [];
  return { organisations: rows, more: totalIsLowerBound };
}

/** Where an organisation belongs, for the policy check before anything else is loaded; null if it does not exist. */
export function findOrganisationScope(db: Reader, organisationId: number): ScopedRecord | null {
  const organisation = db
    .select({ communityId: organisations.communityId })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .get();
  if (!organisation) return null;
  const strandKeys = db
    .select({ key: organisationStrands.strandKey })
    .from(organisationStrands)
    .where(eq(organisationStrands.organisationId, organisationId))
    .all()
    .map((row) => row.key);
  return directoryScopeRecord(organisation.communityId, strandKeys);
}

/**
 * An organisation with its community, strands and the people of it the actor may see; null when
 * it does not exist or is outside the actor's scope (the same rule as the list, in SQL).
 */
export function getOrganisation(db: Reader, actor: Actor, organisationId: number) {
  const row = db
    .select({
      organisation: organisations,
      community: { id: communities.id, name: communities.name },
    })
    .from(organisations)
    .leftJoin(communities, eq(communities.id, organisations.communityId))
    .where(
      and(
        eq(organisations.id, organisationId),
        organisationScopeCondition(recordScope(actor, "read")),
      ),
    )
    .get();
  if (!row) return null;
  const organisationStrandList = strandsOf(db, [organisationId]).get(organisationId) ?? [];
  const people = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      roleTitle: contacts.roleTitle,
    })
    .from(contacts)
    .where(
      and(
        eq(contacts.organisationId, organisationId),
        isNull(contacts.archivedAt),
        contactScopeCondition(recordScope(actor, "read")),
      ),
    )
    .orderBy(asc(contacts.sortName), asc(contacts.id))
    .all();
  return {
    ...row.organisation,
    community: row.organisation.communityId === null ? null : row.community,
    strands: organisationStrandList,
    strandKeys: organisationStrandList.map((strand) => strand.key),
    people,
  };
}

/**
 * Communities an organisation may be put in by this actor: those they may write records for,
 * plus the one it is already in (an archived community stays selectable for its own records).
 */
export function communityChoices(
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

/** Whether the form may offer "no community": only to those who may write community-less records. */
export function mayLeaveCommunityEmpty(actor: Actor): boolean {
  return can(actor, "record.create", { communityIds: [], strandKeys: actor.strandKeys });
}

/** Communities the list can be filtered by: those the actor may see. */
export function communityFilterChoices(db: Reader, actor: Actor) {
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

function recordFields(input: OrganisationInput) {
  return {
    name: input.name,
    type: input.type,
    communityId: input.communityId ?? null,
    address: input.address,
    phone: input.phone,
    email: input.email,
    website: input.website,
    notes: input.notes,
  };
}

/**
 * Field errors when the new community or strands are not the actor's to write, or the community
 * cannot be chosen; null when the record may be written there.
 */
function placementProblems(
  tx: Tx,
  actor: Actor,
  input: OrganisationInput,
  currentCommunityId: number | null,
): OrganisationWriteResult | null {
  const communityId = input.communityId ?? null;
  if (communityId !== null && communityId !== currentCommunityId) {
    const community = tx
      .select({ archivedAt: communities.archivedAt })
      .from(communities)
      .where(eq(communities.id, communityId))
      .get();
    if (!community || community.archivedAt) {
      return {
        ok: false,
        status: 400,
        fieldErrors: { communityId: ["Choose a community from the list"] },
      };
    }
  }
  const target = directoryScopeRecord(communityId, input.strandKeys);
  if (can(actor, "record.create", target)) return null;
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
  return { ok: false, status: 403, formError: "You may not record organisations" };
}

function writeStrands(tx: Tx, organisationId: number, strandKeys: readonly StrandKey[]): void {
  tx.delete(organisationStrands)
    .where(eq(organisationStrands.organisationId, organisationId))
    .run();
  if (strandKeys.length) {
    tx.insert(organisationStrands)
      .values(strandKeys.map((strandKey) => ({ organisationId, strandKey })))
      .run();
  }
}

function strandKeysOf(tx: Tx, organisationId: number): StrandKey[] {
  const keys = tx
    .select({ key: organisationStrands.strandKey })
    .from(organisationStrands)
    .where(eq(organisationStrands.organisationId, organisationId))
    .all()
    .map((row) => row.key);
  return STRAND_KEYS.filter((key) => keys.includes(key));
}

export function createOrganisation(
  db: Db,
  actor: Actor,
  input: OrganisationInput,
  now = new Date(),
): OrganisationWriteResult {
  return db.transaction(
    (tx): OrganisationWriteResult => {
      const problem = placementProblems(tx, actor, input, null);
      if (problem) return problem;
      const fields = recordFields(input);
      const organisationId = tx
        .insert(organisations)
        .values({ ...fields, sortName: sortKey(fields.name), createdAt: now, updatedAt: now })
        .returning({ id: organisations.id })
        .get().id;
      writeStrands(tx, organisationId, input.strandKeys);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "organisation",
        entityId: organisationId,
        changes: changedFields(null, { ...fields, strandKeys: input.strandKeys }),
        at: now,
      });
      indexOrganisation(tx, organisationId);
      return { ok: true, organisationId };
    },
    { behavior: "immediate" },
  );
}

export function updateOrganisation(
  db: Db,
  actor: Actor,
  organisationId: number,
  input: OrganisationInput,
  now = new Date(),
): OrganisationWriteResult {
  return db.transaction(
    (tx): OrganisationWriteResult => {
      const before = tx
        .select()
        .from(organisations)
        .where(eq(organisations.id, organisationId))
        .get();
      if (!before)
        return { ok: false, status: 404, formError: "That organisation no longer exists" };
      const strandKeysBefore = strandKeysOf(tx, organisationId);
      // The route has already checked this; a write never relies on the caller alone.
      if (
        !can(actor, "record.update", directoryScopeRecord(before.communityId, strandKeysBefore))
      ) {
        return { ok: false, status: 403, formError: "You may not change this organisation" };
      }
      const problem = placementProblems(tx, actor, input, before.communityId);
      if (problem) return problem;
      const fields = recordFields(input);
      const changes = changedFields(
        { ...before, strandKeys: strandKeysBefore },
        { ...fields, strandKeys: input.strandKeys },
      );
      if (!changes) return { ok: true, organisationId };
      tx.update(organisations)
        .set({ ...fields, sortName: sortKey(fields.name), updatedAt: now })
        .where(eq(organisations.id, organisationId))
        .run();
      if (changes.strandKeys) writeStrands(tx, organisationId, input.strandKeys);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "organisation",
        entityId: organisationId,
        changes,
        at: now,
      });
      indexOrganisation(tx, organisationId);
      return { ok: true, organisationId };
    },
    { behavior: "immediate" },
  );
}

function setArchived(
  db: Db,
  actor: Actor,
  organisationId: number,
  archive: boolean,
  now: Date,
): OrganisationWriteResult {
  return db.transaction(
    (tx): OrganisationWriteResult => {
      const before = tx
        .select()
        .from(organisations)
        .where(eq(organisations.id, organisationId))
        .get();
      if (!before)
        return { ok: false, status: 404, formError: "That organisation no longer exists" };
      const scope = directoryScopeRecord(before.communityId, strandKeysOf(tx, organisationId));
      if (!can(actor, "record.archive", scope)) {
        return { ok: false, status: 403, formError: "You may not change this organisation" };
      }
      if (archive && before.archivedAt) {
        return { ok: false, status: 409, formError: "This organisation is already archived" };
      }
      if (!archive && !before.archivedAt) {
        return { ok: false, status: 409, formError: "This organisation is not archived" };
      }
      const archivedAt = archive ? now : null;
      tx.update(organisations)
        .set({ archivedAt, updatedAt: now })
        .where(eq(organisations.id, organisationId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: archive ? "archive" : "restore",
        entityType: "organisation",
        entityId: organisationId,
        changes: changedFields(before, { archivedAt }),
        at: now,
      });
      indexOrganisation(tx, organisationId);
      return { ok: true, organisationId };
    },
    { behavior: "immediate" },
  );
}

/** Archiving takes the organisation out of the default lists; its people and history stay. */
export function archiveOrganisation(
  db: Db,
  actor: Actor,
  organisationId: number,
  now = new Date(),
) {
  return setArchived(db, actor, organisationId, true, now);
}

export function restoreOrganisation(
  db: Db,
  actor: Actor,
  organisationId: number,
  now = new Date(),
) {
  return setArchived(db, actor, organisationId, false, now);
}

export const ORGANISATION_EXPORT_HEADER = [
  "Name",
  "Type",
  "Community",
  "Strands",
  "Address",
  "Phone",
  "Email",
  "Website",
  "Notes",
  "Archived at (UTC)",
  "Last changed (UTC)",
] as const;

/**
 * Every organisation of the filtered list (the actor's scope, no pagination) as a streamed CSV
 * export, audited with its filter before the first row is sent (see csvFromSnapshot).
 */
export function exportOrganisations(
  db: Db,
  actor: Actor,
  filter: OrganisationListFilter,
  now = new Date(),
  rowsPerChunk?: number,
): CsvExport {
  // Read in the same synchronous turn as the snapshot opens: no write of this server comes between.
  const strandNames = strandNamesByKey(db);
  return csvFromSnapshot(db, {
    header: ORGANISATION_EXPORT_HEADER,
    rowsPerChunk,
    orderedIds: (snapshot) =>
      snapshot
        .select({ id: organisations.id })
        .from(organisations)
        .where(directoryWhere(ORGANISATIONS, listQuery(actor, filter), "seek"))
        .orderBy(...listOrder(filter).order),
    rowsOf: (snapshot, ids) =>
      snapshot
        .select({
          id: organisations.id,
          name: organisations.name,
          type: organisations.type,
          communityName: communities.name,
          // Gathered in the same query, so a chunk costs one statement however long it is.
          strandKeys: sql<
            string | null
          >`(SELECT group_concat(${organisationStrands.strandKey}, ' ') FROM ${organisationStrands} WHERE ${organisationStrands.organisationId} = ${organisations.id})`,
          address: organisations.address,
          phone: organisations.phone,
          email: organisations.email,
          website: organisations.website,
          notes: organisations.notes,
          archivedAt: organisations.archivedAt,
          updatedAt: organisations.updatedAt,
        })
        .from(organisations)
        .leftJoin(communities, eq(communities.id, organisations.communityId))
        .where(inArray(organisations.id, ids))
        .all()
        .map((row) => {
          const keys = (row.strandKeys ?? "").split(" ");
          return {
            id: row.id,
            cells: [
              row.name,
              ORGANISATION_TYPE_LABELS[row.type],
              row.communityName ?? "",
              STRAND_KEYS.filter((key) => keys.includes(key))
                .map((key) => strandNames.get(key) ?? key)
                .join("; "),
              row.address,
              row.phone,
              row.email,
              row.website,
              row.notes,
              row.archivedAt,
              row.updatedAt,
            ],
          };
        }),
    audit: (tx, rowCount) =>
      recordListExport(tx, {
        actorUserId: actor.id,
        entityType: "organisation",
        filter,
        rows: rowCount,
        at: now,
      }),
  });
}
