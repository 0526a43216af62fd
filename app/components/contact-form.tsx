// The contact form, used to add and edit a contact, with the possible-duplicate warning and its "Save anyway".
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { LAWFUL_BASES, VETTING_STATUSES } from "~/db/schema";
import type { OrganisationPickerState } from "~/domain/contacts.server";
import {
  LAWFUL_BASIS_LABELS,
  VETTING_STATUS_LABELS,
  contactSchema,
} from "~/domain/contacts.schema";
import {
  CheckboxField,
  CheckboxGroup,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "./forms";
import { OrganisationPicker } from "./organisation-picker";

export type ContactFormDefaults = {
  name: string;
  latinName: string;
  pronouns: string;
  roleTitle: string;
  /** Rendered by the organisation picker from its own state; here so its errors have a field. */
  organisationId: string;
  communityId: string;
  strandKeys: string[];
  email: string;
  phone: string;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  isCrgMember: boolean;
  termsOfReferenceSignedOn: string;
  vettingStatus: string;
  vettingOn: string;
  vettingReviewOn: string;
  confidentialitySignedOn: string;
  declaredInterests: string;
  interestsDeclaredOn: string;
  lawfulBasis: string;
  lawfulBasisRecordedOn: string;
  keyContactCadenceDays: string;
  ownerUserId: string;
  tags: string;
  notes: string;
};

export const EMPTY_CONTACT_FORM: ContactFormDefaults = {
  name: "",
  latinName: "",
  pronouns: "",
  roleTitle: "",
  organisationId: "",
  communityId: "",
  strandKeys: [],
  email: "",
  phone: "",
  preferredLanguage: "",
  interpreterNeeded: false,
  isCrgMember: false,
  termsOfReferenceSignedOn: "",
  vettingStatus: "",
  vettingOn: "",
  vettingReviewOn: "",
  confidentialitySignedOn: "",
  declaredInterests: "",
  interestsDeclaredOn: "",
  lawfulBasis: "",
  lawfulBasisRecordedOn: "",
  keyContactCadenceDays: "",
  ownerUserId: "",
  tags: "",
  notes: "",
};

export type PossibleDuplicateView = {
  id: number;
  name: string;
  latinName: string;
  communityName: string | null;
  archived: boolean;
  reasons: ("email" | "phone" | "name")[];
};

const REASON_LABELS = {
  email: "same email",
  phone: "same phone",
  name: "very similar name in the same community",
} as const;

/**
 * A name box that lets the browser pick the text direction from what is typed, so a name in
 * Arabic reads right to left while the rest of the form stays left to right.
 */
function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded border border-slate-300 bg-white p-4">
      <legend className="px-1 text-lg font-semibold">{legend}</legend>
      {children}
    </fieldset>
  );
}

function DuplicateWarning({ duplicates }: { duplicates: readonly PossibleDuplicateView[] }) {
  return (
    <div
      role="alert"
      aria-labelledby="duplicate-warning-title"
      className="space-y-3 rounded border border-amber-700 bg-amber-50 p-4 text-amber-950"
    >
      <h2 id="duplicate-warning-title" className="text-lg font-semibold">
        This may be someone already in the directory
      </h2>
      <p>Check these contacts before saving. Nothing has been saved yet.</p>
      <ul className="list-disc space-y-1 pl-5">
        {duplicates.map((twin) => (
          <li key={twin.id}>
            <Link
              to={`/contacts/${twin.id}`}
              className="text-brand-700 underline"
              target="_blank"
              rel="noopener"
            >
              <bdi dir="auto">{twin.name}</bdi>
              {twin.latinName && twin.latinName !== twin.name ? ` (${twin.latinName})` : null}
              <span className="sr-only"> (opens in a new tab)</span>
            </Link>
            {twin.communityName ? `, ${twin.communityName}` : null}
            {twin.archived ? " (archived)" : null}:{" "}
            {twin.reasons.map((r) => REASON_LABELS[r]).join(", ")}
          </li>
        ))}
      </ul>
      <p>
        If this is a different person, use “Save anyway” at the end of the form; an admin can merge
        two records of one person later.
      </p>
    </div>
  );
}

/** The organisation search posts the form; that is never held up by the form's own rules. */
const findOrganisationsSubmission = z.object({});

