// A column named with its table, whatever query it is written into.
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * `"table"."column"`, always. Drizzle writes columns bare in the select list of a query of one
 * table (and of a subquery), where a correlated subquery reads a bare name as its own table's
 * column: an `id` inside a subquery on action_item_updates is the update's id, not the item's.
 * Correlated subqueries in select lists name their columns with this.
 */
export function qualified(table: SQLiteTable, column: AnyColumn): SQL {
  return sql`${table}.${sql.identifier(column.name)}`;
}
