// Counting and paging the directory's lists on large data: which condition the database starts
// from, and whether a page is read along an index in list order or gathered and sorted.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { RecordScope } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import type { StrandKey } from "~/db/schema";
import { directoryScopeCondition, MATCH_NOTHING, strandProbe } from "./directory-scope.server";

type Reader = Db | Tx;

/** A directory table (contacts, organisations) and its strands table. */
export type DirectoryTable = {
  table: SQLiteTable;
  id: SQLiteColumn;
  communityId: SQLiteColumn;
  archivedAt: SQLiteColumn;
  strands: SQLiteTable;
  strandOwnerId: SQLiteColumn;
  strandKey: SQLiteColumn;
  /** The narrow index keyed by id that holds every filter column and the sort columns. */
  byIdIndex: string;
};

/**
 * Linked rows joined to the table's (`FROM from CROSS JOIN table ON on WHERE where`), for a count
 * that stops after its limit: the list form gathers every linked row first. Each of the table's
 * rows must be reached through at most one linked row, or it would count twice.
 */
export type JoinedLink = { from: SQL; table: SQL; on: SQL; where: SQL };

/** A condition that keeps few rows (a search), in the forms the database can use it. */
export type NarrowCondition = {
  /** `id IN (matching ids)`: built once, the cheapest start for a sorted page. */
  list: SQL;
  joined?: JoinedLink;
  /**
   * `SELECT count(*) AS total …`: how many rows match before any other condition, counted
   * without visiting them; what a page judges how far along its order the matches lie by.
   */
  indexMatches?: SQL;
};

/** A list order an index holds: one column, then the id, both the same way. */
export type IndexedOrder = { index: string; column: SQLiteColumn; descending: boolean };

/** The ORDER BY of a list read in an indexed order, and that order for pageOfIds to walk. */
export function orderAlong(
  t: DirectoryTable,
  walk: IndexedOrder,
): { order: SQL[]; walk: IndexedOrder } {
  const direction = walk.descending ? desc : asc;
  return { order: [direction(walk.column), direction(t.id)], walk };
}

/** A condition through another table, in the forms the database can use it. */
export type LinkCondition = {
  /** `id IN (linked ids)`: the database may start from the linked rows. */
  list: SQL;
  /**
   * The list is of another column of the row's own (`organisation_id IN (…)`), held by its own
   * index: a sorted read then leaves the choice of index to the database.
   */
  listIsOwnColumn?: boolean;
  /** `EXISTS (…)` for the row at hand: checked row by row after starting elsewhere. */
  probe: SQL;
  joined?: JoinedLink;
};

export type ArchivedMode = "exclude" | "include" | "only";

/**
 * A list's conditions, sorted by how the database can use them: what decides the plan is how
 * many rows each keeps, and only the caller knows that from what the condition means.
 */
export type DirectoryQuery = {
  scope: RecordScope;
  /** Conditions on the row's own columns, all of them in the list-order indexes. */
  own: SQL[];
  /** Whether an own condition keeps few rows (one community, one owner…). */
  ownIsNarrow: boolean;
  /** Conditions through other tables that keep few rows (a search). */
  narrow: NarrowCondition[];
  /**
   * Conditions through other tables that keep a small share of the rows spread evenly along
   * every list order (a tag): gathered like `narrow`, or probed on a walk when they match many.
   */
  spread: LinkCondition[];
  /** The strand filter, which keeps a large share of the rows. */
  strand?: StrandKey;
  archived: ArchivedMode;
};

/** Sets of strands a row must have one of, each set at most once. */
function strandSets(query: DirectoryQuery): StrandKey[][] {
  const scopeKeys = query.scope.kind === "strands" ? query.scope.strandKeys : [];
  if (!query.strand) return scopeKeys.length ? [[...scopeKeys]] : [];
  // A row with the filtered strand is inside any scope that includes that strand.
  if (query.scope.kind !== "strands" || scopeKeys.includes(query.strand)) return [[query.strand]];
  return scopeKeys.length ? [[query.strand], [...scopeKeys]] : [[query.strand]];
}

