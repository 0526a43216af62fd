// The contact form, the merge form and the contacts list's URL filter, shared by the pages and their actions.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { LAWFUL_BASES, ORGANISATION_TYPES, STRAND_KEYS, VETTING_STATUSES } from "~/db/schema";
import { languageName } from "./iso-codes";

export type VettingStatus = (typeof VETTING_STATUSES)[number];
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/**
 * How far ahead of a CRG member's dated duties (CRG_DUTIES) My work reminds the officers, and the
 * contact list's "review or renewal due" filter finds the member.
 */
export const CRG_DUTY_NOTICE_DAYS = 30;

/**
 * A CRG member's duties: the vetting review on its date; the confidentiality agreement signed
 * again, and the interests declared again, a year after the last time (yearly is a default to
 * confirm against the group's terms of reference). An agreement or a declaration never recorded
 * is due at once; a vetting review without a date is not a duty yet.
 */
export const CRG_DUTIES = ["vettingReview", "confidentiality", "interests"] as const;
export type CrgDuty = (typeof CRG_DUTIES)[number];

export const CRG_DUTY_LABELS: Record<CrgDuty, string> = {
  vettingReview: "Vetting review",
  confidentiality: "Confidentiality agreement to sign again",
  interests: "Interests to declare again",
};

/** What the reminder says of an agreement or a declaration never recorded. */
export const CRG_DUTY_NEVER_RECORDED: Record<Exclude<CrgDuty, "vettingReview">, string> = {
  confidentiality: "No confidentiality agreement recorded as signed",
  interests: "No declaration of interests recorded",
};

/**
 * A duty falling due: when, and in how many days (negative once passed); both null for an
 * agreement or a declaration never recorded, which is due at once.
 */
export type CrgDutyDue =
  | { duty: CrgDuty; on: string; daysUntilDue: number }
  | { duty: Exclude<CrgDuty, "vettingReview">; on: null; daysUntilDue: null };

export const VETTING_STATUS_LABELS: Record<VettingStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  cleared: "Cleared",
  refused: "Refused",
  lapsed: "Lapsed",
};

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  consent: "Consent",
  public_task: "Public task",
  legitimate_interests: "Legitimate interests",
  legal_obligation: "Legal obligation",
  vital_interests: "Vital interests",
};

export const CONTACT_PHONE_ERROR =
  "Enter a valid phone number, e.g. 020 7946 0000 or +44 20 7946 0000";
export const CONTACT_EMAIL_ERROR = "Enter a valid email address, e.g. name@example.org";
export const LATIN_NAME_REQUIRED =
  "Add the name in Latin letters too, so that every colleague can read and find it";

export const ORGANISATION_CHOICE_ERROR =
  "Find the organisation and choose it from the results, or choose “No organisation”";

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * A UK number may be written the national way ("020 7946 0000"); others need their country code.
 * Stored in international format, so one number is always written one way and twins are found.
 */
export function normaliseContactPhone(input: string): string | null {
  const phone = parsePhoneNumberFromString(input, "GB");
  return phone?.isValid() ? phone.formatInternational() : null;
}

/** "Imam, faith leader , imam" into ["imam", "faith leader"]: tags are compared without case. */
export function splitTags(input: string): string[] {
  const tags = input
    .split(",")
    .map((tag) => tag.trim().replace(/\s+/g, " ").toLowerCase())
    .filter((tag) => tag.length > 0);
  return [...new Set(tags)];
}

/** True when a name contains Latin letters, so it can be read without a transliteration. */
export function isWrittenInLatin(name: string): boolean {
  return /\p{Script=Latin}/u.test(name);
}

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
    .regex(ISO_DATE, `Enter the ${label} as YYYY-MM-DD, e.g. 2026-03-01`)
    .refine(isCalendarDate, `The ${label} is not a real date`)
    .optional();

/** An optional text box: conform posts an empty box as nothing, which is stored as "". */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value ?? "");

/** Ids arrive as the string a select posts; the domain checks the record exists and may be used. */
const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,14}$/, message)
    .transform(Number)
    .optional();

/**
 * A rule across fields runs once those fields are valid, even while others still have errors,
 * so the user sees every problem of the form at once.
 */
function fieldsParsed(...fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    payload.issues.every((issue) => !fields.includes(String(issue.path?.[0])));
}

