// The steering group's decision on one escalated feedback item, recorded outside a review.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { FormErrors, Notice, SubmitButton, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { formatCalendarDate, formatLondonDate } from "~/domain/london-time";
import { FEEDBACK_CATEGORY_LABELS } from "~/domain/feedback.schema";
import { findFeedbackAccess } from "~/domain/feedback.server";
import {
  decisionSchema,
  routeIdSchema,
  type DecisionInput,
} from "~/domain/steering-reviews.schema";
import { openFeedbackForDecision, recordDecision } from "~/domain/steering-reviews.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Steering decision · CRG Engagement CRM" }];

const NOT_ESCALATED =
  "This item has not been escalated to the steering group, so there is no decision to record. Its owner can escalate it from the feedback page.";

/** 404 for an item the user may not read, 403 for a reader who may not decide. */
function authorise(request: Request, rawId: string | undefined) {
  const user = requireUser(request);
  const parsed = routeIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const feedbackId = parsed.data;
  const access = findFeedbackAccess(getDb(), feedbackId);
  if (!access) notFound();
  const denial = { entityType: "feedback", entityId: feedbackId };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", access);
  ensureAllowed(user, { ...denial, as: 403 }, "feedback.decide", access);
  return { user, feedbackId, isEscalated: access.isEscalated };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, feedbackId, isEscalated } = authorise(request, params.feedbackId);
  if (!isEscalated) return data({ item: null, refusal: NOT_ESCALATED }, { status: 409 });
  const item = openFeedbackForDecision(getDb(), user, feedbackId);
  if (!item) notFound();
  return {
    item: {
      ...item,
      escalatedAt: item.escalatedAt?.getTime() ?? null,
      steeringDecidedAt: item.steeringDecidedAt?.getTime() ?? null,
    },
    refusal: null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, feedbackId, isEscalated } = authorise(request, params.feedbackId);
  const submission = parseWithZod(await readForm(request), { schema: decisionSchema });
  if (!isEscalated) {
    return data(submission.reply({ formErrors: [NOT_ESCALATED] }), { status: 409 });
  }
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = recordDecision(getDb(), user, { feedbackId }, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({ formErrors: result.formError ? [result.formError] : undefined }),
      { status: 409 },
    );
  }
  return redirect(`/feedback/${feedbackId}/decision?decided=1`);
}

export default function FeedbackDecisionPage() {
  const { item, refusal } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{ decision?: string }, DecisionInput>({
    lastResult,
    defaultValue: { decision: item?.steeringDecision ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <p>
        <Link to="/reviews" className="text-brand-700 underline">
          Steering reviews
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Steering decision</h1>
      {item === null ? (
        <p role="alert" className="max-w-prose rounded border border-red-700 bg-red-50 p-3">
          {refusal}
        </p>
      ) : (
        <>
          {searchParams.get("decided") ? <Notice>Decision recorded.</Notice> : null}
          <dl className="grid max-w-2xl grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="font-medium">Community</dt>
            <dd>{item.communityName}</dd>
            <dt className="font-medium">Category</dt>
            <dd>{FEEDBACK_CATEGORY_LABELS[item.category]}</dd>
            <dt className="font-medium">Received</dt>
            <dd>{formatCalendarDate(item.receivedOn)}</dd>
            <dt className="font-medium">Answer due</dt>
            <dd>{formatCalendarDate(item.responseDueOn)}</dd>
            <dt className="font-medium">Escalated</dt>
            <dd>{item.escalatedAt ? formatLondonDate(new Date(item.escalatedAt)) : "—"}</dd>
            <dt className="font-medium">Why escalated</dt>
            <dd className="whitespace-pre-line">
              <bdi dir="auto">{item.escalationReason || "No reason given"}</bdi>
            </dd>
          </dl>
          <section aria-labelledby="summary-heading" className="space-y-2">
            <h2 id="summary-heading" className="text-xl font-semibold">
              What the community said
            </h2>
            <p className="max-w-prose whitespace-pre-line">
              <bdi dir="auto">{item.summary}</bdi>
            </p>
          </section>
          {item.steeringDecidedAt ? (
            <section aria-labelledby="latest-heading" className="space-y-2">
              <h2 id="latest-heading" className="text-xl font-semibold">
                Latest decision
              </h2>
              <p className="text-sm">
                {item.decidedByName ?? "Unknown"},{" "}
                {formatLondonDate(new Date(item.steeringDecidedAt))}
              </p>
              <p className="max-w-prose whitespace-pre-line">
                <bdi dir="auto">{item.steeringDecision}</bdi>
              </p>
            </section>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextareaField
              meta={fields.decision}
              label={item.steeringDecidedAt ? "A new decision" : "The group's decision"}
            />
            <SubmitButton>Record decision</SubmitButton>
          </Form>
        </>
      )}
    </div>
  );
}