function strandLink(t: DirectoryTable, keys: readonly StrandKey[]): LinkCondition {
  return {
    list: sql`${t.id} IN (SELECT ${t.strandOwnerId} FROM ${t.strands} WHERE ${inArray(t.strandKey, [...keys])})`,
    probe: strandProbe(t, keys),
  };
}

/** The scope on the row's own columns; a strand lead's strands are planned with the strand filter. */
function scopeOwnCondition(
  t: DirectoryTable,
  scope: RecordScope,
  asFilter = false,
): SQL | undefined {
  if (scope.kind === "strands") return scope.strandKeys.length ? undefined : MATCH_NOTHING;
  return directoryScopeCondition(scope, t, { asFilter });
}

function archivedCondition(t: DirectoryTable, mode: ArchivedMode): SQL | undefined {
  if (mode === "only") return isNotNull(t.archivedAt);
  return mode === "include" ? undefined : isNull(t.archivedAt);
}

/** Whether a sorted read starts from the rows of the strands: when nothing narrower is there. */
function startsFromStrands(query: DirectoryQuery): boolean {
  return (
    query.narrow.length === 0 &&
    query.spread.length === 0 &&
    !query.ownIsNarrow &&
    query.archived !== "only"
  );
}

/** Whether something narrow (a search or a tag) is there to gather the matches from. */
function hasNarrowList(query: DirectoryQuery): boolean {
  return query.narrow.length > 0 || query.spread.length > 0;
}

/** Whether a narrow list is one of ids, looked up in the narrow index keyed by id. */
function hasListOfIds(query: DirectoryQuery): boolean {
  return query.narrow.length > 0 || query.spread.some((condition) => !condition.listIsOwnColumn);
}

/**
 * The WHERE clause. Sorting matches (`seek`) starts from the narrowest condition, so strands are
 * a list to start from only when nothing narrower is there; reading along a list-order index
 * (`walk`) checks each row it passes, so strands are then probed row by row; a read joined from
 * the first strand's rows (`fromStrand`) probes only the other strand sets, and one joined from
 * the linked rows of a search, or else of the first spread condition (`fromLink`, see
 * countStartLink), probes everything else.
 */
export function directoryWhere(
  t: DirectoryTable,
  query: DirectoryQuery,
  how: "seek" | "walk" | "fromStrand" | "fromLink",
): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    scopeOwnCondition(t, query.scope, query.ownIsNarrow || hasNarrowList(query)),
    ...query.own,
    archivedCondition(t, query.archived),
    // A search or a tag keeps few rows: built once as a list, it is the cheapest start.
    ...query.narrow.map((condition, index) =>
      how === "fromLink" && index === 0 ? undefined : condition.list,
    ),
    ...query.spread.map((condition, index) => {
      if (how === "fromLink") {
        return index === 0 && query.narrow.length === 0 ? undefined : condition.probe;
      }
      return how === "walk" ? condition.probe : condition.list;
    }),
  ];
  const fromStrands = how === "seek" && startsFromStrands(query);
  strandSets(query).forEach((keys, index) => {
    if (how === "fromStrand" && index === 0) return;
    const link = strandLink(t, keys);
    parts.push(fromStrands && index === 0 ? link.list : link.probe);
  });
  return and(...parts);
}

/**
 * The FROM of a sorted read. Started from a list of ids (a search, a tag, strands), each id is
 * looked up in the narrow index keyed by id, which holds every filter column, rather than in the
 * wide rows; the planner would take the rows, whose lookups cost about twice as much.
 */
function seekSource(t: DirectoryTable, query: DirectoryQuery): SQL {
  const fromList =
    !query.ownIsNarrow &&
    (hasListOfIds(query) || (startsFromStrands(query) && strandSets(query).length > 0));
  return fromList ? sql`${t.table} INDEXED BY ${sql.identifier(t.byIdIndex)}` : sql`${t.table}`;
}

function whereClause(where: SQL | undefined): SQL {
  return where ? sql` WHERE ${where}` : sql``;
}

/**
 * The linked rows a capped count is joined from: a search's matches, or with no search the first
 * spread condition's; none when a condition of the row's own keeps few rows (one community, one
 * owner), which the planner may start from instead.
 */
