// The engagement forms (plan, log as held, edit, record as held, follow-ups, delete), shared by the pages and their actions.
import { z } from "zod";
import {
  ENGAGEMENT_TYPES,
  PROTECTIVE_MARKINGS,
  STRAND_KEYS,
  type EngagementStatus,
  type EngagementType,
} from "~/db/schema";
import { londonWallClockToUtc } from "./london-time";

export const ENGAGEMENT_TYPE_LABELS: Record<EngagementType, string> = {
  meeting: "Meeting",
  forum_session: "Forum session",
  call: "Call",
  visit: "Visit",
  event: "Event",
  media_briefing: "Media briefing",
  email: "Email",
  letter: "Letter",
};

export const ENGAGEMENT_STATUS_LABELS: Record<EngagementStatus, string> = {
  planned: "Planned",
  held: "Held",
};

export const SENTIMENTS = [-2, -1, 0, 1, 2] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** The reading in words, so the number never carries the meaning alone. */
export const SENTIMENT_LABELS: Record<Sentiment, string> = {
  [-2]: "Very negative (−2)",
  [-1]: "Negative (−1)",
  0: "Neutral (0)",
  1: "Positive (+1)",
  2: "Very positive (+2)",
};

export function sentimentLabel(sentiment: number | null): string {
  return sentiment === null ? "Not recorded" : (SENTIMENT_LABELS[sentiment as Sentiment] ?? "");
}

export const MAX_ENGAGEMENT_CONTACTS = 200;
export const MAX_ENGAGEMENT_OFFICERS = 50;
export const MAX_FOLLOW_UPS_AT_ONCE = 10;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WALL_CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const calendarDate = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine(isCalendarDate, "Enter a real date as YYYY-MM-DD, e.g. 2026-03-01");

const startTime = z
  .string({ error: "Enter the start time" })
  .trim()
  .regex(WALL_CLOCK_TIME, "Enter the start time as HH:MM on the 24-hour clock, e.g. 14:30");

/** An optional text box: conform posts an empty box as nothing, which is stored as "". */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value ?? "");

const recordId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^[1-9][0-9]{0,14}$/, message)
    .transform(Number);

/** A group of checkboxes posting ids; none ticked posts nothing at all. */
const idList = (message: string, max: number, tooMany: string) =>
  z
    .array(recordId(message))
    .max(max, tooMany)
    .optional()
    .transform((ids) => [...new Set(ids ?? [])]);

const sentiment = z
  .enum(["-2", "-1", "0", "1", "2"], { error: "Choose a sentiment reading from the list" })
  .transform((value) => Number(value) as Sentiment);

const durationMinutes = z
  .number({ error: "Enter the duration in minutes, from 1 to 1440" })
  .int("Enter a whole number of minutes")
  .min(1, "Enter the duration in minutes, from 1 to 1440")
  .max(1440, "An engagement lasts at most 1440 minutes (a day)");

const DST_GAP_MESSAGE =
  "That time does not exist in London on that day: the clocks go forward from 01:00 to 02:00. Choose another time";
const HELD_IN_FUTURE_MESSAGE =
  "An engagement recorded as held cannot start in the future. Plan it instead, or correct the date and time";

/**
 * A rule across fields runs once those fields are valid, even while others still have errors,
 * so the user sees every problem of the form at once.
 */
function fieldsParsed(...fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    payload.issues.every((issue) => !fields.includes(String(issue.path?.[0])));
}

type WallClock = { date: string; startTime: string };

/** The clocks-skip and held-in-the-future rules, each reported beside its own field. */
function wallClockRules<T extends z.ZodType<WallClock & { status?: "planned" | "held" }>>(
  schema: T,
  now: Date,
  alwaysHeld: boolean,
) {
  return schema
    .refine((value) => londonWallClockToUtc(value.date, value.startTime) !== null, {
      path: ["startTime"],
      message: DST_GAP_MESSAGE,
      when: fieldsParsed("date", "startTime"),
    })
    .refine(
      (value) => {
        if (!alwaysHeld && value.status !== "held") return true;
        const startsAt = londonWallClockToUtc(value.date, value.startTime);
        return startsAt === null || startsAt.getTime() <= now.getTime();
      },
      {
        path: ["date"],
        message: HELD_IN_FUTURE_MESSAGE,
        when: fieldsParsed("date", "startTime", "status"),
      },
    )
    .transform((value) => ({
      ...value,
      // Both rules above have passed, so the wall-clock time names exactly one instant.
      startsAt: londonWallClockToUtc(value.date, value.startTime)!,
    }));
}

/**
 * The engagement form of planning, logging directly as held and editing. `now` decides whether a
 * held engagement's start is in the future; a planned one may be in the past, to be recorded later.
 */
