// A contact's, organisation's or community's engagements, newest first, a page at a time.
import { ENGAGEMENT_STATUS_LABELS, ENGAGEMENT_TYPE_LABELS } from "~/domain/engagements.schema";
import { Link } from "@remix-run/react";
import type { EngagementStatus, EngagementType, ProtectiveMarking } from "~/db/schema";
import { formatLondonDateTime } from "~/domain/london-time";
import { Pagination } from "./pagination";

/** The URL parameter of a timeline's page, apart from any other list on the same page. */
export const TIMELINE_PAGE_PARAM = "engagementsPage";

export type TimelineEntry = {
  id: number;
  title: string;
  type: EngagementType;
  status: EngagementStatus;
  /** As the loader sends it: an ISO string once serialised. */
  startsAt: string | Date;
  marking: ProtectiveMarking;
};

/** The marking as words, with a border for OFFICIAL-SENSITIVE so it is noticed, never colour alone. */
export function MarkingLabel({ marking }: { marking: ProtectiveMarking }) {
  return marking === "OFFICIAL-SENSITIVE" ? (
    <span className="rounded border border-slate-800 px-1 text-sm font-semibold">
      OFFICIAL-SENSITIVE
    </span>
  ) : (
    <span className="text-sm">OFFICIAL</span>
  );
}

export function EngagementTimeline({
  timeline,
  emptyText,
  logHref,
}: {
  timeline: {
    engagements: TimelineEntry[];
    total: number;
    totalIsLowerBound: boolean;
    page: number;
    pageCount: number;
  };
  emptyText: string;
  /** The new-engagement form prefilled for this record, when the user may log one. */
  logHref: string | null;
}) {
  return (
    <div className="space-y-3">
      {logHref ? (
        <p>
          <Link to={logHref} className="text-brand-700 underline">
            Log an engagement
          </Link>
        </p>
      ) : null}
      {timeline.total === 0 ? (
        <p>{emptyText}</p>
      ) : (
        <ol className="space-y-3" aria-label="Engagements, newest first">
          {timeline.engagements.map((engagement) => {
            const startsAt = new Date(engagement.startsAt);
            return (
              <li key={engagement.id} className="border-l-4 border-slate-300 pl-3">
                <time dateTime={startsAt.toISOString()} className="block text-sm text-slate-700">
                  {formatLondonDateTime(startsAt)}
                </time>
                <Link
                  to={`/engagements/${engagement.id}`}
                  className="font-medium text-brand-700 underline"
                >
                  <bdi dir="auto">{engagement.title}</bdi>
                </Link>
                <p className="flex flex-wrap items-center gap-x-2 text-sm">
                  <span>{ENGAGEMENT_TYPE_LABELS[engagement.type]}</span>
                  <span aria-hidden="true">·</span>
                  <span>{ENGAGEMENT_STATUS_LABELS[engagement.status]}</span>
                  <span aria-hidden="true">·</span>
                  <MarkingLabel marking={engagement.marking} />
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {timeline.total > 0 ? (
        <Pagination
          page={timeline.page}
          pageCount={timeline.pageCount}
          total={timeline.total}
          totalIsLowerBound={timeline.totalIsLowerBound}
          param={TIMELINE_PAGE_PARAM}
          label="Engagement pages"
        />
      ) : null}
    </div>
  );
}
