// Trust-and-confidence indicators: soft indicator definitions, their quarterly readings per
// community, and the figures of every indicator (hard and soft) per quarter for a scope.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { visibleCommunityIds, type Actor } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import { communities, indicatorReadings, indicators } from "~/db/schema";
import { changedFields, recordAudit } from "./audit.server";
import { listCommunities } from "./communities.server";
import {
  HARD_INDICATORS,
  hardIndicators,
  type HardIndicatorScope,
  type ShareCounts,
} from "./hard-indicators.server";
import type { IndicatorInput, ReadingsInput } from "./indicators.schema";
import { londonToday } from "./london-time";
import { previousQuarter, quarterOf, quartersEndingWith, type Quarter } from "./quarters";

type Reader = Db | Tx;

export type WriteResult<Field extends string> =
  | { ok: true; id: number }
  | { ok: false; fieldErrors?: Partial<Record<Field, string[]>>; formError?: string };

// ─── Definitions ───────────────────────────────────────────────────────────────────────────────

const definitionColumns = {
  id: indicators.id,
  name: indicators.name,
  description: indicators.description,
  scaleMin: indicators.scaleMin,
  scaleMax: indicators.scaleMax,
  higherIsBetter: indicators.higherIsBetter,
  position: indicators.position,
  archivedAt: indicators.archivedAt,
};

/** Soft indicators in their set order; archived ones (last) only when asked. */
export function listIndicators(db: Reader, options: { includeArchived?: boolean } = {}) {
  return db
    .select(definitionColumns)
    .from(indicators)
    .where(options.includeArchived ? undefined : isNull(indicators.archivedAt))
    .orderBy(
      asc(indicators.archivedAt),
      asc(indicators.position),
      asc(indicators.name),
      asc(indicators.id),
    )
    .all();
}

export function getIndicator(db: Reader, indicatorId: number) {
  return (
    db.select(definitionColumns).from(indicators).where(eq(indicators.id, indicatorId)).get() ??
    null
  );
}

/** Names are unique whatever their case, so "Trust" and "trust" cannot both exist. */
function nameTaken(db: Reader, name: string, exceptId: number | null): boolean {
  const clash = db
    .select({ id: indicators.id })
    .from(indicators)
    .where(sql`lower(${indicators.name}) = lower(${name})`)
    .all();
  return clash.some((row) => row.id !== exceptId);
}

const DUPLICATE_NAME = "An indicator with this name already exists; choose another name";

export function createIndicator(
  db: Db,
  actor: Actor,
  input: IndicatorInput,
  now = new Date(),
): WriteResult<keyof IndicatorInput> {
  return db.transaction((tx) => {
    if (nameTaken(tx, input.name, null)) {
      return { ok: false, fieldErrors: { name: [DUPLICATE_NAME] } };
    }
    const created = tx
      .insert(indicators)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning({ id: indicators.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "create",
      entityType: "indicator",
      entityId: created.id,
      changes: changedFields(null, input),
      at: now,
    });
    return { ok: true, id: created.id };
  });
}

