// Steering reviews (steering group and admins): the reviews, newest first, and the escalated
// feedback still awaiting the group's decision.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { formatCalendarDate, formatLondonDate } from "~/domain/london-time";
import { parseReviewListFilter } from "~/domain/steering-reviews.schema";
import { listAwaitingDecision, listReviewPage } from "~/domain/steering-reviews.server";

export const meta: MetaFunction = () => [{ title: "Steering reviews · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "steering_review" }, "review.read");
  const filter = parseReviewListFilter(new URL(request.url).searchParams);
  const db = getDb();
  return {
    ...listReviewPage(db, filter),
    awaiting: listAwaitingDecision(db, filter.awaitingPage),
    mayManage: can(user, "review.manage"),
    mayDecide: can(user, "feedback.decide", { communityIds: [], strandKeys: [] }),
  };
}

export default function ReviewsPage() {
  const { reviews, total, page, pageCount, awaiting, mayManage, mayDecide } =
    useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Steering reviews</h1>
        {mayManage ? (
          <Link
            to="/reviews/new"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            New review
          </Link>
        ) : null}
      </div>

      <section aria-labelledby="reviews-heading" className="space-y-2">
        <h2 id="reviews-heading" className="text-xl font-semibold">
          Reviews
        </h2>
        {reviews.length === 0 ? (
          <p>No reviews yet.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left">
              <caption className="sr-only">Steering reviews, the most recently held first</caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="p-2">
                    Review
                  </th>
                  <th scope="col" className="p-2">
                    Held on
                  </th>
                  <th scope="col" className="p-2">
                    Period
                  </th>
                  <th scope="col" className="p-2">
                    Decisions
                  </th>
                  <th scope="col" className="p-2">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {reviews.map((review) => (
                  <tr key={review.id} className="border-b border-slate-200">
                    <th scope="row" className="p-2 font-medium">
                      <Link to={`/reviews/${review.id}`} className="text-brand-700 underline">
                        <bdi dir="auto">{review.title}</bdi>
                      </Link>
                    </th>
                    <td className="p-2">{formatCalendarDate(review.heldOn)}</td>
                    <td className="p-2">
                      {formatCalendarDate(review.periodStart)} to{" "}
                      {formatCalendarDate(review.periodEnd)}
                    </td>
                    <td className="p-2">
                      {review.decided} of {review.items}
                    </td>
                    <td className="p-2">{review.status === "open" ? "Open" : "Closed"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} total={total} label="Review pages" />
      </section>

      <section aria-labelledby="awaiting-heading" className="space-y-2">
        <h2 id="awaiting-heading" className="text-xl font-semibold">
          Escalated items awaiting a decision
        </h2>
        {awaiting.items.length === 0 ? (
          <p>No escalated feedback is waiting for the group.</p>
        ) : (
          <ul className="space-y-2">
            {awaiting.items.map((item) => (
              <li key={item.feedbackId} className="rounded border border-slate-300 bg-white p-3">
                <p className="font-medium">
                  {item.communityName}
                  {item.escalatedAt
                    ? ` · escalated ${formatLondonDate(new Date(item.escalatedAt))}`
                    : null}
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
                {mayDecide ? (
                  <p>
                    <Link
                      to={`/feedback/${item.feedbackId}/decision`}
                      className="text-brand-700 underline"
                    >
                      Record a decision
                      <span className="sr-only"> on feedback item {item.feedbackId}</span>
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pagination
          page={awaiting.page}
          pageCount={awaiting.pageCount}
          total={awaiting.total}
          param="awaitingPage"
          label="Pages of items awaiting a decision"
        />
      </section>
    </div>
  );
}
