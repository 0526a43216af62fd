import { and, count, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, getSqlite } from "~/db/client.server";
import {
  actionItems,
  actionPlans,
  auditEvents,
  feedback,
  feedbackEvents,
  feedbackStrands,
  indicatorReadings,
  indicators,
  steeringReviewItems,
  steeringReviews,
  type ActionItemStatus,
  type FeedbackCategory,
  type StrandKey,
} from "~/db/schema";
import type { ReviewPackShown } from "~/domain/steering-reviews.schema";
import { readPack, recordDecision } from "~/domain/steering-reviews.server";
import * as decisionPage from "~/routes/feedback.$feedbackId.decision";
import * as reviewPage from "~/routes/reviews.$reviewId._index";
import * as reviewExport from "~/routes/reviews.$reviewId.export";
import * as reviewItemPage from "~/routes/reviews.$reviewId.items.$feedbackId";
import * as overduePage from "~/routes/reviews.$reviewId.overdue";
import * as reviewsList from "~/routes/reviews._index";
import * as newReview from "~/routes/reviews.new";
import { at, insertEngagement } from "./engagement-builders";
import {
  buildRequest,
  callAction,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

/** The review is made at noon on 14 October 2026 (London) and looks back on July–September. */
const NOW = at("2026-10-14", "12:00");
const PERIOD = { periodStart: "2026-07-01", periodEnd: "2026-09-30" };

const people = {
  admin: { id: 0, cookie: "" },
  steering: { id: 0, cookie: "" },
  northLiaison: { id: 0, cookie: "" },
  southLiaison: { id: 0, cookie: "" },
  youthLead: { id: 0, cookie: "" },
  mediaLead: { id: 0, cookie: "" },
};
/** The first review, made before any of the data changes the tests below make. */
let firstReviewId = 0;
const community = { north: { id: 0, name: "" }, south: { id: 0, name: "" } };
/** North's soft-indicator reading for the period's quarter, changed after the review is made. */
let softReading = 0;
const item = {
  onTime: 0,
  late: 0,
  overdue: 0,
  notYetDue: 0,
  escalated: 0,
  decidedBefore: 0,
  overdueBeforePeriod: 0,
  wholeGroup: 0,
};

function insertFeedback(options: {
  communityId: number | null;
  receivedOn: string;
  responseDueOn: string;
  category: FeedbackCategory;
  summary: string;
  respondedOn?: string;
  escalatedAt?: Date;
  escalationReason?: string;
  steeringDecidedAt?: Date;
  strandKeys?: StrandKey[];
}): number {
  const db = getDb();
  const created = at(options.receivedOn);
  const id = db
    .insert(feedback)
    .values({
      receivedOn: options.receivedOn,
      communityId: options.communityId,
      channel: "meeting",
      category: options.category,
      summary: options.summary,
      sentiment: 0,
      status: options.respondedOn ? "responded" : "in_progress",
      ownerUserId: people.northLiaison.id,
      responseDueOn: options.responseDueOn,
      responseOutcome: options.respondedOn ? "acted_on" : null,
      responseText: options.respondedOn ? "We changed the patrol pattern." : "",
      respondedOn: options.respondedOn ?? null,
      escalatedAt: options.escalatedAt ?? null,
      escalatedByUserId: options.escalatedAt ? people.northLiaison.id : null,
      escalationReason: options.escalationReason ?? "",
      steeringDecision: options.steeringDecidedAt ? "Noted; no further action" : "",
      steeringDecidedAt: options.steeringDecidedAt ?? null,
      steeringDecidedByUserId: options.steeringDecidedAt ? people.steering.id : null,
      createdAt: created,
      updatedAt: created,
    })
    .returning({ id: feedback.id })
    .get().id;
  for (const strandKey of options.strandKeys ?? ["community"]) {
    db.insert(feedbackStrands).values({ feedbackId: id, strandKey }).run();
  }
  return id;
}

let movingItemId = 0;
function insertActionItem(
  communityId: number,
  planId: number,
  status: ActionItemStatus,
  dueOn: string,
) {
  return getDb()
    .insert(actionItems)
    .values({
      planId,
      communityId,
      strandKey: "youth",
      title: `Item ${status} ${dueOn}`,
      dueOn,
      status,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning({ id: actionItems.id })
    .get().id;
}

beforeAll(async () => {
  const north = createCommunity({ name: "North community" });
  const south = createCommunity({ name: "South community" });
  community.north = { id: north.id, name: north.name };
  community.south = { id: south.id, name: south.name };
  const make = async (key: keyof typeof people, options: Parameters<typeof createUser>[0]) => {
    const user = await createUser(options);
    people[key] = { id: user.id, cookie: cookieFor(user.id) };
  };
  await make("admin", { role: "admin" });
  await make("steering", { role: "steering", displayName: "Sam Steering" });
  await make("northLiaison", { role: "liaison", communityIds: [north.id] });
  await make("southLiaison", { role: "liaison", communityIds: [south.id] });
  await make("youthLead", { role: "strand_lead", strandKeys: ["youth"] });
  await make("mediaLead", { role: "strand_lead", strandKeys: ["media"] });

  // A soft indicator read for North in the period's quarter and the one before; South has none.
  const now = new Date();
  const listens = getDb()
    .insert(indicators)
    .values({
      name: "Police listen to concerns",
      scaleMin: 1,
      scaleMax: 5,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: indicators.id })
    .get().id;
  softReading = getDb()
    .insert(indicatorReadings)
    .values([
      {
        indicatorId: listens,
        communityId: north.id,
        quarter: "2026-Q2",
        value: 3,
        recordedByUserId: people.admin.id,
        createdAt: now,
        updatedAt: now,
      },
      {
        indicatorId: listens,
        communityId: north.id,
        quarter: "2026-Q3",
        value: 3.5,
        recordedByUserId: people.admin.id,
        createdAt: now,
        updatedAt: now,
      },
    ])
    .returning({ id: indicatorReadings.id })
    .all()[1]!.id;

  // North: one answered on time, one late, one overdue, one not yet due.
  item.onTime = insertFeedback({
    communityId: north.id,
    receivedOn: "2026-07-05",
    responseDueOn: "2026-08-02",
    respondedOn: "2026-07-30",
    category: "community_tension",
    summary: "Stop-and-search on the high street worries parents",
  });
  item.late = insertFeedback({
    communityId: north.id,
    receivedOn: "2026-07-10",
    responseDueOn: "2026-08-07",
    respondedOn: "2026-08-20",
    category: "community_tension",
    summary: "Officers at the mosque during Friday prayers",
  });
  item.overdue = insertFeedback({
    communityId: north.id,
    receivedOn: "2026-08-01",
    responseDueOn: "2026-08-29",
    category: "victim_care",
    summary: "Victims are not told how their case is going",
  });
  item.notYetDue = insertFeedback({
    communityId: north.id,
    receivedOn: "2026-09-25",
    responseDueOn: "2026-10-23",
    category: "victim_care",
    summary: "Interpreters arrive late at the station",
  });
  // South: escalated and awaiting a decision (also overdue, but put before the group as escalated).
  item.escalated = insertFeedback({
    communityId: south.id,
    receivedOn: "2026-08-10",
    responseDueOn: "2026-09-07",
    category: "operations_impact",
    summary: "=1+1 raids at dawn frighten children",
    escalatedAt: at("2026-09-01"),
    escalationReason: "No answer after two reminders",
    strandKeys: ["youth"],
  });
  // Before the period: escalated but already decided (not before the review), and one overdue.
  item.decidedBefore = insertFeedback({
    communityId: south.id,
    receivedOn: "2026-06-01",
    responseDueOn: "2026-06-29",
    respondedOn: "2026-06-25",
    category: "policy_legislation",
    summary: "Immigration checks at community events",
    escalatedAt: at("2026-06-20"),
    escalationReason: "Needs the chief's view",
    steeringDecidedAt: at("2026-07-01"),
  });
  item.overdueBeforePeriod = insertFeedback({
    communityId: south.id,
    receivedOn: "2026-05-01",
    responseDueOn: "2026-05-29",
    category: "cultural_sensitivity",
    summary: "Leaflets only in English",
  });
  // The whole group, no community: answered on time.
  item.wholeGroup = insertFeedback({
    communityId: null,
    receivedOn: "2026-09-01",
    responseDueOn: "2026-09-29",
    respondedOn: "2026-09-20",
    category: "praise",
    summary: "Thanks for the open day",
  });

  // North's plan: one item of each RAG at NOW (red, amber, green, none).
  const plan = getDb()
    .insert(actionPlans)
    .values({ communityId: north.id, startOn: "2026-01-01", createdAt: NOW, updatedAt: NOW })
    .returning({ id: actionPlans.id })
    .get();
  movingItemId = insertActionItem(north.id, plan.id, "blocked", "2026-12-01");
  insertActionItem(north.id, plan.id, "not_started", "2026-10-20");
  insertActionItem(north.id, plan.id, "in_progress", "2026-12-01");
  insertActionItem(north.id, plan.id, "done", "2026-09-01");

  // Coverage: two held engagements in the period; one planned and one after it do not count.
  insertEngagement({ startsAt: at("2026-08-15"), communityIds: [north.id], strandKeys: ["youth"] });
  insertEngagement({
    startsAt: at("2026-09-10"),
    communityIds: [south.id],
    strandKeys: ["political"],
  });
  insertEngagement({
    startsAt: at("2026-09-12"),
    communityIds: [south.id],
    strandKeys: ["media"],
    status: "planned",
  });
  insertEngagement({ startsAt: at("2026-10-05"), communityIds: [north.id], strandKeys: ["media"] });
});

afterEach(() => {
  vi.useRealTimers();
});

async function atNow<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  try {
    return await run();
  } finally {
    vi.useRealTimers();
  }
}

async function createReviewAsSteering(form: Record<string, string> = {}) {
  return atNow(() =>
    callAction(
      newReview.action,
      buildRequest("/reviews/new", {
        cookie: people.steering.cookie,
        form: { title: "Review of July to September", ...PERIOD, heldOn: "2026-10-14", ...form },
      }),
    ),
  );
}

function reviewIdFrom(location: string | null): number {
  const match = /^\/reviews\/(\d+)/.exec(location ?? "");
  if (!match) throw new Error(`not a review location: ${location}`);
  return Number(match[1]);
}

async function openAs(cookie: string, reviewId: number) {
  return callLoader(reviewPage.loader, buildRequest(`/reviews/${reviewId}`, { cookie }), {
    reviewId: String(reviewId),
  });
}

type ListedItem = {
  feedbackId: number;
  reason: string;
  responseDueOn: string;
  communityName: string;
  decision: string;
  decidedAt: Date | null;
  latestDecision: string;
};
type OverdueGroup = {
  communityId: number | null;
  communityName: string;
  items: number;
  oldestDueOn: string;
  decided: number;
  href: string;
};
type ReviewPageData = {
  review: {
    status: string;
    pack: ReviewPackShown;
    escalated: { total: number; decided: number; items: ListedItem[] };
  };
  overdueGroups: OverdueGroup[];
  nextEscalatedHref: string | null;
  firstEscalatedHref: string | null;
  mayManage: boolean;
};

function countOf(table: typeof feedbackEvents | typeof steeringReviews | typeof auditEvents) {
  return getDb().select({ n: count() }).from(table).get()!.n;
}

describe("creating a review", () => {
  let reviewId = 0;
  let pack: ReviewPackShown;

  beforeAll(async () => {
    const created = await createReviewAsSteering();
    expect(created.status).toBe(302);
    reviewId = reviewIdFrom(created.location);
    firstReviewId = reviewId;
    pack = ((await openAs(people.steering.cookie, reviewId)).data as ReviewPageData).review.pack;
  });

  it("stores a versioned pack built at the review's clock", () => {
    expect(pack.version).toBe(1);
    expect(pack.asOfOn).toBe("2026-10-14");
    expect(pack.period).toEqual({ start: "2026-07-01", end: "2026-09-30" });
  });

  it("holds the soft indicators' readings of the period's last quarter and the one before", () => {
    const soft = pack.softIndicators;
    expect(soft.quarters).toEqual(["2026-Q2", "2026-Q3"]);
    expect(soft.indicators.map((indicator) => indicator.name)).toEqual([
      "Police listen to concerns",
    ]);
    expect(soft.series[0]!.overall).toEqual([3, 3.5]);
    const byCommunity = new Map(
      soft.series[0]!.communities.map((entry) => [entry.communityId, entry.values]),
    );
    expect(byCommunity.get(community.north.id)).toEqual([3, 3.5]);
    expect(byCommunity.get(community.south.id)).toEqual([null, null]);
  });

  it("counts the period's feedback by community: on time, late, overdue and not yet due", () => {
    const byName = Object.fromEntries(
      pack.feedback.byCommunity.map((row) => [row.communityName, row]),
    );
    expect(byName[community.north.name]).toMatchObject({
      received: 4,
      answeredOnTime: 1,
      answeredLate: 1,
      overdueOpen: 1,
      openNotDue: 1,
    });
    // The escalated item, overdue; the two South items from before the period are not counted.
    expect(byName[community.south.name]).toMatchObject({
      received: 1,
      answeredOnTime: 0,
      overdueOpen: 1,
    });
    expect(byName["Whole group"]).toMatchObject({ received: 1, answeredOnTime: 1 });
    expect(pack.feedback.total).toEqual({
      received: 6,
      answeredOnTime: 2,
      answeredLate: 1,
      overdueOpen: 2,
      openNotDue: 1,
    });
  });

  it("counts the same feedback by category", () => {
    const byCategory = Object.fromEntries(
      pack.feedback.byCategory.map((row) => [row.category, row]),
    );
    expect(byCategory.community_tension).toMatchObject({
      categoryName: "Community tension",
      received: 2,
      answeredOnTime: 1,
      answeredLate: 1,
    });
    expect(byCategory.victim_care).toMatchObject({ received: 2, overdueOpen: 1, openNotDue: 1 });
    expect(byCategory.operations_impact).toMatchObject({ received: 1, overdueOpen: 1 });
    expect(byCategory.praise).toMatchObject({ received: 1, answeredOnTime: 1 });
    expect(byCategory.policy_legislation).toBeUndefined();
  });

  it("lists the escalated items awaiting a decision, without anyone's name; the page carries only their number", () => {
    expect(pack.escalatedItemCount).toBe(1);
    expect(pack).not.toHaveProperty("escalatedItems");
    const stored = getDb()
      .select({ pack: steeringReviews.pack })
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get()!.pack;
    expect(readPack(stored).escalatedItems).toEqual([
      {
        feedbackId: item.escalated,
        summary: "=1+1 raids at dawn frighten children",
        communityName: community.south.name,
        escalationReason: "No answer after two reminders",
        escalatedOn: "2026-09-01",
      },
    ]);
  });

  it("holds the action plans' RAG counts at the review's clock", () => {
    expect(pack.actionPlanRag.communities).toEqual([
      {
        communityId: community.north.id,
        communityName: community.north.name,
        red: 1,
        amber: 1,
        green: 1,
        none: 1,
      },
    ]);
    expect(pack.actionPlanRag.total).toEqual({ red: 1, amber: 1, green: 1, none: 1 });
  });

  it("holds the period's coverage, zero cells included", () => {
    const north = pack.coverage.communities.find((row) => row.id === community.north.id)!;
    const south = pack.coverage.communities.find((row) => row.id === community.south.id)!;
    expect(north.cells.find((cell) => cell.strandKey === "youth")?.engagements).toBe(1);
    expect(north.cells.find((cell) => cell.strandKey === "media")?.engagements).toBe(0);
    expect(south.cells.find((cell) => cell.strandKey === "political")?.engagements).toBe(1);
    expect(south.cells.find((cell) => cell.strandKey === "media")?.engagements).toBe(0);
    expect(pack.coverage.total).toBe(2);
  });

  it("holds the hard indicators of the period's last quarter and the one before", () => {
    const hard = pack.hardIndicators;
    expect(hard.quarter).toBe("2026-Q3");
    expect(hard.previousQuarter).toBe("2026-Q2");
    expect(hard.overall.current.engagementsHeld).toBe(2);
    expect(hard.overall.previous.engagementsHeld).toBe(0);
    // Q3: due in the quarter and answered or overdue: five, of which two on time.
    expect(hard.overall.current.feedbackAnsweredOnTime).toBe(40);
    // Q2: one answered on time, one overdue.
    expect(hard.overall.previous.feedbackAnsweredOnTime).toBe(50);
    const north = hard.communities.find((row) => row.communityId === community.north.id)!;
    expect(north.communityName).toBe(community.north.name);
    expect(north.current.engagementsHeld).toBe(1);
  });

  it("lists the escalated undecided item and counts every overdue open item by community", async () => {
    const page = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    expect(page.review.escalated).toMatchObject({ total: 1, decided: 0 });
    expect(page.review.escalated.items.map((entry) => [entry.feedbackId, entry.reason])).toEqual([
      [item.escalated, "escalated"],
    ]);
    expect(page.nextEscalatedHref).toBeNull();
    expect(page.overdueGroups).toEqual([
      {
        communityId: community.north.id,
        communityName: community.north.name,
        items: 1,
        oldestDueOn: "2026-08-29",
        decided: 0,
        reason: "overdue",
        href: `/reviews/${reviewId}/overdue?community=${community.north.id}`,
      },
      {
        communityId: community.south.id,
        communityName: community.south.name,
        items: 1,
        oldestDueOn: "2026-05-29",
        decided: 0,
        reason: "overdue",
        href: `/reviews/${reviewId}/overdue?community=${community.south.id}`,
      },
    ]);
  });

  it("audits the creation and each opening of the review", () => {
    const events = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "steering_review"),
          eq(auditEvents.entityId, String(reviewId)),
        ),
      )
      .all();
    expect(events.filter((event) => event.action === "create")).toHaveLength(1);
    expect(events.filter((event) => event.action === "view").length).toBeGreaterThanOrEqual(1);
  });

  it("shows the same figures after the data changes, and the pack column refuses an update", async () => {
    insertEngagement({
      startsAt: at("2026-08-20"),
      communityIds: [community.north.id],
      strandKeys: ["media"],
    });
    getDb()
      .update(feedback)
      .set({ respondedOn: "2026-10-14", status: "responded", responseText: "Done" })
      .where(eq(feedback.id, item.overdue))
      .run();
    getDb()
      .update(actionItems)
      .set({ status: "done" })
      .where(eq(actionItems.id, movingItemId))
      .run();
    getDb()
      .update(indicatorReadings)
      .set({ value: 1 })
      .where(eq(indicatorReadings.id, softReading))
      .run();
    const reopened = ((await openAs(people.steering.cookie, reviewId)).data as ReviewPageData)
      .review.pack;
    expect(reopened).toEqual(pack);
    expect(() =>
      getSqlite().prepare("UPDATE steering_reviews SET pack = '{}' WHERE id = ?").run(reviewId),
    ).toThrow(/frozen/);
  });

  it("lists reviews newest first for the steering group", async () => {
    const second = await createReviewAsSteering({ title: "A later review", heldOn: "2026-10-15" });
    const list = await callLoader(
      reviewsList.loader,
      buildRequest("/reviews", { cookie: people.steering.cookie }),
    );
    const { reviews, mayManage } = list.data as { reviews: { id: number }[]; mayManage: boolean };
    expect(reviews[0]?.id).toBe(reviewIdFrom(second.location));
    expect(reviews.some((review) => review.id === reviewId)).toBe(true);
    expect(mayManage).toBe(true);
  });
});

