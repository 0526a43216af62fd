// The policy's need-to-know scope as SQL for the directory's tables, so every list, search, export
// and page of contacts and organisations filters in the query by the same rule.
import { inArray, isNull, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Actor, RecordScope, ScopedRecord } from "~/auth/policy";
import {
  contacts,
  contactStrands,
  organisations,
  organisationStrands,
  type StrandKey,
} from "~/db/schema";

/** A condition no row meets: an empty scope, or a search of nothing searchable. */
export const MATCH_NOTHING = sql`0`;

/** Where a contact or organisation belongs, in the shape the policy module checks. */
export function directoryScopeRecord(
  communityId: number | null,
  strandKeys: readonly StrandKey[],
): ScopedRecord {
  return { communityIds: communityId === null ? [] : [communityId], strandKeys };
}

/**
 * A record inside the actor's own communities and strands: the policy allows creating it exactly
 * when the actor may create directory records at all (steering may not; an unassigned officer has nowhere to).
 */
export function actorOwnScope(actor: Actor): ScopedRecord {
  return { communityIds: actor.communityIds, strandKeys: actor.strandKeys };
}

type ScopedTable = {
  id: SQLiteColumn;
  communityId: SQLiteColumn;
  strands: SQLWrapper;
  strandOwnerId: SQLiteColumn;
  strandKey: SQLiteColumn;
};

/**
 * Whether the row at hand has one of the strands. The unary plus keeps the keys out of the index
 * search: one seek to the row's few strands beats one seek per key.
 */
export function strandProbe(
  table: Pick<ScopedTable, "id" | "strands" | "strandOwnerId" | "strandKey">,
  keys: readonly StrandKey[],
): SQL {
  return sql`EXISTS (SELECT 1 FROM ${table.strands} WHERE ${table.strandOwnerId} = ${table.id} AND +${inArray(table.strandKey, [...keys])})`;
}

/**
 * The policy's scope as a WHERE condition on a directory table, strands probed row by row. A list
 * with a narrower condition to start from asks for the communities `asFilter`: the unary plus
 * keeps the database from starting from a liaison officer's thousands of rows instead.
 */
export function directoryScopeCondition(
  scope: RecordScope,
  table: ScopedTable,
  options: { asFilter?: boolean } = {},
): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "strands":
      // Checked for the row at hand: built as a list, a strand lead's tens of thousands of rows
      // would be gathered to answer for one record (lists decide in directory-query.server.ts).
      return scope.strandKeys.length ? strandProbe(table, scope.strandKeys) : MATCH_NOTHING;
    case "communities": {
      const community = options.asFilter ? sql`+${table.communityId}` : sql`${table.communityId}`;
      const allowed: SQL[] = [];
      if (scope.communityIds.length) allowed.push(inArray(community, [...scope.communityIds]));
      if (scope.includeCommunityless) allowed.push(isNull(community));
      return allowed.length ? or(...allowed) : MATCH_NOTHING;
    }
  }
}

/** The policy's read or write scope as a WHERE condition on contacts. */
export function contactScopeCondition(scope: RecordScope): SQL | undefined {
  return directoryScopeCondition(scope, {
    id: contacts.id,
    communityId: contacts.communityId,
    strands: contactStrands,
    strandOwnerId: contactStrands.contactId,
    strandKey: contactStrands.strandKey,
  });
}

/** The policy's read or write scope as a WHERE condition on organisations. */
export function organisationScopeCondition(scope: RecordScope): SQL | undefined {
  return directoryScopeCondition(scope, {
    id: organisations.id,
    communityId: organisations.communityId,
    strands: organisationStrands,
    strandOwnerId: organisationStrands.organisationId,
    strandKey: organisationStrands.strandKey,
  });
}
