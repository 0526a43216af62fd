// The audit log's URL filters, shared by the filter form and the page's loader.
import { z } from "zod";
import { AUDIT_ACTIONS, type AuditAction } from "~/db/schema";

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: "Create",
  update: "Update",
  delete: "Delete",
  archive: "Archive",
  restore: "Restore",
  merge: "Merge",
  view: "View",
  export: "Export",
  erase: "Erase",
  login: "Sign in",
  login_failed: "Failed sign-in",
  logout: "Sign out",
  denied: "Access denied",
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  // A value of the wrong shape already has its own message.
  if (!ISO_DATE.test(value)) return true;
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const calendarDate = (label: string) =>
  z
    .string()
    .trim()
    .regex(ISO_DATE, `Enter the ${label} date as YYYY-MM-DD, e.g. 2026-03-01`)
    .refine(isCalendarDate, `The ${label} date is not a real date`)
    .optional();

export const auditFilterSchema = z
  .object({
    action: z.enum(AUDIT_ACTIONS, { error: "Choose an action from the list" }).optional(),
    entityType: z
      .string()
      .trim()
      .max(50, "Keep the entity type to 50 characters")
      .regex(/^[a-z][a-z_]*$/, "Choose an entity type from the list")
      .optional(),
    entityId: z.string().trim().max(100, "Keep the entity id to 100 characters").optional(),
    actorUserId: z
      .number({ error: "Choose a user from the list" })
      .int("Choose a user from the list")
      .positive("Choose a user from the list")
      .max(Number.MAX_SAFE_INTEGER, "Choose a user from the list")
      .optional(),
    fromOn: calendarDate("from"),
    toOn: calendarDate("to"),
    /** Keyset cursor of the "Older events" link, never typed by a user. */
    before: z
      .number({ error: "The page link is not valid; start again from the newest events" })
      .int("The page link is not valid; start again from the newest events")
      .positive("The page link is not valid; start again from the newest events")
      .max(
        Number.MAX_SAFE_INTEGER,
        "The page link is not valid; start again from the newest events",
      )
      .optional(),
  })
  .refine((filter) => !filter.fromOn || !filter.toOn || filter.fromOn <= filter.toOn, {
    path: ["toOn"],
    message: "The to date must be on or after the from date",
  });
export type AuditFilterInput = z.output<typeof auditFilterSchema>;

/** The filter fields a link to another page of the same results must carry. */
export const AUDIT_FILTER_FIELDS = [
  "action",
  "entityType",
  "entityId",
  "actorUserId",
  "fromOn",
  "toOn",
] as const;
