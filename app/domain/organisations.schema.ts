// The organisation form and the organisations list's URL filter, shared by the pages and their actions.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { ORGANISATION_TYPES, STRAND_KEYS, type OrganisationType } from "~/db/schema";

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  embassy: "Embassy / high commission",
  government_department: "Government department",
  business: "Business",
  faith_organisation: "Faith organisation",
  youth_organisation: "Youth organisation",
  media_outlet: "Media outlet",
  community_association: "Community association",
  local_authority: "Local authority",
  consultative_group: "Consultative group",
  other: "Other",
};

export const PHONE_ERROR = "Enter a valid phone number, e.g. 020 7946 0000 or +44 20 7946 0000";
export const EMAIL_ERROR = "Enter a valid email address, e.g. info@example.org";
export const WEBSITE_ERROR = "Enter a web address, e.g. https://www.example.org";

/** An optional text field: conform posts an empty box as nothing, which we store as "". */
function optionalText(max: number, message: string) {
  return z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value ?? "");
}

/**
 * A UK number may be written the national way ("020 7946 0000"); anything else needs its
 * country code. Stored in international format so the same number is always written one way.
 */
export function normalisePhone(input: string): string | null {
  const phone = parsePhoneNumberFromString(input, "GB");
  return phone?.isValid() ? phone.formatInternational() : null;
}

/** "example.org" becomes "https://example.org"; only http(s) addresses are kept, as they become links. */
export function normaliseWebsite(input: string): string | null {
  let candidate = input;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) {
    // "mailto:" or "javascript:" is a scheme, not a host; "example.org:8080" is a host with a port.
    if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(candidate)) return null;
    candidate = `https://${candidate}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname.includes(".") || /\s/.test(candidate) || url.username || url.password) {
    return null;
  }
  return candidate;
}

export const organisationSchema = z.object({
  name: z
    .string({ error: "Enter the organisation's name" })
    .trim()
    .min(1, "Enter the organisation's name")
    .max(200, "Keep the name to 200 characters"),
  type: z.enum(ORGANISATION_TYPES, { error: "Choose the type of organisation" }),
  // Ids arrive as the string a select posts; the domain checks the community exists and is allowed.
  communityId: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, "Choose a community from the list")
    .transform(Number)
    .optional(),
  strandKeys: z
    .array(z.enum(STRAND_KEYS, { error: "Choose strands from the list" }), {
      error: "Choose at least one strand",
    })
    .min(1, "Choose at least one strand")
    .transform((keys) => STRAND_KEYS.filter((key) => keys.includes(key))),
  address: optionalText(500, "Keep the address to 500 characters"),
  phone: optionalText(40, PHONE_ERROR).transform((value, context) => {
    if (value === "") return "";
    const phone = normalisePhone(value);
    if (phone === null) {
      context.addIssue({ code: "custom", message: PHONE_ERROR });
      return z.NEVER;
    }
    return phone;
  }),
  email: optionalText(254, "Keep the email address to 254 characters")
    .transform((value) => value.toLowerCase())
    .refine((value) => value === "" || z.email().safeParse(value).success, EMAIL_ERROR),
  website: optionalText(300, "Keep the web address to 300 characters").transform(
    (value, context) => {
      if (value === "") return "";
      const website = normaliseWebsite(value);
      if (website === null || website.length > 300) {
        context.addIssue({ code: "custom", message: WEBSITE_ERROR });
        return z.NEVER;
      }
      return website;
    },
  ),
  notes: optionalText(5000, "Keep the notes to 5,000 characters"),
});
export type OrganisationInput = z.output<typeof organisationSchema>;

/** The page's buttons besides the form: archive or restore. */
export const organisationIntentSchema = z.enum(["archive", "restore"]);

export const ORGANISATION_SORTS = ["name", "updated"] as const;
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number];

/** A bad value in a shared or hand-edited URL is dropped rather than refused. */
export const organisationListFilterSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  /** A community's id, or "none" for organisations not tied to one community. */
  community: z
    .union([z.literal("none"), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
    .optional()
    .catch(undefined),
  strand: z.enum(STRAND_KEYS).optional().catch(undefined),
  type: z.enum(ORGANISATION_TYPES).optional().catch(undefined),
  archived: z.enum(["only", "include"]).optional().catch(undefined),
  sort: z.enum(ORGANISATION_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type OrganisationListFilter = z.output<typeof organisationListFilterSchema>;

export function parseOrganisationListFilter(searchParams: URLSearchParams): OrganisationListFilter {
  const values: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    // An empty box in the GET form means "no filter", not an invalid one.
    if (value !== "" && !(name in values)) values[name] = value;
  }
  return organisationListFilterSchema.parse(values);
}

/** Name sorts A→Z by default, last change newest first. */
export function sortDirection(filter: OrganisationListFilter): "asc" | "desc" {
  return filter.dir ?? (filter.sort === "updated" ? "desc" : "asc");
}

/** The `:organisationId` of a URL; anything else is a page that does not exist. */
export const organisationIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
