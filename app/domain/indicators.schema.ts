// The indicator forms (a soft indicator's definition, a community's readings for a quarter) and the
// indicators dashboard's URL parameters.
import { z } from "zod";
import { parseQuarter, type Quarter } from "./quarters";

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The `:indicatorId` and `:communityId` of a URL. */
export const indicatorIdSchema = positiveId;

export const INDICATOR_DIRECTIONS = ["higher", "lower"] as const;
export const INDICATOR_DIRECTION_LABELS: Record<(typeof INDICATOR_DIRECTIONS)[number], string> = {
  higher: "Higher is better",
  lower: "Lower is better",
};

const scaleEnd = (label: string) =>
  z
    .number({ error: `Enter the scale's ${label} as a whole number` })
    .int(`Enter the scale's ${label} as a whole number`)
    .min(-1000, `Keep the scale's ${label} between −1,000 and 1,000`)
    .max(1000, `Keep the scale's ${label} between −1,000 and 1,000`);

export const indicatorSchema = z
  .object({
    name: z
      .string({ error: "Enter a name" })
      .trim()
      .min(1, "Enter a name")
      .max(200, "Keep the name to 200 characters"),
    description: z
      .string()
      .trim()
      .max(2000, "Keep the description to 2,000 characters")
      .optional()
      .default(""),
    scaleMin: scaleEnd("lowest value"),
    scaleMax: scaleEnd("highest value"),
    direction: z.enum(INDICATOR_DIRECTIONS, { error: "Choose which direction is better" }),
    position: z
      .number({ error: "Enter the indicator's place in the list" })
      .int("Enter a whole number")
      .min(0, "The position cannot be negative")
      .max(999, "Keep the position below 1,000")
      .optional()
      .default(0),
  })
  .refine((indicator) => indicator.scaleMin < indicator.scaleMax, {
    path: ["scaleMax"],
    message: "The highest value must be greater than the lowest",
  })
  .transform(({ direction, ...rest }) => ({ ...rest, higherIsBetter: direction === "higher" }));
export type IndicatorInput = z.output<typeof indicatorSchema>;
export type IndicatorFormValues = Partial<Record<keyof z.input<typeof indicatorSchema>, string>>;

export const indicatorIntentSchema = z.enum(["save", "archive", "restore"]);

/**
 * A community's readings for one quarter: one row per active indicator. A blank value means no
 * reading; the scale of each indicator is checked on the server, which knows the definitions.
 */
export const readingsFormSchema = z.object({
  readings: z
    .array(
      z
        .object({
          indicatorId: positiveId,
          value: z.number({ error: "Enter a number, such as 3 or 3.4" }).optional(),
          note: z.string().trim().max(2000, "Keep the note to 2,000 characters").optional(),
        })
        .refine((reading) => reading.value !== undefined || !reading.note, {
          path: ["value"],
          message: "Enter a value for this note, or clear the note",
        }),
    )
    .max(200)
    .optional()
    .default([]),
});
export type ReadingsInput = z.output<typeof readingsFormSchema>;

/**
 * The quarter in a URL, or null when it is missing or not a quarter: pages then fall back to their
 * default quarter and say so, rather than refusing a shared link.
 */
export function quarterParam(searchParams: URLSearchParams): {
  quarter: Quarter | null;
  given: boolean;
} {
  const raw = searchParams.get("quarter");
  return { quarter: raw ? parseQuarter(raw.trim()) : null, given: Boolean(raw) };
}

/** The community a dashboard's trend charts also show, or null. */
export const dashboardCommunitySchema = positiveId.nullable().catch(null);