/** A scale may not shrink past a reading already recorded: that reading would become impossible. */
export function updateIndicator(
  db: Db,
  actor: Actor,
  indicatorId: number,
  input: IndicatorInput,
  now = new Date(),
): WriteResult<keyof IndicatorInput> {
  return db.transaction((tx) => {
    const before = getIndicator(tx, indicatorId);
    if (!before) return { ok: false, formError: "That indicator no longer exists" };
    if (nameTaken(tx, input.name, indicatorId)) {
      return { ok: false, fieldErrors: { name: [DUPLICATE_NAME] } };
    }
    const recorded = tx
      .select({
        lowest: sql<number | null>`min(${indicatorReadings.value})`,
        highest: sql<number | null>`max(${indicatorReadings.value})`,
      })
      .from(indicatorReadings)
      .where(eq(indicatorReadings.indicatorId, indicatorId))
      .get();
    if (recorded?.lowest != null && recorded.lowest < input.scaleMin) {
      return {
        ok: false,
        fieldErrors: {
          scaleMin: [
            `A reading of ${recorded.lowest} is already recorded: keep the lowest value at or below it`,
          ],
        },
      };
    }
    if (recorded?.highest != null && recorded.highest > input.scaleMax) {
      return {
        ok: false,
        fieldErrors: {
          scaleMax: [
            `A reading of ${recorded.highest} is already recorded: keep the highest value at or above it`,
          ],
        },
      };
    }
    tx.update(indicators)
      .set({ ...input, updatedAt: now })
      .where(eq(indicators.id, indicatorId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "indicator",
      entityId: indicatorId,
      changes: changedFields(before, input),
      at: now,
    });
    return { ok: true, id: indicatorId };
  });
}

/** An archived indicator keeps its readings but takes no new ones and leaves the dashboard. */
export function setIndicatorArchived(
  db: Db,
  actor: Actor,
  indicatorId: number,
  archived: boolean,
  now = new Date(),
): WriteResult<never> {
  return db.transaction((tx) => {
    const before = getIndicator(tx, indicatorId);
    if (!before) return { ok: false, formError: "That indicator no longer exists" };
    if ((before.archivedAt !== null) === archived) return { ok: true, id: indicatorId };
    tx.update(indicators)
      .set({ archivedAt: archived ? now : null, updatedAt: now })
      .where(eq(indicators.id, indicatorId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: archived ? "archive" : "restore",
      entityType: "indicator",
      entityId: indicatorId,
      at: now,
    });
    return { ok: true, id: indicatorId };
  });
}

// ─── Readings ──────────────────────────────────────────────────────────────────────────────────

/** The readings a community has for one quarter, of every indicator (archived ones included). */
export function listQuarterReadings(db: Reader, communityId: number, quarter: Quarter) {
  return db
    .select({
      id: indicatorReadings.id,
      indicatorId: indicatorReadings.indicatorId,
      value: indicatorReadings.value,
      note: indicatorReadings.note,
      updatedAt: indicatorReadings.updatedAt,
    })
    .from(indicatorReadings)
    .where(
      and(eq(indicatorReadings.communityId, communityId), eq(indicatorReadings.quarter, quarter)),
    )
    .all();
}

/** Each active indicator's most recent reading for the community, with its quarter. One query. */
export function latestCommunityReadings(db: Reader, communityId: number) {
  return db
    .select({
      indicatorId: indicators.id,
      name: indicators.name,
      scaleMin: indicators.scaleMin,
      scaleMax: indicators.scaleMax,
      higherIsBetter: indicators.higherIsBetter,
      quarter: indicatorReadings.quarter,
      value: indicatorReadings.value,
      note: indicatorReadings.note,
    })
    .from(indicators)
    .leftJoin(
      indicatorReadings,
      and(
        eq(indicatorReadings.indicatorId, indicators.id),
        eq(indicatorReadings.communityId, communityId),
        eq(
          indicatorReadings.quarter,
          sql`(SELECT max(latest.quarter) FROM ${indicatorReadings} latest
            WHERE latest.indicator_id = ${indicators.id} AND latest.community_id = ${communityId})`,
        ),
      ),
    )
    .where(isNull(indicators.archivedAt))
    .orderBy(asc(indicators.position), asc(indicators.name), asc(indicators.id))
    .all();
}

export type ReadingFieldErrors = Record<number, { value?: string[] }>;

export type RecordReadingsResult =
  | { ok: true; created: number; updated: number; removed: number }
  | { ok: false; readingErrors?: ReadingFieldErrors; formError?: string };

/**
 * Records a community's readings of one quarter in one transaction: a new value creates the
 * reading, a changed one corrects it (audited with the old and new value), a cleared one removes
 * it. Every value is checked against its indicator's scale first; one bad value writes nothing.
 * `readingErrors` is keyed by the row's index in `input.readings`.
 */