describe("bad input on a new review", () => {
  it.each([
    ["an end before the start", { periodEnd: "2026-06-30" }, "periodEnd"],
    ["a period of more than two years", { periodStart: "2020-01-01" }, "periodEnd"],
    ["no title", { title: "  " }, "title"],
    ["a date that does not exist", { heldOn: "2026-02-30" }, "heldOn"],
  ])("answers 400 with the field's error for %s, writing nothing", async (_name, form, field) => {
    const before = countOf(steeringReviews);
    const result = await createReviewAsSteering(form);
    expect(result.status).toBe(400);
    const reply = result.data as {
      error: Record<string, string[]>;
      initialValue: Record<string, string>;
    };
    expect(reply.error[field]?.length).toBeGreaterThan(0);
    expect(reply.initialValue.title).toBe(
      (form as { title?: string }).title ?? "Review of July to September",
    );
    expect(countOf(steeringReviews)).toBe(before);
  });

  it("refuses a liaison officer the form and the post with 403", async () => {
    const page = await callLoader(
      newReview.loader,
      buildRequest("/reviews/new", { cookie: people.northLiaison.cookie }),
    );
    expect(page.status).toBe(403);
    const post = await callAction(
      newReview.action,
      buildRequest("/reviews/new", {
        cookie: people.northLiaison.cookie,
        form: { title: "Mine", ...PERIOD, heldOn: "2026-10-14" },
      }),
    );
    expect(post.status).toBe(403);
  });
});

