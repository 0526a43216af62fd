import type Database from "better-sqlite3";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import {
  actionItems,
  actionItemUpdates,
  actionTemplateItems,
  auditEvents,
  communities,
  engagementCommunities,
  engagements,
  engagementStrands,
  type ActionItemStatus,
  type StrandKey,
} from "~/db/schema";
import { ragOf } from "~/domain/action-item-rag";
import { listItemsForEngagement, ragSql } from "~/domain/action-plans.server";
import { addDays, londonWallClockToUtc } from "~/domain/london-time";
import * as itemEdit from "~/routes/action-items.$itemId.edit";
import * as itemPage from "~/routes/action-items.$itemId._index";
import * as newItem from "~/routes/action-plans.$communityId.new";
import * as planPage from "~/routes/action-plans.$communityId._index";
import * as plansList from "~/routes/action-plans._index";
import * as plansExport from "~/routes/action-plans.export";
import * as templateItemPage from "~/routes/action-plans.template.$templateItemId";
import * as templatePage from "~/routes/action-plans.template._index";
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

/**
 * Every item with its RAG on `today` as ragOf gives it item by item: the reference for the SQL
 * views. The last update is read with every column named with its table: drizzle leaves names bare
 * in a query of one table, where a bare "id" in the subquery would be the update's own.
 */
function everyItemRated(today: string) {
  return getDb()
    .select({
      id: actionItems.id,
      communityId: actionItems.communityId,
      status: actionItems.status,
      dueOn: actionItems.dueOn,
      createdAt: actionItems.createdAt,
      lastUpdateAt: sql<
        number | null
      >`(SELECT MAX(u.created_at) FROM action_item_updates u WHERE u.item_id = action_items.id)`,
    })
    .from(actionItems)
    .all()
    .map((row) => ({
      ...row,
      rag: ragOf(row, row.lastUpdateAt === null ? null : new Date(row.lastUpdateAt), today),
    }));
}

const people = {
  admin: { id: 0, cookie: "" },
  steering: { id: 0, cookie: "" },
  youthLead: { id: 0, cookie: "" },
  mediaLead: { id: 0, cookie: "" },
  liaison: { id: 0, cookie: "" },
  otherLiaison: { id: 0, cookie: "" },
};
/** The liaison officer's community (they are its lead officer) and one they are not assigned to. */
let ownCommunityId = 0;
let otherCommunityId = 0;

function templateForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "save",
    strandKey: "youth",
    title: "Hold a youth forum",
    description: "",
    dueOffsetDays: "30",
    defaultOwnerRole: "strand_lead",
    position: "0",
    ...overrides,
  };
}

async function addTemplateItem(overrides: Record<string, string> = {}) {
  const result = await callAction(
    templatePage.action,
    buildRequest("/action-plans/template", {
      cookie: people.admin.cookie,
      form: templateForm(overrides),
    }),
  );
  expect(result.status).toBe(302);
  return getDb()
    .select()
    .from(actionTemplateItems)
    .orderBy(sql`${actionTemplateItems.id} DESC`)
    .limit(1)
    .get()!;
}

function activeTemplateCount(): number {
  return getDb()
    .select({ total: count() })
    .from(actionTemplateItems)
    .where(sql`${actionTemplateItems.archivedAt} IS NULL`)
    .get()!.total;
}

function apply(communityId: number, cookie: string, startOn = "2026-01-10") {
  return callAction(
    planPage.action,
    buildRequest(`/action-plans/${communityId}`, { cookie, form: { startOn } }),
    { communityId: String(communityId) },
  );
}

function itemsOf(communityId: number) {
  return getDb()
    .select()
    .from(actionItems)
    .where(eq(actionItems.communityId, communityId))
    .orderBy(asc(actionItems.id))
    .all();
}

function itemOf(communityId: number, strandKey: StrandKey) {
  return itemsOf(communityId).find((item) => item.strandKey === strandKey)!;
}

function postProgress(itemId: number, cookie: string, form: Record<string, string>) {
  return callAction(
    itemPage.action,
    buildRequest(`/action-items/${itemId}`, {
      cookie,
      form: { happenedOn: "2026-01-20", note: "", newStatus: "", ...form },
    }),
    { itemId: String(itemId) },
  );
}

function updatesOf(itemId: number) {
  return getDb().select().from(actionItemUpdates).where(eq(actionItemUpdates.itemId, itemId)).all();
}

function communityStatus(communityId: number) {
  return getDb()
    .select({ status: communities.status })
    .from(communities)
    .where(eq(communities.id, communityId))
    .get()!.status;
}

/** Field errors as conform's reply carries them. */
function errorsOf(result: { data: unknown }): Record<string, string[] | null> {
  type Reply = { error?: Record<string, string[] | null> };
  const reply = result.data as Reply & { result?: Reply };
  return reply.result?.error ?? reply.error ?? {};
}

