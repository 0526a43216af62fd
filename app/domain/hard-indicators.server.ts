// Hard trust-and-confidence indicators, computed from the records (never typed in): per community
// and overall, for any run of quarters, each indicator in one set-based query over all of them;
// a quarter already computed is reused until a record it counts changes.
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { monthStamps, RememberedFigures, stampsKey } from "./activity-stamps.server";
import { addDays, londonDayStart } from "./london-time";
import { quarterRange, type Quarter } from "./quarters";

type Reader = Db | Tx;

export const HARD_INDICATORS = [
  {
    key: "engagementsHeld",
    name: "Engagements held",
    description: "Held engagements that started in the quarter.",
    unit: "count",
  },
  {
    key: "contactsEngaged",
    name: "Distinct contacts engaged",
    description: "People who attended at least one held engagement in the quarter.",
    unit: "count",
  },
  {
    key: "strandsCovered",
    name: "Strands covered",
    description:
      "Of the six strands, how many had a held engagement in the quarter (overall: the average per community).",
    unit: "count",
  },
  {
    key: "feedbackAnsweredOnTime",
    name: "Feedback answered by its due date",
    description:
      "Of the feedback whose response fell due in the quarter (and is answered or already overdue), the share answered by the due date.",
    unit: "percent",
  },
  {
    key: "actionItemsDoneOnTime",
    name: "Action items done on time",
    description:
      "Of the action items due in the quarter (not cancelled; done or already overdue), the share done by their due date.",
    unit: "percent",
  },
  {
    key: "averageSentiment",
    name: "Average sentiment",
    description:
      "The mean sentiment (−2 to +2) of the held engagements and the feedback of the quarter.",
    unit: "score",
  },
] as const;

export type HardIndicatorKey = (typeof HARD_INDICATORS)[number]["key"];
/** A figure, or null when the quarter holds nothing to measure (never a misleading 0%). */
export type HardIndicatorFigures = Record<HardIndicatorKey, number | null>;

/** What a percentage was made of: `part` of `whole` (e.g. answered on time of those due). */
export type ShareCounts = { part: number; whole: number };

export type HardIndicatorQuarter = {
  quarter: Quarter;
  overall: HardIndicatorFigures;
  /** The overall percentages' counts, so a reader sees "3 of 4" beside "75%". */
  overallCounts: Record<"feedbackAnsweredOnTime" | "actionItemsDoneOnTime", ShareCounts>;
  communities: { communityId: number; figures: HardIndicatorFigures }[];
};

export type HardIndicatorScope = {
  /** The communities to report on (the actor's visible ones). */
  communityIds: readonly number[];
  /** Whether the overall figures also count feedback given by the group as a whole (no community). */
  includeWholeGroup: boolean;
};

/**
 * Every hard indicator for each quarter, per community and overall. `today` (a London date) decides
 * which unanswered feedback and undone items already count as missed: one not yet due is left out.
 *
 * Each quarter's figures are remembered under the stamps of the months its records fall in
 * (activity_stamps), the scope and, until the quarter ends, `today`: while none of them changes
 * the figures cannot differ, so only quarters with a change are computed again. Scanning every
 * engagement of nine quarters grows with the data; reading thirty-six stamps does not.
 */
export function hardIndicators(
  db: Reader,
  quarters: readonly Quarter[],
  scope: HardIndicatorScope,
  today: string,
): HardIndicatorQuarter[] {
  const stamps = monthStamps(db, quarters.flatMap(monthsCounted));
  const scopeKey = `${scope.communityIds.join(",")}|${scope.includeWholeGroup}`;
  // `today` only decides whether something due in the quarter is already missed: once the quarter
  // has ended, everything in it is, so its figures no longer change from day to day.
  const keys = quarters.map(
    (quarter) =>
      `${quarter}|${scopeKey}|${quarterRange(quarter).to < today ? "ended" : today}|${stampsKey(stamps, monthsCounted(quarter))}`,
  );
  const missing = quarters.filter((_, index) => !computedQuarters.has(keys[index]!));
  if (missing.length > 0) {
    const computed = computeHardIndicators(db, missing, scope, today);
    for (const entry of computed)
      computedQuarters.set(keys[quarters.indexOf(entry.quarter)]!, entry);
  }
  return keys.map((key) => computedQuarters.get(key)!);
}

