// Every hard indicator against hand-built data: per community, overall, an empty quarter, and the
// rule that feedback or items not yet due are left out rather than counted as missed.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import {
  actionItems,
  actionItemUpdates,
  actionPlans,
  feedback,
  type ActionItemStatus,
} from "~/db/schema";
import { hardIndicators } from "~/domain/hard-indicators.server";
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
