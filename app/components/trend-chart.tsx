// A server-rendered line chart of an indicator over quarters, with a table of the same figures:
// each line has its own marker shape and dash and every point its value, so colour adds nothing.
import { formatIndicatorValue } from "~/domain/indicator-change";
import type { IndicatorUnit } from "~/domain/indicators.server";

export type TrendSeries = {
  /** "All communities" or a community's name. */
  name: string;
  values: readonly (number | null)[];
};

type TrendChartProps = {
  /** Unique on the page: the ids of the chart's title and description derive from it. */
  id: string;
  title: string;
  quarterLabels: readonly string[];
  series: readonly TrendSeries[];
  unit: IndicatorUnit;
  /** The axis' ends when the measure has them (a scale, a share); else drawn from the figures. */
  scaleMin: number | null;
  scaleMax: number | null;
};

const WIDTH = 640;
const HEIGHT = 260;
const PLOT = { left: 48, right: 32, top: 20, bottom: 48 };
/** A shape and a dash per series, in order: the first is the overall line. */
const MARKERS = ["circle", "square"] as const;
const DASHES = [undefined, "6 4"] as const;

function axisRange(
  series: readonly TrendSeries[],
  scaleMin: number | null,
  scaleMax: number | null,
) {
  const figures = series.flatMap((entry) => entry.values).filter((v): v is number => v !== null);
  const low = scaleMin ?? Math.min(0, ...figures);
  const high = scaleMax ?? Math.max(1, ...figures.map((value) => Math.ceil(value * 1.1)));
  return { low, high: high > low ? high : low + 1 };
}

/** One sentence a screen reader hears instead of the drawing. */
export function trendSummary(
  series: TrendSeries,
  quarterLabels: readonly string[],
  unit: IndicatorUnit,
): string {
  const points = series.values
    .map((value, index) => ({ value, label: quarterLabels[index]! }))
    .filter((point): point is { value: number; label: string } => point.value !== null);
  const missing = series.values.length - points.length;
  const gaps = missing ? ` No figure for ${missing} of ${series.values.length} quarters.` : "";
  if (points.length === 0) return `${series.name}: no figures in these quarters.`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (points.length === 1) {
    return `${series.name}: ${formatIndicatorValue(first.value, unit)} in ${first.label} only.${gaps}`;
  }
  return `${series.name}: from ${formatIndicatorValue(first.value, unit)} in ${first.label} to ${formatIndicatorValue(last.value, unit)} in ${last.label}.${gaps}`;
}

function Marker({ shape, x, y }: { shape: (typeof MARKERS)[number]; x: number; y: number }) {
  return shape === "circle" ? (
    <circle cx={x} cy={y} r={4.5} className="fill-white stroke-brand-800" strokeWidth={2} />
  ) : (
    <rect
      x={x - 4}
      y={y - 4}
      width={8}
      height={8}
      className="fill-slate-800 stroke-slate-800"
      strokeWidth={1}
    />
  );
}