describe("decisions in a review", () => {
  let reviewId = 0;
  beforeAll(async () => {
    reviewId = reviewIdFrom((await createReviewAsSteering({ title: "Decisions review" })).location);
  });

  const itemPath = (feedbackId: number, id = reviewId) => `/reviews/${id}/items/${feedbackId}`;
  const itemParams = (feedbackId: number, id = reviewId) => ({
    reviewId: String(id),
    feedbackId: String(feedbackId),
  });
  const decide = (cookie: string, feedbackId: number, decision: string, id = reviewId) =>
    callAction(
      reviewItemPage.action,
      buildRequest(itemPath(feedbackId, id), { cookie, form: { decision } }),
      itemParams(feedbackId, id),
    );
  const openItem = (cookie: string, feedbackId: number, id = reviewId) =>
    callLoader(
      reviewItemPage.loader,
      buildRequest(itemPath(feedbackId, id), { cookie }),
      itemParams(feedbackId, id),
    );
  type ItemPageData = {
    review: { id: number; status: string };
    item: { feedbackId: number; reason: string; summary: string; decision: string };
    mayDecide: boolean;
  };

  it("links each item of the open review to its decision page, which audits the view", async () => {
    const events = countOf(auditEvents);
    const page = await openItem(people.steering.cookie, item.escalated);
    expect(page.status).toBe(200);
    const data = page.data as ItemPageData;
    expect(data.item).toMatchObject({
      feedbackId: item.escalated,
      reason: "escalated",
      summary: "=1+1 raids at dawn frighten children",
      decision: "",
    });
    expect(data.mayDecide).toBe(true);
    expect(countOf(auditEvents)).toBe(events + 1);
    const audit = getDb().select().from(auditEvents).orderBy(auditEvents.id).all().at(-1)!;
    expect(audit).toMatchObject({
      action: "view",
      entityType: "feedback",
      entityId: String(item.escalated),
      actorUserId: people.steering.id,
    });
  });

  it("answers 404 for an item not before the review or a review that does not exist", async () => {
    expect((await openItem(people.steering.cookie, item.onTime)).status).toBe(404);
    expect((await openItem(people.steering.cookie, item.escalated, 999_999)).status).toBe(404);
    expect((await decide(people.steering.cookie, item.escalated, "x", 999_999)).status).toBe(404);
    expect((await openItem(people.northLiaison.cookie, item.escalated)).status).toBe(403);
  });

  it("needs the decision's text: 400, what was typed kept, nothing written", async () => {
    const events = countOf(feedbackEvents);
    const result = await decide(people.steering.cookie, item.escalated, "   ");
    expect(result.status).toBe(400);
    const reply = result.data as {
      error: Record<string, string[]>;
      initialValue: Record<string, string>;
    };
    expect(reply.error.decision).toBeTruthy();
    expect(reply.initialValue.decision).toBe("   ");
    expect(countOf(feedbackEvents)).toBe(events);
  });

  it("is no longer taken on the review's own page", async () => {
    const result = await callAction(
      reviewPage.action,
      buildRequest(`/reviews/${reviewId}`, {
        cookie: people.steering.cookie,
        form: { intent: "decide", feedbackId: String(item.escalated), decision: "x" },
      }),
      { reviewId: String(reviewId) },
    );
    expect(result.status).toBe(400);
  });

  it("is refused to a liaison officer and a strand lead with 403", async () => {
    for (const person of [people.northLiaison, people.youthLead]) {
      const result = await decide(person.cookie, item.escalated, "We decide");
      expect(result.status).toBe(403);
    }
  });

  it("refuses an item that is not before the review: 409, nothing written", async () => {
    const events = countOf(feedbackEvents);
    const result = await decide(people.steering.cookie, item.onTime, "Not ours");
    expect(result.status).toBe(409);
    expect(countOf(feedbackEvents)).toBe(events);
  });

  it("writes the review item, the feedback's decision, its history and the audit event", async () => {
    const result = await decide(
      people.steering.cookie,
      item.escalated,
      "Ask the borough commander to meet the families",
    );
    expect(result.status).toBe(302);
    // Back to the review, at the item just decided.
    expect(result.location).toBe(
      `/reviews/${reviewId}?decided=${item.escalated}&from=2026-09-07.${item.escalated}#item-${item.escalated}`,
    );
    const db = getDb();
    const reviewItem = db
      .select()
      .from(steeringReviewItems)
      .where(
        and(
          eq(steeringReviewItems.reviewId, reviewId),
          eq(steeringReviewItems.feedbackId, item.escalated),
        ),
      )
      .get()!;
    expect(reviewItem.decision).toBe("Ask the borough commander to meet the families");
    expect(reviewItem.decidedByUserId).toBe(people.steering.id);
    const row = db.select().from(feedback).where(eq(feedback.id, item.escalated)).get()!;
    expect(row.steeringDecision).toBe("Ask the borough commander to meet the families");
    expect(row.steeringDecidedByUserId).toBe(people.steering.id);
    const events = db
      .select()
      .from(feedbackEvents)
      .where(
        and(eq(feedbackEvents.feedbackId, item.escalated), eq(feedbackEvents.kind, "decision")),
      )
      .all();
    expect(events.at(-1)?.note).toBe("Ask the borough commander to meet the families");
    const audit = db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "feedback"),
          eq(auditEvents.entityId, String(item.escalated)),
        ),
      )
      .all()
      .at(-1)!;
    expect(audit.action).toBe("update");
    expect(audit.changes?.steeringDecision?.[1]).toBe(
      "Ask the borough commander to meet the families",
    );
  });

  it("writes nothing at all when any part of the decision fails", () => {
    const sqlite = getSqlite();
    const before = getDb()
      .select()
      .from(feedback)
      .where(eq(feedback.id, item.overdueBeforePeriod))
      .get()!;
    const events = countOf(feedbackEvents);
    sqlite.exec(
      "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    );
    try {
      expect(() =>
        recordDecision(
          getDb(),
          { id: people.steering.id, role: "steering", communityIds: [], strandKeys: [] },
          { feedbackId: item.overdueBeforePeriod, reviewId },
          { decision: "Chase the owner" },
        ),
      ).toThrow(/audit refused/);
    } finally {
      sqlite.exec("DROP TRIGGER refuse_audit");
    }
    expect(
      getDb().select().from(feedback).where(eq(feedback.id, item.overdueBeforePeriod)).get(),
    ).toEqual(before);
    expect(countOf(feedbackEvents)).toBe(events);
    const reviewItem = getDb()
      .select()
      .from(steeringReviewItems)
      .where(
        and(
          eq(steeringReviewItems.reviewId, reviewId),
          eq(steeringReviewItems.feedbackId, item.overdueBeforePeriod),
        ),
      )
      .get();
    expect(reviewItem?.reason).toBe("overdue");
    expect(reviewItem?.decidedAt).toBeNull();
  });

  it("closes, audited; afterwards the review is read-only", async () => {
    const liaisonClose = await callAction(
      reviewPage.action,
      buildRequest(`/reviews/${reviewId}`, {
        cookie: people.northLiaison.cookie,
        form: { intent: "close" },
      }),
      { reviewId: String(reviewId) },
    );
    expect(liaisonClose.status).toBe(403);
    const closed = await callAction(
      reviewPage.action,
      buildRequest(`/reviews/${reviewId}`, {
        cookie: people.admin.cookie,
        form: { intent: "close" },
      }),
      { reviewId: String(reviewId) },
    );
    expect(closed.status).toBe(302);
    const review = getDb()
      .select()
      .from(steeringReviews)
      .where(eq(steeringReviews.id, reviewId))
      .get()!;
    expect(review.status).toBe("closed");
    expect(review.closedByUserId).toBe(people.admin.id);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "steering_review"),
          eq(auditEvents.entityId, String(reviewId)),
        ),
      )
      .all()
      .find((event) => event.action === "update");
    expect(audit?.changes).toEqual({ status: ["open", "closed"] });

    const events = countOf(feedbackEvents);
    const late = await decide(people.steering.cookie, item.escalated, "Too late");
    expect(late.status).toBe(409);
    expect(countOf(feedbackEvents)).toBe(events);
    const page = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    expect(page.review.status).toBe("closed");
    expect(page.mayManage).toBe(false);
    const closedItem = (await openItem(people.steering.cookie, item.escalated))
      .data as ItemPageData;
    expect(closedItem.review.status).toBe("closed");
    expect(closedItem.mayDecide).toBe(false);
    const again = await callAction(
      reviewPage.action,
      buildRequest(`/reviews/${reviewId}`, {
        cookie: people.steering.cookie,
        form: { intent: "close" },
      }),
      { reviewId: String(reviewId) },
    );
    expect(again.status).toBe(409);
  });
});

