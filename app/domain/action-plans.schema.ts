// The action-plan forms (template item, apply, item, progress) and the item lists' URL filter.
import { z } from "zod";
import {
  ACTION_ITEM_STATUSES,
  ACTION_OWNER_ROLES,
  STRAND_KEYS,
  type ActionItemStatus,
  type ActionOwnerRole,
} from "~/db/schema";

export const ACTION_ITEM_STATUS_LABELS: Record<ActionItemStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
  cancelled: "Cancelled",
};

export const ACTION_OWNER_ROLE_LABELS: Record<ActionOwnerRole, string> = {
  liaison: "The community's liaison officer",
  strand_lead: "The strand's lead",
};

export const RAG_RATINGS = ["red", "amber", "green", "none"] as const;
export type RagRating = (typeof RAG_RATINGS)[number];

export const RAG_LABELS: Record<RagRating, string> = {
  red: "Red",
  amber: "Amber",
  green: "Green",
  none: "No rating",
};

/** A real calendar date typed as YYYY-MM-DD (what a date input posts). */
function calendarDate(message: string) {
  return z
    .string({ error: message })
    .trim()
    .refine((value) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
    }, message);
}

const title = z
  .string({ error: "Enter a title" })
  .trim()
  .min(1, "Enter a title")
  .max(200, "Keep the title to 200 characters");
const description = z
  .string()
  .trim()
  .max(4000, "Keep the description to 4,000 characters")
  .optional()
  .default("");

/** An id chosen from a select, or "" for nobody. */
const optionalUserId = z
  .string()
  .optional()
  .transform((value, context) => {
    if (!value) return null;
    if (!/^[1-9][0-9]{0,14}$/.test(value)) {
      context.addIssue({ code: "custom", message: "Choose an owner from the list" });
      return z.NEVER;
    }
    return Number(value);
  });

export const templateItemSchema = z.object({
  strandKey: z.enum(STRAND_KEYS, { error: "Choose a strand" }),
  title,
  description,
  dueOffsetDays: z.coerce
    .number({ error: "Enter the number of days after the plan's start" })
    .int("Enter a whole number of days")
    .min(0, "The offset cannot be negative")
    .max(3650, "Keep the offset within ten years (3,650 days)"),
  defaultOwnerRole: z.enum(ACTION_OWNER_ROLES, { error: "Choose who owns the item by default" }),
  position: z.coerce
    .number({ error: "Enter the item's place in its strand" })
    .int("Enter a whole number")
    .min(0, "The position cannot be negative")
    .max(999, "Keep the position below 1,000")
    .optional()
    .default(0),
});
export type TemplateItemInput = z.output<typeof templateItemSchema>;
/** What the form holds before parsing: the text each control posts. */
type FormValues<Schema extends z.ZodObject> = Partial<Record<keyof z.input<Schema>, string>>;
export type TemplateItemFormValues = FormValues<typeof templateItemSchema>;

export const templateItemIntentSchema = z.enum(["save", "archive", "restore"]);

export const applyTemplateSchema = z.object({
  startOn: calendarDate("Enter the plan's start date"),
});
export type ApplyTemplateInput = z.output<typeof applyTemplateSchema>;

const itemFields = {
  title,
  description,
  ownerUserId: optionalUserId,
  dueOn: calendarDate("Enter the due date"),
};

export const actionItemCreateSchema = z.object({
  strandKey: z.enum(STRAND_KEYS, { error: "Choose a strand" }),
  ...itemFields,
});
export type ActionItemCreateInput = z.output<typeof actionItemCreateSchema>;
export type ActionItemCreateFormValues = FormValues<typeof actionItemCreateSchema>;

/** Editing never moves an item to another strand or community: that would change who runs it. */
export const actionItemEditSchema = z.object(itemFields);
export type ActionItemEditInput = z.output<typeof actionItemEditSchema>;
export type ActionItemEditFormValues = FormValues<typeof actionItemEditSchema>;

export const progressUpdateSchema = z.object({
  happenedOn: calendarDate("Enter the date the progress happened"),
  note: z.string().trim().max(4000, "Keep the note to 4,000 characters").optional().default(""),
  newStatus: z
    .union([z.literal(""), z.enum(ACTION_ITEM_STATUSES)], {
      error: "Choose a status from the list",
    })
    .optional()
    .transform((value) => (value ? value : null)),
});
export type ProgressUpdateInput = z.output<typeof progressUpdateSchema>;
export type ProgressUpdateFormValues = FormValues<typeof progressUpdateSchema>;

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** What a post to an item's page does: record progress, or link or unlink an engagement or feedback. */
export const actionItemIntentSchema = z.enum([
  "progress",
  "link",
  "unlink",
  "link-feedback",
  "unlink-feedback",
]);

export const engagementLinkSchema = z.object({
  engagementId: z.coerce
    .number({ error: "Choose an engagement from the list" })
    .int("Choose an engagement from the list")
    .positive("Choose an engagement from the list")
    .max(Number.MAX_SAFE_INTEGER, "Choose an engagement from the list"),
});
export type EngagementLinkInput = z.output<typeof engagementLinkSchema>;

/** The `:communityId`, `:itemId` and `:templateItemId` of a URL. */
export const actionPlanIdSchema = positiveId;

export const ACTION_ITEM_PAGE_SIZE = 50;

/** A bad value in a shared or hand-edited URL is dropped rather than refused. */
export const actionItemListFilterSchema = z.object({
  community: positiveId.optional().catch(undefined),
  strand: z.enum(STRAND_KEYS).optional().catch(undefined),
  status: z.enum(ACTION_ITEM_STATUSES).optional().catch(undefined),
  rag: z.enum(RAG_RATINGS).optional().catch(undefined),
  /** Only items the signed-in user owns. */
  mine: z.literal("yes").optional().catch(undefined),
  /** Only items past their due date and not done or cancelled. */
  overdue: z.literal("yes").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type ActionItemListFilter = z.output<typeof actionItemListFilterSchema>;

export function parseActionItemListFilter(searchParams: URLSearchParams): ActionItemListFilter {
  const values: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    // An empty box in the GET form means "no filter", not an invalid one.
    if (value !== "" && !(name in values)) values[name] = value;
  }
  return actionItemListFilterSchema.parse(values);
}