beforeAll(async () => {
  const own = createCommunity({ name: "Eritrean community" });
  const other = createCommunity({ name: "Somali community" });
  ownCommunityId = own.id;
  otherCommunityId = other.id;
  const make = async (
    key: keyof typeof people,
    role: "admin" | "steering" | "strand_lead" | "liaison",
    extra: { communityIds?: number[]; strandKeys?: StrandKey[]; displayName?: string } = {},
  ) => {
    const user = await createUser({ role, ...extra });
    people[key] = { id: user.id, cookie: cookieFor(user.id) };
  };
  await make("admin", "admin");
  await make("steering", "steering");
  await make("youthLead", "strand_lead", { strandKeys: ["youth"], displayName: "Yusuf Youth" });
  await make("mediaLead", "strand_lead", { strandKeys: ["media"], displayName: "Mina Media" });
  await make("liaison", "liaison", { communityIds: [own.id], displayName: "Lia Liaison" });
  await make("otherLiaison", "liaison", { communityIds: [other.id] });
  getDb()
    .update(communities)
    .set({ leadOfficerId: people.liaison.id })
    .where(eq(communities.id, own.id))
    .run();

  await addTemplateItem({ strandKey: "youth", title: "Hold a youth forum", dueOffsetDays: "30" });
  await addTemplateItem({
    strandKey: "media",
    title: "Brief community media",
    dueOffsetDays: "10",
    defaultOwnerRole: "liaison",
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the template", () => {
  it("lets a strand lead add items to their own strand only", async () => {
    const before = activeTemplateCount();
    const refused = await callAction(
      templatePage.action,
      buildRequest("/action-plans/template", {
        cookie: people.youthLead.cookie,
        form: templateForm({ strandKey: "media", title: "Not mine" }),
      }),
    );
    expect(refused.status).toBe(403);
    expect(activeTemplateCount()).toBe(before);
  });

  it("answers bad input with field errors and writes nothing", async () => {
    const before = activeTemplateCount();
    const result = await callAction(
      templatePage.action,
      buildRequest("/action-plans/template", {
        cookie: people.admin.cookie,
        form: templateForm({ title: "  ", dueOffsetDays: "-3", defaultOwnerRole: "mayor" }),
      }),
    );
    expect(result.status).toBe(400);
    const errors = errorsOf(result);
    expect(errors.title).toEqual(["Enter a title"]);
    expect(errors.dueOffsetDays).toEqual(["The offset cannot be negative"]);
    expect(errors.defaultOwnerRole).toBeTruthy();
    expect(activeTemplateCount()).toBe(before);
  });

  it("is closed to liaison officers and steering members, and a strand lead cannot open another strand's item", async () => {
    for (const person of [people.liaison, people.steering]) {
      const page = await callLoader(
        templatePage.loader,
        buildRequest("/action-plans/template", { cookie: person.cookie }),
      );
      expect(page.status).toBe(403);
    }
    const media = getDb()
      .select()
      .from(actionTemplateItems)
      .where(eq(actionTemplateItems.strandKey, "media"))
      .get()!;
    const edit = await callLoader(
      templateItemPage.loader,
      buildRequest(`/action-plans/template/${media.id}`, { cookie: people.youthLead.cookie }),
      { templateItemId: String(media.id) },
    );
    expect(edit.status).toBe(404);
  });
});

describe("applying the template", () => {
  it("makes the plan with dated items and suggested owners, moves the community to template applied, and adds nothing the second time", async () => {
    const community = createCommunity({ name: "Afghan community" });
    getDb()
      .update(communities)
      .set({ leadOfficerId: people.liaison.id })
      .where(eq(communities.id, community.id))
      .run();
    const first = await apply(community.id, people.youthLead.cookie, "2026-01-10");
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/action-plans/${community.id}?added=${activeTemplateCount()}`);

    const items = itemsOf(community.id);
    expect(items).toHaveLength(activeTemplateCount());
    const youth = items.find((item) => item.title === "Hold a youth forum")!;
    const media = items.find((item) => item.title === "Brief community media")!;
    expect(youth.dueOn).toBe(addDays("2026-01-10", 30));
    expect(youth.dueOn).toBe("2026-02-09");
    expect(media.dueOn).toBe("2026-01-20");
    expect(youth.ownerUserId).toBe(people.youthLead.id);
    expect(media.ownerUserId).toBe(people.liaison.id);
    expect(items.every((item) => item.status === "not_started")).toBe(true);
    expect(communityStatus(community.id)).toBe("template_applied");
    const statusAudit = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "community"),
          eq(auditEvents.entityId, String(community.id)),
        ),
      )
      .all();
    expect(statusAudit.map((event) => event.changes)).toContainEqual({
      status: ["identified", "template_applied"],
    });

    const again = await apply(community.id, people.admin.cookie, "2027-05-05");
    expect(again.location).toBe(`/action-plans/${community.id}?added=0`);
    expect(itemsOf(community.id)).toHaveLength(items.length);

    // A new template item is the only one a third apply adds, dated from the plan's own start.
    await addTemplateItem({
      strandKey: "business",
      title: "Meet business forum",
      dueOffsetDays: "45",
    });
    const third = await apply(community.id, people.admin.cookie, "2027-05-05");
    expect(third.location).toBe(`/action-plans/${community.id}?added=1`);
    const added = itemsOf(community.id).find((item) => item.title === "Meet business forum")!;
    expect(added.dueOn).toBe("2026-02-24");
    // No strand lead leads business: the suggestion stays empty for someone to assign.
    expect(added.ownerUserId).toBeNull();
  });

  it("never changes a plan already made when the template is edited or archived", async () => {
    const community = createCommunity({ name: "Iraqi community" });
    await apply(community.id, people.admin.cookie);
    const template = await addTemplateItem({ strandKey: "youth", title: "Youth survey" });
    await apply(community.id, people.admin.cookie);
    const edited = await callAction(
      templateItemPage.action,
      buildRequest(`/action-plans/template/${template.id}`, {
        cookie: people.youthLead.cookie,
        form: templateForm({ title: "Youth survey, renamed", dueOffsetDays: "99" }),
      }),
      { templateItemId: String(template.id) },
    );
    expect(edited.status).toBe(302);
    const copy = itemsOf(community.id).find((item) => item.templateItemId === template.id)!;
    expect(copy.title).toBe("Youth survey");

    await callAction(
      templateItemPage.action,
      buildRequest(`/action-plans/template/${template.id}`, {
        cookie: people.admin.cookie,
        form: { intent: "archive" },
      }),
      { templateItemId: String(template.id) },
    );
    const fresh = createCommunity({ name: "Iranian community" });
    await apply(fresh.id, people.admin.cookie);
    expect(itemsOf(fresh.id).some((item) => item.templateItemId === template.id)).toBe(false);
    expect(itemsOf(community.id).some((item) => item.templateItemId === template.id)).toBe(true);
  });

  it("is refused for an archived community, with the reason", async () => {
    const community = createCommunity({ name: "Archived community", archived: true });
    const result = await apply(community.id, people.admin.cookie);
    expect(result.status).toBe(409);
    expect(errorsOf(result)[""]).toEqual([
      "This community is archived: restore it before planning",
    ]);
    expect(itemsOf(community.id)).toHaveLength(0);
  });

  it("is refused to liaison officers and steering (403), out-of-scope plans answer 404, a bad date 400", async () => {
    const community = createCommunity({ name: "Sudanese community" });
    expect((await apply(ownCommunityId, people.liaison.cookie)).status).toBe(403);
    expect((await apply(community.id, people.steering.cookie)).status).toBe(403);
    expect((await apply(otherCommunityId, people.liaison.cookie)).status).toBe(404);
    const bad = await apply(community.id, people.admin.cookie, "2026-02-30");
    expect(bad.status).toBe(400);
    expect(errorsOf(bad).startOn).toEqual(["Enter the plan's start date"]);
    expect(itemsOf(community.id)).toHaveLength(0);
    expect(communityStatus(community.id)).toBe("identified");
  });
});

describe("items and progress", () => {
  beforeAll(async () => {
    await apply(ownCommunityId, people.admin.cookie, "2026-01-10");
    await apply(otherCommunityId, people.admin.cookie, "2026-01-10");
  });

  it("lets the owner post progress on their own item; the first start makes the plan active", async () => {
    const media = itemOf(ownCommunityId, "media");
    expect(media.ownerUserId).toBe(people.liaison.id);
    const started = await postProgress(media.id, people.liaison.cookie, {
      newStatus: "in_progress",
    });
    expect(started.status).toBe(302);
    expect(itemOf(ownCommunityId, "media").status).toBe("in_progress");
    expect(communityStatus(ownCommunityId)).toBe("plan_active");
    const [update] = updatesOf(media.id);
    expect(update).toMatchObject({
      authorUserId: people.liaison.id,
      happenedOn: "2026-01-20",
      newStatus: "in_progress",
    });
  });

  it("refuses done without a note, unknown transitions and future dates, writing nothing", async () => {
    const media = itemOf(ownCommunityId, "media");
    const before = updatesOf(media.id).length;
    const noNote = await postProgress(media.id, people.liaison.cookie, { newStatus: "done" });
    expect(noNote.status).toBe(400);
    expect(errorsOf(noNote).note).toEqual(["Say what was done before marking the item done"]);
    const backwards = await postProgress(media.id, people.liaison.cookie, {
      newStatus: "not_started",
      note: "Oops",
    });
    expect(backwards.status).toBe(400);
    expect(errorsOf(backwards).newStatus).toEqual([
      "An item cannot go from in progress to not started",
    ]);
    const future = await postProgress(media.id, people.liaison.cookie, {
      happenedOn: "2999-01-01",
      note: "Tomorrow's news",
    });
    expect(future.status).toBe(400);
    const empty = await postProgress(media.id, people.liaison.cookie, {});
    expect(errorsOf(empty).note).toEqual(["Write what happened, or choose a new status"]);
    expect(updatesOf(media.id)).toHaveLength(before);
    expect(itemOf(ownCommunityId, "media").status).toBe("in_progress");

    const done = await postProgress(media.id, people.liaison.cookie, {
      newStatus: "done",
      note: "Briefing held with three outlets",
    });
    expect(done.status).toBe(302);
    const reopenWithoutReason = await postProgress(media.id, people.mediaLead.cookie, {
      newStatus: "in_progress",
    });
    expect(errorsOf(reopenWithoutReason).note).toEqual([
      "Say why the item is reopened after being done",
    ]);
  });

  it("keeps the history append-only: the database refuses to rewrite or delete an update", () => {
    const media = itemOf(ownCommunityId, "media");
    const [first] = updatesOf(media.id);
    expect(() =>
      getDb()
        .update(actionItemUpdates)
        .set({ note: "rewritten" })
        .where(eq(actionItemUpdates.id, first!.id))
        .run(),
    ).toThrow(/append-only/);
    expect(() =>
      getDb().delete(actionItemUpdates).where(eq(actionItemUpdates.id, first!.id)).run(),
    ).toThrow(/append-only/);
  });

  it("lets a strand lead edit and reassign items of their strand in any community, and not others", async () => {
    const youth = itemOf(otherCommunityId, "youth");
    const edited = await callAction(
      itemEdit.action,
      buildRequest(`/action-items/${youth.id}/edit`, {
        cookie: people.youthLead.cookie,
        form: {
          title: "Hold a youth forum in Hounslow",
          description: "",
          ownerUserId: String(people.otherLiaison.id),
          dueOn: "2026-03-01",
        },
      }),
      { itemId: String(youth.id) },
    );
    expect(edited.status).toBe(302);
    expect(itemOf(otherCommunityId, "youth")).toMatchObject({
      title: "Hold a youth forum in Hounslow",
      ownerUserId: people.otherLiaison.id,
      dueOn: "2026-03-01",
    });
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.entityType, "action_item"), eq(auditEvents.entityId, String(youth.id))),
      )
      .all();
    expect(audit.at(-1)?.changes).toMatchObject({
      ownerUserId: [people.youthLead.id, people.otherLiaison.id],
    });

    const media = itemOf(otherCommunityId, "media");
    const outOfStrand = await callLoader(
      itemEdit.loader,
      buildRequest(`/action-items/${media.id}/edit`, { cookie: people.youthLead.cookie }),
      { itemId: String(media.id) },
    );
    expect(outOfStrand.status).toBe(404);
  });

  it("answers bad edits with field errors, keeping what was typed and writing nothing", async () => {
    const youth = itemOf(ownCommunityId, "youth");
    const result = await callAction(
      itemEdit.action,
      buildRequest(`/action-items/${youth.id}/edit`, {
        cookie: people.admin.cookie,
        form: { title: "Kept title", description: "", ownerUserId: "abc", dueOn: "soon" },
      }),
      { itemId: String(youth.id) },
    );
    expect(result.status).toBe(400);
    const reply = result.data as { initialValue: Record<string, string> };
    expect(reply.initialValue.title).toBe("Kept title");
    expect(errorsOf(result).dueOn).toEqual(["Enter the due date"]);
    expect(errorsOf(result).ownerUserId).toEqual(["Choose an owner from the list"]);
    expect(itemOf(ownCommunityId, "youth").title).toBe(youth.title);
  });

  it("lets only managers cancel, with a reason", async () => {
    const youth = itemOf(ownCommunityId, "youth");
    // The liaison officer does not own this item and does not lead youth: not theirs to report on.
    expect(
      (await postProgress(youth.id, people.liaison.cookie, { newStatus: "cancelled", note: "x" }))
        .status,
    ).toBe(403);
    const noReason = await postProgress(youth.id, people.youthLead.cookie, {
      newStatus: "cancelled",
    });
    expect(errorsOf(noReason).note).toEqual(["Say why the item is cancelled"]);
    const cancelled = await postProgress(youth.id, people.youthLead.cookie, {
      newStatus: "cancelled",
      note: "Merged into the borough forum",
    });
    expect(cancelled.status).toBe(302);
    expect(itemOf(ownCommunityId, "youth").status).toBe("cancelled");
  });

  it("adds items outside the template only in the user's strands", async () => {
    const created = await callAction(
      newItem.action,
      buildRequest(`/action-plans/${otherCommunityId}/new`, {
        cookie: people.mediaLead.cookie,
        form: { strandKey: "media", title: "Op-ed in community paper", dueOn: "2026-04-01" },
      }),
      { communityId: String(otherCommunityId) },
    );
    expect(created.status).toBe(302);
    const item = itemsOf(otherCommunityId).find((row) => row.title === "Op-ed in community paper")!;
    expect(item.templateItemId).toBeNull();
    expect(created.location).toBe(`/action-items/${item.id}?created=1`);

    const wrongStrand = await callAction(
      newItem.action,
      buildRequest(`/action-plans/${otherCommunityId}/new`, {
        cookie: people.mediaLead.cookie,
        form: { strandKey: "youth", title: "Not mine", dueOn: "2026-04-01" },
      }),
      { communityId: String(otherCommunityId) },
    );
    expect(wrongStrand.status).toBe(403);
    for (const person of [people.liaison, people.steering]) {
      const form = await callLoader(
        newItem.loader,
        buildRequest(`/action-plans/${ownCommunityId}/new`, { cookie: person.cookie }),
        { communityId: String(ownCommunityId) },
      );
      expect(form.status).toBe(403);
    }
  });
});

describe("links to engagements", () => {
  function createEngagement(communityId: number, title: string) {
    const db = getDb();
    const now = new Date();
    const engagement = db
      .insert(engagements)
      .values({
        type: "meeting",
        status: "held",
        title,
        startsAt: new Date("2026-01-15T18:00:00Z"),
        durationMinutes: 60,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    db.insert(engagementCommunities).values({ engagementId: engagement.id, communityId }).run();
    db.insert(engagementStrands).values({ engagementId: engagement.id, strandKey: "media" }).run();
    return engagement;
  }

  function link(itemId: number, cookie: string, engagementId: number, intent = "link") {
    return callAction(
      itemPage.action,
      buildRequest(`/action-items/${itemId}`, {
        cookie,
        form: { intent, engagementId: String(engagementId) },
      }),
      { itemId: String(itemId) },
    );
  }

  it("lets the owner link an engagement of the item's community, shown on both sides", async () => {
    const item = itemOf(ownCommunityId, "media");
    const meeting = createEngagement(ownCommunityId, "Media roundtable");
    const elsewhere = createEngagement(otherCommunityId, "Somali radio interview");

    const page = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${item.id}`, { cookie: people.liaison.cookie }),
      { itemId: String(item.id) },
    );
    const choices = (page.data as { linkableEngagements: { id: number }[] }).linkableEngagements;
    expect(choices.map((choice) => choice.id)).toContain(meeting.id);
    expect(choices.map((choice) => choice.id)).not.toContain(elsewhere.id);

    const refused = await link(item.id, people.liaison.cookie, elsewhere.id);
    expect(refused.status).toBe(400);
    expect(errorsOf(refused).engagementId).toEqual([
      "Choose an engagement of this community from the list",
    ]);

    expect((await link(item.id, people.liaison.cookie, meeting.id)).status).toBe(302);
    const after = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${item.id}`, { cookie: people.steering.cookie }),
      { itemId: String(item.id) },
    );
    expect(
      (after.data as { linkedEngagements: { title: string }[] }).linkedEngagements.map(
        (engagement) => engagement.title,
      ),
    ).toEqual(["Media roundtable"]);
    // The engagement's side: the items linked to it, as its page will list them.
    const mediaLead = {
      id: people.mediaLead.id,
      role: "strand_lead" as const,
      communityIds: [],
      strandKeys: ["media" as const],
    };
    expect(
      listItemsForEngagement(getDb(), mediaLead, meeting.id, "2026-01-20").map((row) => row.id),
    ).toEqual([item.id]);
    const youthLead = { ...mediaLead, id: people.youthLead.id, strandKeys: ["youth" as const] };
    expect(listItemsForEngagement(getDb(), youthLead, meeting.id, "2026-01-20")).toEqual([]);

    expect((await link(item.id, people.steering.cookie, meeting.id, "unlink")).status).toBe(403);
    expect((await link(item.id, people.liaison.cookie, meeting.id, "unlink")).status).toBe(302);
    const unlinked = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${item.id}`, { cookie: people.liaison.cookie }),
      { itemId: String(item.id) },
    );
    expect((unlinked.data as { linkedEngagements: unknown[] }).linkedEngagements).toEqual([]);
  });
});