describe("a decision outside a review", () => {
  const path = (id: number) => `/feedback/${id}/decision`;
  const open = (cookie: string, id: number) =>
    callLoader(decisionPage.loader, buildRequest(path(id), { cookie }), { feedbackId: String(id) });
  const post = (cookie: string, id: number, decision: string) =>
    callAction(decisionPage.action, buildRequest(path(id), { cookie, form: { decision } }), {
      feedbackId: String(id),
    });

  it("shows the escalated item's summary and reason to the steering group, audited as a view", async () => {
    const result = await open(people.steering.cookie, item.escalated);
    expect(result.status).toBe(200);
    const { item: shown } = result.data as { item: { summary: string; escalationReason: string } };
    expect(shown.summary).toContain("raids at dawn");
    expect(shown.escalationReason).toBe("No answer after two reminders");
    const view = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "feedback"), eq(auditEvents.action, "view")))
      .all()
      .at(-1);
    expect(view?.entityId).toBe(String(item.escalated));
  });

  it("answers 409 with a clear message for an item that was never escalated", async () => {
    const page = await open(people.steering.cookie, item.onTime);
    expect(page.status).toBe(409);
    expect((page.data as { refusal: string }).refusal).toMatch(/not been escalated/);
    const events = countOf(feedbackEvents);
    const result = await post(people.steering.cookie, item.onTime, "Decide anyway");
    expect(result.status).toBe(409);
    expect(countOf(feedbackEvents)).toBe(events);
  });

  it("answers 404 to those who may not read the item and 403 to readers who may not decide", async () => {
    // The escalated item is South's, in the youth strand.
    expect((await open(people.northLiaison.cookie, item.escalated)).status).toBe(404);
    expect((await open(people.mediaLead.cookie, item.escalated)).status).toBe(404);
    expect((await open(people.southLiaison.cookie, item.escalated)).status).toBe(403);
    expect((await open(people.youthLead.cookie, item.escalated)).status).toBe(403);
    expect((await post(people.southLiaison.cookie, item.escalated, "Mine")).status).toBe(403);
    expect((await open(people.steering.cookie, 999_999)).status).toBe(404);
  });

  it("needs text, then records the decision on the feedback with its history", async () => {
    expect((await post(people.admin.cookie, item.escalated, "")).status).toBe(400);
    const result = await post(people.admin.cookie, item.escalated, "Write to the community");
    expect(result.status).toBe(302);
    const row = getDb().select().from(feedback).where(eq(feedback.id, item.escalated)).get()!;
    expect(row.steeringDecision).toBe("Write to the community");
    expect(row.steeringDecidedByUserId).toBe(people.admin.id);
    const last = getDb()
      .select()
      .from(feedbackEvents)
      .where(eq(feedbackEvents.feedbackId, item.escalated))
      .all()
      .at(-1)!;
    expect(last).toMatchObject({ kind: "decision", note: "Write to the community" });
  });

  it("shows that decision on an open review holding the item, which keeps its own empty", async () => {
    const { items } = ((await openAs(people.steering.cookie, firstReviewId)).data as ReviewPageData)
      .review.escalated;
    const entry = items.find((candidate) => candidate.feedbackId === item.escalated)!;
    expect(entry.decision).toBe("");
    expect(entry.latestDecision).toBe("Write to the community");
  });

  it("takes the decided item off the reviews page's awaiting list", async () => {
    const list = await callLoader(
      reviewsList.loader,
      buildRequest("/reviews", { cookie: people.steering.cookie }),
    );
    const { awaiting } = list.data as { awaiting: { items: { feedbackId: number }[] } };
    expect(awaiting.items.map((entry) => entry.feedbackId)).not.toContain(item.escalated);
  });
});

