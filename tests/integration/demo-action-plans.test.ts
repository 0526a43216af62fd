import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  ACTION_ITEM_STATUSES,
  actionItemEngagements,
  actionItems,
  actionItemUpdates,
  actionPlans,
  actionTemplateItems,
  communities,
  engagementCommunities,
  engagements,
  engagementStrands,
  STRAND_KEYS,
  users,
} from "~/db/schema";
import { ragOf } from "~/domain/action-item-rag";
import { progressProblem } from "~/domain/action-plans.server";
import { RAG_RATINGS } from "~/domain/action-plans.schema";
import { londonToday } from "~/domain/london-time";
import { loadDemoData } from "../../scripts/demo-data";
import { withTestDatabase } from "./harness";

withTestDatabase();

const DAY = 86_400_000;
const now = new Date("2026-11-28T10:00:00Z");
const today = londonToday(now);
let added: Awaited<ReturnType<typeof loadDemoData>>;

beforeAll(async () => {
  added = await loadDemoData(getDb(), now);
});

function userId(email: string): number {
  return getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
}

/** Every demo item with its RAG at the load's clock, worked out by the app's own `ragOf`. */
function ratedItems() {
  const db = getDb();
  const lastUpdate = new Map(
    db
      .select({ itemId: actionItemUpdates.itemId, createdAt: actionItemUpdates.createdAt })
      .from(actionItemUpdates)
      .orderBy(actionItemUpdates.createdAt)
      .all()
      .map((update) => [update.itemId, update.createdAt]),
  );
  return db
    .select()
    .from(actionItems)
    .all()
    .map((item) => ({ ...item, rag: ragOf(item, lastUpdate.get(item.id) ?? null, today) }));
}