/** Enough for every scope of every role over a few years of quarters. */
const computedQuarters = new RememberedFigures<HardIndicatorQuarter>(2000);

/**
 * The UTC months ("YYYY-MM") whose records a quarter's figures read: its three calendar months,
 * and the month before, because an instant in the first hour of a London quarter in summer time
 * falls on the last day of the previous month in UTC.
 */
function monthsCounted(quarter: Quarter): string[] {
  const { from } = quarterRange(quarter);
  const year = Number(from.slice(0, 4));
  const firstMonth = Number(from.slice(5, 7));
  return [-1, 0, 1, 2].map((offset) => {
    const ordinal = year * 12 + firstMonth - 1 + offset;
    return `${Math.floor(ordinal / 12)}-${String((ordinal % 12) + 1).padStart(2, "0")}`;
  });
}

function computeHardIndicators(
  db: Reader,
  quarters: readonly Quarter[],
  scope: HardIndicatorScope,
  today: string,
): HardIndicatorQuarter[] {
  const result: HardIndicatorQuarter[] = quarters.map((quarter) => ({
    quarter,
    overall: emptyFigures(),
    overallCounts: {
      feedbackAnsweredOnTime: { part: 0, whole: 0 },
      actionItemsDoneOnTime: { part: 0, whole: 0 },
    },
    communities: scope.communityIds.map((communityId) => ({
      communityId,
      figures: emptyFigures(),
    })),
  }));
  if (quarters.length === 0) return result;
  const cell = (quarterIndex: number, communityId: number) =>
    result[quarterIndex]?.communities.find((entry) => entry.communityId === communityId)?.figures;

  const periods = quartersCte(quarters);
  const inCommunities = scope.communityIds.length
    ? sql`IN (${sql.join(
        scope.communityIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`IN (NULL)`;
  // An engagement counts overall once, however many of the chosen communities it belongs to.
  // `+scope_ec.community_id`: one lookup of the engagement's few communities, not one per chosen
  // community.
  const engagementInScope = sql`EXISTS (SELECT 1 FROM engagement_communities scope_ec
    WHERE scope_ec.engagement_id = e.id AND +scope_ec.community_id ${inCommunities})`;
  const heldIn = sql`e.status = 'held' AND e.starts_at >= q.start_at AND e.starts_at < q.end_at`;

  const engagementSentiment = new Map<string, { sum: number; count: number }>();
  // Grouped joins, one pass over each quarter's held engagements, rather than a subquery per
  // community and quarter. `+ec.community_id` keeps the planner from probing the community index
  // once per chosen community for every engagement: one lookup by engagement is cheaper.
  for (const row of db.all<{
    idx: number;
    communityId: number;
    held: number;
    sentimentSum: number | null;
    sentimentCount: number;
  }>(sql`${periods}
    SELECT q.idx, ec.community_id AS communityId, count(*) AS held,
      sum(e.sentiment) AS sentimentSum, count(e.sentiment) AS sentimentCount
    FROM q
    JOIN engagements e ON ${heldIn}
    JOIN engagement_communities ec ON ec.engagement_id = e.id
    WHERE +ec.community_id ${inCommunities}
    GROUP BY q.idx, ec.community_id`)) {
    const figures = cell(row.idx, row.communityId);
    if (!figures) continue;
    figures.engagementsHeld = row.held;
    engagementSentiment.set(`${row.idx}:${row.communityId}`, {
      sum: row.sentimentSum ?? 0,
      count: row.sentimentCount,
    });
  }
  for (const row of db.all<{ idx: number; communityId: number; contacts: number }>(sql`${periods}
    SELECT q.idx, ec.community_id AS communityId, count(DISTINCT en.contact_id) AS contacts
    FROM q
    JOIN engagements e ON ${heldIn}
    JOIN engagement_communities ec ON ec.engagement_id = e.id
    JOIN engagement_contacts en ON en.engagement_id = e.id
    WHERE +ec.community_id ${inCommunities}
    GROUP BY q.idx, ec.community_id`)) {
    const figures = cell(row.idx, row.communityId);
    if (figures) figures.contactsEngaged = row.contacts;
  }
  for (const row of db.all<{ idx: number; communityId: number; strands: number }>(sql`${periods}
    SELECT q.idx, ec.community_id AS communityId, count(DISTINCT es.strand_key) AS strands
    FROM q
    JOIN engagements e ON ${heldIn}
    JOIN engagement_communities ec ON ec.engagement_id = e.id
    JOIN engagement_strands es ON es.engagement_id = e.id
    WHERE +ec.community_id ${inCommunities}
    GROUP BY q.idx, ec.community_id`)) {
    const figures = cell(row.idx, row.communityId);
    if (figures) figures.strandsCovered = row.strands;
  }

  const overallEngagements = new Map<number, { sum: number; count: number }>();
  for (const row of db.all<{
    idx: number;
    held: number;
    sentimentSum: number | null;
    sentimentCount: number;
  }>(sql`${periods}
    SELECT q.idx, count(*) AS held,
      sum(e.sentiment) AS sentimentSum, count(e.sentiment) AS sentimentCount
    FROM q
    JOIN engagements e ON ${heldIn}
    WHERE ${engagementInScope}
    GROUP BY q.idx`)) {
    const overall = result[row.idx]?.overall;
    if (!overall) continue;
    overall.engagementsHeld = row.held;
    overallEngagements.set(row.idx, { sum: row.sentimentSum ?? 0, count: row.sentimentCount });
  }
  for (const row of db.all<{ idx: number; contacts: number }>(sql`${periods}
    SELECT q.idx, count(DISTINCT en.contact_id) AS contacts
    FROM q
    JOIN engagements e ON ${heldIn}
    JOIN engagement_contacts en ON en.engagement_id = e.id
    WHERE ${engagementInScope}
    GROUP BY q.idx`)) {
    const overall = result[row.idx]?.overall;
    if (overall) overall.contactsEngaged = row.contacts;
  }

  const feedbackInScope = scope.includeWholeGroup
    ? sql`(f.community_id ${inCommunities} OR f.community_id IS NULL)`
    : sql`f.community_id ${inCommunities}`;
  const feedbackRows = db.all<{
    idx: number;
    communityId: number | null;
    due: number;
    onTime: number;
    sentimentSum: number | null;
    sentimentCount: number;
  }>(sql`${periods}
    SELECT q.idx, f.community_id AS communityId,
      sum(f.response_due_on BETWEEN q.from_on AND q.to_on
        AND (f.responded_on IS NOT NULL OR f.response_due_on < ${today})) AS due,
      sum(f.response_due_on BETWEEN q.from_on AND q.to_on
        AND f.responded_on IS NOT NULL AND f.responded_on <= f.response_due_on) AS onTime,
      sum(CASE WHEN f.received_on BETWEEN q.from_on AND q.to_on THEN f.sentiment END) AS sentimentSum,
      count(CASE WHEN f.received_on BETWEEN q.from_on AND q.to_on THEN 1 END) AS sentimentCount
    FROM q
    JOIN feedback f ON (f.response_due_on BETWEEN q.from_on AND q.to_on)
      OR (f.received_on BETWEEN q.from_on AND q.to_on)
    WHERE ${feedbackInScope}
    GROUP BY q.idx, f.community_id`);

  const itemRows = db.all<{
    idx: number;
    communityId: number;
    due: number;
    onTime: number;
  }>(sql`${periods}
    SELECT q.idx, i.community_id AS communityId,
      sum(i.status = 'done' OR i.due_on < ${today}) AS due,
      sum(i.status = 'done' AND (SELECT min(u.happened_on) FROM action_item_updates u
        WHERE u.item_id = i.id AND u.new_status = 'done') <= i.due_on) AS onTime
    FROM q
    JOIN action_items i ON i.due_on BETWEEN q.from_on AND q.to_on AND i.status <> 'cancelled'
    WHERE i.community_id ${inCommunities}
    GROUP BY q.idx, i.community_id`);

  result.forEach((entry, idx) => {
    const overallFeedback = { due: 0, onTime: 0, sentimentSum: 0, sentimentCount: 0 };
    const overallItems = { due: 0, onTime: 0 };
    for (const { communityId, figures } of entry.communities) {
      const feedbackRow = feedbackRows.find(
        (row) => row.idx === idx && row.communityId === communityId,
      );
      const itemRow = itemRows.find((row) => row.idx === idx && row.communityId === communityId);
      figures.engagementsHeld ??= 0;
      figures.contactsEngaged ??= 0;
      figures.strandsCovered ??= 0;
      figures.feedbackAnsweredOnTime = percent(feedbackRow?.onTime ?? 0, feedbackRow?.due ?? 0);
      figures.actionItemsDoneOnTime = percent(itemRow?.onTime ?? 0, itemRow?.due ?? 0);
      const engagementReadings = engagementSentiment.get(`${idx}:${communityId}`);
      figures.averageSentiment = average(
        (engagementReadings?.sum ?? 0) + (feedbackRow?.sentimentSum ?? 0),
        (engagementReadings?.count ?? 0) + (feedbackRow?.sentimentCount ?? 0),
      );
      overallItems.due += itemRow?.due ?? 0;
      overallItems.onTime += itemRow?.onTime ?? 0;
    }
    for (const row of feedbackRows) {
      if (row.idx !== idx) continue;
      overallFeedback.due += row.due;
      overallFeedback.onTime += row.onTime;
      overallFeedback.sentimentSum += row.sentimentSum ?? 0;
      overallFeedback.sentimentCount += row.sentimentCount;
    }
    const overall = entry.overall;
    overall.engagementsHeld ??= 0;
    overall.contactsEngaged ??= 0;
    overall.strandsCovered = entry.communities.length
      ? round(
          entry.communities.reduce((sum, { figures }) => sum + (figures.strandsCovered ?? 0), 0) /
            entry.communities.length,
          1,
        )
      : null;
    overall.feedbackAnsweredOnTime = percent(overallFeedback.onTime, overallFeedback.due);
    overall.actionItemsDoneOnTime = percent(overallItems.onTime, overallItems.due);
    entry.overallCounts = {
      feedbackAnsweredOnTime: { part: overallFeedback.onTime, whole: overallFeedback.due },
      actionItemsDoneOnTime: { part: overallItems.onTime, whole: overallItems.due },
    };
    const engagementReadings = overallEngagements.get(idx);
    overall.averageSentiment = average(
      (engagementReadings?.sum ?? 0) + overallFeedback.sentimentSum,
      (engagementReadings?.count ?? 0) + overallFeedback.sentimentCount,
    );
  });
  return result;
}

function emptyFigures(): HardIndicatorFigures {
  return {
    engagementsHeld: null,
    contactsEngaged: null,
    strandsCovered: null,
    feedbackAnsweredOnTime: null,
    actionItemsDoneOnTime: null,
    averageSentiment: null,
  };
}

/** The quarters as a table of London dates and UTC instants, so one query covers all of them. */
function quartersCte(quarters: readonly Quarter[]): SQL {
  const rows = quarters.map((quarter, idx) => {
    const { from, to } = quarterRange(quarter);
    const startAt = londonDayStart(from).getTime();
    const endAt = londonDayStart(addDays(to, 1)).getTime();
    return sql`(${idx}, ${startAt}, ${endAt}, ${from}, ${to})`;
  });
  return sql`WITH q(idx, start_at, end_at, from_on, to_on) AS (VALUES ${sql.join(rows, sql`, `)})`;
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round((part / whole) * 100, 1);
}

function average(sum: number, count: number): number | null {
  return count === 0 ? null : round(sum / count, 2);
}