describe("the pack's CSV", () => {
  it("exports the frozen figures, formula-guarded, and audits the export", async () => {
    const reviewId = firstReviewId;
    const exportsBefore = getDb()
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "export"))
      .get()!.n;
    const result = await callLoader(
      reviewExport.loader,
      buildRequest(`/reviews/${reviewId}/export`, { cookie: people.steering.cookie }),
      { reviewId: String(reviewId) },
    );
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toMatch(/text\/csv/);
    const csv = result.data as string;
    expect(csv).toContain("Section,Row,Measure,Value");
    expect(csv).toContain(`Feedback by community,${community.north.name},Received,`);
    expect(csv).toContain("Action-plan RAG");
    expect(csv).toContain(",'=1+1 raids at dawn frighten children");
    expect(csv).not.toMatch(/,=1\+1/);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "export"))
      .all()
      .at(-1)!;
    expect(audit).toMatchObject({ entityType: "steering_review", entityId: String(reviewId) });
    expect(
      getDb()
        .select({ n: count() })
        .from(auditEvents)
        .where(eq(auditEvents.action, "export"))
        .get()!.n,
    ).toBe(exportsBefore + 1);
  });

  it("is refused to a liaison officer (403) and answers 404 for a review that does not exist", async () => {
    const refused = await callLoader(
      reviewExport.loader,
      buildRequest("/reviews/1/export", { cookie: people.northLiaison.cookie }),
      { reviewId: "1" },
    );
    expect(refused.status).toBe(403);
    const missing = await callLoader(
      reviewExport.loader,
      buildRequest("/reviews/999999/export", { cookie: people.steering.cookie }),
      { reviewId: "999999" },
    );
    expect(missing.status).toBe(404);
  });
});

