// Paging a list: which page to show of how many, and for lists that can grow without bound, a
// count that stops at a limit (past it the list says "more than" and offers the first pages, so the
// count costs the same however many records there are).
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "~/db/client.server";

/**
 * Lists stop counting here. An exact count of a scoped list means probing every record's scope
 * (hundreds of milliseconds at half a million engagements); nobody pages past the 80th page of
 * 25, so beyond this a list says "more than" and asks for narrower filters.
 */
export const LIST_COUNT_LIMIT = 2000;

export type CappedCount = { total: number; totalIsLowerBound: boolean };

/** How many rows of `table` match `where`, counted up to `limit`. */
export function countUpTo(
  db: Db | Tx,
  table: SQLiteTable,
  where: SQL | undefined,
  limit = LIST_COUNT_LIMIT,
): CappedCount {
  const counted =
    db.get<{ total: number }>(
      sql`SELECT count(*) AS total FROM (SELECT 1 FROM ${table}${where ? sql` WHERE ${where}` : sql``} LIMIT ${limit + 1})`,
    )?.total ?? 0;
  return { total: Math.min(counted, limit), totalIsLowerBound: counted > limit };
}

/** The page to show of `total` rows in pages of `size`, clamped to the pages there are. */
export function pageNumbers(total: number, requested: number, size: number) {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pageCount);
  return { page, pageCount, offset: (page - 1) * size };
}
