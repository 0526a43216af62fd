// One steering review: its frozen pack (drawn only from the stored JSON), the feedback put before
// it with a decision form per item while it is open, closing it, and a print view for A4.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useSyncExternalStore } from "react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import { FormErrors, Notice, SubmitButton, TextareaField } from "~/components/forms";
import { ReviewPackView } from "~/components/review-pack";
import { getDb } from "~/db/client.server";
import { formatCalendarDate, formatLondonDate, formatLondonDateTime } from "~/domain/london-time";
import {
  REVIEW_ITEM_REASON_LABELS,
  reviewDecisionSchema,
  routeIdSchema,
  reviewIntentSchema,
  type DecisionInput,
} from "~/domain/steering-reviews.schema";
import {
  closeReview,
  openReview,
  recordDecision,
  reviewExists,
} from "~/domain/steering-reviews.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.review.title ?? "Steering review"} · CRG Engagement CRM` },
];

function reviewIdFrom(rawId: string | undefined): number {
  const parsed = routeIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "steering_review" }, "review.read");
  const review = openReview(getDb(), user, reviewIdFrom(params.reviewId));
  if (!review) notFound();
  return {
    review: { ...review, packBuiltAt: review.packBuiltAt.getTime() },
    mayManage: review.status === "open" && can(user, "review.manage"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = requireUser(request);
  const reviewId = reviewIdFrom(params.reviewId);
  ensureAllowed(
    user,
    { as: 403, entityType: "steering_review", entityId: reviewId },
    "review.manage",
  );
  const db = getDb();
  if (!reviewExists(db, reviewId)) notFound();
  const formData = await readForm(request);
  const intent = reviewIntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw new Response("Unknown action", { status: 400 });

  if (intent.data === "close") {
    const result = closeReview(db, user, reviewId);
    if (!result.ok) {
      return data(
        { intent: "close" as const, feedbackId: null, formError: result.formError ?? "" },
        { status: 409 },
      );
    }
    return redirect(`/reviews/${reviewId}?closed=1`);
  }

  const submission = parseWithZod(formData, { schema: reviewDecisionSchema });
  const feedbackId = Number(formData.get("feedbackId")) || null;
  if (submission.status !== "success") {
    return data(
      { intent: "decide" as const, feedbackId, result: submission.reply() },
      { status: 400 },
    );
  }
  const result = recordDecision(
    db,
    user,
    { feedbackId: submission.value.feedbackId, reviewId },
    { decision: submission.value.decision },
  );
  if (!result.ok) {
    return data(
      {
        intent: "decide" as const,
        feedbackId,
        result: submission.reply({ formErrors: result.formError ? [result.formError] : undefined }),
      },
      { status: 409 },
    );
  }
  return redirect(`/reviews/${reviewId}?decided=${result.id}#item-${result.id}`);
}

type ReviewItem = ReturnType<typeof useLoaderData<typeof loader>>["review"]["items"][number];

function DecisionForm({
  item,
  lastResult,
}: {
  item: ReviewItem;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<{ decision?: string }, DecisionInput>({
    id: `decision-${item.feedbackId}`,
    lastResult,
    defaultValue: { decision: item.decision },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewDecisionSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 print:hidden">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="feedbackId" value={item.feedbackId} />
      <TextareaField
        meta={fields.decision}
        label={item.decision ? "Change the group's decision" : "The group's decision"}
      />
      <SubmitButton name="intent" value="decide">
        Record decision<span className="sr-only"> on feedback item {item.feedbackId}</span>
      </SubmitButton>
    </Form>
  );
}

const subscribeToNothing = () => () => {};

/** Only once JavaScript runs, since `window.print` needs it; the instructions work without. */
function PrintButton() {
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  if (!hydrated) return null;
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
    >
      Print the pack
    </button>
  );
}

export default function ReviewPage() {
  const { review, mayManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { pack } = review;
  const frozenOn = formatLondonDateTime(new Date(review.packBuiltAt));
  return (
    <article className="review-pack space-y-6">
      <p className="print:hidden">
        <Link to="/reviews" className="text-brand-700 underline">
          Steering reviews
        </Link>
      </p>
      <header className="space-y-1 border-b border-slate-300 pb-3">
        <h1 className="text-2xl font-semibold">
          <bdi dir="auto">{review.title}</bdi>
        </h1>
        <p>
          Period {formatCalendarDate(review.periodStart)} to {formatCalendarDate(review.periodEnd)}{" "}
          · group meets {formatCalendarDate(review.heldOn)} ·{" "}
          {review.status === "open"
            ? "open"
            : `closed${review.closedAt ? ` ${formatLondonDate(new Date(review.closedAt))}` : ""}`}
        </p>
        <p data-testid="frozen-figures" className="font-medium">
          Figures frozen on {frozenOn} (as of {formatCalendarDate(pack.asOfOn)})
        </p>
      </header>
      <div className="space-y-2 print:hidden">
        {searchParams.get("created") ? <Notice>Review created; its pack is frozen.</Notice> : null}
        {searchParams.get("decided") ? <Notice>Decision recorded.</Notice> : null}
        {searchParams.get("closed") ? <Notice>Review closed.</Notice> : null}
      </div>

      <div className="space-y-2 rounded border border-slate-300 bg-white p-4 print:hidden">
        <p>
          To print the pack on A4, use your browser&apos;s Print command (Ctrl+P, or ⌘P on a Mac):
          the navigation and the forms are left out of the printout.
        </p>
        <div className="flex flex-wrap items-center gap-4">
          <PrintButton />
          <a href={`/reviews/${review.id}/export`} className="text-brand-700 underline">
            Export the pack&apos;s figures (CSV)
          </a>
        </div>
      </div>

      <ReviewPackView pack={pack} />

      <section aria-labelledby="items-heading" className="review-section space-y-3">
        <h2 id="items-heading" className="text-xl font-semibold">
          Feedback before the group and its decisions
        </h2>
        {review.items.length === 0 ? (
          <p>No escalated or overdue feedback was put before this review.</p>
        ) : (
          <ol className="space-y-3">
            {review.items.map((item) => (
              <li
                key={item.feedbackId}
                id={`item-${item.feedbackId}`}
                className="avoid-break space-y-2 rounded border border-slate-300 bg-white p-3"
              >
                <p className="font-medium">
                  {REVIEW_ITEM_REASON_LABELS[item.reason]} · {item.communityName} · received{" "}
                  {formatCalendarDate(item.receivedOn)} · answer due{" "}
                  {formatCalendarDate(item.responseDueOn)}
                </p>
                <p className="whitespace-pre-line">
                  <bdi dir="auto">{item.summary}</bdi>
                </p>
                {item.escalationReason ? (
                  <p className="text-sm">
                    <span className="font-medium">Why escalated:</span>{" "}
                    <bdi dir="auto">{item.escalationReason}</bdi>
                  </p>
                ) : null}
                {item.decidedAt ? (
                  <div className="rounded border border-slate-300 bg-slate-50 p-2">
                    <p className="font-medium">
                      Decision ({item.decidedByName ?? "unknown"},{" "}
                      {formatLondonDate(new Date(item.decidedAt))})
                    </p>
                    <p className="whitespace-pre-line">
                      <bdi dir="auto">{item.decision}</bdi>
                    </p>
                  </div>
                ) : item.latestDecidedAt ? (
                  <div className="rounded border border-slate-300 bg-slate-50 p-2">
                    <p className="font-medium">
                      No decision in this review; decided elsewhere on{" "}
                      {formatLondonDate(new Date(item.latestDecidedAt))}
                    </p>
                    <p className="whitespace-pre-line">
                      <bdi dir="auto">{item.latestDecision}</bdi>
                    </p>
                  </div>
                ) : (
                  <p>No decision recorded.</p>
                )}
                {mayManage ? (
                  <DecisionForm
                    item={item}
                    lastResult={
                      actionData?.intent === "decide" && actionData.feedbackId === item.feedbackId
                        ? actionData.result
                        : undefined
                    }
                  />
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {mayManage ? (
        <section
          aria-labelledby="close-heading"
          className="space-y-3 border-t border-slate-300 pt-6 print:hidden"
        >
          <h2 id="close-heading" className="text-xl font-semibold">
            Close the review
          </h2>
          <p className="max-w-prose">
            Closing makes the review read-only: no decision can be recorded or changed in it
            afterwards.
          </p>
          {actionData?.intent === "close" ? <FormErrors errors={[actionData.formError]} /> : null}
          <Form method="post">
            <SubmitButton name="intent" value="close">
              Close the review
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
