// Steering reviews: the new-review and decision forms, the URL's ids and pages, and the frozen pack's shape.
import { z } from "zod";
import type { FeedbackCategory, SteeringReviewItemReason, StrandKey } from "~/db/schema";
import type { HardIndicatorFigures, HardIndicatorKey } from "./hard-indicators.server";
import type { IndicatorFigures } from "./indicators.server";
import type { Quarter } from "./quarters";

/** A period longer than this is a typing slip (a year 2062 for 2026), not a review period. */
const LONGEST_REVIEW_PERIOD_DAYS = 731;
export const REVIEW_PAGE_SIZE = 20;
export const AWAITING_DECISION_PAGE_SIZE = 20;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const calendarDate = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(ISO_DATE, `Enter the ${label} as YYYY-MM-DD, e.g. 2026-09-30`)
    .refine(isRealDate, `The ${label} is not a real date`)
    // Years outside this range are typing slips; they would also break quarter arithmetic.
    .refine(
      (value) => value >= "2000-01-01" && value <= "2099-12-31",
      `Enter a ${label} between 2000 and 2099`,
    );

function daysFrom(start: string, end: string): number {
  return (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000;
}

export const reviewCreateSchema = z
  .object({
    title: z
      .string({ error: "Enter a title" })
      .trim()
      .min(1, "Enter a title")
      .max(200, "Keep the title to 200 characters"),
    periodStart: calendarDate("start of the period"),
    periodEnd: calendarDate("end of the period"),
    heldOn: calendarDate("date the group meets"),
  })
  .superRefine((review, context) => {
    if (review.periodEnd < review.periodStart) {
      context.addIssue({
        code: "custom",
        path: ["periodEnd"],
        message: "The end of the period must be on or after its start",
      });
    } else if (daysFrom(review.periodStart, review.periodEnd) >= LONGEST_REVIEW_PERIOD_DAYS) {
      context.addIssue({
        code: "custom",
        path: ["periodEnd"],
        message: "A review covers at most two years: check the dates",
      });
    }
    if (review.heldOn < review.periodStart) {
      context.addIssue({
        code: "custom",
        path: ["heldOn"],
        message: "The group cannot review a period before it starts",
      });
    }
  });
export type ReviewCreateInput = z.output<typeof reviewCreateSchema>;
export type ReviewCreateFormValues = Partial<Record<keyof ReviewCreateInput, string>>;

export const decisionSchema = z.object({
  decision: z
    .string({ error: "Enter the group's decision" })
    .trim()
    .min(1, "Enter the group's decision")
    .max(4000, "Keep the decision to 4,000 characters"),
});
export type DecisionInput = z.output<typeof decisionSchema>;

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The `:reviewId` and `:feedbackId` of a URL. */
export const routeIdSchema = positiveId;

/** What a post to a review's page does (each decision has its own page). */
export const reviewIntentSchema = z.enum(["close"]);

const pageNumber = z.coerce.number().int().min(1).max(10_000).catch(1).default(1);

/** A bad page number in a hand-edited URL shows the first page. */
export const reviewListFilterSchema = z.object({ page: pageNumber, awaitingPage: pageNumber });
export type ReviewListFilter = z.output<typeof reviewListFilterSchema>;

export function parseReviewListFilter(searchParams: URLSearchParams): ReviewListFilter {
  return reviewListFilterSchema.parse({
    page: searchParams.get("page") ?? undefined,
    awaitingPage: searchParams.get("awaitingPage") ?? undefined,
  });
}

// ─── A review's items, paged by key ──────────────────────────────────────────────────────────
// Items are taken oldest answer due first; a page starts at an item's key ("due date.id"), so a
// link can open the page that holds a given item, and a page costs the same however deep it is.

/** Items shown on one page of a review's list: a screenful that still prints sensibly. */
export const REVIEW_ITEMS_PAGE_SIZE = 50;

export type ReviewItemKey = { responseDueOn: string; feedbackId: number };

/** Whole-group feedback (no community) in a review's lists and their URLs. */
export const WHOLE_GROUP = "whole";

export const REVIEW_ITEM_DECISION_FILTERS = ["awaiting", "decided"] as const;
export type ReviewItemDecisionFilter = (typeof REVIEW_ITEM_DECISION_FILTERS)[number];

const itemKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\.\d{1,15}$/)
  .transform((value): ReviewItemKey => {
    const [responseDueOn, feedbackId] = value.split(".");
    return { responseDueOn: responseDueOn!, feedbackId: Number(feedbackId) };
  })
  .optional()
  // The key is written by the page's own links: a hand-edited one shows the first page.
  .catch(undefined);

export function itemKeyParam(key: ReviewItemKey): string {
  return `${key.responseDueOn}.${key.feedbackId}`;
}

/** The escalated items' page of a review's pack. */
export function parseReviewPageFilter(searchParams: URLSearchParams) {
  return { from: itemKey.parse(searchParams.get("from") ?? undefined) };
}

