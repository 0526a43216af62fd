// One feedback item before a steering review as the group reads it: why it is there, what was said
// and the decision, in the review's lists (a page at a time) and on the item's own decision page.
import { Link } from "@remix-run/react";
import { formatCalendarDate, formatLondonDate } from "~/domain/london-time";
import { REVIEW_ITEM_REASON_LABELS } from "~/domain/steering-reviews.schema";
import type { ReviewItem } from "~/domain/steering-reviews.server";

export function ReviewItemDetails({ item }: { item: ReviewItem }) {
  return (
    <>
      <p className="font-medium">
        {`${REVIEW_ITEM_REASON_LABELS[item.reason]} · ${item.communityName} · received ${formatCalendarDate(item.receivedOn)} · answer due ${formatCalendarDate(item.responseDueOn)}`}
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
            {`Decision (${item.decidedByName ?? "unknown"}, ${formatLondonDate(item.decidedAt)})`}
          </p>
          <p className="whitespace-pre-line">
            <bdi dir="auto">{item.decision}</bdi>
          </p>
        </div>
      ) : item.latestDecidedAt ? (
        <div className="rounded border border-slate-300 bg-slate-50 p-2">
          <p className="font-medium">
            {`No decision in this review; decided elsewhere on ${formatLondonDate(item.latestDecidedAt)}`}
          </p>
          <p className="whitespace-pre-line">
            <bdi dir="auto">{item.latestDecision}</bdi>
          </p>
        </div>
      ) : (
        <p>No decision recorded.</p>
      )}
    </>
  );
}

/**
 * One page of a review's items, each with the link to its decision page while the review is open,
 * and the links to the next page and back to the first (pages start at an item's key).
 */
export function ReviewItemList({
  reviewId,
  items,
  mayManage,
  nextPageHref,
  firstPageHref,
  label,
}: {
  reviewId: number;
  items: ReviewItem[];
  mayManage: boolean;
  nextPageHref: string | null;
  firstPageHref: string | null;
  /** The paging links' landmark name. */
  label: string;
}) {
  return (
    <>
      <ol className="space-y-3">
        {items.map((item) => (
          <li
            key={item.feedbackId}
            id={`item-${item.feedbackId}`}
            className="avoid-break space-y-2 rounded border border-slate-300 bg-white p-3"
          >
            <ReviewItemDetails item={item} />
            {mayManage ? (
              <p className="print:hidden">
                <a
                  href={`/reviews/${reviewId}/items/${item.feedbackId}`}
                  className="text-brand-700 underline"
                >
                  {item.decidedAt ? "Change the decision" : "Record the decision"}
                  <span className="sr-only">{` on feedback item ${item.feedbackId}`}</span>
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {nextPageHref || firstPageHref ? (
        <nav aria-label={label} className="flex flex-wrap gap-4 print:hidden">
          {firstPageHref ? (
            <Link to={firstPageHref} className="text-brand-700 underline">
              Back to the first items
            </Link>
          ) : null}
          {nextPageHref ? (
            <Link to={nextPageHref} className="text-brand-700 underline" rel="next">
              Next items
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