export function recordReadings(
  db: Db,
  actor: Actor,
  communityId: number,
  quarter: Quarter,
  input: ReadingsInput,
  now = new Date(),
): RecordReadingsResult {
  if (quarter > quarterOf(londonToday(now))) {
    return { ok: false, formError: "Readings cannot be recorded for a quarter that has not begun" };
  }
  return db.transaction((tx): RecordReadingsResult => {
    const community = tx
      .select({ archivedAt: communities.archivedAt })
      .from(communities)
      .where(eq(communities.id, communityId))
      .get();
    if (!community) return { ok: false, formError: "That community no longer exists" };
    if (community.archivedAt) {
      return { ok: false, formError: "This community is archived: restore it to record readings" };
    }
    const active = new Map(listIndicators(tx).map((indicator) => [indicator.id, indicator]));
    const readingErrors: ReadingFieldErrors = {};
    input.readings.forEach((reading, index) => {
      const indicator = active.get(reading.indicatorId);
      if (!indicator || reading.value === undefined) return;
      if (reading.value < indicator.scaleMin || reading.value > indicator.scaleMax) {
        readingErrors[index] = {
          value: [`Enter a value from ${indicator.scaleMin} to ${indicator.scaleMax}`],
        };
      }
    });
    if (input.readings.some((reading) => !active.has(reading.indicatorId))) {
      return {
        ok: false,
        formError: "The indicators have changed since the form was opened: reload it and try again",
      };
    }
    if (Object.keys(readingErrors).length > 0) return { ok: false, readingErrors };

    const existing = new Map(
      listQuarterReadings(tx, communityId, quarter).map((reading) => [
        reading.indicatorId,
        reading,
      ]),
    );
    const tally = { created: 0, updated: 0, removed: 0 };
    for (const reading of input.readings) {
      const before = existing.get(reading.indicatorId);
      const note = reading.note ?? "";
      if (reading.value === undefined) {
        if (!before) continue;
        tx.delete(indicatorReadings).where(eq(indicatorReadings.id, before.id)).run();
        recordAudit(tx, {
          actorUserId: actor.id,
          action: "delete",
          entityType: "indicator_reading",
          entityId: before.id,
          changes: {
            value: [before.value, null],
            note: [before.note, null],
          },
          detail: JSON.stringify({ indicatorId: reading.indicatorId, communityId, quarter }),
          at: now,
        });
        tally.removed += 1;
        continue;
      }
      if (!before) {
        const created = tx
          .insert(indicatorReadings)
          .values({
            indicatorId: reading.indicatorId,
            communityId,
            quarter,
            value: reading.value,
            note,
            recordedByUserId: actor.id,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: indicatorReadings.id })
          .get();
        recordAudit(tx, {
          actorUserId: actor.id,
          action: "create",
          entityType: "indicator_reading",
          entityId: created.id,
          changes: changedFields(null, {
            indicatorId: reading.indicatorId,
            communityId,
            quarter,
            value: reading.value,
            note,
          }),
          at: now,
        });
        tally.created += 1;
        continue;
      }
      const changes = changedFields(
        { value: before.value, note: before.note },
        { value: reading.value, note },
      );
      if (!changes) continue;
      tx.update(indicatorReadings)
        .set({ value: reading.value, note, recordedByUserId: actor.id, updatedAt: now })
        .where(eq(indicatorReadings.id, before.id))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "indicator_reading",
        entityId: before.id,
        changes,
        detail: JSON.stringify({ indicatorId: reading.indicatorId, communityId, quarter }),
        at: now,
      });
      tally.updated += 1;
    }
    return { ok: true, ...tally };
  });
}

// ─── Figures: hard and soft, per quarter, per community and overall ─────────────────────────────

export type IndicatorUnit = (typeof HARD_INDICATORS)[number]["unit"] | "scale";