describe("who reads what", () => {
  it("a liaison officer reads their community's whole plan but not another's, and cannot edit", async () => {
    const own = await callLoader(
      planPage.loader,
      buildRequest(`/action-plans/${ownCommunityId}`, { cookie: people.liaison.cookie }),
      { communityId: String(ownCommunityId) },
    );
    expect(own.status).toBe(200);
    const strands = new Set(
      (own.data as { items: { strandKey: string }[] }).items.map((i) => i.strandKey),
    );
    expect(strands).toEqual(new Set(itemsOf(ownCommunityId).map((item) => item.strandKey)));
    const other = await callLoader(
      planPage.loader,
      buildRequest(`/action-plans/${otherCommunityId}`, { cookie: people.liaison.cookie }),
      { communityId: String(otherCommunityId) },
    );
    expect(other.status).toBe(404);
    const otherItem = itemOf(otherCommunityId, "business");
    const itemResult = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${otherItem.id}`, { cookie: people.liaison.cookie }),
      { itemId: String(otherItem.id) },
    );
    expect(itemResult.status).toBe(404);
    const ownItem = itemOf(ownCommunityId, "business");
    const edit = await callLoader(
      itemEdit.loader,
      buildRequest(`/action-items/${ownItem.id}/edit`, { cookie: people.liaison.cookie }),
      { itemId: String(ownItem.id) },
    );
    expect(edit.status).toBe(403);
  });

  it("a strand lead sees only their strands' items on any community's plan", async () => {
    const result = await callLoader(
      planPage.loader,
      buildRequest(`/action-plans/${otherCommunityId}`, { cookie: people.youthLead.cookie }),
      { communityId: String(otherCommunityId) },
    );
    expect(result.status).toBe(200);
    const items = (result.data as { items: { strandKey: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.strandKey === "youth")).toBe(true);
  });

  it("steering reads every plan and item but cannot write", async () => {
    const item = itemOf(otherCommunityId, "media");
    const page = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${item.id}`, { cookie: people.steering.cookie }),
      { itemId: String(item.id) },
    );
    expect(page.status).toBe(200);
    expect((page.data as { mayReport: boolean }).mayReport).toBe(false);
    const post = await postProgress(item.id, people.steering.cookie, { note: "Looks fine" });
    expect(post.status).toBe(403);
    const edit = await callAction(
      itemEdit.action,
      buildRequest(`/action-items/${item.id}/edit`, {
        cookie: people.steering.cookie,
        form: { title: "x", dueOn: "2026-01-01" },
      }),
      { itemId: String(item.id) },
    );
    expect(edit.status).toBe(403);
  });

  it("an owner outside the usual scope still opens and reports on their own item", async () => {
    // The youth item of the other community was reassigned to its liaison officer above; give one to
    // the own community's liaison officer instead, in a community they are not assigned to.
    const item = itemOf(otherCommunityId, "business");
    getDb()
      .update(actionItems)
      .set({ ownerUserId: people.liaison.id })
      .where(eq(actionItems.id, item.id))
      .run();
    const page = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${item.id}`, { cookie: people.liaison.cookie }),
      { itemId: String(item.id) },
    );
    expect(page.status).toBe(200);
    const posted = await postProgress(item.id, people.liaison.cookie, { note: "Called the chair" });
    expect(posted.status).toBe(302);
  });
});

/** An item of its own community's plan with the given state, created and last updated when given. */
function ratedItem(options: {
  status: ActionItemStatus;
  dueOn: string;
  createdAt: Date;
  updatedAt?: Date;
  strandKey?: StrandKey;
}) {
  const db = getDb();
  const plan = db
    .select({ planId: actionItems.planId })
    .from(actionItems)
    .where(eq(actionItems.communityId, ownCommunityId))
    .get()!;
  const item = db
    .insert(actionItems)
    .values({
      planId: plan.planId,
      communityId: ownCommunityId,
      strandKey: options.strandKey ?? "community",
      title: `RAG ${options.status} ${options.dueOn}`,
      ownerUserId: people.liaison.id,
      dueOn: options.dueOn,
      status: options.status,
      createdAt: options.createdAt,
      updatedAt: options.createdAt,
    })
    .returning()
    .get();
  if (options.updatedAt) {
    db.insert(actionItemUpdates)
      .values({
        itemId: item.id,
        authorUserId: people.liaison.id,
        happenedOn: "2026-06-01",
        note: "Progress",
        createdAt: options.updatedAt,
      })
      .run();
  }
  return item;
}

describe("RAG", () => {
  const noon = (date: string) => londonWallClockToUtc(date, "12:00")!;

  async function ragOnPage(itemId: number, now: Date) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    const result = await callLoader(
      itemPage.loader,
      buildRequest(`/action-items/${itemId}`, { cookie: people.liaison.cookie }),
      { itemId: String(itemId) },
    );
    vi.useRealTimers();
    return (result.data as { rag: string }).rag;
  }

  it("shows each rule at a fixed clock, including the 14- and 30-day boundaries", async () => {
    const today = "2026-07-15";
    const now = noon(today);
    const recent = noon("2026-07-10");
    const cases: [string, Parameters<typeof ratedItem>[0], string][] = [
      ["overdue", { status: "in_progress", dueOn: "2026-07-14", createdAt: recent }, "red"],
      ["blocked", { status: "blocked", dueOn: "2026-12-01", createdAt: recent }, "red"],
      [
        "not started, due in exactly 14 days",
        { status: "not_started", dueOn: "2026-07-29", createdAt: recent },
        "amber",
      ],
      [
        "not started, due in 15 days",
        { status: "not_started", dueOn: "2026-07-30", createdAt: recent },
        "green",
      ],
      [
        "last update exactly 30 days ago",
        {
          status: "in_progress",
          dueOn: "2026-12-01",
          createdAt: noon("2026-05-01"),
          updatedAt: noon("2026-06-15"),
        },
        "amber",
      ],
      [
        "last update 29 days ago",
        {
          status: "in_progress",
          dueOn: "2026-12-01",
          createdAt: noon("2026-05-01"),
          updatedAt: noon("2026-06-16"),
        },
        "green",
      ],
      [
        "no update, created exactly 30 days ago",
        { status: "in_progress", dueOn: "2026-12-01", createdAt: noon("2026-06-15") },
        "amber",
      ],
      ["done and overdue", { status: "done", dueOn: "2026-01-01", createdAt: recent }, "none"],
      ["cancelled", { status: "cancelled", dueOn: "2026-01-01", createdAt: recent }, "none"],
    ];
    for (const [name, options, expected] of cases) {
      const item = ratedItem(options);
      expect({ name, rag: await ragOnPage(item.id, now) }).toEqual({ name, rag: expected });
    }
  });

  it("the SQL CASE expression agrees with ragOf for every item on days around the boundaries", () => {
    const db = getDb();
    const statuses: ActionItemStatus[] = [
      "not_started",
      "in_progress",
      "blocked",
      "done",
      "cancelled",
    ];
    const base = "2026-03-20";
    // Around the clocks going forward (29 March) so London days and UTC days differ.
    for (const status of statuses) {
      for (const dueShift of [-1, 0, 13, 14, 15]) {
        for (const activityShift of [-31, -30, -29]) {
          ratedItem({
            status,
            dueOn: addDays(base, dueShift + 10),
            createdAt: new Date(`${addDays(base, activityShift + 10)}T23:30:00Z`),
            updatedAt:
              activityShift === -30
                ? new Date(`${addDays(base, activityShift + 11)}T00:30:00Z`)
                : undefined,
          });
        }
      }
    }
    for (const shift of [0, 1, 2, 9, 10, 11, 12]) {
      const today = addDays(base, shift);
      const inSql = new Map(
        db
          .select({ id: actionItems.id, rag: ragSql(today) })
          .from(actionItems)
          .all()
          .map((row) => [row.id, row.rag]),
      );
      for (const row of everyItemRated(today)) {
        expect({ id: row.id, today, rag: inSql.get(row.id) }).toEqual({
          id: row.id,
          today,
          rag: row.rag,
        });
      }
    }
  });
});

describe("the views across communities", () => {
  it("counts items per community by status and RAG, most red first, in the strand lead's strands only", async () => {
    const result = await callLoader(
      plansList.loader,
      buildRequest("/action-plans", { cookie: people.youthLead.cookie }),
    );
    expect(result.status).toBe(200);
    const { overview, items } = result.data as {
      overview: { communityId: number; total: number; red: number }[];
      items: { strandKey: string; rag: string }[];
    };
    const youthItems = getDb()
      .select({ total: count() })
      .from(actionItems)
      .where(eq(actionItems.strandKey, "youth"))
      .get()!.total;
    expect(overview.reduce((sum, row) => sum + row.total, 0)).toBe(youthItems);
    const reds = overview.map((row) => row.red);
    expect(reds).toEqual([...reds].sort((a, b) => b - a));
    expect(items.every((item) => item.strandKey === "youth")).toBe(true);
    const ranks = items.map((item) => ["red", "amber", "green", "none"].indexOf(item.rag));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("counts the same statuses and ratings per community as ragOf gives item by item", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(noonOf("2026-02-01"));
    const result = await callLoader(
      plansList.loader,
      buildRequest("/action-plans", { cookie: people.admin.cookie }),
    );
    vi.useRealTimers();
    const overview = (
      result.data as {
        overview: {
          communityId: number;
          total: number;
          inProgress: number;
          red: number;
          amber: number;
          green: number;
        }[];
      }
    ).overview;
    const rows = everyItemRated("2026-02-01");
    const expected = new Map<number, Record<string, number>>();
    for (const row of rows) {
      const counts = expected.get(row.communityId) ?? {
        total: 0,
        inProgress: 0,
        red: 0,
        amber: 0,
        green: 0,
        none: 0,
      };
      counts.total! += 1;
      counts[row.rag]! += 1;
      if (row.status === "in_progress") counts.inProgress! += 1;
      expected.set(row.communityId, counts);
    }
    expect(overview).toHaveLength(expected.size);
    for (const row of overview) {
      const counts = expected.get(row.communityId)!;
      expect(row).toMatchObject({
        total: counts.total,
        inProgress: counts.inProgress,
        red: counts.red,
        amber: counts.amber,
        green: counts.green,
      });
    }
  });

  it("answers with the same number of SQL statements whether there are few or many communities", async () => {
    async function statementsForOverview() {
      // Drizzle's better-sqlite3 driver prepares one statement per query it runs.
      const client = (getDb() as unknown as { $client: Database.Database }).$client;
      const prepare = vi.spyOn(client, "prepare");
      const result = await callLoader(
        plansList.loader,
        buildRequest("/action-plans", { cookie: people.youthLead.cookie }),
      );
      const statements = prepare.mock.calls.length;
      prepare.mockRestore();
      return { statements, rows: (result.data as { overview: unknown[] }).overview.length };
    }
    await statementsForOverview();
    const before = await statementsForOverview();
    for (let added = 0; added < 5; added += 1) {
      const community = createCommunity();
      await apply(community.id, people.admin.cookie);
    }
    const after = await statementsForOverview();
    expect(after.rows).toBe(before.rows + 5);
    expect(before.statements).toBeGreaterThan(0);
    expect(after.statements).toBe(before.statements);
  });

  it("filters my items and overdue items from the URL", async () => {
    const mine = await callLoader(
      plansList.loader,
      buildRequest("/action-plans?mine=yes", { cookie: people.liaison.cookie }),
    );
    const mineItems = (mine.data as { items: { ownerName: string | null }[] }).items;
    expect(mineItems.length).toBeGreaterThan(0);
    expect(mineItems.every((item) => item.ownerName === "Lia Liaison")).toBe(true);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(noonOf("2026-07-15"));
    const overdue = await callLoader(
      plansList.loader,
      buildRequest("/action-plans?overdue=yes&page=banana", { cookie: people.admin.cookie }),
    );
    vi.useRealTimers();
    const overdueItems = (
      overdue.data as { items: { dueOn: string; status: string; rag: string }[] }
    ).items;
    expect(overdueItems.length).toBeGreaterThan(0);
    for (const item of overdueItems) {
      expect(item.dueOn < "2026-07-15").toBe(true);
      expect(["done", "cancelled"]).not.toContain(item.status);
      expect(item.rag).toBe("red");
    }
  });

  it("counts, lists and exports by RAG what each item's own rating says, an old item updated lately green", async () => {
    const revived = ratedItem({
      status: "in_progress",
      dueOn: "2026-12-01",
      createdAt: noonOf("2026-03-01"),
      updatedAt: noonOf("2026-07-08"),
      strandKey: "business",
    });

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(noonOf("2026-07-15"));
    const listed = await callLoader(
      plansList.loader,
      buildRequest("/action-plans?rag=green", { cookie: people.admin.cookie }),
    );
    const exported = await callLoader(
      plansExport.loader,
      buildRequest("/action-plans/export?rag=green", { cookie: people.admin.cookie }),
    );
    vi.useRealTimers();

    const rated = everyItemRated("2026-07-15");
    const expectedGreen = rated.filter((row) => row.rag === "green").map((row) => row.id);
    expect(expectedGreen).toContain(revived.id);
    const list = listed.data as {
      items: { id: number; rag: string }[];
      total: number;
      overview: { communityId: number; red: number; amber: number; green: number }[];
    };
    expect(list.total).toBe(expectedGreen.length);
    expect(list.items.every((item) => item.rag === "green")).toBe(true);
    expect(list.items.map((item) => item.id)).toContain(revived.id);
    const exportedIds = String(exported.data)
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => Number(line.split(",")[0]));
    expect(exportedIds.sort((a, b) => a - b)).toEqual(expectedGreen.sort((a, b) => a - b));
    const own = rated.filter((row) => row.communityId === ownCommunityId);
    expect(list.overview.find((row) => row.communityId === ownCommunityId)).toMatchObject({
      red: own.filter((row) => row.rag === "red").length,
      amber: own.filter((row) => row.rag === "amber").length,
      green: own.filter((row) => row.rag === "green").length,
    });
  });

  it("exports the filtered items as CSV and audits the export", async () => {
    const result = await callLoader(
      plansExport.loader,
      buildRequest("/action-plans/export?strand=media", { cookie: people.mediaLead.cookie }),
    );
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toMatch(/text\/csv/);
    const lines = String(result.data).trim().split("\r\n");
    expect(lines[0]).toContain("Item id,Community,Strand,Title,Owner,Due on,Status,RAG");
    const mediaItems = getDb()
      .select({ total: count() })
      .from(actionItems)
      .where(eq(actionItems.strandKey, "media"))
      .get()!.total;
    expect(lines).toHaveLength(mediaItems + 1);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export"), eq(auditEvents.entityType, "action_item")))
      .all();
    expect(audit.at(-1)).toMatchObject({ actorUserId: people.mediaLead.id });
    expect(JSON.parse(audit.at(-1)!.detail!)).toEqual({
      filter: { strand: "media" },
      rows: mediaItems,
    });
  });
});

function noonOf(date: string): Date {
  return londonWallClockToUtc(date, "12:00")!;
}
