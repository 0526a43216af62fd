// Add a follow-up to an engagement: what to do, who owns it, when it is due.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { followUpSchema, recordIdParamSchema } from "~/domain/engagements.schema";
import {
  addFollowUp,
  findEngagementAccess,
  getEngagementTitle,
  officerChoices,
} from "~/domain/engagements.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Add a follow-up to ${data?.engagement.title ?? "engagement"} · CRG Engagement CRM` },
];

function authorise(
  request: Request,
  rawId: string | undefined,
): { user: SessionUser; engagementId: number } {
  const user = requireUser(request);
  const parsed = recordIdParamSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const engagementId = parsed.data;
  const access = findEngagementAccess(getDb(), engagementId);
  if (!access) notFound();
  const denial = { entityType: "engagement", entityId: engagementId };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", access);
  ensureAllowed(user, { ...denial, as: 403 }, "record.update", access);
  return { user, engagementId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const db = getDb();
  const owners = officerChoices(db);
  return {
    engagement: { id: engagementId, title: getEngagementTitle(db, engagementId) },
    owners,
    defaultOwnerId: owners.some((owner) => owner.id === user.id) ? String(user.id) : "",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const submission = parseWithZod(await readForm(request), { schema: followUpSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const result = addFollowUp(getDb(), user, engagementId, submission.value);
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
  return redirect(`/engagements/${engagementId}?done=follow-up-added`);
}

export default function NewFollowUpPage() {
  const { engagement, owners, defaultOwnerId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { description: "", ownerUserId: defaultOwnerId, dueOn: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: followUpSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="max-w-2xl space-y-6">
      <p>
        <Link to={`/engagements/${engagement.id}`} className="text-brand-700 underline">
          <bdi dir="auto">{engagement.title}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Add a follow-up</h1>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.description} label="What to do" />
        <SelectField
          meta={fields.ownerUserId}
          label="Owner"
          placeholder="Choose an officer"
          options={owners.map((owner) => ({ value: String(owner.id), label: owner.displayName }))}
        />
        <TextField meta={fields.dueOn} label="Due on" type="date" hint="A day in London" />
        <SubmitButton>Add follow-up</SubmitButton>
      </Form>
    </div>
  );
}