export const contactSchema = z
  .object({
    name: z
      .string({ error: "Enter the contact's name" })
      .trim()
      .min(1, "Enter the contact's name")
      .max(200, "Keep the name to 200 characters"),
    latinName: optionalText(200, "Keep the name in Latin letters to 200 characters"),
    pronouns: optionalText(40, "Keep the pronouns to 40 characters"),
    roleTitle: optionalText(200, "Keep the role or title to 200 characters"),
    organisationId: optionalId(ORGANISATION_CHOICE_ERROR),
    communityId: optionalId("Choose a community from the list"),
    strandKeys: z
      .array(z.enum(STRAND_KEYS, { error: "Choose strands from the list" }), {
        error: "Choose at least one strand",
      })
      .min(1, "Choose at least one strand")
      .transform((keys) => STRAND_KEYS.filter((key) => keys.includes(key))),
    email: optionalText(254, "Keep the email address to 254 characters")
      .transform((value) => value.toLowerCase())
      .refine((value) => value === "" || z.email().safeParse(value).success, CONTACT_EMAIL_ERROR),
    phone: optionalText(40, CONTACT_PHONE_ERROR).transform((value, context) => {
      if (value === "") return "";
      const phone = normaliseContactPhone(value);
      if (phone === null) {
        context.addIssue({ code: "custom", message: CONTACT_PHONE_ERROR });
        return z.NEVER;
      }
      return phone;
    }),
    preferredLanguage: optionalText(10, "Enter a two-letter ISO 639-1 language code, e.g. ps or fa")
      .transform((code) => code.toLowerCase())
      .refine(
        (code) => code === "" || languageName(code) !== null,
        "Enter a two-letter ISO 639-1 language code, e.g. ps or fa",
      ),
    interpreterNeeded: z
      .boolean()
      .optional()
      .transform((value) => value ?? false),
    isCrgMember: z
      .boolean()
      .optional()
      .transform((value) => value ?? false),
    termsOfReferenceSignedOn: calendarDate("date the terms of reference were signed"),
    vettingStatus: z.enum(VETTING_STATUSES, { error: "Choose a vetting status" }).optional(),
    vettingOn: calendarDate("vetting date"),
    vettingReviewOn: calendarDate("vetting review date"),
    confidentialitySignedOn: calendarDate("date the confidentiality agreement was signed"),
    declaredInterests: optionalText(2000, "Keep the declared interests to 2,000 characters"),
    interestsDeclaredOn: calendarDate("date the interests were declared"),
    lawfulBasis: z.enum(LAWFUL_BASES, { error: "Choose a lawful basis from the list" }).optional(),
    lawfulBasisRecordedOn: calendarDate("date the lawful basis was recorded"),
    keyContactCadenceDays: z
      .number({ error: "Enter a number of days from 1 to 365" })
      .int("Enter a whole number of days from 1 to 365")
      .min(1, "Enter a number of days from 1 to 365")
      .max(365, "Enter a number of days from 1 to 365")
      .optional(),
    ownerUserId: optionalId("Choose an owner from the list"),
    tags: z
      .string()
      .max(2000, "That is too many tags")
      .optional()
      .transform((input) => splitTags(input ?? ""))
      .superRefine((tags, context) => {
        if (tags.length > MAX_TAGS) {
          context.addIssue({ code: "custom", message: `Use at most ${MAX_TAGS} tags` });
        }
        const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
        if (long) {
          context.addIssue({
            code: "custom",
            message: `Keep each tag to ${MAX_TAG_LENGTH} characters (“${long.slice(0, 20)}…” is longer)`,
          });
        }
      }),
    notes: optionalText(5000, "Keep the notes to 5,000 characters"),
    /** "Save anyway" after the possible-duplicate warning. */
    confirmDuplicate: z.enum(["yes"]).optional().catch(undefined),
  })
  .refine((contact) => isWrittenInLatin(contact.name) || contact.latinName !== "", {
    path: ["latinName"],
    message: LATIN_NAME_REQUIRED,
    when: fieldsParsed("name", "latinName"),
  })
  .refine((contact) => !contact.lawfulBasis || contact.lawfulBasisRecordedOn, {
    path: ["lawfulBasisRecordedOn"],
    message: "Enter the date the lawful basis was recorded",
    when: fieldsParsed("lawfulBasis", "lawfulBasisRecordedOn"),
  })
  .refine((contact) => contact.lawfulBasis || !contact.lawfulBasisRecordedOn, {
    path: ["lawfulBasis"],
    message: "Choose the lawful basis this date records",
    when: fieldsParsed("lawfulBasis", "lawfulBasisRecordedOn"),
  })
  .refine((contact) => contact.vettingStatus || !contact.vettingOn, {
    path: ["vettingStatus"],
    message: "Choose the vetting status this date records",
    when: fieldsParsed("vettingStatus", "vettingOn"),
  })
  .refine(
    (contact) =>
      !contact.vettingOn || !contact.vettingReviewOn || contact.vettingReviewOn > contact.vettingOn,
    {
      path: ["vettingReviewOn"],
      message: "The review date must be after the vetting date",
      when: fieldsParsed("vettingOn", "vettingReviewOn"),
    },
  );
