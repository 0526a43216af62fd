// One feedback item before a steering review, with the form recording the group's decision on it
// while the review is open; the list holding the item (the pack's escalated items, or its
// community's overdue items) links here, and this page returns to the item in that list.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import { FormErrors, SubmitButton, TextareaField } from "~/components/forms";
import { ReviewItemDetails } from "~/components/review-item";
import { getDb } from "~/db/client.server";
import {
  decisionSchema,
  escalatedItemsPath,
  overdueItemsPath,
  routeIdSchema,
  type DecisionInput,
} from "~/domain/steering-reviews.schema";
import {
  findReviewItem,
  openReviewItem,
  recordDecision,
  reviewExists,
  type ReviewItem,
} from "~/domain/steering-reviews.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Decision · ${data?.review.title ?? "Steering review"} · CRG Engagement CRM` },
];

function idsFrom(params: LoaderFunctionArgs["params"]) {
  const reviewId = routeIdSchema.safeParse(params.reviewId);
  const feedbackId = routeIdSchema.safeParse(params.feedbackId);
  if (!reviewId.success || !feedbackId.success) notFound();
  return { reviewId: reviewId.data, feedbackId: feedbackId.data };
}

/** The page of the review's list that starts at `item`, scrolled to it. */
function listingHref(reviewId: number, item: ReviewItem, extra: Record<string, string> = {}) {
  const from = { responseDueOn: item.responseDueOn, feedbackId: item.feedbackId };
  const path =
    item.reason === "escalated"
      ? escalatedItemsPath(reviewId, from, extra)
      : overdueItemsPath(reviewId, { communityId: item.communityId, from }, extra);
  return `${path}#item-${item.feedbackId}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "steering_review" }, "review.read");
  const opened = openReviewItem(getDb(), user, idsFrom(params));
  if (!opened) notFound();
  return {
    ...opened,
    backHref: listingHref(opened.review.id, opened.item),
    mayDecide: opened.review.status === "open" && can(user, "review.manage"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = requireUser(request);
  const target = idsFrom(params);
  ensureAllowed(
    user,
    { as: 403, entityType: "steering_review", entityId: target.reviewId },
    "review.manage",
  );
  const db = getDb();
  if (!reviewExists(db, target.reviewId)) notFound();
  const submission = parseWithZod(await readForm(request), { schema: decisionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = recordDecision(db, user, target, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({ formErrors: result.formError ? [result.formError] : undefined }),
      { status: 409 },
    );
  }
  const decided = findReviewItem(db, target)!;
  return redirect(listingHref(target.reviewId, decided, { decided: String(target.feedbackId) }));
}

export default function ReviewItemDecisionPage() {
  const { review, item, backHref, mayDecide } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<{ decision?: string }, DecisionInput>({
    lastResult,
    defaultValue: { decision: item.decision },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <p>
        <Link to={backHref} className="text-brand-700 underline">
          Back to <bdi dir="auto">{review.title}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{`Decision on feedback item ${item.feedbackId}`}</h1>
      <div className="max-w-prose space-y-2 rounded border border-slate-300 bg-white p-3">
        <ReviewItemDetails item={item} />
      </div>
      {mayDecide ? (
        <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextareaField
            meta={fields.decision}
            label={item.decision ? "Change the group's decision" : "The group's decision"}
          />
          <SubmitButton>Record decision</SubmitButton>
        </Form>
      ) : review.status === "closed" ? (
        <p>This review is closed: its decisions can no longer change.</p>
      ) : null}
    </div>
  );
}