function countStartLink(query: DirectoryQuery): JoinedLink | undefined {
  if (query.ownIsNarrow) return undefined;
  const [firstNarrow] = query.narrow;
  return firstNarrow ? firstNarrow.joined : query.spread[0]?.joined;
}

/**
 * How many rows a list has, counted no further than `limit`; beyond it the total is a lower bound.
 * Counting stops after the limit's worth of matches, so the cost depends on how many rows are
 * passed to find them, not on the table's size:
 * - filtered on one strand (the strand filter, or a lead's one strand), the rows of that strand
 *   are read from the strand index and each looked up, so no row without the strand is passed
 *   (a lead's filter on a strand outside their own walked 36,000 contacts, 20 ms at 100,000);
 * - with nothing narrow to start from, the rows are read along the narrow index keyed by id and
 *   their strands probed (an exact count of a lead's two strands took 30 ms at 100,000 contacts),
 *   or, with no strands to probe, along whichever index the planner finds narrowest;
 * - searched, or filtered through another table (a tag, an organisation type), and by nothing
 *   narrow of the row's own, the linked rows are joined to the table's (countStartLink), so
 *   counting stops at the limit instead of first gathering every linked row (at 100,000
 *   contacts, a common tag 2.5–2.9 → 1.5–1.8 ms, an organisation type 2.6–2.8 → 0.7–0.8 ms, a
 *   search for "Moh" 3.4 → 2.3 ms);
 * - otherwise the matches are gathered from the narrowest condition, as a page is.
 */
export function countDirectoryUpTo(
  db: Reader,
  t: DirectoryTable,
  query: DirectoryQuery,
  limit: number,
): { total: number; totalIsLowerBound: boolean } {
  const walk = startsFromStrands(query);
  const [firstStrands] = strandSets(query);
  const startLink = countStartLink(query);
  let matches: SQL;
  if (walk && firstStrands?.length === 1) {
    // One key, so each row is joined once; CROSS JOIN keeps the strand rows as the outer loop.
    const where = and(eq(t.strandKey, firstStrands[0]!), directoryWhere(t, query, "fromStrand"));
    matches = sql`SELECT 1 FROM ${t.strands} CROSS JOIN ${t.table} INDEXED BY ${sql.identifier(t.byIdIndex)} ON ${t.id} = ${t.strandOwnerId}${whereClause(where)}`;
  } else if (startLink) {
    const { from, table, on, where } = startLink;
    matches = sql`SELECT 1 FROM ${from} CROSS JOIN ${table} ON ${on}${whereClause(and(where, directoryWhere(t, query, "fromLink")))}`;
  } else {
    // Strands to probe: along the narrow index keyed by id. With none (a liaison officer's own
    // communities), the planner reads the community index instead of passing every row keyed by
    // id: 1.1 → 0.6 ms for two communities of twelve at 100,000 contacts.
    const source =
      walk && firstStrands
        ? sql`${t.table} INDEXED BY ${sql.identifier(t.byIdIndex)}`
        : seekSource(t, query);
    matches = sql`SELECT 1 FROM ${source}${whereClause(directoryWhere(t, query, walk ? "walk" : "seek"))}`;
  }
  const counted =
    db.get<{ total: number }>(sql`SELECT count(*) AS total FROM (${matches} LIMIT ${limit + 1})`)
      ?.total ?? 0;
  return { total: Math.min(counted, limit), totalIsLowerBound: counted > limit };
}

/** About how many rows the table holds: its highest id, read from the end of the B-tree. */
export function directoryTableSize(db: Reader, t: DirectoryTable): number {
  return (
    db.get<{ size: number | null }>(sql`SELECT max(${t.id}) AS size FROM ${t.table}`)?.size ?? 0
  );
}

/** Most rows a search's page is walked past before it is gathered and sorted instead. */
const SEARCH_WALK_SLACK = 10;

/**
 * The ids of one page, in list order. With many matches, reading along the index that holds
 * the list order (`walk`) finds a page after a few rows; with few, gathering them from the
 * narrowest condition and sorting is cheaper. Both give the same rows in the same order.
 */