export function engagementSchema(now: Date = new Date()) {
  const fields = z
    .object({
      title: z
        .string({ error: "Enter a title" })
        .trim()
        .min(1, "Enter a title")
        .max(200, "Keep the title to 200 characters"),
      type: z.enum(ENGAGEMENT_TYPES, { error: "Choose the type of engagement" }),
      status: z.enum(["planned", "held"], { error: "Choose whether it is planned or held" }),
      date: calendarDate("Enter the date"),
      startTime,
      durationMinutes,
      location: optionalText(300, "Keep the place to 300 characters"),
      isOnline: z
        .boolean()
        .optional()
        .transform((value) => value ?? false),
      communityIds: z
        .array(recordId("Choose communities from the list"), {
          error: "Choose at least one community",
        })
        .min(1, "Choose at least one community")
        .max(12, "Choose at most 12 communities")
        .transform((ids) => [...new Set(ids)]),
      strandKeys: z
        .array(z.enum(STRAND_KEYS, { error: "Choose strands from the list" }), {
          error: "Choose at least one strand",
        })
        .min(1, "Choose at least one strand")
        .transform((keys) => STRAND_KEYS.filter((key) => keys.includes(key))),
      contactIds: idList(
        "Choose contacts from the list",
        MAX_ENGAGEMENT_CONTACTS,
        `Choose at most ${MAX_ENGAGEMENT_CONTACTS} contacts`,
      ),
      officerIds: idList(
        "Choose officers from the list",
        MAX_ENGAGEMENT_OFFICERS,
        `Choose at most ${MAX_ENGAGEMENT_OFFICERS} officers`,
      ),
      purpose: optionalText(2000, "Keep the purpose to 2,000 characters"),
      minutes: optionalText(20_000, "Keep the minutes to 20,000 characters"),
      outcomes: optionalText(5000, "Keep the outcomes to 5,000 characters"),
      sentiment: sentiment.optional(),
      marking: z
        .enum(PROTECTIVE_MARKINGS, { error: "Choose a protective marking" })
        .optional()
        .transform((marking) => marking ?? "OFFICIAL"),
    })
    .refine((engagement) => engagement.status !== "held" || engagement.sentiment !== undefined, {
      path: ["sentiment"],
      message: "Record the sentiment reading of a held engagement",
      when: fieldsParsed("status", "sentiment"),
    });
  return wallClockRules(fields, now, false);
}
export type EngagementInput = z.output<ReturnType<typeof engagementSchema>>;

/**
 * One follow-up row of the record-as-held form. The form offers a few empty rows; a row left
 * wholly empty is no follow-up, a row partly filled is one with something missing.
 */
const followUpRow = z
  .object({
    description: z.string().trim().max(500, "Keep the follow-up to 500 characters").optional(),
    ownerUserId: z.string().trim().optional(),
    dueOn: z.string().trim().optional(),
  })
  .optional()
  .superRefine((row, context) => {
    // The owner is chosen in advance on every row, so it alone does not make a follow-up.
    if (!row || (!row.description && !row.dueOn)) return;
    if (!row.description) {
      context.addIssue({ code: "custom", path: ["description"], message: "Describe what to do" });
    }
    if (!row.ownerUserId || !/^[1-9][0-9]{0,14}$/.test(row.ownerUserId)) {
      context.addIssue({ code: "custom", path: ["ownerUserId"], message: "Choose an owner" });
    }
    if (!row.dueOn || !isCalendarDate(row.dueOn)) {
      context.addIssue({
        code: "custom",
        path: ["dueOn"],
        message: "Enter the due date as YYYY-MM-DD, e.g. 2026-03-01",
      });
    }
  });

export type FollowUpInput = { description: string; ownerUserId: number; dueOn: string };

function filledFollowUps(rows: readonly z.output<typeof followUpRow>[] | undefined) {
  return (rows ?? []).flatMap((row): FollowUpInput[] =>
    row?.description && row.ownerUserId && row.dueOn
      ? [{ description: row.description, ownerUserId: Number(row.ownerUserId), dueOn: row.dueOn }]
      : [],
  );
}

/** Recording a planned engagement as held: when it really happened, what was said, what follows. */
export function recordHeldSchema(now: Date = new Date()) {
  const fields = z.object({
    date: calendarDate("Enter the date it was held"),
    startTime,
    durationMinutes,
    minutes: optionalText(20_000, "Keep the minutes to 20,000 characters"),
    outcomes: optionalText(5000, "Keep the outcomes to 5,000 characters"),
    sentiment: z
      .enum(["-2", "-1", "0", "1", "2"], {
        error: "Record the sentiment reading of a held engagement",
      })
      .transform((value) => Number(value) as Sentiment),
    marking: z
      .enum(PROTECTIVE_MARKINGS, { error: "Choose a protective marking" })
      .optional()
      .transform((marking) => marking ?? "OFFICIAL"),
    followUps: z
      .array(followUpRow)
      .max(MAX_FOLLOW_UPS_AT_ONCE, `Add at most ${MAX_FOLLOW_UPS_AT_ONCE} follow-ups at once`)
      .optional()
      .transform(filledFollowUps),
  });
  return wallClockRules(fields, now, true);
}
export type RecordHeldInput = z.output<ReturnType<typeof recordHeldSchema>>;

export const followUpSchema = z.object({
  description: z
    .string({ error: "Describe what to do" })
    .trim()
    .min(1, "Describe what to do")
    .max(500, "Keep the follow-up to 500 characters"),
  ownerUserId: recordId("Choose an owner"),
  dueOn: calendarDate("Enter the due date"),
});

/** Completing or reopening a follow-up on the engagement page. */
export const followUpStatusSchema = z.object({
  intent: z.enum(["complete", "reopen"]),
});

export const deleteEngagementSchema = z.object({
  reason: z
    .string({ error: "Give the reason for deleting this engagement" })
    .trim()
    .min(1, "Give the reason for deleting this engagement")
    .max(1000, "Keep the reason to 1,000 characters"),
});

/** The `:engagementId` or `:followUpId` of a URL; anything else is a page that does not exist. */
export const recordIdParamSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The prefill a link to the new-engagement form may carry (from a contact or community page). */
export const newEngagementPrefillSchema = z.object({
  communityId: recordIdParamSchema.optional().catch(undefined),
  contactId: recordIdParamSchema.optional().catch(undefined),
  status: z.enum(["planned", "held"]).optional().catch(undefined),
});

/** The picker's search box: a query of fewer than two letters finds nothing rather than everyone. */
export const PICKER_MIN_QUERY = 2;
export const pickerQuerySchema = z
  .string()
  .trim()
  .max(200)
  .catch("")
  .transform((q) => (q.length >= PICKER_MIN_QUERY ? q : ""));
