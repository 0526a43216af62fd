// Delete an engagement after confirming, with the reason kept in the audit log; a held one only by an admin.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { FormErrors, SubmitButton, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  ENGAGEMENT_TYPE_LABELS,
  deleteEngagementSchema,
  recordIdParamSchema,
} from "~/domain/engagements.schema";
import {
  deleteEngagement,
  findEngagementAccess,
  getEngagementForView,
} from "~/domain/engagements.server";
import { formatLondonDateTime } from "~/domain/london-time";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Delete ${data?.engagement.title ?? "engagement"} · CRG Engagement CRM` },
];

/** One the user may not see is not there (404); one they may see but not delete is refused (403). */
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
  ensureAllowed(user, { ...denial, as: 403 }, "engagement.delete", access);
  return { user, engagementId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const engagement = getEngagementForView(getDb(), user, engagementId, {
    detail: "delete confirmation",
  });
  if (!engagement) notFound();
  return {
    engagement: {
      id: engagement.id,
      title: engagement.title,
      typeLabel: ENGAGEMENT_TYPE_LABELS[engagement.type],
      status: engagement.status,
      startsAtText: formatLondonDateTime(engagement.startsAt),
      followUpCount: engagement.followUps.length,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const submission = parseWithZod(await readForm(request), { schema: deleteEngagementSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const result = deleteEngagement(getDb(), user, engagementId, submission.value.reason);
  if (!result.ok) {
    return data(
      { result: submission.reply({ formErrors: [result.formError ?? "It could not be deleted"] }) },
      { status: result.status },
    );
  }
  return redirect("/engagements?done=deleted");
}

export default function DeleteEngagementPage() {
  const { engagement } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deleteEngagementSchema }),
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
      <h1 className="text-2xl font-semibold">
        Delete <bdi dir="auto">{engagement.title}</bdi>?
      </h1>
      <p>
        {engagement.typeLabel}, {engagement.status === "held" ? "held" : "planned"},{" "}
        {engagement.startsAtText} (London time).
      </p>
      <p className="rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
        This removes the engagement
        {engagement.followUpCount
          ? ` and its ${engagement.followUpCount === 1 ? "follow-up" : `${engagement.followUpCount} follow-ups`}`
          : null}{" "}
        for good; its contacts&apos; last-engaged dates are worked out again. The audit log keeps
        who deleted it, when, and why.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField
          meta={fields.reason}
          label="Reason for deleting"
          hint="Kept in the audit log, e.g. entered twice, or it never took place"
        />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton>Delete engagement</SubmitButton>
          <Link to={`/engagements/${engagement.id}`} className="text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}
