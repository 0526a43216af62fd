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

function scopeCondition(scope: RecordScope, table: ScopedTable): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "strands":
      return scope.strandKeys.length
        ? sql`${table.id} IN (SELECT ${table.strandOwnerId} FROM ${table.strands} WHERE ${inArray(table.strandKey, [...scope.strandKeys])})`
        : MATCH_NOTHING;
    case "communities": {
      const allowed: SQL[] = [];
      if (scope.communityIds.length)
        allowed.push(inArray(table.communityId, [...scope.communityIds]));
      if (scope.includeCommunityless) allowed.push(isNull(table.communityId));
      return allowed.length ? or(...allowed) : MATCH_NOTHING;
    }
  }
}

/** The policy's read or write scope as a WHERE condition on contacts. */
export function contactScopeCondition(scope: RecordScope): SQL | undefined {
  return scopeCondition(scope, {
    id: contacts.id,
    communityId: contacts.communityId,
    strands: contactStrands,
    strandOwnerId: contactStrands.contactId,
    strandKey: contactStrands.strandKey,
  });
}

/** The policy's read or write scope as a WHERE condition on organisations. */
export function organisationScopeCondition(scope: RecordScope): SQL | undefined {
  return scopeCondition(scope, {
    id: organisations.id,
    communityId: organisations.communityId,
    strands: organisationStrands,
    strandOwnerId: organisationStrands.organisationId,
    strandKey: organisationStrands.strandKey,
  });
}
