// The community details form, used to add a community and to edit one.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { COMMUNITY_STATUSES } from "~/db/schema";
import { COMMUNITY_STATUS_LABELS, communitySchema } from "~/domain/communities.schema";
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "./forms";

export type CommunityFormDefaults = {
  name: string;
  countryCode: string;
  languages: string;
  status: string;
  leadOfficerId: string;
  notes: string;
};

export function CommunityForm({
  lastResult,
  defaultValue,
  countries,
  leadOfficers,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: CommunityFormDefaults;
  countries: readonly { code: string; name: string }[];
  leadOfficers: readonly { id: number; displayName: string; isActive: boolean }[];
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: communitySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label="Display name" hint="For example: Afghan community" />
      <SelectField
        meta={fields.countryCode}
        label="Source country"
        placeholder="Choose a country"
        options={countries.map((country) => ({
          value: country.code,
          label: `${country.name} (${country.code})`,
        }))}
      />
      <TextField
        meta={fields.languages}
        label="Languages"
        hint="ISO 639-1 codes, separated by commas or spaces, for example: ps, fa"
      />
      <SelectField
        meta={fields.status}
        label="Status"
        options={COMMUNITY_STATUSES.map((status) => ({
          value: status,
          label: COMMUNITY_STATUS_LABELS[status],
        }))}
      />
      <SelectField
        meta={fields.leadOfficerId}
        label="Lead officer"
        placeholder="No lead officer yet"
        options={leadOfficers.map((officer) => ({
          value: String(officer.id),
          label: officer.isActive ? officer.displayName : `${officer.displayName} (deactivated)`,
        }))}
      />
      <TextareaField meta={fields.notes} label="Notes" />
      <SubmitButton name="intent" value="save">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
