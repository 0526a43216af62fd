// The retention review's decision about one person: keep them past the retention period until a
// date, for a reason, or stop keeping them. Admins only; audited as a change of the contact.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireContactTool } from "~/auth/guard.server";
import { FormErrors, SubmitButton, TextField, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { RETENTION_DECISION_MAX_YEARS, retentionDecisionSchema } from "~/domain/contacts.schema";
import { formatCalendarDate } from "~/domain/london-time";
import { recordRetentionDecision, retentionDecisionOf } from "~/domain/retention.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [
  { title: "Keep past the retention period · CRG Engagement CRM" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contactId } = requireContactTool(request, params.contactId, "admin.area");
  const contact = retentionDecisionOf(getDb(), contactId);
  if (!contact) notFound();
  return { contact, maxYears: RETENTION_DECISION_MAX_YEARS };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contactId } = requireContactTool(request, params.contactId, "admin.area");
  const formData = await readForm(request);
  if (formData.get("intent") === "release") {
    const released = recordRetentionDecision(getDb(), user, contactId, null);
    if (!released.ok) notFound();
    return redirect("/admin/retention");
  }
  const submission = parseWithZod(formData, { schema: retentionDecisionSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const result = recordRetentionDecision(getDb(), user, contactId, submission.value);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      {
        result: submission.reply({
          fieldErrors: result.fieldErrors,
          formErrors: result.formError ? [result.formError] : undefined,
        }),
      },
      { status: result.status },
    );
  }
  return redirect("/admin/retention");
}

export default function RetentionDecisionPage() {
  const { contact, maxYears } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: {
      retainedUntil: contact.retainedUntil ?? "",
      retentionReason: contact.retentionReason,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retentionDecisionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const name = <bdi dir="auto">{contact.latinName || contact.name}</bdi>;
  return (
    <div className="max-w-2xl space-y-6">
      <p>
        <Link to="/admin/retention" className="text-brand-700 underline">
          Retention review
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Keep {name} past the retention period</h1>
      {contact.retainedUntil ? (
        <div className="space-y-3 rounded border border-slate-300 bg-white p-3">
          <p>
            Kept until {formatCalendarDate(contact.retainedUntil)}: {contact.retentionReason}
          </p>
          <Form method="post">
            <SubmitButton name="intent" value="release">
              Stop keeping them
            </SubmitButton>
          </Form>
        </div>
      ) : null}
      <p>
        The retention review leaves out a person kept this way until the day after the date, then
        asks again.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={fields.retainedUntil}
          label="Keep until"
          type="date"
          hint={`A date after today and within ${maxYears} years`}
        />
        <TextareaField
          meta={fields.retentionReason}
          label="Reason for keeping them"
          hint="Kept in the audit log, e.g. a legal hold or an open request"
        />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton>{contact.retainedUntil ? "Change the decision" : "Keep them"}</SubmitButton>
          <Link to="/admin/retention" className="text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}
