// A community's soft-indicator readings for one quarter: everyone who may open the community reads
// them; officers who may record them get one form for every active indicator.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { Notice } from "~/components/forms";
import { ReadingsForm, type ReadingRow } from "~/components/indicator-ui";
import { filterInputClass } from "~/components/list-controls";
import { getDb } from "~/db/client.server";
import { communityIdSchema } from "~/domain/communities.schema";
import { getCommunity } from "~/domain/communities.server";
import { formatIndicatorValue } from "~/domain/indicator-change";
import { quarterParam, readingsFormSchema } from "~/domain/indicators.schema";
import {
  TREND_QUARTERS,
  listIndicators,
  listQuarterReadings,
  recordReadings,
} from "~/domain/indicators.server";
import { londonToday } from "~/domain/london-time";
import { quarterLabel, quarterOf, quartersEndingWith } from "~/domain/quarters";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Indicator readings, ${data?.community.name ?? "community"} · CRG Engagement CRM`,
  },
];

function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = communityIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const communityId = parsed.data;
  ensureAllowed(
    user,
    { as: 404, entityType: "community", entityId: communityId },
    "community.read",
    { communityId },
  );
  const community = getCommunity(getDb(), user, communityId);
  if (!community) notFound();
  return { user, community };
}

/** The quarter asked for, or the current one when the address holds none, a bad one or a future one. */
function chosenQuarter(request: Request, now: Date) {
  const current = quarterOf(londonToday(now));
  const { quarter, given } = quarterParam(new URL(request.url).searchParams);
  if (quarter && quarter <= current) return { quarter, current, fellBack: false };
  return { quarter: current, current, fellBack: given };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = authorise(request, params.communityId);
  const now = new Date();
  const { quarter, current, fellBack } = chosenQuarter(request, now);
  const db = getDb();
  const recorded = new Map(
    listQuarterReadings(db, community.id, quarter).map((reading) => [reading.indicatorId, reading]),
  );
  const rows: ReadingRow[] = listIndicators(db).map((indicator) => {
    const reading = recorded.get(indicator.id);
    return {
      indicatorId: indicator.id,
      name: indicator.name,
      description: indicator.description,
      scaleMin: indicator.scaleMin,
      scaleMax: indicator.scaleMax,
      higherIsBetter: indicator.higherIsBetter,
      value: reading ? String(reading.value) : "",
      note: reading?.note ?? "",
      recorded: Boolean(reading),
    };
  });
  const quarterChoices = quartersEndingWith(current, TREND_QUARTERS);
  if (!quarterChoices.includes(quarter)) quarterChoices.unshift(quarter);
  return {
    community: { id: community.id, name: community.name, archived: community.archivedAt !== null },
    quarter,
    quarterChoices: quarterChoices
      .reverse()
      .map((value) => ({ value, label: quarterLabel(value) })),
    fellBack,
    rows,
    canRecord: can(user, "indicator.record", { communityId: community.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = authorise(request, params.communityId);
  ensureAllowed(
    user,
    { as: 403, entityType: "indicator_reading", entityId: community.id },
    "indicator.record",
    { communityId: community.id },
  );
  const now = new Date();
  const { quarter, fellBack } = chosenQuarter(request, now);
  // The form posts to its own quarter's address; a post without one must not land in another.
  if (fellBack || !new URL(request.url).searchParams.get("quarter")) {
    throw new Response("Choose the quarter the readings are for (this one or an earlier one).", {
      status: 400,
    });
  }
  const submission = parseWithZod(await readForm(request), { schema: readingsFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = recordReadings(getDb(), user, community.id, quarter, submission.value, now);
  if (!result.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const [index, errors] of Object.entries(result.readingErrors ?? {})) {
      if (errors.value) fieldErrors[`readings[${index}].value`] = errors.value;
    }
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors,
      }),
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/communities/${community.id}/indicators?quarter=${quarter}&done=saved`);
}

export default function CommunityReadingsPage() {
  const { community, quarter, quarterChoices, fellBack, rows, canRecord } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const label = quarterLabel(quarter);
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
          {community.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Indicator readings: {community.name}, {label}
      </h1>
      {searchParams.get("done") === "saved" ? <Notice>The readings were saved.</Notice> : null}
      {fellBack ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-3">
          The quarter in the address is not one readings can be recorded for; showing the current
          quarter instead.
        </p>
      ) : null}
      <Form
        method="get"
        aria-label="Quarter"
        className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-white p-4"
      >
        <div>
          <label htmlFor="quarter" className="block font-medium">
            Quarter
          </label>
          <select id="quarter" name="quarter" defaultValue={quarter} className={filterInputClass}>
            {quarterChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
        >
          Show quarter
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>No soft indicators are defined yet.</p>
      ) : canRecord && !community.archived ? (
        <>
          <p className="max-w-prose">
            One reading per indicator for {community.name} in {label}. Recording again corrects the
            reading; the audit log keeps the old value.
          </p>
          <ReadingsForm
            key={quarter}
            action={`/communities/${community.id}/indicators?quarter=${quarter}`}
            rows={rows}
            lastResult={lastResult}
            submitLabel={`Save readings for ${label}`}
          />
        </>
      ) : (
        <table className="min-w-full border-collapse bg-white text-left">
          <caption className="sr-only">
            Readings of {community.name} in {label}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="border border-slate-300 p-2">
                Indicator
              </th>
              <th scope="col" className="border border-slate-300 p-2">
                Reading
              </th>
              <th scope="col" className="border border-slate-300 p-2">
                Note
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.indicatorId}>
                <th scope="row" className="border border-slate-300 p-2 font-medium">
                  <bdi dir="auto">{row.name}</bdi>
                </th>
                <td className="border border-slate-300 p-2">
                  {formatIndicatorValue(row.recorded ? Number(row.value) : null, "scale")}
                  {row.recorded ? ` (of ${row.scaleMin}–${row.scaleMax})` : null}
                </td>
                <td className="border border-slate-300 p-2 whitespace-pre-line">{row.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
