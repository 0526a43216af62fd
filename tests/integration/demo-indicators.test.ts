import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, communities, indicatorReadings, indicators, users } from "~/db/schema";
import { londonToday } from "~/domain/london-time";
import { quarterOf, quartersEndingWith } from "~/domain/quarters";
import { loadDemoData } from "../../scripts/demo-data";
import { DEMO_INDICATORS, planDemoReadings } from "../../scripts/demo-indicators";
import { withTestDatabase } from "./harness";

withTestDatabase();

const now = new Date("2026-11-28T10:00:00Z");
const quarters = quartersEndingWith(quarterOf(londonToday(now)), 8);
let added: Awaited<ReturnType<typeof loadDemoData>>;

beforeAll(async () => {
  added = await loadDemoData(getDb(), now);
});

function readingsWithCommunity() {
  return getDb()
    .select({
      countryCode: communities.countryCode,
      quarter: indicatorReadings.quarter,
      indicatorId: indicatorReadings.indicatorId,
      value: indicatorReadings.value,
      note: indicatorReadings.note,
      recordedBy: users.email,
      id: indicatorReadings.id,
    })
    .from(indicatorReadings)
    .innerJoin(communities, eq(communities.id, indicatorReadings.communityId))
    .innerJoin(users, eq(users.id, indicatorReadings.recordedByUserId))
    .all();
}

describe("the demo indicators", () => {
  it("define the seven survey indicators DESIGN.md suggests, 1 to 5, higher better", () => {
    const defined = getDb().select().from(indicators).orderBy(indicators.position).all();
    expect(added.indicatorsAdded).toBe(7);
    expect(defined.map((indicator) => indicator.name)).toEqual([
      "Well informed about local policing",
      "Police listen to concerns",
      "Can be relied on to be there",
      "Treat everyone fairly",
      "Deal with what matters",
      "Know how to contact their local officer",
      "Do a good job",
    ]);
    for (const indicator of defined) {
      expect(indicator).toMatchObject({ scaleMin: 1, scaleMax: 5, higherIsBetter: true });
      expect(indicator.archivedAt).toBeNull();
    }
  });

  it("record readings on the scale over the last eight quarters, with gaps, and fewer for the communities just identified", () => {
    const readings = readingsWithCommunity();
    expect(readings.length).toBe(added.readingsAdded);
    expect(new Set(readings.map((reading) => reading.quarter))).toEqual(new Set(quarters));
    for (const reading of readings) {
      expect(reading.value).toBeGreaterThanOrEqual(1);
      expect(reading.value).toBeLessThanOrEqual(5);
      expect(reading.note).toMatch(/^Quarterly survey, \d+ replies\.$/);
    }
    const possible = 12 * 8 * DEMO_INDICATORS.length;
    expect(readings.length).toBeGreaterThan(possible * 0.5);
    expect(readings.length).toBeLessThan(possible);
    for (const countryCode of ["SY", "UA"]) {
      const own = readings.filter((reading) => reading.countryCode === countryCode);
      expect(new Set(own.map((reading) => reading.quarter)).size).toBeLessThanOrEqual(2);
    }
    // The quarter under way is only partly in.
    const current = new Set(
      readings.filter((reading) => reading.quarter === quarters.at(-1)).map((r) => r.countryCode),
    );
    expect(current.size).toBeGreaterThan(0);
    expect(current.size).toBeLessThan(12);
  });

  it("write each reading as the app does: by an officer who may record it, audited", () => {
    const readings = readingsWithCommunity();
    for (const reading of readings) {
      expect(reading.recordedBy).toBe(
        ["AF", "AL", "ER"].includes(reading.countryCode) ? "liaison@crg.test" : "lead@crg.test",
      );
    }
    const audited = getDb()
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, "indicator_reading"))
      .get()!.n;
    expect(audited).toBe(readings.length);
  });

  it("draw believable trends: most communities end higher than they began", () => {
    const readings = readingsWithCommunity();
    const means = new Map<string, { first: number[]; last: number[] }>();
    for (const reading of readings) {
      const entry = means.get(reading.countryCode) ?? { first: [], last: [] };
      if (reading.quarter <= quarters[2]!) entry.first.push(reading.value);
      if (reading.quarter >= quarters[5]!) entry.last.push(reading.value);
      means.set(reading.countryCode, entry);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const compared = [...means.values()].filter((entry) => entry.first.length && entry.last.length);
    const improved = compared.filter((entry) => mean(entry.last) > mean(entry.first));
    expect(improved.length).toBeGreaterThan(compared.length / 2);
    expect(improved.length).toBeLessThan(compared.length);
  });

  it("are the same on every run, and loading again adds nothing", async () => {
    const codes = ["AF", "AL", "ER", "IQ"];
    expect(planDemoReadings(codes, quarters)).toEqual(planDemoReadings(codes, quarters));
    const before = readingsWithCommunity().length;
    const again = await loadDemoData(getDb(), now);
    expect(again).toMatchObject({ indicatorsAdded: 0, readingsAdded: 0 });
    expect(readingsWithCommunity().length).toBe(before);
  });
});
