// Figures counted from a month's engagements, feedback and action items, kept in memory and reused
// while the month's stamp (activity_stamps, replaced by triggers on every change) stays the same.
import { inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { activityStamps } from "~/db/schema";

/** The stamp of each month that holds records ("YYYY-MM" → stamp); a month without any has none. */
export function monthStamps(db: Db | Tx, months: readonly string[]): Map<string, number> {
  if (months.length === 0) return new Map();
  const rows = db
    .select({ month: activityStamps.month, stamp: activityStamps.stamp })
    .from(activityStamps)
    .where(inArray(activityStamps.month, [...new Set(months)]))
    .all();
  return new Map(rows.map((row) => [row.month, row.stamp]));
}

/** A cache key part that changes whenever any stamped record of any month changes. */
export function allStampsKey(db: Db | Tx): string {
  return (
    db.get<{ key: string | null }>(
      sql`SELECT group_concat(month || ':' || stamp, ',') AS key FROM (SELECT month, stamp FROM ${activityStamps} ORDER BY month)`,
    )?.key ?? ""
  );
}

/** The part of a cache key that changes whenever any record of these months changes. */
export function stampsKey(stamps: Map<string, number>, months: readonly string[]): string {
  return months.map((month) => `${month}:${stamps.get(month) ?? "-"}`).join(",");
}

/** The UTC month ("YYYY-MM") of an instant, as the triggers compute it. */
export function utcMonth(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** The first instant of the UTC month after the one `instant` falls in. */
export function nextUtcMonthStart(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + 1, 1));
}

/**
 * Figures remembered by key, the oldest forgotten first past `limit` so memory stays bounded.
 * Readers get copies: a remembered value never changes after it is stored.
 */
export class RememberedFigures<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
