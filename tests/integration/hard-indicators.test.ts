// Every hard indicator against hand-built data: per community, overall, an empty quarter, and the
// rule that feedback or items not yet due are left out rather than counted as missed.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import {
  actionItems,
  actionItemUpdates,
  actionPlans,
  engagementCommunities,
  engagementContacts,
  engagements,
  engagementStrands,
  feedback,
  activityStamps,
  type ActionItemStatus,
} from "~/db/schema";
import { hardIndicators } from "~/domain/hard-indicators.server";
import type { Quarter } from "~/domain/quarters";
import { at, insertContact, insertEngagement } from "./engagement-builders";
import { createCommunity, createUser, withTestDatabase } from "./harness";

withTestDatabase();

let north: number;
let south: number;
let officer: number;
const TODAY = "2026-08-15";

function insertFeedback(options: {
  communityId: number | null;
  receivedOn: string;
  responseDueOn: string;
  respondedOn?: string;
  sentiment?: number;
}) {
  const now = new Date();
  getDb()
    .insert(feedback)
    .values({
      receivedOn: options.receivedOn,
      communityId: options.communityId,
      channel: "meeting",
      category: "operations_impact",
      summary: "Advice",
      sentiment: options.sentiment ?? 0,
      status: options.respondedOn ? "responded" : "acknowledged",
      ownerUserId: officer,
      responseDueOn: options.responseDueOn,
      responseOutcome: options.respondedOn ? "acted_on" : null,
      responseText: options.respondedOn ? "We did" : "",
      respondedOn: options.respondedOn ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .run();
}

const plans = new Map<number, number>();
function insertItem(options: {
  communityId: number;
  dueOn: string;
  status: ActionItemStatus;
  doneOn?: string;
}) {
  const db = getDb();
  const now = new Date();
  let planId = plans.get(options.communityId);
  if (!planId) {
    planId = db
      .insert(actionPlans)
      .values({
        communityId: options.communityId,
        startOn: "2026-01-01",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: actionPlans.id })
      .get().id;
    plans.set(options.communityId, planId);
  }
  const itemId = db
    .insert(actionItems)
    .values({
      planId,
      communityId: options.communityId,
      strandKey: "youth",
      title: "Item",
      dueOn: options.dueOn,
      status: options.status,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: actionItems.id })
    .get().id;
  if (options.doneOn) {
    db.insert(actionItemUpdates)
      .values({
        itemId,
        authorUserId: officer,
        happenedOn: options.doneOn,
        note: "Done",
        newStatus: "done",
        createdAt: now,
      })
      .run();
  }
}

beforeAll(async () => {
  north = createCommunity({ name: "North" }).id;
  south = createCommunity({ name: "South" }).id;
  officer = (await createUser({ role: "liaison" })).id;
  const [a, b, c] = [insertContact({}), insertContact({}), insertContact({})];

  // 2026-Q2 (Apr–Jun). North: three held engagements, one shared with South; one planned.
  insertEngagement({
    title: "E1",
    startsAt: at("2026-04-02"),
    communityIds: [north],
    strandKeys: ["youth", "media"],
    contactIds: [a, b],
  });
  insertEngagement({
    title: "E2",
    startsAt: at("2026-06-30", "23:30"),
    communityIds: [north],
    strandKeys: ["youth"],
    contactIds: [a],
  });
  insertEngagement({
    title: "E3",
    startsAt: at("2026-05-10"),
    communityIds: [north, south],
    strandKeys: ["political"],
    contactIds: [c],
  });
  insertEngagement({
    startsAt: at("2026-05-11"),
    communityIds: [north],
    strandKeys: ["business"],
    status: "planned",
  });
  // Just outside Q2 on both sides, in London time (BST): not counted.
  insertEngagement({
    startsAt: at("2026-03-31", "23:30"),
    communityIds: [north],
    strandKeys: ["religious"],
  });
  insertEngagement({
    startsAt: at("2026-07-01", "00:30"),
    communityIds: [north],
    strandKeys: ["religious"],
  });
});

/** Sentiments are set after the fact so the averages have known inputs. */
function setEngagementSentiments() {
  getDb().run(sql`UPDATE engagements SET sentiment = CASE title
    WHEN 'E1' THEN 2 WHEN 'E2' THEN 1 WHEN 'E3' THEN -1 ELSE NULL END`);
}

describe("hard indicators", () => {
  it("counts engagements, contacts and strands per community and overall, by London quarter", () => {
    const [q2] = hardIndicators(
      getDb(),
      ["2026-Q2"],
      { communityIds: [north, south], includeWholeGroup: true },
      TODAY,
    );
    const northFigures = q2!.communities.find((entry) => entry.communityId === north)!.figures;
    const southFigures = q2!.communities.find((entry) => entry.communityId === south)!.figures;
    expect(northFigures).toMatchObject({
      engagementsHeld: 3,
      contactsEngaged: 3,
      strandsCovered: 3,
    });
    expect(southFigures).toMatchObject({
      engagementsHeld: 1,
      contactsEngaged: 1,
      strandsCovered: 1,
    });
    // The shared engagement counts once overall; strands covered overall is the mean per community.
    expect(q2!.overall).toMatchObject({
      engagementsHeld: 3,
      contactsEngaged: 3,
      strandsCovered: 2,
    });
  });

  it("reports only the chosen communities", () => {
    const [q2] = hardIndicators(
      getDb(),
      ["2026-Q2"],
      { communityIds: [south], includeWholeGroup: false },
      TODAY,
    );
    expect(q2!.communities.map((entry) => entry.communityId)).toEqual([south]);
    expect(q2!.overall).toMatchObject({
      engagementsHeld: 1,
      contactsEngaged: 1,
      strandsCovered: 1,
    });
  });

  it("gives zero counts and no percentages or averages for an empty quarter", () => {
    const [empty] = hardIndicators(
      getDb(),
      ["2025-Q1"],
      { communityIds: [north, south], includeWholeGroup: true },
      TODAY,
    );
    expect(empty!.overall).toEqual({
      engagementsHeld: 0,
      contactsEngaged: 0,
      strandsCovered: 0,
      feedbackAnsweredOnTime: null,
      actionItemsDoneOnTime: null,
      averageSentiment: null,
    });
    expect(empty!.communities[0]!.figures.feedbackAnsweredOnTime).toBeNull();
  });

  it("measures feedback answered by its due date, leaving out what is not yet due", () => {
    // Q3 (Jul–Sep), today 15 August. North: on time (on the due date itself), late, overdue, not yet due.
    insertFeedback({
      communityId: north,
      receivedOn: "2026-06-10",
      responseDueOn: "2026-07-08",
      respondedOn: "2026-07-08",
    });
    insertFeedback({
      communityId: north,
      receivedOn: "2026-06-12",
      responseDueOn: "2026-07-10",
      respondedOn: "2026-07-11",
    });
    insertFeedback({ communityId: north, receivedOn: "2026-07-01", responseDueOn: "2026-07-29" });
    insertFeedback({ communityId: north, receivedOn: "2026-08-10", responseDueOn: "2026-09-07" });
    // Whole-group advice answered on time counts overall only, and only when asked for.
    insertFeedback({
      communityId: null,
      receivedOn: "2026-07-02",
      responseDueOn: "2026-07-30",
      respondedOn: "2026-07-20",
    });
    const [q3] = hardIndicators(
      getDb(),
      ["2026-Q3"],
      { communityIds: [north, south], includeWholeGroup: true },
      TODAY,
    );
    expect(
      q3!.communities.find((entry) => entry.communityId === north)!.figures.feedbackAnsweredOnTime,
    ).toBeCloseTo(33.3);
    expect(
      q3!.communities.find((entry) => entry.communityId === south)!.figures.feedbackAnsweredOnTime,
    ).toBeNull();
    expect(q3!.overall.feedbackAnsweredOnTime).toBe(50);
    expect(q3!.overallCounts.feedbackAnsweredOnTime).toEqual({ part: 2, whole: 4 });
    const [withoutGroup] = hardIndicators(
      getDb(),
      ["2026-Q3"],
      { communityIds: [north, south], includeWholeGroup: false },
      TODAY,
    );
    expect(withoutGroup!.overall.feedbackAnsweredOnTime).toBeCloseTo(33.3);
  });

  it("measures action items done on time by the date of the update that marked them done", () => {
    insertItem({ communityId: south, dueOn: "2026-07-15", status: "done", doneOn: "2026-07-15" });
    insertItem({ communityId: south, dueOn: "2026-07-16", status: "done", doneOn: "2026-07-20" });
    insertItem({ communityId: south, dueOn: "2026-07-17", status: "blocked" });
    insertItem({ communityId: south, dueOn: "2026-08-01", status: "cancelled" });
    insertItem({ communityId: south, dueOn: "2026-09-30", status: "in_progress" });
    const [q3] = hardIndicators(
      getDb(),
      ["2026-Q3"],
      { communityIds: [north, south], includeWholeGroup: true },
      TODAY,
    );
    expect(
      q3!.communities.find((entry) => entry.communityId === south)!.figures.actionItemsDoneOnTime,
    ).toBeCloseTo(33.3);
    expect(
      q3!.communities.find((entry) => entry.communityId === north)!.figures.actionItemsDoneOnTime,
    ).toBeNull();
    expect(q3!.overall.actionItemsDoneOnTime).toBeCloseTo(33.3);
  });

  it("averages the sentiment of held engagements and feedback received in the quarter", () => {
    setEngagementSentiments();
    insertFeedback({
      communityId: north,
      receivedOn: "2026-05-01",
      responseDueOn: "2026-05-29",
      sentiment: -2,
    });
    const [q2] = hardIndicators(
      getDb(),
      ["2026-Q2"],
      { communityIds: [north, south], includeWholeGroup: true },
      TODAY,
    );
    // North: engagements 2, 1, −1 and feedback −2 → 0; South: the shared engagement's −1.
    expect(
      q2!.communities.find((entry) => entry.communityId === north)!.figures.averageSentiment,
    ).toBe(0);
    expect(
      q2!.communities.find((entry) => entry.communityId === south)!.figures.averageSentiment,
    ).toBe(-1);
    // Overall: each engagement once (2, 1, −1) and the feedback (−2) → 0.
    expect(q2!.overall.averageSentiment).toBe(0);
  });

  it("answers several quarters in order from the same queries", () => {
    const rows = hardIndicators(
      getDb(),
      ["2026-Q1", "2026-Q2", "2026-Q3"],
      { communityIds: [north], includeWholeGroup: false },
      TODAY,
    );
    expect(rows.map((row) => [row.quarter, row.overall.engagementsHeld])).toEqual([
      ["2026-Q1", 1],
      ["2026-Q2", 3],
      ["2026-Q3", 1],
    ]);
  });
});

// Computed quarters are reused until a record they count changes: each kind of change below must
// show at once, on a quarter that was computed (and so remembered) just before it.
describe("reusing computed quarters", () => {
  let east: number;
  let west: number;
  let contact: number;
  const scope = () => ({ communityIds: [east, west], includeWholeGroup: false });
  const figuresOf = (quarter: Quarter, communityId: number) =>
    hardIndicators(getDb(), [quarter], scope(), TODAY)[0]!.communities.find(
      (entry) => entry.communityId === communityId,
    )!.figures;
  const stampsNow = () => getDb().select().from(activityStamps).orderBy(activityStamps.month).all();

  beforeAll(() => {
    east = createCommunity({ name: "East" }).id;
    west = createCommunity({ name: "West" }).id;
    contact = insertContact({});
  });

  it("sees engagements added, held, moved, re-scored and removed", () => {
    expect(figuresOf("2025-Q2", east).engagementsHeld).toBe(0);
    const id = insertEngagement({
      startsAt: at("2025-05-01"),
      communityIds: [east],
      strandKeys: ["youth"],
      status: "planned",
    });
    expect(figuresOf("2025-Q2", east).engagementsHeld).toBe(0);
    getDb().update(engagements).set({ status: "held" }).where(eq(engagements.id, id)).run();
    expect(figuresOf("2025-Q2", east).engagementsHeld).toBe(1);
    getDb().update(engagements).set({ sentiment: 2 }).where(eq(engagements.id, id)).run();
    expect(figuresOf("2025-Q2", east).averageSentiment).toBe(2);
    expect(figuresOf("2025-Q3", east).engagementsHeld).toBe(0);
    getDb()
      .update(engagements)
      .set({ startsAt: at("2025-08-01") })
      .where(eq(engagements.id, id))
      .run();
    expect(figuresOf("2025-Q2", east).engagementsHeld).toBe(0);
    expect(figuresOf("2025-Q3", east).engagementsHeld).toBe(1);
    getDb().delete(engagementStrands).where(eq(engagementStrands.engagementId, id)).run();
    getDb().delete(engagementCommunities).where(eq(engagementCommunities.engagementId, id)).run();
    getDb().delete(engagements).where(eq(engagements.id, id)).run();
    expect(figuresOf("2025-Q3", east).engagementsHeld).toBe(0);
  });

  it("sees attendees, communities and strands linked and unlinked", () => {
    const id = insertEngagement({
      startsAt: at("2025-11-03"),
      communityIds: [east],
      strandKeys: ["youth"],
    });
    expect(figuresOf("2025-Q4", east)).toMatchObject({ contactsEngaged: 0, strandsCovered: 1 });
    expect(figuresOf("2025-Q4", west).engagementsHeld).toBe(0);
    getDb().insert(engagementContacts).values({ engagementId: id, contactId: contact }).run();
    getDb().insert(engagementStrands).values({ engagementId: id, strandKey: "media" }).run();
    getDb().insert(engagementCommunities).values({ engagementId: id, communityId: west }).run();
    expect(figuresOf("2025-Q4", east)).toMatchObject({ contactsEngaged: 1, strandsCovered: 2 });
    expect(figuresOf("2025-Q4", west).engagementsHeld).toBe(1);
    getDb()
      .delete(engagementContacts)
      .where(
        and(eq(engagementContacts.engagementId, id), eq(engagementContacts.contactId, contact)),
      )
      .run();
    expect(figuresOf("2025-Q4", east).contactsEngaged).toBe(0);
  });

  it("sees an engagement in the first hour of a summer quarter, whose UTC day is the month before", () => {
    // 00:30 on 1 July in London is 23:30 on 30 June in UTC: a June stamp must reach Q3.
    const id = insertEngagement({
      startsAt: at("2025-07-01", "00:30"),
      communityIds: [west],
      strandKeys: ["youth"],
    });
    expect(figuresOf("2025-Q3", west).averageSentiment).toBeNull();
    getDb().update(engagements).set({ sentiment: -1 }).where(eq(engagements.id, id)).run();
    expect(figuresOf("2025-Q3", west).averageSentiment).toBe(-1);
  });

  it("sees feedback answered and its due date moved, and items done or moved", () => {
    insertFeedback({ communityId: east, receivedOn: "2025-01-06", responseDueOn: "2025-02-03" });
    const feedbackId = getDb()
      .select({ id: feedback.id })
      .from(feedback)
      .where(eq(feedback.communityId, east))
      .get()!.id;
    expect(figuresOf("2025-Q1", east).feedbackAnsweredOnTime).toBe(0);
    getDb()
      .update(feedback)
      .set({ respondedOn: "2025-02-01" })
      .where(eq(feedback.id, feedbackId))
      .run();
    expect(figuresOf("2025-Q1", east).feedbackAnsweredOnTime).toBe(100);
    getDb()
      .update(feedback)
      .set({ responseDueOn: "2025-01-20" })
      .where(eq(feedback.id, feedbackId))
      .run();
    expect(figuresOf("2025-Q1", east).feedbackAnsweredOnTime).toBe(0);

    insertItem({ communityId: west, dueOn: "2025-03-20", status: "in_progress" });
    const itemId = getDb()
      .select({ id: actionItems.id })
      .from(actionItems)
      .where(eq(actionItems.communityId, west))
      .get()!.id;
    expect(figuresOf("2025-Q1", west).actionItemsDoneOnTime).toBe(0);
    const now = new Date();
    getDb()
      .insert(actionItemUpdates)
      .values({
        itemId,
        authorUserId: officer,
        happenedOn: "2025-03-18",
        note: "Done",
        newStatus: "done",
        createdAt: now,
      })
      .run();
    getDb().update(actionItems).set({ status: "done" }).where(eq(actionItems.id, itemId)).run();
    expect(figuresOf("2025-Q1", west).actionItemsDoneOnTime).toBe(100);
    getDb()
      .update(actionItems)
      .set({ dueOn: "2025-03-10" })
      .where(eq(actionItems.id, itemId))
      .run();
    expect(figuresOf("2025-Q1", west).actionItemsDoneOnTime).toBe(0);
  });

  it("keeps the stamps of untouched months, and of changes the figures do not read", () => {
    const id = insertEngagement({
      startsAt: at("2024-10-10"),
      communityIds: [east],
      strandKeys: ["youth"],
    });
    const before = stampsNow();
    getDb().update(engagements).set({ title: "Renamed" }).where(eq(engagements.id, id)).run();
    expect(stampsNow()).toEqual(before);
    getDb().update(engagements).set({ sentiment: 1 }).where(eq(engagements.id, id)).run();
    const after = stampsNow();
    const changed = after.filter(
      (row) => before.find((old) => old.month === row.month)?.stamp !== row.stamp,
    );
    expect(changed.map((row) => row.month)).toEqual(["2024-10"]);
  });

  it("gives an ended quarter the same figures whatever day it is read on", () => {
    insertFeedback({ communityId: east, receivedOn: "2024-04-02", responseDueOn: "2024-04-30" });
    insertItem({ communityId: east, dueOn: "2024-05-20", status: "in_progress" });
    const onDay = (today: string) =>
      hardIndicators(getDb(), ["2024-Q2"], scope(), today)[0]!.communities[0]!.figures;
    // Read on its last day, the item due on 20 May is missed and the feedback overdue.
    expect(onDay("2024-06-30")).toMatchObject({
      feedbackAnsweredOnTime: 0,
      actionItemsDoneOnTime: 0,
    });
    expect(onDay("2024-07-01")).toEqual(onDay("2024-06-30"));
    expect(onDay("2026-11-29")).toEqual(onDay("2024-06-30"));
  });

  it("forgets nothing wrongly when a write is rolled back", () => {
    const before = figuresOf("2024-Q1", east);
    expect(() =>
      getDb().transaction((tx) => {
        const id = tx
          .insert(engagements)
          .values({
            type: "meeting",
            status: "held",
            title: "Rolled back",
            startsAt: at("2024-02-02"),
            durationMinutes: 60,
            marking: "OFFICIAL",
            minutes: "",
            createdAt: new Date(),
            updatedAt: new Date(),
          })
          .returning({ id: engagements.id })
          .get().id;
        tx.insert(engagementCommunities).values({ engagementId: id, communityId: east }).run();
        // Computed inside the transaction, so remembered under the transaction's stamps.
        const inside = hardIndicators(tx, ["2024-Q1"], scope(), TODAY)[0]!;
        expect(inside.overall.engagementsHeld).toBe(before.engagementsHeld! + 1);
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(figuresOf("2024-Q1", east)).toEqual(before);
  });
});
