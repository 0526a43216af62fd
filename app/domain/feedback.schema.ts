// The feedback forms (record, edit, workflow steps) and the list's URL filter, with the labels every page shows.
import { z } from "zod";
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CHANNELS,
  FEEDBACK_PRIORITIES,
  FEEDBACK_RESPONSE_OUTCOMES,
  FEEDBACK_STATUSES,
  STRAND_KEYS,
  type FeedbackCategory,
  type FeedbackChannel,
  type FeedbackEventKind,
  type FeedbackPriority,
  type FeedbackResponseOutcome,
  type FeedbackStatus,
} from "~/db/schema";
import type { Sentiment } from "./engagements.schema";
import { addDays, londonToday } from "./london-time";

export const FEEDBACK_CHANNEL_LABELS: Record<FeedbackChannel, string> = {
  meeting: "Meeting",
  forum_session: "Forum session",
  call: "Call",
  email: "Email",
  letter: "Letter",
  survey: "Survey",
  social_media: "Social media",
  other: "Other",
};

export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = {
  operations_impact: "Operations impact",
  community_tension: "Community tension",
  cultural_sensitivity: "Cultural sensitivity",
  communications_media: "Communications and media",
  victim_care: "Victim care",
  policy_legislation: "Policy and legislation",
  praise: "Praise",
  other: "Other",
};

export const FEEDBACK_PRIORITY_LABELS: Record<FeedbackPriority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  received: "Received",
  acknowledged: "Acknowledged",
  in_progress: "In progress",
  responded: "Responded",
  closed: "Closed",
};

export const FEEDBACK_RESPONSE_OUTCOME_LABELS: Record<FeedbackResponseOutcome, string> = {
  acted_on: "We did: the advice was acted on",
  not_taken: "Not taken: the reason why",
};

export const FEEDBACK_EVENT_LABELS: Record<FeedbackEventKind, string> = {
  recorded: "Recorded",
  status: "Status changed",
  due_date: "Response due date changed",
  owner: "Owner changed",
  escalated: "Escalated to the steering group",
  decision: "Steering group decision",
};

/** Statuses still waiting for an answer: these can be overdue. */
export const OPEN_FEEDBACK_STATUSES = ["received", "acknowledged", "in_progress"] as const;

export function isOpenStatus(status: FeedbackStatus): boolean {
  return (OPEN_FEEDBACK_STATUSES as readonly FeedbackStatus[]).includes(status);
}

/** A response is due this many days after receipt unless changed with a reason. */
export const RESPONSE_DUE_DAYS = 28;
/** "Due this week": due today or within the next seven days. */
export const DUE_SOON_DAYS = 7;

export function defaultResponseDueOn(receivedOn: string): string {
  return addDays(receivedOn, RESPONSE_DUE_DAYS);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const calendarDate = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine(isCalendarDate, "Enter a real date as YYYY-MM-DD, e.g. 2026-03-01");

const idPattern = /^[1-9][0-9]{0,14}$/;

const recordId = (message: string) =>
  z.string({ error: message }).trim().regex(idPattern, message).transform(Number);

/** A select of ids where "" means none. */
const optionalRecordId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      if (!idPattern.test(value)) {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return Number(value);
    });

const requiredText = (missing: string, max: number, tooLong: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);

export const MAX_FEEDBACK_CONTACTS = 100;

/** A rule across fields runs once those fields are valid, so every problem shows at once. */
function fieldsParsed(...fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    payload.issues.every((issue) => !fields.includes(String(issue.path?.[0])));
}