/** One row of the dashboard, hard or soft, with what a reader needs to judge a change. */
export type IndicatorDefinition = {
  /** "hard:engagementsHeld" or "soft:12": stable across quarters and packs. */
  key: string;
  kind: "hard" | "soft";
  name: string;
  description: string;
  unit: IndicatorUnit;
  higherIsBetter: boolean;
  /** The axis a chart draws: a soft indicator's scale, 0–100 for a share, −2…+2 for sentiment. */
  scaleMin: number | null;
  scaleMax: number | null;
};

/** Values line up with `quarters`; null means nothing to measure or no reading, never 0. */
export type IndicatorSeries = {
  key: string;
  overall: (number | null)[];
  /** For a share: what each quarter's overall percentage was made of. */
  overallCounts?: ShareCounts[];
  communities: { communityId: number; values: (number | null)[] }[];
};

export type IndicatorFigures = {
  quarters: Quarter[];
  indicators: IndicatorDefinition[];
  series: IndicatorSeries[];
};

const HARD_SCALES: Record<
  (typeof HARD_INDICATORS)[number]["unit"],
  [number | null, number | null]
> = {
  count: [0, null],
  percent: [0, 100],
  score: [-2, 2],
};

/** Every hard indicator: all count more, or better, as they rise. */
function hardIndicatorDefinitions(): IndicatorDefinition[] {
  return HARD_INDICATORS.map((indicator): IndicatorDefinition => ({
    key: `hard:${indicator.key}`,
    kind: "hard",
    name: indicator.name,
    description: indicator.description,
    unit: indicator.unit,
    higherIsBetter: true,
    scaleMin: HARD_SCALES[indicator.unit][0],
    scaleMax: HARD_SCALES[indicator.unit][1],
  }));
}

function softIndicatorDefinitions(
  softIndicators: ReturnType<typeof listIndicators>,
): IndicatorDefinition[] {
  return softIndicators.map((indicator): IndicatorDefinition => ({
    key: `soft:${indicator.id}`,
    kind: "soft",
    name: indicator.name,
    description: indicator.description,
    unit: "scale",
    higherIsBetter: indicator.higherIsBetter,
    scaleMin: indicator.scaleMin,
    scaleMax: indicator.scaleMax,
  }));
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
}

/**
 * Every indicator's figures for the quarters, per community of the scope and overall, as plain
 * JSON (the steering review freezes it in its pack). Hard indicators come from `hardIndicators` in
 * one call; soft readings in one query. A soft indicator's overall figure is the mean of the
 * communities' readings that quarter (each community counts once, whatever its size); with no
 * reading at all it is null.
 */
export function indicatorFigures(
  db: Reader,
  quarters: readonly Quarter[],
  scope: HardIndicatorScope,
  today: string,
): IndicatorFigures {
  const hard = hardIndicators(db, quarters, scope, today);
  const hardSeries: IndicatorSeries[] = HARD_INDICATORS.map(({ key }) => ({
    key: `hard:${key}`,
    overall: hard.map((quarter) => quarter.overall[key]),
    ...(key === "feedbackAnsweredOnTime" || key === "actionItemsDoneOnTime"
      ? { overallCounts: hard.map((quarter) => quarter.overallCounts[key]) }
      : {}),
    communities: scope.communityIds.map((communityId) => ({
      communityId,
      values: hard.map(
        (quarter) =>
          quarter.communities.find((entry) => entry.communityId === communityId)?.figures[key] ??
          null,
      ),
    })),
  }));
  const soft = softIndicatorFigures(db, quarters, scope.communityIds);
  return {
    quarters: [...quarters],
    indicators: [...hardIndicatorDefinitions(), ...soft.indicators],
    series: [...hardSeries, ...soft.series],
  };
}

