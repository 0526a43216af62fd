// Record a planned engagement as held: when it really took place, the minutes, outcomes, sentiment, and its follow-ups.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { Group, MARKING_OPTIONS, SENTIMENT_OPTIONS, TimeField } from "~/components/engagement-form";
import {
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "~/components/forms";
import { getDb } from "~/db/client.server";
import { recordHeldSchema, recordIdParamSchema } from "~/domain/engagements.schema";
import {
  engagementFormValues,
  findEngagementAccess,
  getEngagementForView,
  officerChoices,
  recordEngagementHeld,
} from "~/domain/engagements.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record ${data?.engagement.title ?? "engagement"} as held · CRG Engagement CRM` },
];

/** Follow-up rows offered at once; more can be added on the engagement page afterwards. */
const FOLLOW_UP_ROWS = 3;

function authorise(
  request: Request,
  rawId: string | undefined,
): { user: SessionUser; engagementId: number; isHeld: boolean } {
  const user = requireUser(request);
  const parsed = recordIdParamSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const engagementId = parsed.data;
  const access = findEngagementAccess(getDb(), engagementId);
  if (!access) notFound();
  const denial = { entityType: "engagement", entityId: engagementId };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", access);
  ensureAllowed(user, { ...denial, as: 403 }, "record.update", access);
  return { user, engagementId, isHeld: access.status === "held" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, engagementId, isHeld } = authorise(request, params.engagementId);
  // Already held: its page says so and offers the edit form instead.
  if (isHeld) throw redirect(`/engagements/${engagementId}`);
  const db = getDb();
  const engagement = getEngagementForView(db, user, engagementId, { detail: "record as held" });
  if (!engagement) notFound();
  const values = engagementFormValues(engagement);
  return {
    engagement: { id: engagement.id, title: engagement.title },
    minutesWithheld: engagement.minutesWithheld,
    defaultValue: {
      date: values.date,
      startTime: values.startTime,
      durationMinutes: values.durationMinutes,
      minutes: values.minutes,
      outcomes: values.outcomes,
      sentiment: "",
      marking: values.marking,
      followUps: [],
    },
    owners: officerChoices(db),
    defaultOwnerId: String(user.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const submission = parseWithZod(await readForm(request), { schema: recordHeldSchema() });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const result = recordEngagementHeld(getDb(), user, engagementId, submission.value);
  if (!result.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
      },
      { status: result.status },
    );
  }
  return redirect(`/engagements/${engagementId}?done=held`);
}

const inputClass =
  "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";

function RowError({ id, errors }: { id: string; errors: string[] | undefined }) {
  return errors?.length ? (
    <p id={id} className="mt-1 text-sm text-red-800">
      {errors.join(". ")}
    </p>
  ) : null;
}

/**
 * One follow-up row; the rows are plain inputs named as conform's lists are, so they post and
 * keep their values without JavaScript.
 */
function FollowUpRow({
  index,
  initial,
  errors,
  owners,
  defaultOwnerId,
}: {
  index: number;
  initial: { description?: string; ownerUserId?: string; dueOn?: string } | undefined;
  errors: Record<string, string[] | undefined>;
  owners: readonly { id: number; displayName: string }[];
  defaultOwnerId: string;
}) {
  const name = (field: string) => `followUps[${index}].${field}`;
  const id = (field: string) => `follow-up-${index}-${field}`;
  const invalid = (field: string) => (errors[name(field)]?.length ? true : undefined);
  const describedBy = (field: string) => (invalid(field) ? `${id(field)}-error` : undefined);
  return (
    <fieldset className="space-y-3 rounded border border-slate-300 p-3">
      <legend className="px-1 font-medium">Follow-up {index + 1}</legend>
      <div>
        <label htmlFor={id("description")} className="block font-medium">
          What to do
        </label>
        <input
          id={id("description")}
          name={name("description")}
          defaultValue={initial?.description ?? ""}
          aria-invalid={invalid("description")}
          aria-describedby={describedBy("description")}
          className={inputClass}
        />
        <RowError id={`${id("description")}-error`} errors={errors[name("description")]} />
      </div>
      <div>
        <label htmlFor={id("ownerUserId")} className="block font-medium">
          Owner
        </label>
        <select
          id={id("ownerUserId")}
          name={name("ownerUserId")}
          defaultValue={initial?.ownerUserId ?? defaultOwnerId}
          aria-invalid={invalid("ownerUserId")}
          aria-describedby={describedBy("ownerUserId")}
          className={inputClass}
        >
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.displayName}
            </option>
          ))}
        </select>
        <RowError id={`${id("ownerUserId")}-error`} errors={errors[name("ownerUserId")]} />
      </div>
      <div>
        <label htmlFor={id("dueOn")} className="block font-medium">
          Due on
        </label>
        <input
          id={id("dueOn")}
          name={name("dueOn")}
          type="date"
          defaultValue={initial?.dueOn ?? ""}
          aria-invalid={invalid("dueOn")}
          aria-describedby={describedBy("dueOn")}
          className={inputClass}
        />
        <RowError id={`${id("dueOn")}-error`} errors={errors[name("dueOn")]} />
      </div>
    </fieldset>
  );
}

export default function RecordHeldPage() {
  const { engagement, minutesWithheld, defaultValue, owners, defaultOwnerId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recordHeldSchema() }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const typedRows = (form.initialValue as { followUps?: unknown } | undefined)?.followUps;
  const rows = Array.isArray(typedRows)
    ? (typedRows as ({ description?: string; ownerUserId?: string; dueOn?: string } | undefined)[])
    : [];
  const rowKey = form.key ?? "";
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/engagements/${engagement.id}`} className="text-brand-700 underline">
          <bdi dir="auto">{engagement.title}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Record <bdi dir="auto">{engagement.title}</bdi> as held
      </h1>
      <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-6">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Group legend="When it took place">
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
        </Group>
        <Group legend="What was said">
          {minutesWithheld ? (
            <p className="rounded border border-slate-400 bg-slate-50 p-3">
              The minutes, outcomes and marking of this OFFICIAL-SENSITIVE engagement are shown only
              to its attending officers, the leads of its strands and admins; they are kept as they
              are.
            </p>
          ) : (
            <>
              <TextareaField meta={fields.minutes} label="Minutes" />
              <TextareaField meta={fields.outcomes} label="Outcomes" />
            </>
          )}
          <SelectField
            meta={fields.sentiment}
            label="Sentiment"
            placeholder="Choose a reading"
            options={SENTIMENT_OPTIONS}
          />
          {minutesWithheld ? null : (
            <SelectField
              meta={fields.marking}
              label="Protective marking"
              options={MARKING_OPTIONS}
            />
          )}
        </Group>
        <Group legend="Follow-ups">
          <p className="text-slate-700">
            Fill in a row for each thing to follow up; leave the rest empty. More can be added on
            the engagement&apos;s page.
          </p>
          {Array.from({ length: FOLLOW_UP_ROWS }, (_, index) => (
            <FollowUpRow
              key={`${rowKey}-${index}`}
              index={index}
              initial={rows[index]}
              errors={form.allErrors}
              owners={owners}
              defaultOwnerId={defaultOwnerId}
            />
          ))}
        </Group>
        <SubmitButton>Record as held</SubmitButton>
      </Form>
    </div>
  );
}
