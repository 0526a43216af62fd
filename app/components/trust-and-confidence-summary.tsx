// The main dashboard's trust-and-confidence section: each indicator's overall figure this quarter
// so far, with its change from last quarter, and the way to the indicators dashboard.
import { Link } from "@remix-run/react";
import type { IndicatorUnit } from "~/domain/indicators.server";
import { quarterLabel, type Quarter } from "~/domain/quarters";
import { IndicatorFigure } from "./indicator-ui";

export type TrustAndConfidence = {
  quarter: Quarter;
  previous: Quarter;
  communityCount: number;
  indicators: {
    key: string;
    name: string;
    unit: IndicatorUnit;
    higherIsBetter: boolean;
    current: number | null;
    previous: number | null;
    /** For a share: how many of how many make this quarter's percentage. */
    currentCounts: { part: number; whole: number } | null;
  }[];
};

export function TrustAndConfidenceSummary({ summary }: { summary: TrustAndConfidence }) {
  return (
    <section aria-labelledby="trust-heading" className="space-y-3">
      <h2 id="trust-heading" className="text-xl font-semibold">
        Trust and confidence
      </h2>
      <p>
        {quarterLabel(summary.quarter)} so far, all {summary.communityCount} communities you may
        see, compared with {quarterLabel(summary.previous)}.{" "}
        <Link to="/indicators" className="text-brand-700 underline">
          Indicators by community, with trends
        </Link>
      </p>
      <p className="text-sm text-slate-700">
        The quarter is still under way: counts (engagements, contacts, strands) grow until it ends,
        so their change is shown without calling it better or worse.
      </p>
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {summary.indicators.map((indicator) => (
          <li key={indicator.key} className="rounded border border-slate-300 bg-white p-3">
            <p className="text-sm">
              <bdi dir="auto">{indicator.name}</bdi>
            </p>
            <p>
              <IndicatorFigure
                current={indicator.current}
                previous={indicator.previous}
                unit={indicator.unit}
                higherIsBetter={indicator.higherIsBetter}
                quarterUnderWay
              />
            </p>
            {indicator.currentCounts && indicator.currentCounts.whole > 0 ? (
              <p className="text-sm">
                {indicator.currentCounts.part} of {indicator.currentCounts.whole} so far
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