/** What the record and edit forms share: what was said, by whom, where it belongs. */
function describingFields(today: string) {
  return {
    receivedOn: calendarDate("Enter the date it was received").refine(
      (value) => value <= today,
      "The date received cannot be in the future",
    ),
    communityId: optionalRecordId("Choose a community from the list"),
    contactIds: z
      .array(recordId("Choose contacts from the search results"))
      .max(MAX_FEEDBACK_CONTACTS, `Name at most ${MAX_FEEDBACK_CONTACTS} contacts`)
      .optional()
      .transform((ids) => [...new Set(ids ?? [])]),
    channel: z.enum(FEEDBACK_CHANNELS, { error: "Choose how it was given" }),
    category: z.enum(FEEDBACK_CATEGORIES, { error: "Choose a category" }),
    strandKeys: z
      .array(z.enum(STRAND_KEYS, { error: "Choose strands from the list" }), {
        error: "Choose at least one strand",
      })
      .min(1, "Choose at least one strand")
      .transform((keys) => STRAND_KEYS.filter((key) => keys.includes(key))),
    summary: requiredText("Summarise what was said", 4000, "Keep the summary to 4,000 characters"),
    sentiment: z
      .enum(["-2", "-1", "0", "1", "2"], { error: "Choose a sentiment reading from the list" })
      .transform((value) => Number(value) as Sentiment),
    priority: z.enum(FEEDBACK_PRIORITIES, { error: "Choose a priority" }),
    isShareable: z
      .boolean()
      .optional()
      .transform((value) => value ?? false),
  };
}

/**
 * Recording feedback. The response is due 28 days after receipt unless the form says otherwise,
 * and a different date needs its reason. `now` decides what "in the future" means.
 */
export function feedbackRecordSchema(now: Date = new Date()) {
  const today = londonToday(now);
  return z
    .object({
      ...describingFields(today),
      engagementId: optionalRecordId("The engagement in this form is not valid; start again"),
      ownerUserId: recordId("Choose who owns the answer"),
      responseDueOn: calendarDate("Enter the date the response is due"),
      dueDateReason: z
        .string()
        .trim()
        .max(1000, "Keep the reason to 1,000 characters")
        .optional()
        .transform((value) => value ?? ""),
    })
    .refine((value) => value.responseDueOn >= value.receivedOn, {
      path: ["responseDueOn"],
      message: "The response cannot be due before the feedback was received",
      when: fieldsParsed("responseDueOn", "receivedOn"),
    })
    .refine(
      (value) =>
        value.responseDueOn === defaultResponseDueOn(value.receivedOn) ||
        value.dueDateReason !== "",
      {
        path: ["dueDateReason"],
        message: `Say why the response is not due ${RESPONSE_DUE_DAYS} days after receipt`,
        when: fieldsParsed("responseDueOn", "receivedOn", "dueDateReason"),
      },
    );
}
export type FeedbackRecordInput = z.output<ReturnType<typeof feedbackRecordSchema>>;

/** Editing what was said and where it belongs; owner and due date change through their own steps. */
export function feedbackEditSchema(now: Date = new Date()) {
  return z.object(describingFields(londonToday(now)));
}
export type FeedbackEditInput = z.output<ReturnType<typeof feedbackEditSchema>>;

/** What a post to a feedback page does. */
export const feedbackIntentSchema = z.enum(["status", "respond", "due_date", "owner", "escalate"]);
export type FeedbackIntent = z.output<typeof feedbackIntentSchema>;

/** Moving along the workflow without answering (answering has its own form). */
export const statusChangeSchema = z.object({
  toStatus: z.enum(["acknowledged", "in_progress", "closed"], {
    error: "Choose the next step from the list",
  }),
  note: z
    .string()
    .trim()
    .max(2000, "Keep the note to 2,000 characters")
    .optional()
    .transform((value) => value ?? ""),
});
export type StatusChangeInput = z.output<typeof statusChangeSchema>;

/** The police answer: what was done, or why the advice was not taken. */
export function responseSchema(now: Date = new Date()) {
  const today = londonToday(now);
  return z.object({
    responseOutcome: z.enum(FEEDBACK_RESPONSE_OUTCOMES, {
      error: "Say whether the advice was acted on or not taken",
    }),
    responseText: requiredText(
      "Write what was done, or the reason the advice was not taken",
      4000,
      "Keep the response to 4,000 characters",
    ),
    respondedOn: calendarDate("Enter the date of the response").refine(
      (value) => value <= today,
      "The response date cannot be in the future",
    ),
  });
}
export type ResponseInput = z.output<ReturnType<typeof responseSchema>>;

