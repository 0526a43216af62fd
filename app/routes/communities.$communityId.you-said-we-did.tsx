// "You said, we did" for one community and period: its shareable feedback and the answers, with no
// names or personal data, laid out to print on A4 and hand back to the community.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { PeriodForm } from "~/components/period-form";
import { YouSaidWeDidItems } from "~/components/you-said-we-did-items";
import { getDb } from "~/db/client.server";
import { communityIdSchema } from "~/domain/communities.schema";
import { getCommunity } from "~/domain/communities.server";
import { coveragePeriodSchema } from "~/domain/engagement-lists.schema";
import { formatCalendarDate, londonToday } from "~/domain/london-time";
import { youSaidWeDid, youSaidWeDidPeriod } from "~/domain/you-said-we-did.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `You said, we did: ${data?.community.name ?? "community"} · CRG Engagement CRM` },
];

// Not audited as a view: the page is built only from items marked shareable and reads no contact,
// user or engagement, so it holds no personal data (docs/decisions/011-indicators.md).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const parsed = communityIdSchema.safeParse(params.communityId);
  if (!parsed.success) notFound();
  const communityId = parsed.data;
  ensureAllowed(
    user,
    { as: 404, entityType: "community", entityId: communityId },
    "community.read",
    { communityId },
  );
  const db = getDb();
  const community = getCommunity(db, user, communityId);
  if (!community) notFound();
  const header = { community: { id: community.id, name: community.name } };
  const submission = parseWithZod(new URL(request.url).searchParams, {
    schema: coveragePeriodSchema,
  });
  if (submission.status !== "success") {
    return data(
      {
        ...header,
        periodResult: submission.reply() as SubmissionResult<string[]>,
        report: null,
      },
      { status: 400 },
    );
  }
  const now = new Date();
  const period = youSaidWeDidPeriod(submission.value, now);
  return {
    ...header,
    periodResult: submission.reply() as SubmissionResult<string[]>,
    report: { period, generatedOn: londonToday(now), ...youSaidWeDid(db, communityId, period) },
  };
}

export default function YouSaidWeDidPage() {
  const { community, periodResult, report } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="you-said-we-did space-y-6">
      <p className="no-print">
        <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
          {community.name}
        </Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">You said, we did: {community.name}</h1>
        {report ? (
          <p>
            Feedback received from {formatCalendarDate(report.period.from)} to{" "}
            {formatCalendarDate(report.period.to)}. Produced on{" "}
            {formatCalendarDate(report.generatedOn)}.
          </p>
        ) : null}
      </header>
      <PeriodForm
        key={location.search}
        lastResult={periodResult}
        period={report?.period ?? null}
        explanation="Feedback received between these London dates, both included. Without dates, the last complete quarter."
        className="no-print"
      />
      {report === null ? (
        <p>Correct the dates above to see the page.</p>
      ) : (
        <>
          <p className="no-print text-sm text-slate-700">
            Only feedback marked shareable appears here, without any names. Print this page (the
            browser&apos;s Print command) to hand it back to the community; the navigation and these
            controls are left off the print.
          </p>
          <YouSaidWeDidItems items={report.items} />
          {report.truncated ? (
            <p role="status">
              Only the first {report.limit} items are shown: choose a shorter period.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