export function pageOfIds(
  db: Reader,
  t: DirectoryTable,
  query: DirectoryQuery,
  page: {
    order: SQL[];
    /** The indexed order the list is in, or none for an order no index holds. */
    walk?: IndexedOrder;
    offset: number;
    limit: number;
    total: number;
    totalIsLowerBound?: boolean;
    tableSize: number;
  },
): number[] {
  if (page.total === 0 || page.offset >= page.total) return [];
  const wanted = page.offset + page.limit;
  // Rows passed on the walk ≈ rows wanted × table size / matches, if matches are spread evenly
  // along the order; rows sorted ≈ matches. Searches are not spread evenly ("Zoe" finds names
  // at the end of A–Z), so they are walked only within a bound (searchPageAlongOrder); a common
  // tag is walked.
  const walk =
    page.walk !== undefined &&
    query.narrow.length === 0 &&
    wanted * page.tableSize <= page.total * page.total;
  if (page.walk && query.narrow.length > 0) {
    const found = searchPageAlongOrder(db, t, query, { ...page, walk: page.walk });
    if (found) return found;
  }
  const source = walk
    ? sql`${t.table} INDEXED BY ${sql.identifier(page.walk!.index)}`
    : seekSource(t, query);
  const where = directoryWhere(t, query, walk ? "walk" : "seek");
  return db
    .all<{ id: number }>(
      sql`SELECT ${t.id} AS id FROM ${source}${whereClause(where)} ORDER BY ${sql.join(page.order, sql`, `)} LIMIT ${page.limit} OFFSET ${page.offset}`,
    )
    .map((row) => row.id);
}

/**
 * A search's page read along the list order, when its matches are so many that gathering and
 * sorting them all costs more ("Moh" at 100,000 contacts: 3,282 matches, 4 ms to sort, while
 * the first 20 lie within the first 3,000 names). The walk stops at a bound, SEARCH_WALK_SLACK
 * times the rows an even spread would need: matches bunched further along (a name late in A–Z)
 * are not walked to, and null says to gather them instead.
 */
function searchPageAlongOrder(
  db: Reader,
  t: DirectoryTable,
  query: DirectoryQuery,
  page: {
    order: SQL[];
    walk: IndexedOrder;
    offset: number;
    limit: number;
    total: number;
    totalIsLowerBound?: boolean;
    tableSize: number;
  },
): number[] | null {
  const wanted = page.offset + page.limit;
  const [search] = query.narrow;
  let matches = page.total;
  if (page.totalIsLowerBound) {
    if (!search?.indexMatches) return null;
    matches = db.get<{ total: number }>(search.indexMatches)?.total ?? 0;
  }
  // A walk passes about wanted × tableSize / matches rows where sorting passes all matches.
  if (matches * matches < 2 * wanted * page.tableSize) return null;
  const { index, column, descending } = page.walk;
  const along = sql`${t.table} INDEXED BY ${sql.identifier(index)}`;
  const bound = Math.ceil((SEARCH_WALK_SLACK * wanted * page.tableSize) / matches);
  const last = db.get<{ key: unknown; id: number }>(
    sql`SELECT ${column} AS key, ${t.id} AS id FROM ${along} ORDER BY ${sql.join(page.order, sql`, `)} LIMIT 1 OFFSET ${bound}`,
  );
  const within = last
    ? descending
      ? sql`(${column}, ${t.id}) >= (${last.key}, ${last.id})`
      : sql`(${column}, ${t.id}) <= (${last.key}, ${last.id})`
    : undefined;
  const ids = db
    .all<{ id: number }>(
      sql`SELECT ${t.id} AS id FROM ${along}${whereClause(and(directoryWhere(t, query, "walk"), within))} ORDER BY ${sql.join(page.order, sql`, `)} LIMIT ${page.limit} OFFSET ${page.offset}`,
    )
    .map((row) => row.id);
  // Short of a page within the bound: the rest may lie beyond it. With no bound (the table is
  // shorter than it), the walk read every row.
  return ids.length === page.limit || !within ? ids : null;
}

/** Rows fetched by id, put back in the order of the ids. */
export function inIdOrder<T extends { id: number }>(
  ids: readonly number[],
  rows: readonly T[],
): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
