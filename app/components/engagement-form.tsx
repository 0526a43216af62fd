// The engagement form, used to plan one, log one directly as held, and edit one.
import {
  getFormProps,
  getInputProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { ENGAGEMENT_TYPES, PROTECTIVE_MARKINGS } from "~/db/schema";
import {
  ENGAGEMENT_TYPE_LABELS,
  SENTIMENT_LABELS,
  SENTIMENTS,
  engagementSchema,
} from "~/domain/engagements.schema";
import { ContactPicker, type PickerContactView } from "./contact-picker";
import {
  CheckboxField,
  CheckboxGroup,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "./forms";

export type EngagementFormDefaults = {
  title: string;
  type: string;
  status: string;
  date: string;
  startTime: string;
  durationMinutes: string;
  location: string;
  isOnline: boolean;
  communityIds: string[];
  strandKeys: string[];
  /** Rendered by the picker from its own state; here so their errors have a field. */
  contactIds: string[];
  officerIds: string[];
  purpose: string;
  minutes: string;
  outcomes: string;
  sentiment: string;
  marking: string;
};

export const EMPTY_ENGAGEMENT_FORM: EngagementFormDefaults = {
  title: "",
  type: "meeting",
  status: "planned",
  date: "",
  startTime: "",
  durationMinutes: "60",
  location: "",
  isOnline: false,
  communityIds: [],
  strandKeys: [],
  contactIds: [],
  officerIds: [],
  purpose: "",
  minutes: "",
  outcomes: "",
  sentiment: "",
  marking: "OFFICIAL",
};

/** The picker's part of what the action or loader sends back: who is chosen, what a search found. */
export type ContactPickerState = {
  chosenContacts: PickerContactView[];
  pickerResults: PickerContactView[] | null;
  pickerQuery: string;
};

const inputClass =
  "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";

export function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded border border-slate-300 bg-white p-4">
      <legend className="px-1 text-lg font-semibold">{legend}</legend>
      {children}
    </fieldset>
  );
}

/** A 24-hour London wall-clock time. */
export function TimeField({
  meta,
  label,
  hint,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  hint: string;
}) {
  const hintId = `${meta.id}-hint`;
  const props = getInputProps(meta, { type: "time", ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={meta.id} className="block font-medium">
        {label}
      </label>
      <p id={hintId} className="text-sm text-slate-600">
        {hint}
      </p>
      <input {...props} key={props.key} className={inputClass} />
      {meta.errors?.length ? (
        <p id={meta.errorId} className="mt-1 text-sm text-red-800">
          {meta.errors.join(". ")}
        </p>
      ) : null}
    </div>
  );
}

function StatusRadios({ meta }: { meta: FieldMetadata<string | undefined> }) {
  const current = typeof meta.initialValue === "string" ? meta.initialValue : "planned";
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="font-medium">Status</legend>
      <div className="mt-1 flex flex-wrap gap-6">
        {(
          [
            ["planned", "Planned"],
            ["held", "Held"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input
              type="radio"
              name={meta.name}
              value={value}
              defaultChecked={current === value}
              key={`${meta.key ?? ""}-${value}`}
              className="h-5 w-5"
            />
            {label}
          </label>
        ))}
      </div>
      {meta.errors?.length ? (
        <p id={meta.errorId} className="mt-1 text-sm text-red-800">
          {meta.errors.join(". ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export const SENTIMENT_OPTIONS = SENTIMENTS.map((value) => ({
  value: String(value),
  label: SENTIMENT_LABELS[value],
}));

export const MARKING_OPTIONS = PROTECTIVE_MARKINGS.map((marking) => ({
  value: marking,
  label: marking,
}));

/** The search button posts the form to find contacts; that is never held up by the form's own rules. */
const findContactsSubmission = z.object({});

export function EngagementForm({
  lastResult,
  defaultValue,
  communities,
  strands,
  officers,
  picker,
  minutesWithheld,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: EngagementFormDefaults;
  communities: readonly { id: number; name: string }[];
  strands: readonly { key: string; name: string }[];
  officers: readonly { id: number; displayName: string; isActive: boolean }[];
  picker: ContactPickerState;
  /** The editor may change the engagement but not read its OFFICIAL-SENSITIVE minutes. */
  minutesWithheld: boolean;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) =>
      parseWithZod(formData, {
        schema:
          formData.get("intent") === "find-contacts" ? findContactsSubmission : engagementSchema(),
      }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const contactErrors = fields.contactIds.errors;
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-6">
      <FormErrors id={form.errorId} errors={form.errors} />

      <Group legend="What and when">
        <TextField meta={fields.title} label="Title" />
        <SelectField
          meta={fields.type}
          label="Type"
          options={ENGAGEMENT_TYPES.map((type) => ({
            value: type,
            label: ENGAGEMENT_TYPE_LABELS[type],
          }))}
        />
        <StatusRadios meta={fields.status} />
        <TextField meta={fields.date} label="Date" type="date" hint="The day in London" />
        <TimeField
          meta={fields.startTime}
          label="Start time"
          hint="London time, 24-hour clock, e.g. 14:30"
        />
        <TextField
          meta={fields.durationMinutes}
          label="Duration (minutes)"
          type="number"
          hint="From 1 to 1440"
        />
        <TextField
          meta={fields.location}
          label="Place"
          hint="An address or a room; may be empty when online"
        />
        <CheckboxField meta={fields.isOnline} label="Online" />
      </Group>

      <Group legend="Who it concerns">
        <CheckboxGroup
          meta={fields.communityIds}
          legend="Communities"
          options={communities.map((community) => ({
            value: String(community.id),
            label: community.name,
          }))}
        />
        <CheckboxGroup
          meta={fields.strandKeys}
          legend="Strands"
          options={strands.map((strand) => ({ value: strand.key, label: strand.name }))}
        />
        <ContactPicker
          key={[
            ...picker.chosenContacts.map((contact) => contact.id),
            "|",
            ...(picker.pickerResults ?? []).map((contact) => contact.id),
            picker.pickerQuery,
          ].join(",")}
          chosen={picker.chosenContacts}
          serverResults={picker.pickerResults}
          query={picker.pickerQuery}
          errors={contactErrors}
          errorId={fields.contactIds.errorId}
        />
        <CheckboxGroup
          meta={fields.officerIds}
          legend="Attending officers"
          options={officers.map((officer) => ({
            value: String(officer.id),
            label: officer.isActive ? officer.displayName : `${officer.displayName} (deactivated)`,
          }))}
        />
      </Group>

      <Group legend="Purpose and record">
        <TextareaField meta={fields.purpose} label="Purpose" />
        {minutesWithheld ? (
          <p className="rounded border border-slate-400 bg-slate-50 p-3">
            The minutes, outcomes and marking of this OFFICIAL-SENSITIVE engagement are shown only
            to its attending officers, the leads of its strands and admins. Saving keeps them as
            they are.
          </p>
        ) : (
          <>
            <TextareaField
              meta={fields.minutes}
              label="Minutes"
              hint="Once it is held: what was said, in summary"
            />
            <TextareaField meta={fields.outcomes} label="Outcomes" hint="Once it is held" />
          </>
        )}
        <SelectField
          meta={fields.sentiment}
          label="Sentiment"
          placeholder="Not recorded (required once held)"
          options={SENTIMENT_OPTIONS}
        />
        {minutesWithheld ? null : (
          <SelectField meta={fields.marking} label="Protective marking" options={MARKING_OPTIONS} />
        )}
      </Group>

      <SubmitButton>Save engagement</SubmitButton>
    </Form>
  );
}
