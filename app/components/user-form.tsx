// The user details form (name, email, role, assignments), used to add a user and to edit one.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ROLES } from "~/db/schema";
import {
  editUserSchema,
  newUserSchema,
  type EditUserInput,
  type NewUserFormValues,
} from "~/domain/users.schema";
import { CheckboxGroup, FormErrors, SelectField, SubmitButton, TextField } from "./forms";
import { roleLabel } from "./site-header";

export type UserFormDefaults = {
  displayName: string;
  email: string;
  role: string;
  communityIds: string[];
  strandKeys: string[];
};

export function UserForm({
  mode,
  lastResult,
  defaultValue,
  communities,
  strands,
  submitLabel,
  action,
}: {
  /** A new user also gets an initial password; an existing one keeps theirs. */
  mode: "new" | "edit";
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: UserFormDefaults;
  communities: readonly { id: number; name: string; archived: boolean }[];
  strands: readonly { key: string; name: string }[];
  submitLabel: string;
  /** Where the form posts; the page's own URL may carry a notice that must not survive a retry. */
  action?: string;
}) {
  const [form, fields] = useForm<NewUserFormValues, EditUserInput>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: mode === "new" ? newUserSchema : editUserSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="max-w-xl space-y-4">
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.displayName} label="Name" autoComplete="off" />
      <TextField meta={fields.email} label="Email" type="email" autoComplete="off" />
      <SelectField
        meta={fields.role}
        label="Role"
        placeholder={mode === "new" ? "Choose a role" : undefined}
        options={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))}
      />
      {mode === "new" ? (
        <TextField
          meta={fields.password}
          label="Initial password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters, at most 256. Give it to the user in person; they can change it on their account page."
        />
      ) : null}
      <div className="space-y-1">
        <p className="text-sm text-slate-600">
          Communities only count for liaison officers and strands only for strand leads; the other
          kind is cleared when the user is saved.
        </p>
        {communities.length ? (
          <CheckboxGroup
            meta={fields.communityIds}
            legend="Communities (liaison officers)"
            options={communities.map((community) => ({
              value: String(community.id),
              label: community.archived ? `${community.name} (archived)` : community.name,
            }))}
          />
        ) : (
          <p>There are no active communities to assign yet.</p>
        )}
      </div>
      <CheckboxGroup
        meta={fields.strandKeys}
        legend="Strands (strand leads)"
        options={strands.map((strand) => ({ value: strand.key, label: strand.name }))}
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
