// A steering review's frozen pack as tables: drawn only from the stored JSON, never from live data.
import type { ReactNode } from "react";
import { formatIndicatorValue, indicatorChange } from "~/domain/indicator-change";
import { formatCalendarDate } from "~/domain/london-time";
import { quarterLabel } from "~/domain/quarters";
import type { FeedbackTally, ReviewPack, ReviewPackShown } from "~/domain/steering-reviews.schema";

type Indicator = ReviewPack["hardIndicators"]["indicators"][number];
type HardIndicatorFigures = ReviewPack["hardIndicators"]["overall"]["current"];

const cell = "border border-slate-300 p-2";
const numberCell = `${cell} text-right tabular-nums`;

function formatChange(unit: Indicator["unit"], current: number | null, previous: number | null) {
  const change = indicatorChange(current, previous, unit, true);
  return change.direction === null ? "no comparison" : change.text;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="review-section space-y-2">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * Scrolls inside itself on a phone (print shows the whole table). The tables hold no links, so
 * the box itself takes focus, or a keyboard user could not scroll it.
 */
function TableBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus (WCAG 2.1.1)
      tabIndex={0}
      className="relative overflow-x-auto print:overflow-visible"
    >
      {children}
    </div>
  );
}

function IndicatorRows({
  label,
  indicators,
  current,
  previous,
}: {
  label: string;
  indicators: readonly Indicator[];
  current: HardIndicatorFigures;
  previous: HardIndicatorFigures;
}) {
  return (
    <>
      {indicators.map((indicator, index) => (
        <tr key={indicator.key}>
          {index === 0 ? (
            <th scope="rowgroup" rowSpan={indicators.length} className={`${cell} align-top`}>
              {label}
            </th>
          ) : null}
          <th scope="row" className={`${cell} font-normal`}>
            {indicator.name}
          </th>
          <td className={numberCell}>
            {formatIndicatorValue(current[indicator.key], indicator.unit)}
          </td>
          <td className={numberCell}>
            {formatIndicatorValue(previous[indicator.key], indicator.unit)}
          </td>
          <td className={cell}>
            {formatChange(indicator.unit, current[indicator.key], previous[indicator.key])}
          </td>
        </tr>
      ))}
    </>
  );
}

function IndicatorsTable({ hard }: { hard: ReviewPack["hardIndicators"] }) {
  return (
    <TableBox label="Indicators table">
      <table className="min-w-full border-collapse bg-white text-left">
        <caption className="sr-only">
          Hard indicators for {quarterLabel(hard.quarter)} and the change from{" "}
          {quarterLabel(hard.previousQuarter)}, overall and per community
        </caption>
        <thead>
          <tr>
            <th scope="col" className={cell}>
              Community
            </th>
            <th scope="col" className={cell}>
              Indicator
            </th>
            <th scope="col" className={cell}>
              {quarterLabel(hard.quarter)}
            </th>
            <th scope="col" className={cell}>
              {quarterLabel(hard.previousQuarter)}
            </th>
            <th scope="col" className={cell}>
              Change
            </th>
          </tr>
        </thead>
        <tbody className="avoid-break">
          <IndicatorRows
            label="All communities"
            indicators={hard.indicators}
            current={hard.overall.current}
            previous={hard.overall.previous}
          />
        </tbody>
        {hard.communities.map((community) => (
          <tbody key={community.communityId} className="avoid-break">
            <IndicatorRows
              label={community.communityName}
              indicators={hard.indicators}
              current={community.current}
              previous={community.previous}
            />
          </tbody>
        ))}
      </table>
    </TableBox>
  );
}

const TALLY_COLUMNS: readonly { key: keyof FeedbackTally; label: string }[] = [
  { key: "received", label: "Received" },
  { key: "answeredOnTime", label: "Answered on time" },
  { key: "answeredLate", label: "Answered late" },
  { key: "overdueOpen", label: "Overdue, not answered" },
  { key: "openNotDue", label: "Not answered, not yet due" },
];

const RAG_COLUMNS = [
  { key: "red", label: "Red" },
  { key: "amber", label: "Amber" },
  { key: "green", label: "Green" },
  { key: "none", label: "No rating (done or cancelled)" },
] as const;

