import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { feedback, steeringReviewItems, steeringReviews } from "~/db/schema";
import { at } from "./engagement-builders";
import { readPack } from "~/domain/steering-reviews.server";
import { loadDemoData } from "../../scripts/demo-data";
import { createCommunity, createUser, withTestDatabase } from "./harness";

withTestDatabase();

/** The demo is loaded on 28 November 2026: the last two reviewed quarters are Q2 and Q3. */
const now = new Date("2026-11-28T10:00:00Z");
let added: Awaited<ReturnType<typeof loadDemoData>>;

/**
 * The feedback demo is built on another branch, so a little escalated and overdue feedback of the
 * demo's own Afghan community and liaison officer is written first, for the reviews to decide.
 */
beforeAll(async () => {
  const community = createCommunity({ countryCode: "AF", name: "Afghan community" });
  const owner = await createUser({ role: "liaison", email: "liaison@crg.test" });
  const insert = (values: {
    receivedOn: string;
    responseDueOn: string;
    escalatedOn?: string;
    summary: string;
  }) =>
    getDb()
      .insert(feedback)
      .values({
        receivedOn: values.receivedOn,
        responseDueOn: values.responseDueOn,
        communityId: community.id,
        channel: "meeting",
        category: "community_tension",
        summary: values.summary,
        sentiment: -1,
        status: "in_progress",
        ownerUserId: owner.id,
        escalatedAt: values.escalatedOn ? at(values.escalatedOn) : null,
        escalatedByUserId: values.escalatedOn ? owner.id : null,
        escalationReason: values.escalatedOn ? "No answer in time" : "",
        createdAt: at(values.receivedOn),
        updatedAt: at(values.receivedOn),
      })
      .run();
  insert({
    receivedOn: "2026-05-01",
    responseDueOn: "2026-05-29",
    escalatedOn: "2026-06-10",
    summary: "Spring",
  });
  insert({ receivedOn: "2026-08-01", responseDueOn: "2026-08-29", summary: "Summer, overdue" });
  insert({
    receivedOn: "2026-08-05",
    responseDueOn: "2026-09-02",
    escalatedOn: "2026-09-05",
    summary: "Summer, escalated",
  });
  added = await loadDemoData(getDb(), now);
});

function reviews() {
  return getDb().select().from(steeringReviews).orderBy(asc(steeringReviews.heldOn)).all();
}

describe("the demo steering reviews", () => {
  it("are two, of the last two quarters, held a fortnight after each ended, with their packs", () => {
    expect(added.reviewsAdded).toBe(2);
    const [older, newer] = reviews();
    expect([older?.periodStart, older?.periodEnd, older?.heldOn]).toEqual([
      "2026-04-01",
      "2026-06-30",
      "2026-07-14",
    ]);
    expect([newer?.periodStart, newer?.periodEnd, newer?.heldOn]).toEqual([
      "2026-07-01",
      "2026-09-30",
      "2026-10-14",
    ]);
    for (const review of [older!, newer!]) {
      const pack = readPack(review.pack);
      expect(pack.asOfOn).toBe(review.heldOn);
      expect(pack.coverage.communities).toHaveLength(12);
      expect(pack.hardIndicators.communities).toHaveLength(12);
    }
    expect(readPack(newer!.pack).feedback.total.received).toBe(2);
  });

  it("close the older review and leave the newer one open", () => {
    const [older, newer] = reviews();
    expect(older?.status).toBe("closed");
    expect(newer?.status).toBe("open");
  });

  it("hold the items due before each meeting, each with the demo steering member's decision", () => {
    const [older, newer] = reviews();
    const itemsOf = (reviewId: number) =>
      getDb()
        .select()
        .from(steeringReviewItems)
        .where(eq(steeringReviewItems.reviewId, reviewId))
        .all();
    expect(itemsOf(older!.id).map((item) => item.reason)).toEqual(["escalated"]);
    expect(
      itemsOf(newer!.id)
        .map((item) => item.reason)
        .sort(),
    ).toEqual(["escalated", "overdue", "overdue"]);
    for (const item of [...itemsOf(older!.id), ...itemsOf(newer!.id)]) {
      expect(item.decision).not.toBe("");
      expect(item.decidedByUserId).toBe(newer!.createdByUserId);
    }
  });

  it("are not added again when the demo is loaded again", async () => {
    expect((await loadDemoData(getDb(), now)).reviewsAdded).toBe(0);
    expect(reviews()).toHaveLength(2);
  });
});
