// The indicators dashboard: every hard and active soft indicator for a chosen quarter, per community
// the user may see and overall, with the change from the quarter before and an eight-quarter trend.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { IndicatorFigure } from "~/components/indicator-ui";
import { filterInputClass } from "~/components/list-controls";
import { TrendChart } from "~/components/trend-chart";
import { getDb } from "~/db/client.server";
import { dashboardCommunitySchema, quarterParam } from "~/domain/indicators.schema";
import { indicatorDashboard } from "~/domain/indicators.server";
import { londonToday } from "~/domain/london-time";
import { previousQuarter, quarterLabel, quarterOf, quartersEndingWith } from "~/domain/quarters";

export const meta: MetaFunction = () => [{ title: "Indicators · CRG Engagement CRM" }];

/** How many quarters the quarter picker offers, ending with the current one. */
const PICKER_QUARTERS = 12;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "indicator" }, "indicator.read");
  const now = new Date();
  const current = quarterOf(londonToday(now));
  // The last complete quarter by default: its figures are final and its readings are usually in
  // (surveys and forums report after a quarter ends). The current quarter is one choice away.
  const fallback = previousQuarter(current);
  const searchParams = new URL(request.url).searchParams;
  const asked = quarterParam(searchParams);
  const quarter = asked.quarter && asked.quarter <= current ? asked.quarter : fallback;
  const dashboard = indicatorDashboard(getDb(), user, quarter, now);
  const communityId = dashboardCommunitySchema.parse(searchParams.get("community") || null);
  // A community the user may not see is ignored, as if none was chosen: nothing about it is shown.
  const chosenCommunity =
    dashboard.communities.find((community) => community.id === communityId) ?? null;
  const quarterChoices = quartersEndingWith(current, PICKER_QUARTERS);
  if (!quarterChoices.includes(quarter)) quarterChoices.unshift(quarter);
  return {
    ...dashboard,
    current,
    chosenCommunity,
    fellBack: asked.given && quarter !== asked.quarter,
    quarterChoices: quarterChoices.reverse().map((value) => ({
      value,
      label: value === current ? `${quarterLabel(value)} (so far)` : quarterLabel(value),
    })),
  };
}

export default function IndicatorsPage() {
  const {
    quarter,
    previous,
    current,
    communities,
    figures,
    chosenCommunity,
    fellBack,
    quarterChoices,
  } = useLoaderData<typeof loader>();
  const last = figures.quarters.length - 1;
  const trendLabels = figures.quarters.slice(1).map(quarterLabel);
  const seriesOf = new Map(figures.series.map((series) => [series.key, series]));
  const label = quarterLabel(quarter);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Trust and confidence indicators</h1>
      <p className="max-w-prose">
        {label}
        {quarter === current ? " so far" : ""}, compared with {quarterLabel(previous)}. Hard
        indicators are worked out from the records; soft ones are readings recorded per community.
        &ldquo;All communities&rdquo; for a soft indicator is the mean of the communities&apos;
        readings.
      </p>
      {fellBack ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-3">
          The quarter in the address was not understood or has not begun; showing {label}, the last
          complete quarter.
        </p>
      ) : null}
      <Form
        method="get"
        aria-label="Quarter and community"
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
        <div>
          <label htmlFor="community" className="block font-medium">
            Community in the trend charts
          </label>
          <select
            id="community"
            name="community"
            defaultValue={chosenCommunity ? String(chosenCommunity.id) : ""}
            className={filterInputClass}
          >
            <option value="">None: all communities only</option>
            {communities.map((community) => (
              <option key={community.id} value={community.id}>
                {community.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Show
        </button>
      </Form>

      <section aria-labelledby="figures-heading" className="space-y-2">
        <h2 id="figures-heading" className="text-xl font-semibold">
          {label}: each indicator by community
        </h2>
        <p className="text-sm text-slate-700">
          Under each figure, the change from {quarterLabel(previous)} and whether it is better or
          worse. &ldquo;No reading&rdquo; and &ldquo;nothing to measure&rdquo; mean no figure, not
          zero.
        </p>
        <div className="relative overflow-x-auto">
          <table className="min-w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">
              Indicators in {label} by community, with the change from {quarterLabel(previous)}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 border border-slate-300 bg-white p-2">
                  Indicator
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  All communities
                </th>
                {communities.map((community) => (
                  <th key={community.id} scope="col" className="border border-slate-300 p-2">
                    <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
                      {community.name}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.indicators.map((indicator) => {
                const series = seriesOf.get(indicator.key)!;
                return (
                  <tr key={indicator.key}>
                    <th
                      scope="row"
                      className="sticky left-0 border border-slate-300 bg-white p-2 font-medium"
                    >
                      <a
                        href={`#trend-${indicator.key.replace(":", "-")}`}
                        className="text-brand-700 underline"
                      >
                        <bdi dir="auto">{indicator.name}</bdi>
                      </a>
                    </th>
                    <td className="border border-slate-300 p-2">
                      <IndicatorFigure
                        current={series.overall[last] ?? null}
                        previous={series.overall[last - 1] ?? null}
                        unit={indicator.unit}
                        higherIsBetter={indicator.higherIsBetter}
                      />
                    </td>
                    {series.communities.map((entry) => (
                      <td key={entry.communityId} className="border border-slate-300 p-2">
                        <IndicatorFigure
                          current={entry.values[last] ?? null}
                          previous={entry.values[last - 1] ?? null}
                          unit={indicator.unit}
                          higherIsBetter={indicator.higherIsBetter}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="trends-heading" className="space-y-6">
        <h2 id="trends-heading" className="text-xl font-semibold">
          Trends over eight quarters
          {chosenCommunity ? `: all communities and ${chosenCommunity.name}` : ""}
        </h2>
        {figures.indicators.map((indicator) => {
          const series = seriesOf.get(indicator.key)!;
          const trendSeries = [{ name: "All communities", values: series.overall.slice(1) }];
          const communitySeries = chosenCommunity
            ? series.communities.find((entry) => entry.communityId === chosenCommunity.id)
            : undefined;
          if (chosenCommunity && communitySeries) {
            trendSeries.push({
              name: chosenCommunity.name,
              values: communitySeries.values.slice(1),
            });
          }
          const anchor = `trend-${indicator.key.replace(":", "-")}`;
          return (
            <section
              key={indicator.key}
              id={anchor}
              aria-labelledby={`${anchor}-heading`}
              className="space-y-2 rounded border border-slate-300 bg-white p-4"
            >
              <h3 id={`${anchor}-heading`} className="text-lg font-semibold">
                <bdi dir="auto">{indicator.name}</bdi>
              </h3>
              <p className="text-sm text-slate-700">
                {indicator.description}{" "}
                {indicator.higherIsBetter ? "Higher is better." : "Lower is better."}
              </p>
              <TrendChart
                id={`${anchor}-chart`}
                title={`${indicator.name}, ${trendLabels[0]} to ${trendLabels[trendLabels.length - 1]}`}
                quarterLabels={trendLabels}
                series={trendSeries}
                unit={indicator.unit}
                scaleMin={indicator.scaleMin}
                scaleMax={indicator.scaleMax}
              />
            </section>
          );
        })}
      </section>
    </div>
  );
}