describe("a review with more items than a page", () => {
  /** East's overdue items, in the order the group takes them (oldest answer due, then id). */
  let eastOverdue: { id: number; responseDueOn: string }[] = [];
  const eastEscalated: number[] = [];
  const wholeGroupOverdue: number[] = [];
  let east = 0;
  let reviewId = 0;

  type OverdueData = {
    review: { id: number; status: string };
    group: OverdueGroup;
    items: ListedItem[];
    nextPageHref: string | null;
    firstPageHref: string | null;
    mayManage: boolean;
  };
  const openOverdue = (query: string, cookie = people.steering.cookie) =>
    callLoader(
      overduePage.loader,
      buildRequest(`/reviews/${reviewId}/overdue?${query}`, { cookie }),
      { reviewId: String(reviewId) },
    );
  /** Every page of a list from its first URL, following each page's own "Next items" link. */
  async function everyPage(query: string) {
    const pages: OverdueData[] = [];
    let next: string | null = `/reviews/${reviewId}/overdue?${query}`;
    while (next) {
      const result = await callLoader(
        overduePage.loader,
        buildRequest(next, { cookie: people.steering.cookie }),
        { reviewId: String(reviewId) },
      );
      expect(result.status).toBe(200);
      const page = result.data as OverdueData;
      pages.push(page);
      next = page.nextPageHref;
    }
    return pages;
  }

  beforeAll(async () => {
    east = createCommunity({ name: "East community" }).id;
    // 107 overdue items over 20 due dates, so pages break inside a day (the key's id decides).
    for (let index = 0; index < 107; index += 1) {
      const responseDueOn = `2026-09-${String(1 + (index % 20)).padStart(2, "0")}`;
      const id = insertFeedback({
        communityId: east,
        receivedOn: "2026-08-01",
        responseDueOn,
        category: "victim_care",
        summary: `East overdue ${index}`,
      });
      eastOverdue.push({ id, responseDueOn });
    }
    eastOverdue = eastOverdue.sort(
      (a, b) => a.responseDueOn.localeCompare(b.responseDueOn) || a.id - b.id,
    );
    for (let index = 0; index < 52; index += 1) {
      eastEscalated.push(
        insertFeedback({
          communityId: east,
          receivedOn: "2026-08-02",
          responseDueOn: "2026-10-20",
          category: "operations_impact",
          summary: `East escalated ${index}`,
          escalatedAt: at("2026-09-15"),
          escalationReason: "Needs the group",
        }),
      );
    }
    for (let index = 0; index < 3; index += 1) {
      wholeGroupOverdue.push(
        insertFeedback({
          communityId: null,
          receivedOn: "2026-08-03",
          responseDueOn: `2026-08-1${index}`,
          category: "praise",
          summary: `Whole group overdue ${index}`,
        }),
      );
    }
    reviewId = reviewIdFrom((await createReviewAsSteering({ title: "A long review" })).location);
  });

  it("counts the overdue items per community against the hand-built data", async () => {
    const page = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    const byName = Object.fromEntries(
      page.overdueGroups.map((group) => [group.communityName, group]),
    );
    expect(byName["East community"]).toMatchObject({
      communityId: east,
      items: 107,
      oldestDueOn: "2026-09-01",
      decided: 0,
      href: `/reviews/${reviewId}/overdue?community=${east}`,
    });
    expect(byName["Whole group"]).toMatchObject({
      communityId: null,
      items: 3,
      oldestDueOn: "2026-08-10",
      href: `/reviews/${reviewId}/overdue?community=whole`,
    });
    // Whole-group feedback comes last.
    expect(page.overdueGroups.at(-1)?.communityName).toBe("Whole group");
  });

  it("pages the escalated items by key, each exactly once, fifty to a page", async () => {
    const first = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    // East's 52, and any escalated earlier in the file still awaiting a decision.
    expect(first.review.escalated.total).toBeGreaterThan(50);
    expect(first.review.escalated.items).toHaveLength(50);
    expect(first.firstEscalatedHref).toBeNull();
    const next = new URL(first.nextEscalatedHref!, "http://localhost");
    const second = (
      await callLoader(
        reviewPage.loader,
        buildRequest(`${next.pathname}${next.search}`, { cookie: people.steering.cookie }),
        { reviewId: String(reviewId) },
      )
    ).data as ReviewPageData;
    expect(second.nextEscalatedHref).toBeNull();
    expect(second.firstEscalatedHref).toBe(`/reviews/${reviewId}#items-heading`);
    const listed = [...first.review.escalated.items, ...second.review.escalated.items].map(
      (entry) => entry.feedbackId,
    );
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toHaveLength(first.review.escalated.total);
    expect(listed.filter((id) => eastEscalated.includes(id)).sort((a, b) => a - b)).toEqual(
      eastEscalated,
    );
  });

  it("lists one community's overdue items by key: each exactly once across pages, in order", async () => {
    const pages = await everyPage(`community=${east}`);
    expect(pages.map((page) => page.items.length)).toEqual([50, 50, 7]);
    expect(pages[0]!.firstPageHref).toBeNull();
    expect(pages[1]!.firstPageHref).toBe(`/reviews/${reviewId}/overdue?community=${east}`);
    const listed = pages.flatMap((page) => page.items);
    expect(listed.map((entry) => entry.feedbackId)).toEqual(eastOverdue.map((entry) => entry.id));
    expect(listed.every((entry) => entry.reason === "overdue")).toBe(true);
    expect(pages[0]!.group).toMatchObject({ communityName: "East community", items: 107 });
  });

  it("lists the whole group's overdue items on their own", async () => {
    const [page, ...more] = await everyPage("community=whole");
    expect(more).toEqual([]);
    expect(page!.items.map((entry) => entry.feedbackId)).toEqual(wholeGroupOverdue);
    expect(page!.group.communityName).toBe("Whole group");
  });

  it("returns to the decided overdue item in its community's list, and filters by decision", async () => {
    const [chosen, other] = [eastOverdue[73]!, eastOverdue[5]!];
    for (const entry of [chosen, other]) {
      const result = await callAction(
        reviewItemPage.action,
        buildRequest(`/reviews/${reviewId}/items/${entry.id}`, {
          cookie: people.steering.cookie,
          form: { decision: "Chase the owner this week" },
        }),
        { reviewId: String(reviewId), feedbackId: String(entry.id) },
      );
      expect(result.status).toBe(302);
      expect(result.location).toBe(
        `/reviews/${reviewId}/overdue?community=${east}&from=${entry.responseDueOn}.${entry.id}&decided=${entry.id}#item-${entry.id}`,
      );
    }
    const landing = new URL(
      `/reviews/${reviewId}/overdue?community=${east}&from=${chosen.responseDueOn}.${chosen.id}`,
      "http://localhost",
    );
    const returned = (await openOverdue(landing.search.slice(1))).data as OverdueData;
    expect(returned.items[0]?.feedbackId).toBe(chosen.id);
    expect(returned.items[0]?.decision).toBe("Chase the owner this week");
    expect(returned.group.decided).toBe(2);

    const decided = await everyPage(`community=${east}&decision=decided`);
    expect(decided.flatMap((page) => page.items.map((entry) => entry.feedbackId))).toEqual([
      other.id,
      chosen.id,
    ]);
    const awaiting = await everyPage(`community=${east}&decision=awaiting`);
    const awaitingIds = awaiting.flatMap((page) => page.items.map((entry) => entry.feedbackId));
    expect(awaitingIds).toHaveLength(105);
    expect(awaitingIds).not.toContain(chosen.id);
    // The next page's link keeps the filter.
    expect(awaiting[0]!.nextPageHref).toContain("decision=awaiting");

    const summary = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    expect(summary.overdueGroups.find((group) => group.communityId === east)?.decided).toBe(2);
  });

  it("answers 404 for a list the URL does not name, and shows the first page for a bad key", async () => {
    for (const query of ["", "community=abc", "community=0", "community=999999"]) {
      expect((await openOverdue(query)).status, query).toBe(404);
    }
    // South has overdue items before the first review but none of East's kind here: a community
    // with no overdue item before this review has no list.
    const quiet = createCommunity({ name: "Quiet community" });
    expect((await openOverdue(`community=${quiet.id}`)).status).toBe(404);
    expect(
      (
        await callLoader(
          overduePage.loader,
          buildRequest(`/reviews/999999/overdue?community=${east}`, {
            cookie: people.steering.cookie,
          }),
          { reviewId: "999999" },
        )
      ).status,
    ).toBe(404);
    const badKey = await openOverdue(`community=${east}&from=yesterday&decision=maybe`);
    expect(badKey.status).toBe(200);
    const page = badKey.data as OverdueData;
    expect(page.items[0]?.feedbackId).toBe(eastOverdue[0]!.id);
    expect(page.firstPageHref).toBeNull();
  });

  it("audits each opening of a community's list as a view of the review", async () => {
    const before = countOf(auditEvents);
    await openOverdue(`community=${east}`);
    expect(countOf(auditEvents)).toBe(before + 1);
    const audit = getDb().select().from(auditEvents).orderBy(auditEvents.id).all().at(-1)!;
    expect(audit).toMatchObject({
      action: "view",
      entityType: "steering_review",
      entityId: String(reviewId),
      detail: "overdue items of East community",
    });
  });

  it("exports every item before the review with its decision", async () => {
    const result = await callLoader(
      reviewExport.loader,
      buildRequest(`/reviews/${reviewId}/export`, { cookie: people.steering.cookie }),
      { reviewId: String(reviewId) },
    );
    const csv = result.data as string;
    const reasons = csv
      .split("\r\n")
      .filter((line) => /^Items before the group,.*,Reason,/.test(line));
    const total = getDb()
      .select({ n: count() })
      .from(steeringReviewItems)
      .where(eq(steeringReviewItems.reviewId, reviewId))
      .get()!.n;
    expect(reasons).toHaveLength(total);
    expect(csv).toContain(
      `Items before the group,Feedback ${eastOverdue[73]!.id},Decision,Chase the owner this week`,
    );
  });

  it("still reads its items as put before it once closed, whatever happens to the feedback", async () => {
    const closed = await callAction(
      reviewPage.action,
      buildRequest(`/reviews/${reviewId}`, {
        cookie: people.steering.cookie,
        form: { intent: "close" },
      }),
      { reviewId: String(reviewId) },
    );
    expect(closed.status).toBe(302);
    const before = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    // East's items are answered after the review: no longer overdue, but still before it.
    getDb()
      .update(feedback)
      .set({ respondedOn: "2026-10-20", status: "responded", responseText: "Answered" })
      .where(eq(feedback.communityId, east))
      .run();
    // Half of them move to another community, due on other days: the review still groups, orders
    // and dates them as they were when it was made.
    const west = createCommunity({ name: "West community" }).id;
    const moved = eastOverdue.slice(0, 60).map((entry) => entry.id);
    getDb()
      .update(feedback)
      .set({ communityId: west, responseDueOn: "2026-12-31" })
      .where(inArray(feedback.id, moved))
      .run();
    const after = (await openAs(people.steering.cookie, reviewId)).data as ReviewPageData;
    expect(after.review.pack).toEqual(before.review.pack);
    expect(after.overdueGroups).toEqual(before.overdueGroups);
    expect(after.review.escalated.total).toBe(before.review.escalated.total);
    const pages = await everyPage(`community=${east}`);
    const listed = pages.flatMap((page) => page.items);
    expect(listed.map((entry) => entry.feedbackId)).toEqual(eastOverdue.map((entry) => entry.id));
    expect(listed.map((entry) => entry.responseDueOn)).toEqual(
      eastOverdue.map((entry) => entry.responseDueOn),
    );
    expect(new Set(listed.map((entry) => entry.communityName))).toEqual(
      new Set(["East community"]),
    );
    expect(pages[0]!.mayManage).toBe(false);
    expect((await openOverdue(`community=${west}`)).status).toBe(404);
  });
});
