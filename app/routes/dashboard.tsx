// The dashboard: the coverage matrix of held engagements by community and strand over a chosen period, and feedback waiting for an answer or a decision.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { FeedbackDashboardSection } from "~/components/feedback-ui";
import { PeriodForm } from "~/components/period-form";
import { TrustAndConfidenceSummary } from "~/components/trust-and-confidence-summary";
import { getDb } from "~/db/client.server";
import {
  COVERAGE_DEFAULT_DAYS,
  coveragePeriodSchema,
  engagementListHref,
} from "~/domain/engagement-lists.schema";
import { coverageMatrix, coveragePeriodFor } from "~/domain/engagement-lists.server";
import { feedbackDashboardCounts } from "~/domain/feedback-lists.server";
import { indicatorSummary } from "~/domain/indicators.server";
import { formatCalendarDate } from "~/domain/london-time";

export const meta: MetaFunction = () => [{ title: "Dashboard · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const now = new Date();
  const feedback = feedbackDashboardCounts(getDb(), user, now);
  const trustAndConfidence = indicatorSummary(getDb(), user, now);
  const submission = parseWithZod(new URL(request.url).searchParams, {
    schema: coveragePeriodSchema,
  });
  if (submission.status !== "success") {
    return data(
      {
        periodResult: submission.reply() as SubmissionResult<string[]>,
        coverage: null,
        feedback,
        trustAndConfidence,
      },
      { status: 400 },
    );
  }
  return {
    periodResult: submission.reply() as SubmissionResult<string[]>,
    coverage: coverageMatrix(getDb(), user, coveragePeriodFor(submission.value, now)),
    feedback,
    trustAndConfidence,
  };
}

type Coverage = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["coverage"]>;

/** Hatched, with a visible word and words for screen readers: a gap never rests on colour alone. */
function EmptyCell() {
  return (
    <td className="border border-slate-300 bg-[repeating-linear-gradient(135deg,#e2e8f0_0,#e2e8f0_3px,#ffffff_3px,#ffffff_9px)] p-2 text-center">
      <span aria-hidden="true">
        0 <span className="rounded border border-slate-500 bg-white px-1 text-xs">none</span>
      </span>
      <span className="sr-only">0, no engagements</span>
    </td>
  );
}

function CoverageTable({ coverage }: { coverage: Coverage }) {
  const { period } = coverage;
  const cellHref = (community: number, strand: Coverage["strands"][number]["key"]) =>
    engagementListHref({ community, strand, status: "held", from: period.from, to: period.to });
  const strandNames = new Map(coverage.strands.map((strand) => [strand.key, strand.name]));
  return (
    <div>
      {/* Outside the scroll box so it stays whole on a phone; the caption names the table. */}
      <h3 className="text-lg font-semibold">Held engagements by community and strand</h3>
      {/* Relative and scrolling inside itself, so the table never widens the page on a phone. */}
      <div className="relative mt-2 overflow-x-auto">
        <table className="min-w-full border-collapse bg-white text-left">
          <caption className="sr-only">Held engagements by community and strand</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 border border-slate-300 bg-white p-2">
                Community
              </th>
              {coverage.strands.map((strand) => (
                <th key={strand.key} scope="col" className="border border-slate-300 p-2">
                  {strand.name}
                </th>
              ))}
              <th scope="col" className="border border-slate-300 p-2">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {coverage.communities.map((community) => (
              <tr key={community.id}>
                <th
                  scope="row"
                  className="sticky left-0 border border-slate-300 bg-white p-2 font-medium"
                >
                  <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
                    {community.name}
                  </Link>
                </th>
                {community.cells.map((cell) =>
                  cell.engagements === 0 ? (
                    <EmptyCell key={cell.strandKey} />
                  ) : (
                    <td key={cell.strandKey} className="border border-slate-300 p-2 text-center">
                      <Link
                        to={cellHref(community.id, cell.strandKey)}
                        className="font-semibold text-brand-700 underline"
                      >
                        {cell.engagements}
                        <span className="sr-only">
                          {" "}
                          held engagements, {community.name}, {strandNames.get(cell.strandKey)}
                        </span>
                      </Link>
                    </td>
                  ),
                )}
                <td className="border border-slate-300 p-2 text-center font-semibold">
                  {community.total}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="sticky left-0 border border-slate-300 bg-white p-2">
                All communities
              </th>
              {coverage.columnTotals.map((column) => (
                <td
                  key={column.strandKey}
                  className="border border-slate-300 p-2 text-center font-semibold"
                >
                  {column.engagements}
                </td>
              ))}
              <td className="border border-slate-300 p-2 text-center font-semibold">
                {coverage.total}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

export default function DashboardPage() {
  const { periodResult, coverage, feedback, trustAndConfidence } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <section aria-labelledby="coverage-heading" className="space-y-4">
        <h2 id="coverage-heading" className="text-xl font-semibold">
          Coverage
        </h2>
        {/* Keyed by the URL so going back shows that URL's period. */}
        <PeriodForm
          key={location.search}
          lastResult={periodResult}
          period={coverage?.period ?? null}
          explanation={`London dates, both days included. Without dates, the last ${COVERAGE_DEFAULT_DAYS} days up to today.`}
        />
        {coverage === null ? (
          <p>Correct the dates above to see the coverage.</p>
        ) : (
          <>
            <p>
              Held engagements from {formatCalendarDate(coverage.period.from)} to{" "}
              {formatCalendarDate(coverage.period.to)}, of the records you may see.
            </p>
            {coverage.communities.length === 0 ? (
              <p>There are no active communities for you to see.</p>
            ) : (
              <CoverageTable coverage={coverage} />
            )}
            <div className="rounded border border-slate-300 bg-white p-4 text-sm">
              <h3 className="font-semibold">How to read the table</h3>
              <ul className="mt-1 list-disc space-y-1 pl-5">
                <li>
                  Each number counts the held engagements of that community and strand in the
                  period; select it to see them. An engagement of two communities or two strands
                  counts in each of its cells.
                </li>
                <li>
                  A cell reading{" "}
                  <span className="rounded border border-slate-500 bg-white px-1 text-xs">
                    none
                  </span>{" "}
                  on a hatched background had no held engagement: a gap in coverage.
                </li>
                <li>
                  Totals count each engagement once, so a total can be less than the sum of its
                  cells.
                </li>
              </ul>
            </div>
          </>
        )}
      </section>
      <FeedbackDashboardSection counts={feedback} />
      <TrustAndConfidenceSummary summary={trustAndConfidence} />
    </div>
  );
}