const overdueFilterSchema = z.object({
  /** A community's id, or WHOLE_GROUP; without it the URL names no list (404). */
  community: z.union([z.literal(WHOLE_GROUP), positiveId]),
  decision: z.enum(REVIEW_ITEM_DECISION_FILTERS).optional().catch(undefined),
  from: itemKey,
});
export type OverdueItemsFilter = {
  communityId: number | null;
  decision?: ReviewItemDecisionFilter;
  from?: ReviewItemKey;
};

/** One group's overdue items before a review; null when the URL names no group. */
export function parseOverdueItemsFilter(searchParams: URLSearchParams): OverdueItemsFilter | null {
  const parsed = overdueFilterSchema.safeParse({
    community: searchParams.get("community") ?? undefined,
    decision: searchParams.get("decision") ?? undefined,
    from: searchParams.get("from") ?? undefined,
  });
  if (!parsed.success) return null;
  const { community, decision, from } = parsed.data;
  return { communityId: community === WHOLE_GROUP ? null : community, decision, from };
}

/** The page listing one group's overdue items, starting at `from` when given. */
export function overdueItemsPath(
  reviewId: number,
  filter: OverdueItemsFilter,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams({
    community: filter.communityId === null ? WHOLE_GROUP : String(filter.communityId),
  });
  if (filter.decision) params.set("decision", filter.decision);
  if (filter.from) params.set("from", itemKeyParam(filter.from));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `/reviews/${reviewId}/overdue?${params.toString()}`;
}

/** The page of the pack listing its escalated items, starting at `from` when given. */
export function escalatedItemsPath(
  reviewId: number,
  from?: ReviewItemKey,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams(extra);
  if (from) params.set("from", itemKeyParam(from));
  const query = params.toString();
  return `/reviews/${reviewId}${query ? `?${query}` : ""}`;
}

export const REVIEW_ITEM_REASON_LABELS: Record<SteeringReviewItemReason, string> = {
  escalated: "Escalated",
  overdue: "Overdue",
};

// ─── The frozen pack ─────────────────────────────────────────────────────────────────────────
// Stored as JSON in steering_reviews.pack and never recomputed. A change to this shape raises
// PACK_VERSION; the page keeps reading every version it has ever written (docs/decisions/012).

export const PACK_VERSION = 1;

/** Answering in the period's feedback as it stood when the pack was built. */
export type FeedbackTally = {
  received: number;
  answeredOnTime: number;
  answeredLate: number;
  overdueOpen: number;
  /** Not answered yet and not yet due: neither good nor bad news. */
  openNotDue: number;
};

export type ReviewPackV1 = {
  version: 1;
  /** When it was built (UTC, ISO) and the London day its "as of" figures are for. */
  builtAt: string;
  asOfOn: string;
  period: { start: string; end: string };
  hardIndicators: {
    quarter: Quarter;
    previousQuarter: Quarter;
    indicators: { key: HardIndicatorKey; name: string; unit: "count" | "percent" | "score" }[];
    overall: { current: HardIndicatorFigures; previous: HardIndicatorFigures };
    communities: {
      communityId: number;
      communityName: string;
      current: HardIndicatorFigures;
      previous: HardIndicatorFigures;
    }[];
  };
  /**
   * Soft-indicator readings (an admin's defined measures, read per community per quarter) for the
   * same two quarters, previous first, in the shape the indicators dashboard uses.
   */
  softIndicators: IndicatorFigures;
  feedback: {
    byCommunity: ({ communityId: number | null; communityName: string } & FeedbackTally)[];
    byCategory: ({ category: FeedbackCategory; categoryName: string } & FeedbackTally)[];
    total: FeedbackTally;
  };
  /** Escalated and awaiting the group's decision when the pack was built; never a contact's name. */
  escalatedItems: {
    feedbackId: number;
    summary: string;
    communityName: string;
    escalationReason: string;
    escalatedOn: string;
  }[];
  actionPlanRag: {
    communities: {
      communityId: number;
      communityName: string;
      red: number;
      amber: number;
      green: number;
      none: number;
    }[];
    total: { red: number; amber: number; green: number; none: number };
  };
  coverage: {
    period: { from: string; to: string };
    strands: { key: StrandKey; name: string }[];
    communities: {
      id: number;
      name: string;
      cells: { strandKey: StrandKey; engagements: number }[];
      total: number;
    }[];
    columnTotals: { strandKey: StrandKey; engagements: number }[];
    total: number;
  };
};

export type ReviewPack = ReviewPackV1;

/**
 * The pack as its page shows it: the escalated items are listed once, with their decisions, after
 * the pack, so the page carries only their number (a few hundred frozen summaries are 150 kB that
 * every view would parse, serialise and send for one figure). The CSV export holds them all.
 */
export type ReviewPackShown = Omit<ReviewPack, "escalatedItems"> & { escalatedItemCount: number };
