// The organisation details form, used to add an organisation and to edit one.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ORGANISATION_TYPES } from "~/db/schema";
import { ORGANISATION_TYPE_LABELS, organisationSchema } from "~/domain/organisations.schema";
import {
  CheckboxGroup,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "./forms";

export type OrganisationFormDefaults = {
  name: string;
  type: string;
  communityId: string;
  strandKeys: string[];
  address: string;
  phone: string;
  email: string;
  website: string;
  notes: string;
};

export const EMPTY_ORGANISATION_FORM: OrganisationFormDefaults = {
  name: "",
  type: "",
  communityId: "",
  strandKeys: [],
  address: "",
  phone: "",
  email: "",
  website: "",
  notes: "",
};

export function OrganisationForm({
  lastResult,
  defaultValue,
  communities,
  mayLeaveCommunityEmpty,
  strands,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: OrganisationFormDefaults;
  communities: readonly { id: number; name: string }[];
  /** Liaison officers must put an organisation in one of their communities. */
  mayLeaveCommunityEmpty: boolean;
  strands: readonly { key: string; name: string }[];
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organisationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label="Name" hint="As the organisation writes it, any script" />
      <SelectField
        meta={fields.type}
        label="Type"
        placeholder="Choose a type"
        options={ORGANISATION_TYPES.map((type) => ({
          value: type,
          label: ORGANISATION_TYPE_LABELS[type],
        }))}
      />
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
      <TextareaField meta={fields.address} label="Address" />
      <TextField
        meta={fields.phone}
        label="Phone"
        type="tel"
        hint="UK numbers as usual; other countries with their code, e.g. +33 1 42 68 53 00"
      />
      <TextField meta={fields.email} label="Email" type="email" />
      <TextField meta={fields.website} label="Website" hint="For example: www.example.org" />
      <TextareaField meta={fields.notes} label="Notes" />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