/** Rows of counts under the same columns, with a total row: feedback tallies, RAG counts. */
function CountsTable<Key extends string>({
  caption,
  heading,
  columns,
  rows,
  totalLabel,
  total,
}: {
  caption: string;
  heading: string;
  columns: readonly { key: Key; label: string }[];
  rows: readonly ({ id: string | number; name: string } & Record<Key, number>)[];
  totalLabel: string;
  total: Record<Key, number>;
}) {
  return (
    <TableBox label={caption}>
      <table className="min-w-full border-collapse bg-white text-left">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={cell}>
              {heading}
            </th>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={cell}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className={`${cell} font-medium`}>
                {row.name}
              </th>
              {columns.map((column) => (
                <td key={column.key} className={numberCell}>
                  {row[column.key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className={cell}>
              {totalLabel}
            </th>
            {columns.map((column) => (
              <td key={column.key} className={`${numberCell} font-semibold`}>
                {total[column.key]}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

function CoverageTable({ coverage }: { coverage: ReviewPack["coverage"] }) {
  const strandNames = new Map(coverage.strands.map((strand) => [strand.key, strand.name]));
  return (
    <TableBox label="Coverage table">
      <table className="min-w-full border-collapse bg-white text-left">
        <caption className="sr-only">Held engagements by community and strand</caption>
        <thead>
          <tr>
            <th scope="col" className={cell}>
              Community
            </th>
            {coverage.strands.map((strand) => (
              <th key={strand.key} scope="col" className={cell}>
                {strand.name}
              </th>
            ))}
            <th scope="col" className={cell}>
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {coverage.communities.map((community) => (
            <tr key={community.id}>
              <th scope="row" className={`${cell} font-medium`}>
                {community.name}
              </th>
              {community.cells.map((entry) =>
                entry.engagements === 0 ? (
                  // A gap in coverage, said in words so it survives print and needs no colour.
                  <td key={entry.strandKey} className={`${cell} text-center`}>
                    <span aria-hidden="true">
                      0 <span className="rounded border border-slate-500 px-1 text-xs">none</span>
                    </span>
                    <span className="sr-only">
                      0, no engagements, {community.name}, {strandNames.get(entry.strandKey)}
                    </span>
                  </td>
                ) : (
                  <td key={entry.strandKey} className={numberCell}>
                    {entry.engagements}
                  </td>
                ),
              )}
              <td className={`${numberCell} font-semibold`}>{community.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className={cell}>
              All communities
            </th>
            {coverage.columnTotals.map((column) => (
              <td key={column.strandKey} className={`${numberCell} font-semibold`}>
                {column.engagements}
              </td>
            ))}
            <td className={`${numberCell} font-semibold`}>{coverage.total}</td>
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

/** Soft readings: one row per community (and overall), one column per indicator, this quarter. */
function SoftIndicatorsTable({
  soft,
  communityNames,
}: {
  soft: ReviewPack["softIndicators"];
  communityNames: ReadonlyMap<number, string>;
}) {
  const [previousQuarter, quarter] = soft.quarters;
  if (!quarter || !previousQuarter) return null;
  if (soft.indicators.length === 0) return <p>No soft indicators were defined.</p>;
  const figure = (
    indicator: (typeof soft.indicators)[number],
    values: readonly (number | null)[],
  ) => {
    const [before, now] = [values[0] ?? null, values[1] ?? null];
    const change = indicatorChange(now, before, "scale", indicator.higherIsBetter);
    return (
      <>
        {formatIndicatorValue(now, "scale")}
        {change.direction === null ? null : (
          <span className="block text-sm">
            {change.text}
            {change.judgement && change.judgement !== "steady" ? ` (${change.judgement})` : ""}
          </span>
        )}
      </>
    );
  };
  const rows = [
    { id: "all", name: "All communities", values: soft.series.map((series) => series.overall) },
    ...(soft.series[0]?.communities ?? []).map((community, index) => ({
      id: String(community.communityId),
      name: communityNames.get(community.communityId) ?? "",
      values: soft.series.map((series) => series.communities[index]?.values ?? []),
    })),
  ];
  return (
    <TableBox label="Soft indicators table">
      <table className="min-w-full border-collapse bg-white text-left">
        <caption className="sr-only">
          Soft indicator readings for {quarterLabel(quarter)}, with the change from{" "}
          {quarterLabel(previousQuarter)}, overall and per community
        </caption>
        <thead>
          <tr>
            <th scope="col" className={cell}>
              Community
            </th>
            {soft.indicators.map((indicator) => (
              <th key={indicator.key} scope="col" className={cell}>
                <bdi dir="auto">{indicator.name}</bdi>{" "}
                <span className="text-sm font-normal">
                  ({indicator.scaleMin}–{indicator.scaleMax})
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className={cell}>
                {row.name}
              </th>
              {soft.indicators.map((indicator, index) => (
                <td key={indicator.key} className={numberCell}>
                  {figure(indicator, row.values[index] ?? [])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}

/** The pack's sections, in the order the group reads them. */
export function ReviewPackView({ pack }: { pack: ReviewPackShown }) {
  const period = `${formatCalendarDate(pack.period.start)} to ${formatCalendarDate(pack.period.end)}`;
  return (
    <div className="space-y-8">
      <Section id="indicators-heading" title="Trust and confidence indicators">
        <p>
          Computed from the records for {quarterLabel(pack.hardIndicators.quarter)} (the quarter the
          period ends in), beside {quarterLabel(pack.hardIndicators.previousQuarter)}. Feedback and
          action items not yet due on {formatCalendarDate(pack.asOfOn)} are left out.
        </p>
        <IndicatorsTable hard={pack.hardIndicators} />
        <h3 className="text-lg font-semibold">Soft indicators</h3>
        <p>
          The readings officers recorded for {quarterLabel(pack.hardIndicators.quarter)}, with the
          change from the quarter before; overall is the mean of the communities&rsquo; readings.
        </p>
        <SoftIndicatorsTable
          soft={pack.softIndicators}
          communityNames={
            new Map(
              pack.hardIndicators.communities.map((community) => [
                community.communityId,
                community.communityName,
              ]),
            )
          }
        />
      </Section>

      <Section id="feedback-heading" title="Feedback received in the period">
        <p>
          Feedback received from {period}, and how it had been answered by{" "}
          {formatCalendarDate(pack.asOfOn)}.
        </p>
        {pack.feedback.total.received === 0 ? (
          <p>No feedback was received in the period.</p>
        ) : (
          <>
            <h3 className="text-lg font-semibold">By community</h3>
            <CountsTable
              caption="Feedback received in the period by community"
              heading="Community"
              columns={TALLY_COLUMNS}
              rows={pack.feedback.byCommunity.map((row) => ({
                ...row,
                id: row.communityId ?? "whole-group",
                name: row.communityName,
              }))}
              totalLabel="All feedback"
              total={pack.feedback.total}
            />
            <h3 className="text-lg font-semibold">By category</h3>
            <CountsTable
              caption="Feedback received in the period by category"
              heading="Category"
              columns={TALLY_COLUMNS}
              rows={pack.feedback.byCategory.map((row) => ({
                ...row,
                id: row.category,
                name: row.categoryName,
              }))}
              totalLabel="All feedback"
              total={pack.feedback.total}
            />
          </>
        )}
      </Section>

      <Section id="escalated-heading" title="Escalated to the steering group">
        {/* The items themselves are listed once, with their decisions, after the pack. */}
        <p>
          {pack.escalatedItemCount === 0
            ? "No item was awaiting the group's decision."
            : `${pack.escalatedItemCount} ${pack.escalatedItemCount === 1 ? "item was" : "items were"} awaiting the group's decision when the pack was built: see “Items needing the group's decision” below.`}
        </p>
      </Section>

      <Section id="rag-heading" title="Action plans: RAG summary">
        <p>Items of every community&apos;s plan, rated on {formatCalendarDate(pack.asOfOn)}.</p>
        {pack.actionPlanRag.communities.length === 0 ? (
          <p>No community had an action plan with items.</p>
        ) : (
          <CountsTable
            caption="Action-plan items per community by RAG rating"
            heading="Community"
            columns={RAG_COLUMNS}
            rows={pack.actionPlanRag.communities.map((row) => ({
              ...row,
              id: row.communityId,
              name: row.communityName,
            }))}
            totalLabel="All communities"
            total={pack.actionPlanRag.total}
          />
        )}
      </Section>

      <Section id="coverage-heading" title="Coverage">
        <p>
          Held engagements from {period} by community and strand. A cell reading{" "}
          <span className="rounded border border-slate-500 px-1 text-xs">none</span> had no held
          engagement: a gap in coverage. Totals count each engagement once.
        </p>
        {pack.coverage.communities.length === 0 ? (
          <p>There were no active communities.</p>
        ) : (
          <CoverageTable coverage={pack.coverage} />
        )}
      </Section>
    </div>
  );
}
