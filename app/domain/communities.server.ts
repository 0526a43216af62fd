// Communities: the up-to-twelve source-country communities of the CRG, and who may see them.
import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { communities, users } from "~/db/schema";
import { visibleCommunityIds, type Actor } from "~/auth/policy";

export const MAX_ACTIVE_COMMUNITIES = 12;

/** Communities the actor may see, active first by name; archived ones only when asked. */
export function listCommunities(db: Db, actor: Actor, options: { includeArchived?: boolean } = {}) {
  const visible = visibleCommunityIds(actor);
  const conditions: SQL[] = [];
  if (visible !== "all") conditions.push(inArray(communities.id, [...visible]));
  if (!options.includeArchived) conditions.push(isNull(communities.archivedAt));
  return db
    .select({
      id: communities.id,
      name: communities.name,
      countryCode: communities.countryCode,
      languages: communities.languages,
      status: communities.status,
      archivedAt: communities.archivedAt,
      leadOfficerId: communities.leadOfficerId,
      leadOfficerName: users.displayName,
    })
    .from(communities)
    .leftJoin(users, eq(users.id, communities.leadOfficerId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(communities.archivedAt), asc(communities.name))
    .all();
}