/** The active soft indicators' readings for the quarters (one query), per community and overall. */
export function softIndicatorFigures(
  db: Reader,
  quarters: readonly Quarter[],
  communityIds: readonly number[],
): IndicatorFigures {
  const softIndicators = listIndicators(db);
  const readings =
    quarters.length && communityIds.length && softIndicators.length
      ? db
          .select({
            indicatorId: indicatorReadings.indicatorId,
            communityId: indicatorReadings.communityId,
            quarter: indicatorReadings.quarter,
            value: indicatorReadings.value,
          })
          .from(indicatorReadings)
          .where(
            and(
              inArray(indicatorReadings.quarter, [...quarters]),
              inArray(indicatorReadings.communityId, [...communityIds]),
              inArray(
                indicatorReadings.indicatorId,
                softIndicators.map((indicator) => indicator.id),
              ),
            ),
          )
          .all()
      : [];
  const valueOf = new Map(
    readings.map((reading) => [
      `${reading.indicatorId}:${reading.communityId}:${reading.quarter}`,
      reading.value,
    ]),
  );
  const series = softIndicators.map(({ id: indicatorId }): IndicatorSeries => {
    const communitySeries = communityIds.map((communityId) => ({
      communityId,
      values: quarters.map(
        (quarter) => valueOf.get(`${indicatorId}:${communityId}:${quarter}`) ?? null,
      ),
    }));
    return {
      key: `soft:${indicatorId}`,
      overall: quarters.map((_, index) =>
        mean(
          communitySeries
            .map((entry) => entry.values[index])
            .filter((value): value is number => value != null),
        ),
      ),
      communities: communitySeries,
    };
  });
  return {
    quarters: [...quarters],
    indicators: softIndicatorDefinitions(softIndicators),
    series,
  };
}

// ─── What a dashboard shows ──────────────────────────────────────────────────────────────────────

/** How many quarters a trend chart covers. */
export const TREND_QUARTERS = 8;

/**
 * The indicators dashboard's figures for an actor: the chosen quarter and the seven before it (the
 * trend), plus the one before those (the first quarter's change).
 */
export function indicatorDashboard(db: Db, actor: Actor, quarter: Quarter, now: Date) {
  const quarters = quartersEndingWith(quarter, TREND_QUARTERS + 1);
  return {
    quarter,
    previous: previousQuarter(quarter),
    ...indicatorDashboardFor(db, actor, quarters, now),
  };
}

/** The figures of the active communities the actor may see; whole-group feedback counts overall only for those who see every community. */
function indicatorDashboardFor(db: Db, actor: Actor, quarters: readonly Quarter[], now: Date) {
  const communityList = listCommunities(db, actor).map(({ id, name }) => ({ id, name }));
  const figures = indicatorFigures(
    db,
    quarters,
    {
      communityIds: communityList.map((community) => community.id),
      includeWholeGroup: visibleCommunityIds(actor) === "all",
    },
    londonToday(now),
  );
  return { communities: communityList, figures };
}

/** Each indicator's overall figure this quarter so far and last quarter, for the main dashboard. */
export function indicatorSummary(db: Db, actor: Actor, now: Date) {
  const quarter = quarterOf(londonToday(now));
  const { communities: communityList, figures } = indicatorDashboardFor(
    db,
    actor,
    [previousQuarter(quarter), quarter],
    now,
  );
  const seriesOf = new Map(figures.series.map((series) => [series.key, series]));
  return {
    quarter,
    previous: previousQuarter(quarter),
    communityCount: communityList.length,
    indicators: figures.indicators.map((indicator) => ({
      key: indicator.key,
      name: indicator.name,
      unit: indicator.unit,
      higherIsBetter: indicator.higherIsBetter,
      previous: seriesOf.get(indicator.key)?.overall[0] ?? null,
      current: seriesOf.get(indicator.key)?.overall[1] ?? null,
      currentCounts: seriesOf.get(indicator.key)?.overallCounts?.[1] ?? null,
    })),
  };
}
