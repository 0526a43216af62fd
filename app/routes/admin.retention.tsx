// The retention review: archived people kept past the retention period (erase or keep), current
// people nobody has engaged with for years (archive or keep), oldest first, and the people kept
// past the period by a decision, for the admin.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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

function PersonCell({ row }: { row: Row }) {
  return (
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
  );
}

function KeepLink({ row }: { row: Row }) {
  return (
    <Link to={`/contacts/${row.id}/retention`} className="text-brand-700 underline">
      Keep…<span className="sr-only"> {row.name}</span>
    </Link>
  );
}

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

      <section aria-labelledby="archived-heading" className="space-y-3">
        <h2 id="archived-heading" className="text-xl font-semibold">
          Archived more than {years(archivedMonths)} ago
        </h2>
        {archived.rows.length === 0 ? (
          <p>Nobody: every archived record is more recent.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left">
              <caption className="sr-only">
                People archived more than {years(archivedMonths)} ago, longest archived first
              </caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="p-2">
                    Name
                  </th>
                  <th scope="col" className="p-2">
                    Community
                  </th>
                  <th scope="col" className="p-2">
                    Archived on
                  </th>
                  <th scope="col" className="p-2">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {archived.rows.map((row) => (
                  <tr key={row.id} className="border-b border-slate-200 align-top">
                    <PersonCell row={row} />
                    <td className="p-2">{row.communityName ?? "—"}</td>
                    <td className="p-2">{row.archivedOn}</td>
                    <td className="p-2">
                      <Link to={`/contacts/${row.id}/erase`} className="text-brand-700 underline">
                        Erase…<span className="sr-only"> {row.name}</span>
                      </Link>{" "}
                      <KeepLink row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={archived.page}
          pageCount={archived.pageCount}
          total={archived.total}
          totalIsLowerBound={archived.totalIsLowerBound}
          param="archivedPage"
          label="Pages of archived people"
        />
      </section>

      <section aria-labelledby="dormant-heading" className="space-y-3">
        <h2 id="dormant-heading" className="text-xl font-semibold">
          Not engaged for more than {years(dormantMonths)}
        </h2>
        {dormant.rows.length === 0 ? (
          <p>Nobody: every current record has been engaged with more recently.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left">
              <caption className="sr-only">
                Current people not engaged for more than {years(dormantMonths)}, quietest first
              </caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="p-2">
                    Name
                  </th>
                  <th scope="col" className="p-2">
                    Community
                  </th>
                  <th scope="col" className="p-2">
                    Last engagement
                  </th>
                  <th scope="col" className="p-2">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {dormant.rows.map((row) => (
                  <tr key={row.id} className="border-b border-slate-200 align-top">
                    <PersonCell row={row} />
                    <td className="p-2">{row.communityName ?? "—"}</td>
                    <td className="p-2">{row.quietText}</td>
                    <td className="p-2">
                      <KeepLink row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={dormant.page}
          pageCount={dormant.pageCount}
          total={dormant.total}
          totalIsLowerBound={dormant.totalIsLowerBound}
          param="dormantPage"
          label="Pages of people not engaged"
        />
      </section>

      <section aria-labelledby="kept-heading" className="space-y-3">
        <h2 id="kept-heading" className="text-xl font-semibold">
          Kept past the retention period
        </h2>
        <p className="max-w-3xl text-sm text-slate-700">
          Left out of the lists above until the day after their date, then asked about again.
        </p>
        {kept.rows.length === 0 ? (
          <p>Nobody is kept past the period.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left">
              <caption className="sr-only">
                People kept past the retention period, the soonest to lapse first
              </caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="p-2">
                    Name
                  </th>
                  <th scope="col" className="p-2">
                    Kept until
                  </th>
                  <th scope="col" className="p-2">
                    Reason
                  </th>
                  <th scope="col" className="p-2">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {kept.rows.map((row) => (
                  <tr key={row.id} className="border-b border-slate-200 align-top">
                    <PersonCell row={row} />
                    <td className="p-2">
                      {row.keptUntil}
                      {row.archived ? " (archived)" : ""}
                    </td>
                    <td className="p-2">{row.retentionReason}</td>
                    <td className="p-2">
                      <Link
                        to={`/contacts/${row.id}/retention`}
                        className="text-brand-700 underline"
                      >
                        Change…<span className="sr-only"> the decision on {row.name}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={kept.page}
          pageCount={kept.pageCount}
          total={kept.total}
          totalIsLowerBound={kept.totalIsLowerBound}
          param="keptPage"
          label="Pages of people kept"
        />
      </section>
    </div>
  );
}
