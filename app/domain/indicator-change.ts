// How an indicator's figure and its change from the previous quarter read, in words as well as
// arrows, so that whether a change is better or worse never rests on colour.
import type { IndicatorUnit } from "./indicators.server";

export type IndicatorChange = {
  /** null when either quarter has no figure: there is no change to speak of. */
  direction: "up" | "down" | "same" | null;
  /** "up 2.0", "down 0.4", "no change", "no earlier figure". */
  text: string;
  judgement: "better" | "worse" | "steady" | null;
};

function places(unit: IndicatorUnit): number {
  return unit === "score" ? 2 : 1;
}

/** A figure as people read it: "12", "3.4", "75.0%", "+0.45"; "no reading" for nothing measured. */
export function formatIndicatorValue(value: number | null, unit: IndicatorUnit): string {
  if (value === null) return unit === "scale" ? "no reading" : "nothing to measure";
  switch (unit) {
    case "count":
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case "percent":
      return `${value.toFixed(1)}%`;
    case "score":
      return `${value > 0 ? "+" : ""}${value.toFixed(2)}`;
    case "scale":
      return value.toFixed(1);
  }
}

export function indicatorChange(
  current: number | null,
  previous: number | null,
  unit: IndicatorUnit,
  higherIsBetter: boolean,
): IndicatorChange {
  if (current === null || previous === null) {
    return {
      direction: null,
      text: current === null ? "no figure this quarter" : "no figure the quarter before",
      judgement: null,
    };
  }
  const factor = 10 ** places(unit);
  const delta = Math.round((current - previous) * factor) / factor;
  if (delta === 0) return { direction: "same", text: "no change", judgement: "steady" };
  const amount = Math.abs(delta).toFixed(places(unit));
  const suffix = unit === "percent" ? " points" : "";
  const up = delta > 0;
  return {
    direction: up ? "up" : "down",
    text: `${up ? "up" : "down"} ${amount}${suffix}`,
    judgement: up === higherIsBetter ? "better" : "worse",
  };
}