export const dueDateChangeSchema = z.object({
  responseDueOn: calendarDate("Enter the new due date"),
  reason: requiredText("Say why the due date changes", 1000, "Keep the reason to 1,000 characters"),
});
export type DueDateChangeInput = z.output<typeof dueDateChangeSchema>;

export const reassignSchema = z.object({
  ownerUserId: recordId("Choose the new owner from the list"),
  note: z
    .string()
    .trim()
    .max(1000, "Keep the note to 1,000 characters")
    .optional()
    .transform((value) => value ?? ""),
});
export type ReassignInput = z.output<typeof reassignSchema>;

export const escalateSchema = z.object({
  reason: requiredText(
    "Say why the steering group should decide",
    2000,
    "Keep the reason to 2,000 characters",
  ),
});
export type EscalateInput = z.output<typeof escalateSchema>;

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The `:feedbackId` of a URL, and ids in links. */
export const feedbackIdSchema = positiveId;

/** Linking feedback to an action item, from the item's page. */
export const feedbackLinkSchema = z.object({
  feedbackId: z.coerce
    .number({ error: "Choose feedback from the list" })
    .int("Choose feedback from the list")
    .positive("Choose feedback from the list")
    .max(Number.MAX_SAFE_INTEGER, "Choose feedback from the list"),
});
export type FeedbackLinkInput = z.output<typeof feedbackLinkSchema>;

/** The prefill a link to the record form may carry: the engagement it came from. */
export const newFeedbackPrefillSchema = z.object({
  engagementId: positiveId.optional().catch(undefined),
});

export const FEEDBACK_PAGE_SIZE = 25;
export const FEEDBACK_SORTS = ["received", "due"] as const;
export type FeedbackSort = (typeof FEEDBACK_SORTS)[number];

const optionalDate = z.string().refine(isCalendarDate).optional().catch(undefined);

/**
 * The list's filters. A bad value in a shared or hand-edited URL is dropped rather than refused,
 * as the action-item list does; scope is applied in SQL whatever the filters say.
 */
export const feedbackListFilterSchema = z.object({
  /** A community's id, or "group" for feedback from the group as a whole. */
  community: z
    .union([z.literal("group"), positiveId])
    .optional()
    .catch(undefined),
  strand: z.enum(STRAND_KEYS).optional().catch(undefined),
  category: z.enum(FEEDBACK_CATEGORIES).optional().catch(undefined),
  status: z.enum(FEEDBACK_STATUSES).optional().catch(undefined),
  owner: positiveId.optional().catch(undefined),
  contact: positiveId.optional().catch(undefined),
  engagement: positiveId.optional().catch(undefined),
  /** Open and past the due date. */
  overdue: z.literal("yes").optional().catch(undefined),
  /** Open and due today or within the next seven days. */
  due: z.literal("week").optional().catch(undefined),
  /** "yes": ever escalated; "awaiting": escalated and no decision recorded since. */
  escalated: z.enum(["yes", "awaiting"]).optional().catch(undefined),
  from: optionalDate,
  to: optionalDate,
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(FEEDBACK_SORTS).catch("received").default("received"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type FeedbackListFilter = z.output<typeof feedbackListFilterSchema>;

export const FEEDBACK_FILTER_FIELDS = [
  "community",
  "strand",
  "category",
  "status",
  "owner",
  "contact",
  "engagement",
  "overdue",
  "due",
  "escalated",
  "from",
  "to",
  "q",
] as const;

export function parseFeedbackListFilter(searchParams: URLSearchParams): FeedbackListFilter {
  const values: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    // An empty box in the GET form means "no filter", not an invalid one.
    if (value !== "" && !(name in values)) values[name] = value;
  }
  return feedbackListFilterSchema.parse(values);
}

export function isFeedbackListFiltered(filter: FeedbackListFilter): boolean {
  return FEEDBACK_FILTER_FIELDS.some((field) => filter[field] !== undefined);
}

/** The list's URL for these filters, e.g. a dashboard count's link. */
export function feedbackListHref(filter: Partial<FeedbackListFilter>, path = "/feedback") {
  const params = new URLSearchParams();
  for (const field of FEEDBACK_FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined) params.set(field, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
