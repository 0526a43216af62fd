// The engagement list's and the coverage matrix's URL filters, shared by their forms and loaders.
import { z } from "zod";
import {
  ENGAGEMENT_STATUSES,
  ENGAGEMENT_TYPES,
  PROTECTIVE_MARKINGS,
  STRAND_KEYS,
} from "~/db/schema";

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

const recordId = (message: string) =>
  z
    .number({ error: message })
    .int(message)
    .positive(message)
    .max(Number.MAX_SAFE_INTEGER, message)
    .optional();

const dateOrder = {
  path: ["to"],
  message: "The to date must be on or after the from date",
};

/**
 * The list's filters. A bad value is refused (400 with the field's message) rather than dropped:
 * a list quietly wider than the link promised would mislead, and an export would leak more rows.
 */
export const engagementListFilterSchema = z
  .object({
    community: recordId("Choose a community from the list"),
    strand: z.enum(STRAND_KEYS, { error: "Choose a strand from the list" }).optional(),
    type: z.enum(ENGAGEMENT_TYPES, { error: "Choose a type from the list" }).optional(),
    officer: recordId("Choose an officer from the list"),
    contact: recordId("The contact in this link is not valid; clear the filters and start again"),
    from: calendarDate("from"),
    to: calendarDate("to"),
    status: z.enum(ENGAGEMENT_STATUSES, { error: "Choose planned or held" }).optional(),
    marking: z.enum(PROTECTIVE_MARKINGS, { error: "Choose a marking from the list" }).optional(),
    page: z
      .number({ error: "The page link is not valid; start again from the first page" })
      .int("The page link is not valid; start again from the first page")
      .min(1, "The page link is not valid; start again from the first page")
      .max(10_000, "The page link is not valid; start again from the first page")
      .optional(),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, dateOrder);
export type EngagementListFilter = z.output<typeof engagementListFilterSchema>;

/** The filter fields a link to the same results (another page, the export) carries. */
export const ENGAGEMENT_FILTER_FIELDS = [
  "community",
  "strand",
  "type",
  "officer",
  "contact",
  "from",
  "to",
  "status",
  "marking",
] as const;

/** Whether any filter narrows the list (the page does not). */
export function isEngagementListFiltered(filter: EngagementListFilter): boolean {
  return ENGAGEMENT_FILTER_FIELDS.some((field) => filter[field] !== undefined);
}

/** The list's URL for these filters, e.g. a coverage cell's link. */
export function engagementListHref(filter: Partial<EngagementListFilter>, path = "/engagements") {
  const params = new URLSearchParams();
  for (const field of ENGAGEMENT_FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined) params.set(field, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The coverage matrix's default period, in days ending today. */
export const COVERAGE_DEFAULT_DAYS = 90;

/** The coverage matrix's period: London calendar days, both ends included. */
export const coveragePeriodSchema = z
  .object({ from: calendarDate("from"), to: calendarDate("to") })
  .refine((period) => !period.from || !period.to || period.from <= period.to, dateOrder);

/** A timeline's own page number beside the page's other parameters; a bad one shows the first page. */
export const timelinePageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);