export function ContactForm({
  lastResult,
  defaultValue,
  duplicates,
  organisationPicker,
  communities,
  mayLeaveCommunityEmpty,
  strands,
  owners,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: ContactFormDefaults;
  duplicates: readonly PossibleDuplicateView[] | null;
  organisationPicker: OrganisationPickerState;
  communities: readonly { id: number; name: string }[];
  /** Liaison officers must put a contact in one of their communities. */
  mayLeaveCommunityEmpty: boolean;
  strands: readonly { key: string; name: string }[];
  owners: readonly { id: number; displayName: string; isActive: boolean }[];
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) =>
      parseWithZod(formData, {
        schema:
          formData.get("intent") === "find-organisations"
            ? findOrganisationsSubmission
            : contactSchema,
      }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-6">
      <FormErrors id={form.errorId} errors={form.errors} />
      {duplicates?.length ? <DuplicateWarning duplicates={duplicates} /> : null}

      <Group legend="Who they are">
        <TextField
          meta={fields.name}
          label="Name"
          hint="As the person writes it, in any script"
          dir="auto"
          autoComplete="off"
        />
        <TextField
          dir="auto"
          autoComplete="off"
          meta={fields.latinName}
          label="Name in Latin letters"
          hint="Needed when the name is written in another script, e.g. Dmitry Ivanov"
        />
        <TextField meta={fields.pronouns} label="Pronouns" hint="For example: she/her" />
        <TextField meta={fields.roleTitle} label="Role or title" />
        <OrganisationPicker
          picker={organisationPicker}
          errors={fields.organisationId.errors}
          errorId={fields.organisationId.errorId}
        />
      </Group>

      <Group legend="Where they belong">
        <SelectField
          meta={fields.communityId}
          label="Community"
          placeholder={
            mayLeaveCommunityEmpty ? "No community (not tied to one)" : "Choose a community"
          }
          options={communities.map((community) => ({
            value: String(community.id),
            label: community.name,
          }))}
        />
        <CheckboxGroup
          meta={fields.strandKeys}
          legend="Strands (one or more)"
          options={strands.map((strand) => ({ value: strand.key, label: strand.name }))}
        />
      </Group>

      <Group legend="How to reach them">
        <TextField meta={fields.email} label="Email" type="email" />
        <TextField
          meta={fields.phone}
          label="Phone"
          type="tel"
          hint="UK numbers as usual; other countries with their code, e.g. +33 1 42 68 53 00"
        />
        <TextField
          meta={fields.preferredLanguage}
          label="Preferred language"
          hint="Two-letter ISO 639-1 code, e.g. ps for Pashto, ar for Arabic"
        />
        <CheckboxField meta={fields.interpreterNeeded} label="Needs an interpreter" />
      </Group>

      <Group legend="CRG membership">
        <CheckboxField meta={fields.isCrgMember} label="Member of the Community Reference Group" />
        <TextField
          meta={fields.termsOfReferenceSignedOn}
          label="Terms of reference signed on"
          type="date"
        />
        <SelectField
          meta={fields.vettingStatus}
          label="Vetting status"
          placeholder="Not recorded"
          options={VETTING_STATUSES.map((status) => ({
            value: status,
            label: VETTING_STATUS_LABELS[status],
          }))}
        />
        <TextField meta={fields.vettingOn} label="Vetted on" type="date" />
        <TextField meta={fields.vettingReviewOn} label="Vetting review due on" type="date" />
        <TextField
          meta={fields.confidentialitySignedOn}
          label="Confidentiality agreement signed on"
          type="date"
        />
        <TextareaField
          meta={fields.declaredInterests}
          label="Declared interests"
          hint="Roles, memberships or ties that could bear on their advice, as they declared them"
        />
        <TextField
          meta={fields.interestsDeclaredOn}
          label="Interests declared on"
          hint="When they last declared or confirmed them, even to declare none; asked again a year later"
          type="date"
        />
      </Group>

      <Group legend="Data protection">
        <SelectField
          meta={fields.lawfulBasis}
          label="Lawful basis for holding their details"
          placeholder="Not recorded"
          options={LAWFUL_BASES.map((basis) => ({
            value: basis,
            label: LAWFUL_BASIS_LABELS[basis],
          }))}
        />
        <TextField
          meta={fields.lawfulBasisRecordedOn}
          label="Lawful basis recorded on"
          type="date"
          hint="Required with a lawful basis: when it was given or recorded"
        />
      </Group>

      <Group legend="Relationship">
        <TextField
          meta={fields.keyContactCadenceDays}
          label="Key contact: be in touch every … days"
          type="number"
          hint="1 to 365; leave empty if they are not a key contact"
        />
        <SelectField
          meta={fields.ownerUserId}
          label="Owner"
          placeholder="No owner"
          options={owners.map((owner) => ({
            value: String(owner.id),
            label: owner.isActive ? owner.displayName : `${owner.displayName} (deactivated)`,
          }))}
        />
        <TextField
          meta={fields.tags}
          label="Tags"
          hint="Separated by commas, e.g. faith leader, elder (at most 20)"
        />
        <TextareaField meta={fields.notes} label="Notes" />
      </Group>

      <div className="flex flex-wrap gap-4">
        {/* Pressing Enter in a field sends the first button of the form, "Search organisations",
            so it never saves a half-filled form nor confirms a possible duplicate. */}
        <SubmitButton>{submitLabel}</SubmitButton>
        {duplicates?.length ? (
          <SubmitButton name="confirmDuplicate" value="yes">
            Save anyway
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}
