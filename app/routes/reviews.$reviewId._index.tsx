// One steering review: its frozen pack (drawn only from the stored JSON), the escalated items
// awaiting its decision (a page at a time, each linking to its decision page while it is open), the
// overdue items summarised per community with a link to each group's list, closing it, and a print
// view for A4 (the pack, the summary and the items needing decision).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useSyncExternalStore } from "react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { ReviewItemList } from "~/components/review-item";
import { ReviewPackView } from "~/components/review-pack";
import { getDb } from "~/db/client.server";
import { formatCalendarDate, formatLondonDate, formatLondonDateTime } from "~/domain/london-time";
import {
  escalatedItemsPath,
  overdueItemsPath,
  parseReviewPageFilter,
  routeIdSchema,
  reviewIntentSchema,
} from "~/domain/steering-reviews.schema";
import { closeReview, openReview, reviewExists } from "~/domain/steering-reviews.server";
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
  const reviewId = reviewIdFrom(params.reviewId);
  const { from } = parseReviewPageFilter(new URL(request.url).searchParams);
  const review = openReview(getDb(), user, reviewId, { from });
  if (!review) notFound();
  const { nextFrom, ...escalated } = review.escalated;
  return {
    review: { ...review, packBuiltAt: review.packBuiltAt.getTime(), escalated },
    nextEscalatedHref: nextFrom ? `${escalatedItemsPath(reviewId, nextFrom)}#items-heading` : null,
    firstEscalatedHref: from ? `${escalatedItemsPath(reviewId)}#items-heading` : null,
    overdueGroups: review.overdueGroups.map((group) => ({
      ...group,
      href: overdueItemsPath(reviewId, { communityId: group.communityId }),
    })),
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

  const result = closeReview(db, user, reviewId);
  if (!result.ok) {
    return data({ formError: result.formError ?? "" }, { status: 409 });
  }
  return redirect(`/reviews/${reviewId}?closed=1`);
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
  const { review, mayManage, nextEscalatedHref, firstEscalatedHref, overdueGroups } =
    useLoaderData<typeof loader>();
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
          Items needing the group&apos;s decision
        </h2>
        {review.escalated.total === 0 ? (
          <p>No escalated feedback was put before this review.</p>
        ) : (
          <>
            <p>
              {`${review.escalated.total} escalated ${review.escalated.total === 1 ? "item" : "items"}, ${review.escalated.decided} decided in this review; oldest answer due first.`}
            </p>
            <ReviewItemList
              reviewId={review.id}
              items={review.escalated.items}
              mayManage={mayManage}
              nextPageHref={nextEscalatedHref}
              firstPageHref={firstEscalatedHref}
              label="Pages of escalated items"
            />
          </>
        )}
      </section>

      <section aria-labelledby="overdue-heading" className="review-section space-y-3">
        <h2 id="overdue-heading" className="text-xl font-semibold">
          Overdue feedback before the group
        </h2>
        {overdueGroups.length === 0 ? (
          <p>No overdue feedback was put before this review.</p>
        ) : (
          <>
            <p className="max-w-prose">
              Open feedback past its answer date when the review was made, by community. Each
              community&apos;s items are listed on their own pages; the pack&apos;s CSV export holds
              every item with its decision.
            </p>
            <div className="overflow-x-auto">
              <table className="min-w-full border-collapse bg-white text-sm">
                <caption className="sr-only">
                  Overdue feedback before the group by community
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="border border-slate-300 p-2 text-left">
                      Community
                    </th>
                    <th scope="col" className="border border-slate-300 p-2 text-right">
                      Overdue items
                    </th>
                    <th scope="col" className="border border-slate-300 p-2 text-left">
                      Oldest answer due
                    </th>
                    <th scope="col" className="border border-slate-300 p-2 text-right">
                      Decided
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {overdueGroups.map((group) => (
                    <tr key={group.communityId ?? "whole"}>
                      <th scope="row" className="border border-slate-300 p-2 text-left font-normal">
                        <a
                          href={group.href}
                          className="text-brand-700 underline print:no-underline"
                        >
                          {group.communityName}
                          <span className="sr-only">: list its overdue items</span>
                        </a>
                      </th>
                      <td className="border border-slate-300 p-2 text-right tabular-nums">
                        {group.items}
                      </td>
                      <td className="border border-slate-300 p-2">
                        {formatCalendarDate(group.oldestDueOn)}
                      </td>
                      <td className="border border-slate-300 p-2 text-right tabular-nums">
                        {group.decided}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
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
          {actionData ? <FormErrors errors={[actionData.formError]} /> : null}
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
