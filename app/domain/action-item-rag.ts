// An action item's RAG rating, derived from its data every time it is shown (DESIGN.md), never stored.
import type { ActionItemStatus } from "~/db/schema";
import type { RagRating } from "./action-plans.schema";
import { addDays, daysBetween, londonDayStart, londonToday } from "./london-time";

/** "Due within 14 days" includes an item due exactly 14 days from today. */
export const AMBER_DUE_WITHIN_DAYS = 14;
/** "No update for 30 days" includes an item last updated exactly 30 London calendar days ago. */
export const AMBER_STALE_AFTER_DAYS = 30;

export type RatedItem = { status: ActionItemStatus; dueOn: string; createdAt: Date };

/**
 * Red: overdue (due before today) or blocked. Amber: not started and due within 14 days, or no
 * progress update written for 30 days (an item without updates counts from when it was created).
 * Green otherwise; done and cancelled items have no rating. Days are London calendar days, so an
 * update written at 00:30 BST counts for the day the user saw on the clock.
 */
export function ragOf(item: RatedItem, lastUpdateAt: Date | null, today: string): RagRating {
  if (item.status === "done" || item.status === "cancelled") return "none";
  if (item.status === "blocked" || item.dueOn < today) return "red";
  if (item.status === "not_started" && daysBetween(today, item.dueOn) <= AMBER_DUE_WITHIN_DAYS) {
    return "amber";
  }
  const lastActivityOn = londonToday(lastUpdateAt ?? item.createdAt);
  if (daysBetween(lastActivityOn, today) >= AMBER_STALE_AFTER_DAYS) return "amber";
  return "green";
}

/** The bounds the SQL form of `ragOf` compares against, worked out once per query. */
export function ragBounds(today: string): {
  today: string;
  dueSoonOn: string;
  staleBeforeMs: number;
} {
  return {
    today,
    dueSoonOn: addDays(today, AMBER_DUE_WITHIN_DAYS),
    // Last activity on or before (today − 30) ⇔ it happened before London midnight starting (today − 29).
    staleBeforeMs: londonDayStart(addDays(today, 1 - AMBER_STALE_AFTER_DAYS)).getTime(),
  };
}