export function TrendChart({
  id,
  title,
  quarterLabels,
  series,
  unit,
  scaleMin,
  scaleMax,
}: TrendChartProps) {
  const { low, high } = axisRange(series, scaleMin, scaleMax);
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const step = quarterLabels.length > 1 ? plotWidth / (quarterLabels.length - 1) : 0;
  const xOf = (index: number) => PLOT.left + index * step;
  const yOf = (value: number) =>
    PLOT.top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  // Each value's label goes on the side away from the other line, so two close lines never stack
  // their labels on top of each other.
  const labelAbove = (seriesIndex: number, index: number, value: number) => {
    const other = series[seriesIndex === 0 ? 1 : 0]?.values[index];
    if (other == null || other === value) return seriesIndex === 0;
    return value > other;
  };
  const summary = series.map((entry) => trendSummary(entry, quarterLabels, unit)).join(" ");
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="space-y-2">
      <figcaption className="font-medium">{title}</figcaption>
      {series.length > 1 ? (
        <ul className="flex flex-wrap gap-4 text-sm" aria-hidden="true">
          {series.map((entry, index) => (
            <li key={entry.name} className="flex items-center gap-1">
              <svg width="28" height="12" viewBox="0 0 28 12">
                <line
                  x1="0"
                  y1="6"
                  x2="28"
                  y2="6"
                  className="stroke-slate-800"
                  strokeWidth={2}
                  strokeDasharray={DASHES[index % 2]}
                />
                <Marker shape={MARKERS[index % 2]!} x={14} y={6} />
              </svg>
              {entry.name}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          className="w-full max-w-2xl rounded border border-slate-300 bg-white"
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{summary}</desc>
          {[low, (low + high) / 2, high].map((tick) => (
            <g key={tick}>
              <line
                x1={PLOT.left}
                x2={WIDTH - PLOT.right}
                y1={yOf(tick)}
                y2={yOf(tick)}
                className="stroke-slate-300"
                strokeWidth={1}
              />
              <text
                x={PLOT.left - 6}
                y={yOf(tick) + 4}
                textAnchor="end"
                className="fill-slate-700 text-[11px]"
              >
                {Number.isInteger(tick) ? tick : tick.toFixed(1)}
              </text>
            </g>
          ))}
          {quarterLabels.map((label, index) => (
            <text
              key={label}
              x={xOf(index)}
              y={HEIGHT - PLOT.bottom + 18}
              textAnchor="middle"
              className="fill-slate-700 text-[10px]"
            >
              {label.split(" ")[0]}
              <tspan x={xOf(index)} dy="12">
                {label.split(" ")[1]}
              </tspan>
            </text>
          ))}
          {series.map((entry, seriesIndex) => {
            // A quarter without a figure breaks the line: joining across it would invent a trend.
            const runs: { x: number; y: number }[][] = [];
            entry.values.forEach((value, index) => {
              if (value === null) {
                runs.push([]);
                return;
              }
              if (runs.length === 0) runs.push([]);
              runs[runs.length - 1]!.push({ x: xOf(index), y: yOf(value) });
            });
            return (
              <g key={entry.name}>
                {runs
                  .filter((run) => run.length > 1)
                  .map((run) => (
                    <polyline
                      key={`${run[0]!.x}`}
                      points={run.map((point) => `${point.x},${point.y}`).join(" ")}
                      fill="none"
                      className={seriesIndex === 0 ? "stroke-brand-800" : "stroke-slate-800"}
                      strokeWidth={2}
                      strokeDasharray={DASHES[seriesIndex % 2]}
                    />
                  ))}
                {entry.values.map((value, index) =>
                  value === null ? null : (
                    <g key={quarterLabels[index]}>
                      <Marker shape={MARKERS[seriesIndex % 2]!} x={xOf(index)} y={yOf(value)} />
                      <text
                        x={xOf(index)}
                        y={yOf(value) + (labelAbove(seriesIndex, index, value) ? -9 : 17)}
                        textAnchor="middle"
                        className="fill-slate-900 text-[10px]"
                      >
                        {formatIndicatorValue(value, unit)}
                      </text>
                    </g>
                  ),
                )}
              </g>
            );
          })}
        </svg>
        <div className="overflow-x-auto">
          <table className="border-collapse bg-white text-sm">
            <caption className="text-left font-medium">{title}: figures</caption>
            <thead>
              <tr>
                <th scope="col" className="border border-slate-300 px-2 py-1 text-left">
                  Quarter
                </th>
                {series.map((entry) => (
                  <th key={entry.name} scope="col" className="border border-slate-300 px-2 py-1">
                    {entry.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {quarterLabels.map((label, index) => (
                <tr key={label}>
                  <th scope="row" className="border border-slate-300 px-2 py-1 text-left">
                    {label}
                  </th>
                  {series.map((entry) => (
                    <td key={entry.name} className="border border-slate-300 px-2 py-1 text-right">
                      {formatIndicatorValue(entry.values[index] ?? null, unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </figure>
  );
}
