// The community form and the communities list's URL filter, shared by the page and its action.
import { z } from "zod";
import { COMMUNITY_STATUSES, type CommunityStatus } from "~/db/schema";
import { countryName, languageName, replacementLanguageCode } from "./iso-codes";

/** The programme works with at most twelve source-country communities at a time. */
export const MAX_ACTIVE_COMMUNITIES = 12;

export const ACTIVE_LIMIT_MESSAGE = `There are already ${MAX_ACTIVE_COMMUNITIES} active communities, the most the programme allows. Archive one before adding another.`;

export const COMMUNITY_STATUS_LABELS: Record<CommunityStatus, string> = {
  identified: "Identified",
  template_applied: "Template applied",
  plan_active: "Plan active",
  established: "Established",
};

/** "ps, fa" or "ps fa" into ["ps", "fa"], without repeats. */
export function splitLanguageCodes(input: string): string[] {
  return [...new Set(input.split(/[\s,]+/).filter((code) => code.length > 0))];
}

function languageCodeProblem(code: string): string | null {
  if (!/^[a-z]{2}$/.test(code)) {
    return /^[A-Za-z]{2}$/.test(code)
      ? `“${code}” should be written in lowercase: “${code.toLowerCase()}”`
      : `“${code}” is not a two-letter ISO 639-1 code`;
  }
  if (languageName(code)) return null;
  const replacement = replacementLanguageCode(code);
  return replacement
    ? `“${code}” is a withdrawn code; use “${replacement}”`
    : `“${code}” is not an ISO 639-1 language code`;
}

export const communitySchema = z.object({
  name: z
    .string({ error: "Enter the community's display name" })
    .trim()
    .min(1, "Enter the community's display name")
    .max(100, "Keep the name to 100 characters"),
  countryCode: z
    .string({ error: "Choose the source country" })
    .trim()
    .regex(/^[A-Z]{2}$/, "Use the two capital letters of an ISO 3166-1 country code, e.g. AF")
    .refine((code) => countryName(code) !== null, "That is not an ISO 3166-1 country code"),
  languages: z
    .string()
    .max(200, "That is too many languages")
    .optional()
    .transform((input) => splitLanguageCodes(input ?? ""))
    .superRefine((codes, context) => {
      for (const code of codes) {
        const problem = languageCodeProblem(code);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }
    }),
  status: z.enum(COMMUNITY_STATUSES, { error: "Choose a status" }),
  leadOfficerId: z
    .number({ error: "Choose a lead officer from the list" })
    .int("Choose a lead officer from the list")
    .positive("Choose a lead officer from the list")
    .optional(),
  notes: z.string().max(5000, "Keep the notes to 5,000 characters").optional().default(""),
});
export type CommunityInput = z.output<typeof communitySchema>;

/** The edit page's other buttons: details are saved, the community archived or restored. */
export const communityIntentSchema = z.enum(["save", "archive", "restore"]);

export const communityListFilterSchema = z.object({
  archived: z
    .enum(["include"])
    .optional()
    .catch(undefined)
    .transform((value) => value === "include"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export function parseCommunityListFilter(searchParams: URLSearchParams) {
  return communityListFilterSchema.parse(Object.fromEntries(searchParams));
}

/** The `:communityId` of a URL; anything else is a page that does not exist. */
export const communityIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