export type ContactInput = z.output<typeof contactSchema>;

/** The contact page's buttons: archive, restore, and the two steps of a merge. */
export const contactIntentSchema = z.enum(["archive", "restore", "mergePreview", "mergeConfirm"]);

/** The merge form: the id of the contact to fold into the one on the page. */
export const contactMergeSchema = z.object({
  duplicateId: z
    .string({ error: "Enter the id of the contact to merge into this one" })
    .trim()
    .regex(/^[1-9][0-9]{0,14}$/, "Enter the number of a contact, e.g. 1234")
    .transform(Number),
});

export const CONTACT_SORTS = ["name", "updated", "owner"] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

const idOrNone = z
  .union([z.literal("none"), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .optional()
  .catch(undefined);

export const CRG_FILTERS = ["yes", "review-due", "no"] as const;

/** A bad value in a shared or hand-edited URL is dropped rather than refused. */
export const contactListFilterSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  /** A community's id, or "none" for contacts not tied to one community. */
  community: idOrNone,
  strand: z.enum(STRAND_KEYS).optional().catch(undefined),
  /** The type of the contact's organisation. */
  orgType: z.enum(ORGANISATION_TYPES).optional().catch(undefined),
  /** An owner's user id, or "none" for contacts nobody owns. */
  owner: idOrNone,
  tag: z
    .string()
    .trim()
    .max(MAX_TAG_LENGTH)
    .transform((tag) => tag.replace(/\s+/g, " ").toLowerCase())
    .optional()
    .catch(undefined),
  /** "review-due": CRG members with a duty (CRG_DUTIES) due within the notice period or passed. */
  crg: z.enum(CRG_FILTERS).optional().catch(undefined),
  archived: z.enum(["only", "include"]).optional().catch(undefined),
  sort: z.enum(CONTACT_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type ContactListFilter = z.output<typeof contactListFilterSchema>;

export function parseContactListFilter(searchParams: URLSearchParams): ContactListFilter {
  const values: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    // An empty box in the GET form means "no filter", not an invalid one.
    if (value !== "" && !(name in values)) values[name] = value;
  }
  return contactListFilterSchema.parse(values);
}

/** Names and owners sort A→Z by default, last change newest first. */
export function contactSortDirection(filter: ContactListFilter): "asc" | "desc" {
  return filter.dir ?? (filter.sort === "updated" ? "desc" : "asc");
}

/** Whether any filter narrows the list (sort and page do not). */
export function isContactListFiltered(filter: ContactListFilter): boolean {
  return Boolean(
    filter.q ||
    filter.community ||
    filter.strand ||
    filter.orgType ||
    filter.owner ||
    filter.tag ||
    filter.crg ||
    filter.archived,
  );
}

/** The `:contactId` of a URL; anything else is a page that does not exist. */
export const contactIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const ERASURE_CONFIRMATION_ERROR = "Tick the box to confirm that this cannot be undone";

/** Erasing a person: why (kept in the audit log), and a tick that the admin means it. */
export const contactErasureSchema = z.object({
  reason: z
    .string({ error: "Give the reason for erasing this person" })
    .trim()
    .min(1, "Give the reason for erasing this person")
    .max(500, "Keep the reason to 500 characters"),
  confirm: z
    .boolean({ error: ERASURE_CONFIRMATION_ERROR })
    .refine((confirmed) => confirmed, ERASURE_CONFIRMATION_ERROR),
});

/** How far ahead the retention review may be told to keep a person. */
export const RETENTION_DECISION_MAX_YEARS = 10;

/** Keeping a person past the retention period: until when, and why (both kept in the audit log). */
export const retentionDecisionSchema = z.object({
  retainedUntil: z
    .string({ error: "Enter the date to keep them until" })
    .trim()
    .regex(ISO_DATE, "Enter the date as YYYY-MM-DD, e.g. 2027-12-31")
    .refine(isCalendarDate, "That is not a real date"),
  retentionReason: z
    .string({ error: "Give the reason for keeping them" })
    .trim()
    .min(1, "Give the reason for keeping them")
    .max(500, "Keep the reason to 500 characters"),
});
export type RetentionDecisionInput = z.output<typeof retentionDecisionSchema>;