describe("the demo action plans", () => {
  it("give the template three or more items in every strand", () => {
    const template = getDb().select().from(actionTemplateItems).all();
    expect(added.templateItemsAdded).toBe(template.length);
    for (const strand of STRAND_KEYS) {
      expect(
        template.filter((item) => item.strandKey === strand).length,
        strand,
      ).toBeGreaterThanOrEqual(3);
    }
  });

  it("give most communities a plan, leave the two just identified without one, and move statuses as the app does", () => {
    const db = getDb();
    const rows = db
      .select({
        countryCode: communities.countryCode,
        status: communities.status,
        planId: actionPlans.id,
      })
      .from(communities)
      .leftJoin(actionPlans, eq(actionPlans.communityId, communities.id))
      .all();
    const withPlan = rows.filter((row) => row.planId !== null);
    expect(withPlan.length).toBe(10);
    expect(added.actionPlansAdded).toBe(10);
    expect(
      rows
        .filter((row) => row.planId === null)
        .map((row) => row.countryCode)
        .sort(),
    ).toEqual(["SY", "UA"]);
    for (const row of rows.filter((row) => row.planId === null)) {
      expect(row.status).toBe("identified");
    }
    for (const row of withPlan) {
      expect(row.status, row.countryCode).not.toBe("identified");
    }
    // A plan with an item ever started is active; Eritrea's and Sudan's have none started yet.
    const started = new Set(
      db
        .select({ countryCode: communities.countryCode })
        .from(actionItemUpdates)
        .innerJoin(actionItems, eq(actionItems.id, actionItemUpdates.itemId))
        .innerJoin(communities, eq(communities.id, actionItems.communityId))
        .where(eq(actionItemUpdates.newStatus, "in_progress"))
        .all()
        .map((row) => row.countryCode),
    );
    for (const row of withPlan) {
      if (started.has(row.countryCode)) {
        expect(["plan_active", "established"], row.countryCode).toContain(row.status);
      } else {
        expect(row.status, row.countryCode).toBe("template_applied");
      }
    }
  });

  it("have items in every status and every RAG rating at the load's clock", () => {
    const items = ratedItems();
    for (const status of ACTION_ITEM_STATUSES) {
      expect(items.filter((item) => item.status === status).length, status).toBeGreaterThan(2);
    }
    for (const rag of RAG_RATINGS) {
      expect(items.filter((item) => item.rag === rag).length, rag).toBeGreaterThan(2);
    }
    // Amber for both reasons: not started and due soon, and an in-progress item gone quiet.
    expect(items.some((item) => item.rag === "amber" && item.status === "not_started")).toBe(true);
    expect(items.some((item) => item.rag === "amber" && item.status === "in_progress")).toBe(true);
    expect(items.some((item) => item.rag === "red" && item.status !== "blocked")).toBe(true);
  });

  it("write histories the rules allow: append-only, in order, each status change explained, some of them long", () => {
    const db = getDb();
    const updates = db
      .select()
      .from(actionItemUpdates)
      .orderBy(actionItemUpdates.itemId, actionItemUpdates.createdAt)
      .all();
    expect(updates.length).toBe(added.progressUpdatesAdded);
    const byItem = new Map<number, typeof updates>();
    for (const update of updates) {
      byItem.set(update.itemId, [...(byItem.get(update.itemId) ?? []), update]);
    }
    const items = new Map(
      db
        .select()
        .from(actionItems)
        .all()
        .map((item) => [item.id, item]),
    );
    for (const [itemId, history] of byItem) {
      let status: (typeof ACTION_ITEM_STATUSES)[number] = "not_started";
      for (const update of history) {
        expect(update.note).not.toBe("");
        expect(update.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(londonToday(update.createdAt)).toBe(update.happenedOn);
        const input = {
          happenedOn: update.happenedOn,
          note: update.note,
          newStatus: update.newStatus,
        };
        expect(progressProblem(status, input, { mayManage: true, today })).toBeNull();
        if (update.newStatus) status = update.newStatus;
      }
      expect(items.get(itemId)?.status).toBe(status);
    }
    const longHistories = [...byItem.values()].filter((history) => history.length >= 8);
    expect(longHistories.length).toBeGreaterThanOrEqual(3);
    // Long histories span months.
    expect(
      longHistories.some(
        (history) =>
          history.at(-1)!.createdAt.getTime() - history[0]!.createdAt.getTime() > 90 * DAY,
      ),
    ).toBe(true);
    const authors = new Set(updates.map((update) => update.authorUserId));
    for (const email of ["admin@crg.test", "lead@crg.test", "liaison@crg.test"]) {
      expect(authors.has(userId(email)), email).toBe(true);
    }
  });

  it("give the demo liaison officer items overdue and due soon, and the demo strand lead red items in their strands", () => {
    const items = ratedItems();
    const liaison = userId("liaison@crg.test");
    const lead = userId("lead@crg.test");
    const liaisonItems = items.filter((item) => item.ownerUserId === liaison);
    expect(liaisonItems.some((item) => item.rag === "red" && item.dueOn < today)).toBe(true);
    expect(
      liaisonItems.some(
        (item) => item.status === "not_started" && item.dueOn >= today && item.rag === "amber",
      ),
    ).toBe(true);
    const leadStrandItems = items.filter((item) =>
      (["political", "community"] as string[]).includes(item.strandKey),
    );
    expect(leadStrandItems.filter((item) => item.rag === "red").length).toBeGreaterThan(3);
    expect(leadStrandItems.some((item) => item.ownerUserId === lead && item.rag === "red")).toBe(
      true,
    );
    expect(leadStrandItems.some((item) => item.status === "blocked")).toBe(true);
    // Strands without a demo lead: the programme manager holds most of their items, a few are gaps.
    const admin = userId("admin@crg.test");
    const unled = items.filter((item) => !["political", "community"].includes(item.strandKey));
    const unowned = unled.filter((item) => item.ownerUserId === null).length;
    expect(unled.filter((item) => item.ownerUserId === admin).length).toBeGreaterThan(unowned);
    expect(unowned).toBeGreaterThan(0);
  });

  it("link some worked-on items to held engagements of the same community and strand", () => {
    const db = getDb();
    const links = db
      .select({
        itemId: actionItemEngagements.itemId,
        itemCommunityId: actionItems.communityId,
        itemStrand: actionItems.strandKey,
        itemStatus: actionItems.status,
        engagementId: engagements.id,
        engagementStatus: engagements.status,
      })
      .from(actionItemEngagements)
      .innerJoin(actionItems, eq(actionItems.id, actionItemEngagements.itemId))
      .innerJoin(engagements, eq(engagements.id, actionItemEngagements.engagementId))
      .all();
    expect(links.length).toBe(added.engagementLinksAdded);
    expect(links.length).toBeGreaterThan(10);
    const communitiesOf = new Set(
      db
        .select()
        .from(engagementCommunities)
        .all()
        .map((row) => `${row.engagementId}:${row.communityId}`),
    );
    const strandsOf = new Set(
      db
        .select()
        .from(engagementStrands)
        .all()
        .map((row) => `${row.engagementId}:${row.strandKey}`),
    );
    for (const link of links) {
      expect(link.engagementStatus).toBe("held");
      expect(["not_started", "cancelled"]).not.toContain(link.itemStatus);
      expect(communitiesOf.has(`${link.engagementId}:${link.itemCommunityId}`)).toBe(true);
      expect(strandsOf.has(`${link.engagementId}:${link.itemStrand}`)).toBe(true);
    }
  });

  it("adds nothing when loaded again", async () => {
    const db = getDb();
    const tally = () => ({
      template: db.select({ n: count() }).from(actionTemplateItems).get()!.n,
      plans: db.select({ n: count() }).from(actionPlans).get()!.n,
      items: db.select({ n: count() }).from(actionItems).get()!.n,
      updates: db.select({ n: count() }).from(actionItemUpdates).get()!.n,
      links: db.select({ n: count() }).from(actionItemEngagements).get()!.n,
    });
    const before = tally();
    const again = await loadDemoData(db, new Date(now.getTime() + 3 * DAY));
    expect(again).toMatchObject({
      templateItemsAdded: 0,
      actionPlansAdded: 0,
      progressUpdatesAdded: 0,
      engagementLinksAdded: 0,
    });
    expect(tally()).toEqual(before);
  });
});
