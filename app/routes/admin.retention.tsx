// The retention review: archived people kept past the retention period (erase or keep), current
// people nobody has engaged with for years (archive or keep), oldest first, and the people kept
// past the period by a decision, for the admin.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { formatCalendarDate, formatLondonDate } from "~/domain/london-time";
import {
  ARCHIVED_REVIEW_MONTHS,
  DORMANT_REVIEW_MONTHS,
  archivedForReview,
  dormantForReview,
  keptForReview,
} from "~/domain/retention.server";

export const meta: MetaFunction = () => [{ title: "Retention review · CRG Engagement CRM" }];

const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "contact" }, "admin.area");
  const params = new URL(request.url).searchParams;
  const db = getDb();
  const now = new Date();
  const archived = archivedForReview(db, now, pageSchema.parse(params.get("archivedPage") ?? 1));
  const dormant = dormantForReview(db, now, pageSchema.parse(params.get("dormantPage") ?? 1));
  const kept = keptForReview(db, now, pageSchema.parse(params.get("keptPage") ?? 1));
  return {
    archivedMonths: ARCHIVED_REVIEW_MONTHS,
    dormantMonths: DORMANT_REVIEW_MONTHS,
    archived: {
      ...archived,
      rows: archived.rows.map(({ archivedAt, ...row }) => ({
        ...row,
        archivedOn: formatLondonDate(archivedAt!),
      })),
    },
    dormant: {
      ...dormant,
      rows: dormant.rows.map(({ lastEngagedAt, createdAt, ...row }) => ({
        ...row,
        quietText: lastEngagedAt
          ? `Last engaged ${formatLondonDate(lastEngagedAt)}`
          : `Never engaged; added ${formatLondonDate(createdAt)}`,
      })),
    },
    kept: {
      ...kept,
      rows: kept.rows.map(({ retainedUntil, ...row }) => ({
        ...row,
        keptUntil: formatCalendarDate(retainedUntil!),
      })),
    },
  };
}

type Row = { id: number; name: string; latinName: string | null; communityName: string | null };

type Paged<R> = {
  rows: R[];
  page: number;
  pageCount: number;
  total: number;
  totalIsLowerBound: boolean;
};

/** One of the review's lists: a heading, a table of people with its own columns, its pages. */
function ReviewList<R extends Row>({
  id,
  title,
  intro,
  caption,
  empty,
  list,
  columns,
  pageParam,
}: {
  id: string;
  title: string;
  intro?: string;
  caption: string;
  empty: string;
  list: Paged<R>;
  /** The columns after the name: a header (visually hidden when `hidden`) and a cell. */
  columns: { header: string; hidden?: boolean; cell: (row: R) => ReactNode }[];
  pageParam: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-xl font-semibold">
        {title}
      </h2>
      {intro ? <p className="max-w-3xl text-sm text-slate-700">{intro}</p> : null}
      {list.rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="p-2">
                  Name
                </th>
                {columns.map((column) => (
                  <th key={column.header} scope="col" className="p-2">
                    {column.hidden ? (
                      <span className="sr-only">{column.header}</span>
                    ) : (
                      column.header
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="p-2 font-medium">
                    <Link to={`/contacts/${row.id}`} className="text-brand-700 underline">
                      <bdi dir="auto">{row.name}</bdi>
                    </Link>
                    {row.latinName && row.latinName !== row.name ? (
                      <span className="block text-sm font-normal text-slate-700">
                        <bdi dir="auto">{row.latinName}</bdi>
                      </span>
                    ) : null}
                  </th>
                  {columns.map((column) => (
                    <td key={column.header} className="p-2">
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={list.page}
        pageCount={list.pageCount}
        total={list.total}
        totalIsLowerBound={list.totalIsLowerBound}
        param={pageParam}
        label={`Pages of ${title.toLowerCase()}`}
      />
    </section>
  );
}

function ContactLink({ row, to, text }: { row: Row; to: string; text: string }) {
  return (
    <Link to={`/contacts/${row.id}/${to}`} className="text-brand-700 underline">
      {text}
      <span className="sr-only"> {row.name}</span>
    </Link>
  );
}

const community = { header: "Community", cell: (row: Row) => row.communityName ?? "—" };

function years(months: number): string {
  return months % 12 === 0 ? `${months / 12} years` : `${months} months`;
}

export default function RetentionReviewPage() {
  const { archivedMonths, dormantMonths, archived, dormant, kept } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Retention review</h1>
        <p className="max-w-3xl">
          People the programme may no longer need to hold, oldest first. Decide for each: erase an
          archived person who is no longer needed (after checking any request or legal hold),
          archive a current one nobody engages with, or keep them.
        </p>
      </div>
      <ReviewList
        id="archived"
        title={`Archived more than ${years(archivedMonths)} ago`}
        caption={`People archived more than ${years(archivedMonths)} ago, longest archived first`}
        empty="Nobody: every archived record is more recent."
        list={archived}
        pageParam="archivedPage"
        columns={[
          community,
          { header: "Archived on", cell: (row) => row.archivedOn },
          {
            header: "Action",
            hidden: true,
            cell: (row) => (
              <>
                <ContactLink row={row} to="erase" text="Erase…" />{" "}
                <ContactLink row={row} to="retention" text="Keep…" />
              </>
            ),
          },
        ]}
      />
      <ReviewList
        id="dormant"
        title={`Not engaged for more than ${years(dormantMonths)}`}
        caption={`Current people not engaged for more than ${years(dormantMonths)}, quietest first`}
        empty="Nobody: every current record has been engaged with more recently."
        list={dormant}
        pageParam="dormantPage"
        columns={[
          community,
          { header: "Last engagement", cell: (row) => row.quietText },
          {
            header: "Action",
            hidden: true,
            cell: (row) => <ContactLink row={row} to="retention" text="Keep…" />,
          },
        ]}
      />
      <ReviewList
        id="kept"
        title="Kept past the retention period"
        intro="Left out of the lists above until the day after their date, then asked about again."
        caption="People kept past the retention period, the soonest to lapse first"
        empty="Nobody is kept past the period."
        list={kept}
        pageParam="keptPage"
        columns={[
          {
            header: "Kept until",
            cell: (row) => `${row.keptUntil}${row.archived ? " (archived)" : ""}`,
          },
          { header: "Reason", cell: (row) => row.retentionReason },
          {
            header: "Action",
            hidden: true,
            cell: (row) => <ContactLink row={row} to="retention" text="Change…" />,
          },
        ]}
      />
    </div>
  );
}
