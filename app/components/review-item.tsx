// One feedback item before a steering review as the group reads it: why it is there, what was said
// and the decision, in the review's list and on the item's own decision page.
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
