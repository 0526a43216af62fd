// The strand form: only the description and the leads; a strand's key and name are fixed.
import { z } from "zod";
import { STRAND_KEYS } from "~/db/schema";

export const strandKeySchema = z.enum(STRAND_KEYS);

export const strandSchema = z.object({
  description: z
    .string()
    .trim()
    .max(1000, "Keep the description to 1,000 characters")
    .optional()
    .default(""),
  // Ids arrive as the strings a checkbox posts; they become numbers once checked.
  leadUserIds: z
    .array(
      z
        .string()
        .regex(/^[1-9][0-9]{0,14}$/, "Choose strand leads from the list")
        .transform(Number),
    )
    .max(100, "That is too many leads")
    .optional()
    .transform((ids) => ids ?? []),
});
export type StrandInput = z.output<typeof strandSchema>;
export type StrandFormValues = z.input<typeof strandSchema>;
