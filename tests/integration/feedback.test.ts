import type Database from "better-sqlite3";
import { and, count, desc, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "~/auth/policy";
import { getDb } from "~/db/client.server";
import {
  actionItemFeedback,
  actionItems,
  actionPlans,
  auditEvents,
  feedback,
  feedbackContacts,
  feedbackEvents,
  type FeedbackStatus,
  type Role,
  type StrandKey,
} from "~/db/schema";
import {
  feedbackAwaitingResponse,
  feedbackDashboardCounts,
  listFeedbackPage,
} from "~/domain/feedback-lists.server";
import {
  FEEDBACK_PAGE_SIZE,
  feedbackListFilterSchema,
  isOpenStatus,
  OPEN_FEEDBACK_STATUSES,
  type FeedbackRecordInput,
} from "~/domain/feedback.schema";
import { createFeedback, respondToFeedback } from "~/domain/feedback.server";
import { addDays, londonToday } from "~/domain/london-time";
import * as home from "~/routes/_index";
import * as itemPage from "~/routes/action-items.$itemId._index";
import * as communityPage from "~/routes/communities.$communityId._index";
import * as contactPage from "~/routes/contacts.$contactId._index";
import * as dashboard from "~/routes/dashboard";
import * as engagementPage from "~/routes/engagements.$engagementId._index";
import * as feedbackPage from "~/routes/feedback.$feedbackId._index";
import * as editFeedback from "~/routes/feedback.$feedbackId.edit";
import * as feedbackList from "~/routes/feedback._index";
import * as feedbackExport from "~/routes/feedback.export";
import * as newFeedback from "~/routes/feedback.new";
import { at, insertContact, insertEngagement } from "./engagement-builders";
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

type Person = Actor & { cookie: string };
const people = {} as Record<
  "admin" | "steering" | "liaison" | "otherLiaison" | "politicalLead" | "businessLead",
  Person
>;
let ownCommunityId = 0;
let otherCommunityId = 0;
let ownContactId = 0;
let otherContactId = 0;
let ownEngagementId = 0;
let otherEngagementId = 0;
const TODAY = londonToday(new Date());

async function person(role: Role, communityIds: number[] = [], strandKeys: StrandKey[] = []) {
  const user = await createUser({ role, communityIds, strandKeys, displayName: `The ${role}` });
  return { id: user.id, role, communityIds, strandKeys, cookie: cookieFor(user.id) };
}

beforeAll(async () => {
  ownCommunityId = createCommunity({ name: "Own community" }).id;
  otherCommunityId = createCommunity({ name: "Other community" }).id;
  people.admin = await person("admin");
  people.steering = await person("steering");
  people.liaison = await person("liaison", [ownCommunityId]);
  people.otherLiaison = await person("liaison", [otherCommunityId]);
  people.politicalLead = await person("strand_lead", [], ["political"]);
  people.businessLead = await person("strand_lead", [], ["business"]);
  ownContactId = insertContact({ name: "Amina Own", communityId: ownCommunityId });
  otherContactId = insertContact({ name: "Boris Other", communityId: otherCommunityId });
  ownEngagementId = insertEngagement({
    startsAt: at(addDays(TODAY, -3), "18:00"),
    communityIds: [ownCommunityId],
    strandKeys: ["political", "youth"],
    contactIds: [ownContactId],
    title: "Youth and politics evening",
  });
  otherEngagementId = insertEngagement({
    startsAt: at(addDays(TODAY, -3), "18:00"),
    communityIds: [otherCommunityId],
    strandKeys: ["business"],
    title: "Business breakfast",
  });
});

afterEach(() => {
  vi.useRealTimers();
});

function recordForm(overrides: Record<string, string | string[]> = {}) {
  return {
    receivedOn: TODAY,
    communityId: String(ownCommunityId),
    channel: "meeting",
    category: "victim_care",
    strandKeys: ["political"],
    summary: "Victims are not told when a case is closed",
    sentiment: "-1",
    priority: "high",
    ownerUserId: String(people.liaison.id),
    responseDueOn: addDays(TODAY, 28),
    ...overrides,
  };
}

function record(cookie: string, form: Record<string, string | string[]>, query = "") {
  return callAction(newFeedback.action, buildRequest(`/feedback/new${query}`, { cookie, form }));
}

async function recordAs(who: Person, overrides: Record<string, string | string[]> = {}) {
  const result = await record(who.cookie, recordForm(overrides));
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return Number(/\/feedback\/(\d+)/.exec(result.location!)![1]);
}

function step(who: Person, feedbackId: number, form: Record<string, string>) {
  return callAction(
    feedbackPage.action,
    buildRequest(`/feedback/${feedbackId}`, { cookie: who.cookie, form }),
    { feedbackId: String(feedbackId) },
  );
}

function open(who: Person, feedbackId: number) {
  return callLoader(
    feedbackPage.loader,
    buildRequest(`/feedback/${feedbackId}`, { cookie: who.cookie }),
    { feedbackId: String(feedbackId) },
  );
}

function row(feedbackId: number) {
  return getDb().select().from(feedback).where(eq(feedback.id, feedbackId)).get()!;
}

function eventsOf(feedbackId: number) {
  return getDb()
    .select()
    .from(feedbackEvents)
    .where(eq(feedbackEvents.feedbackId, feedbackId))
    .orderBy(feedbackEvents.id)
    .all();
}

function feedbackCount() {
  return getDb().select({ total: count() }).from(feedback).get()!.total;
}

/** Field errors as conform's reply carries them. */
function errorsOf(result: { data: unknown }): Record<string, string[] | null> {
  type Reply = { error?: Record<string, string[] | null> };
  const reply = result.data as Reply & { result?: Reply };
  return reply.result?.error ?? reply.error ?? {};
}

function listFor(who: Person, query = "") {
  return callLoader(feedbackList.loader, buildRequest(`/feedback${query}`, { cookie: who.cookie }));
}

function listedIds(result: { data: unknown }): number[] {
  return (result.data as { feedback: { id: number }[] }).feedback.map((item) => item.id);
}

describe("recording feedback", () => {
  it("is due 28 days after receipt by default, names its contacts and starts the history", async () => {
    const id = await recordAs(people.liaison, { contactIds: [String(ownContactId)] });
    const stored = row(id);
    expect(stored.status).toBe("received");
    expect(stored.responseDueOn).toBe(addDays(TODAY, 28));
    expect(stored.createdByUserId).toBe(people.liaison.id);
    expect(
      getDb().select().from(feedbackContacts).where(eq(feedbackContacts.feedbackId, id)).all(),
    ).toEqual([{ feedbackId: id, contactId: ownContactId }]);
    expect(eventsOf(id).map((event) => [event.kind, event.toValue])).toEqual([
      ["recorded", "received"],
    ]);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "feedback"), eq(auditEvents.entityId, String(id))))
      .all();
    expect(audit.map((event) => event.action)).toEqual(["create"]);
  });

  it("may name nobody: collective advice of the whole group, recorded by an admin", async () => {
    const id = await recordAs(people.admin, {
      communityId: "",
      ownerUserId: String(people.admin.id),
    });
    expect(row(id).communityId).toBeNull();
  });

  it("needs a reason for another due date, and keeps it in the history", async () => {
    const before = feedbackCount();
    const refused = await record(
      people.liaison.cookie,
      recordForm({ responseDueOn: addDays(TODAY, 10) }),
    );
    expect(refused.status).toBe(400);
    expect(errorsOf(refused).dueDateReason?.[0]).toMatch(/why/i);
    expect(feedbackCount()).toBe(before);

    const id = await recordAs(people.liaison, {
      responseDueOn: addDays(TODAY, 10),
      dueDateReason: "The inquest is in ten days",
    });
    const dueEvent = eventsOf(id).find((event) => event.kind === "due_date")!;
    expect(dueEvent).toMatchObject({
      fromValue: addDays(TODAY, 28),
      toValue: addDays(TODAY, 10),
      note: "The inquest is in ten days",
    });
  });

  it("answers bad input with 400 and field errors, writing nothing", async () => {
    const before = feedbackCount();
    const result = await record(
      people.liaison.cookie,
      recordForm({ summary: "", strandKeys: [], sentiment: "7", receivedOn: addDays(TODAY, 1) }),
    );
    expect(result.status).toBe(400);
    const errors = errorsOf(result);
    expect(errors.summary).toBeTruthy();
    expect(errors.strandKeys).toBeTruthy();
    expect(errors.sentiment).toBeTruthy();
    expect(errors.receivedOn?.[0]).toMatch(/future/);
    expect(feedbackCount()).toBe(before);
  });

  it("refuses a community the liaison officer is not assigned to, the whole group, a hidden contact and an owner who could not answer", async () => {
    const before = feedbackCount();
    const otherCommunity = await record(
      people.liaison.cookie,
      recordForm({ communityId: String(otherCommunityId) }),
    );
    expect(otherCommunity.status).toBe(400);
    expect(errorsOf(otherCommunity).communityId?.[0]).toMatch(/assigned/);
    const wholeGroup = await record(people.liaison.cookie, recordForm({ communityId: "" }));
    expect(errorsOf(wholeGroup).communityId?.[0]).toMatch(/whole group/);
    const hiddenContact = await record(
      people.liaison.cookie,
      recordForm({ contactIds: [String(otherContactId)] }),
    );
    expect(errorsOf(hiddenContact).contactIds).toBeTruthy();
    const wrongOwner = await record(
      people.liaison.cookie,
      recordForm({ ownerUserId: String(people.otherLiaison.id) }),
    );
    expect(errorsOf(wrongOwner).ownerUserId?.[0]).toMatch(/could not open/);
    expect(feedbackCount()).toBe(before);
  });

  it("is refused to steering members (403), who read but never record", async () => {
    const form = await callLoader(
      newFeedback.loader,
      buildRequest("/feedback/new", { cookie: people.steering.cookie }),
    );
    expect(form.status).toBe(403);
    const posted = await record(people.steering.cookie, recordForm());
    expect(posted.status).toBe(403);
  });

  it("from an engagement, starts from its date, community, strands and attending contacts", async () => {
    const result = await callLoader(
      newFeedback.loader,
      buildRequest(`/feedback/new?engagementId=${ownEngagementId}`, {
        cookie: people.liaison.cookie,
      }),
    );
    expect(result.status).toBe(200);
    const loaded = result.data as {
      defaultValue: Record<string, unknown>;
      engagement: { id: number } | null;
      picker: { chosenContacts: { id: number }[] };
    };
    expect(loaded.engagement?.id).toBe(ownEngagementId);
    expect(loaded.defaultValue).toMatchObject({
      receivedOn: addDays(TODAY, -3),
      communityId: String(ownCommunityId),
      strandKeys: ["political", "youth"],
      responseDueOn: addDays(TODAY, 25),
    });
    expect(loaded.picker.chosenContacts.map((contact) => contact.id)).toEqual([ownContactId]);

    const id = await recordAs(people.liaison, { engagementId: String(ownEngagementId) });
    expect(row(id).engagementId).toBe(ownEngagementId);
    const page = await callLoader(
      engagementPage.loader,
      buildRequest(`/engagements/${ownEngagementId}`, { cookie: people.liaison.cookie }),
      { engagementId: String(ownEngagementId) },
    );
    const shown = page.data as {
      feedback: { items: { id: number }[] };
      mayRecordFeedback: boolean;
    };
    expect(shown.feedback.items.map((item) => item.id)).toContain(id);
    expect(shown.mayRecordFeedback).toBe(true);
  });

  it("from an engagement the user may not read, answers 404 and refuses the link", async () => {
    const result = await callLoader(
      newFeedback.loader,
      buildRequest(`/feedback/new?engagementId=${otherEngagementId}`, {
        cookie: people.liaison.cookie,
      }),
    );
    expect(result.status).toBe(404);
    const posted = await record(
      people.liaison.cookie,
      recordForm({ engagementId: String(otherEngagementId) }),
    );
    expect(posted.status).toBe(400);
    expect(errorsOf(posted).engagementId).toBeTruthy();
  });

  it("edits are audited with the fields that changed", async () => {
    const id = await recordAs(people.liaison);
    const result = await callAction(
      editFeedback.action,
      buildRequest(`/feedback/${id}/edit`, {
        cookie: people.liaison.cookie,
        form: {
          receivedOn: TODAY,
          communityId: String(ownCommunityId),
          channel: "email",
          category: "victim_care",
          strandKeys: ["political", "community"],
          summary: "Victims are not told when a case is closed, nor why",
          sentiment: "-1",
          priority: "high",
        },
      }),
      { feedbackId: String(id) },
    );
    expect(result.status).toBe(302);
    const update = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "feedback"),
          eq(auditEvents.entityId, String(id)),
          eq(auditEvents.action, "update"),
        ),
      )
      .get()!;
    expect(Object.keys(update.changes ?? {}).sort()).toEqual(["channel", "strandKeys", "summary"]);
  });
});

describe("the workflow", () => {
  it("moves forward only, and refuses nonsense with a reason", async () => {
    const id = await recordAs(people.liaison);
    const closing = await step(people.liaison, id, { intent: "status", toStatus: "closed" });
    expect(closing.status).toBe(400);
    expect(errorsOf(closing).toStatus?.[0]).toMatch(/Only answered feedback can be closed/);
    const answeringUnacknowledged = await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "acted_on",
      responseText: "Done",
      respondedOn: TODAY,
    });
    expect(answeringUnacknowledged.status).toBe(409);

    expect(
      (await step(people.liaison, id, { intent: "status", toStatus: "acknowledged" })).status,
    ).toBe(302);
    expect(
      (await step(people.liaison, id, { intent: "status", toStatus: "in_progress" })).status,
    ).toBe(302);
    const back = await step(people.liaison, id, { intent: "status", toStatus: "acknowledged" });
    expect(errorsOf(back).toStatus?.[0]).toMatch(/cannot go back/);
    expect(row(id).status).toBe("in_progress");
    expect(
      eventsOf(id)
        .filter((event) => event.kind === "status")
        .map((event) => [event.fromValue, event.toValue, event.actorUserId]),
    ).toEqual([
      ["received", "acknowledged", people.liaison.id],
      ["acknowledged", "in_progress", people.liaison.id],
    ]);
  });

  it("reaches responded only with a response: the reason the advice was not taken", async () => {
    const id = await recordAs(people.liaison, {
      receivedOn: addDays(TODAY, -5),
      responseDueOn: addDays(TODAY, 23),
    });
    await step(people.liaison, id, { intent: "status", toStatus: "acknowledged" });
    const empty = await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "not_taken",
      responseText: "",
      respondedOn: TODAY,
    });
    expect(empty.status).toBe(400);
    expect(errorsOf(empty).responseText).toBeTruthy();
    const noOutcome = await step(people.liaison, id, {
      intent: "respond",
      responseText: "Something",
      respondedOn: TODAY,
    });
    expect(errorsOf(noOutcome).responseOutcome).toBeTruthy();
    const beforeReceipt = await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "not_taken",
      responseText: "The law does not allow it",
      respondedOn: addDays(TODAY, -6),
    });
    expect(errorsOf(beforeReceipt).respondedOn?.[0]).toMatch(/before the feedback was received/);
    const future = await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "not_taken",
      responseText: "The law does not allow it",
      respondedOn: addDays(TODAY, 1),
    });
    expect(errorsOf(future).respondedOn?.[0]).toMatch(/future/);
    expect(row(id).status).toBe("acknowledged");

    // Straight from acknowledged: a simple answer needs no separate "in progress" step.
    const answered = await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "not_taken",
      responseText: "The law does not allow it; we wrote to the Home Office instead",
      respondedOn: TODAY,
    });
    expect(answered.status).toBe(302);
    expect(row(id)).toMatchObject({
      status: "responded",
      responseOutcome: "not_taken",
      respondedOn: TODAY,
    });
    expect((await step(people.liaison, id, { intent: "status", toStatus: "closed" })).status).toBe(
      302,
    );
    const reopened = await step(people.liaison, id, { intent: "status", toStatus: "in_progress" });
    expect(reopened.status).toBe(400);
  });

  it("records 'we did' for advice acted on", async () => {
    const id = await recordAs(people.liaison);
    await step(people.liaison, id, { intent: "status", toStatus: "acknowledged" });
    await step(people.liaison, id, { intent: "status", toStatus: "in_progress" });
    const result = await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "acted_on",
      responseText: "Case officers now phone the victim before closing",
      respondedOn: TODAY,
    });
    expect(result.status).toBe(302);
    expect(row(id).responseOutcome).toBe("acted_on");
  });

  it("changes the due date only with a reason, and never once answered", async () => {
    const id = await recordAs(people.liaison);
    const noReason = await step(people.liaison, id, {
      intent: "due_date",
      responseDueOn: addDays(TODAY, 40),
    });
    expect(noReason.status).toBe(400);
    expect(errorsOf(noReason).reason).toBeTruthy();
    expect(row(id).responseDueOn).toBe(addDays(TODAY, 28));
    const changed = await step(people.liaison, id, {
      intent: "due_date",
      responseDueOn: addDays(TODAY, 40),
      reason: "Waiting for the borough commander",
    });
    expect(changed.status).toBe(302);
    expect(eventsOf(id).at(-1)).toMatchObject({
      kind: "due_date",
      fromValue: addDays(TODAY, 28),
      toValue: addDays(TODAY, 40),
      note: "Waiting for the borough commander",
    });
    await step(people.liaison, id, { intent: "status", toStatus: "acknowledged" });
    await step(people.liaison, id, {
      intent: "respond",
      responseOutcome: "acted_on",
      responseText: "Done",
      respondedOn: TODAY,
    });
    const late = await step(people.liaison, id, {
      intent: "due_date",
      responseDueOn: addDays(TODAY, 50),
      reason: "Why not",
    });
    expect(late.status).toBe(409);
  });

  it("reassigns to someone who could answer it, with an owner event", async () => {
    const id = await recordAs(people.liaison);
    const refused = await step(people.liaison, id, {
      intent: "owner",
      ownerUserId: String(people.otherLiaison.id),
    });
    expect(errorsOf(refused).ownerUserId).toBeTruthy();
    const moved = await step(people.liaison, id, {
      intent: "owner",
      ownerUserId: String(people.politicalLead.id),
    });
    expect(moved.status).toBe(302);
    expect(row(id).ownerUserId).toBe(people.politicalLead.id);
    expect(eventsOf(id).at(-1)).toMatchObject({
      kind: "owner",
      fromValue: String(people.liaison.id),
      toValue: String(people.politicalLead.id),
    });
  });

  it("escalates to the steering group once, with a reason; steering sees the link to decide", async () => {
    const id = await recordAs(people.liaison);
    const noReason = await step(people.liaison, id, { intent: "escalate", reason: "" });
    expect(errorsOf(noReason).reason).toBeTruthy();
    const escalated = await step(people.liaison, id, {
      intent: "escalate",
      reason: "Needs a force-wide policy",
    });
    expect(escalated.status).toBe(302);
    expect(row(id)).toMatchObject({
      escalatedByUserId: people.liaison.id,
      escalationReason: "Needs a force-wide policy",
    });
    expect(row(id).escalatedAt).not.toBeNull();
    const again = await step(people.liaison, id, { intent: "escalate", reason: "Still" });
    expect(again.status).toBe(409);
    expect(eventsOf(id).filter((event) => event.kind === "escalated")).toHaveLength(1);

    const forSteering = (await open(people.steering, id)).data as {
      mayDecide: boolean;
      mayProgress: boolean;
    };
    expect(forSteering).toMatchObject({ mayDecide: true, mayProgress: false });
    const forLiaison = (await open(people.liaison, id)).data as { mayDecide: boolean };
    expect(forLiaison.mayDecide).toBe(false);
  });

  it("keeps its history: the database refuses to rewrite or remove an event", async () => {
    const id = await recordAs(people.liaison);
    // The raw connection, so the trigger's own message is what comes back.
    const client = (getDb() as unknown as { $client: Database.Database }).$client;
    expect(() =>
      client.prepare("UPDATE feedback_events SET note = 'rewritten' WHERE feedback_id = ?").run(id),
    ).toThrow(/append-only/);
    expect(() =>
      client.prepare("DELETE FROM feedback_events WHERE feedback_id = ?").run(id),
    ).toThrow(/append-only/);
    expect(eventsOf(id)).toHaveLength(1);
  });

  it("is refused to steering (403), who may read but not progress or edit it", async () => {
    const id = await recordAs(people.liaison);
    const progressed = await step(people.steering, id, {
      intent: "status",
      toStatus: "acknowledged",
    });
    expect(progressed.status).toBe(403);
    const edit = await callLoader(
      editFeedback.loader,
      buildRequest(`/feedback/${id}/edit`, { cookie: people.steering.cookie }),
      { feedbackId: String(id) },
    );
    expect(edit.status).toBe(403);
    expect((await open(people.steering, id)).status).toBe(200);
    expect(row(id).status).toBe("received");
  });
});

describe("who sees it", () => {
  let ownPolitical = 0;
  let otherBusiness = 0;
  let wholeGroupBusiness = 0;

  beforeAll(async () => {
    ownPolitical = await recordAs(people.liaison, {
      summary: "Scope: own community, political",
      contactIds: [String(ownContactId)],
    });
    otherBusiness = await recordAs(people.otherLiaison, {
      communityId: String(otherCommunityId),
      strandKeys: ["business"],
      ownerUserId: String(people.otherLiaison.id),
      summary: "Scope: other community, business",
      contactIds: [String(otherContactId)],
    });
    wholeGroupBusiness = await recordAs(people.businessLead, {
      communityId: "",
      strandKeys: ["business"],
      ownerUserId: String(people.businessLead.id),
      summary: "Scope: whole group, business",
    });
  });

  it("a liaison officer lists their communities and the whole group, and gets 404 for another community's", async () => {
    const ids = listedIds(await listFor(people.liaison, "?q=Scope"));
    expect(ids).toContain(ownPolitical);
    expect(ids).toContain(wholeGroupBusiness);
    expect(ids).not.toContain(otherBusiness);
    expect((await open(people.liaison, otherBusiness)).status).toBe(404);
    expect((await open(people.liaison, wholeGroupBusiness)).status).toBe(200);
  });

  it("a strand lead lists their strands only, and gets 404 for another strand's", async () => {
    const ids = listedIds(await listFor(people.politicalLead, "?q=Scope"));
    expect(ids).toEqual([ownPolitical]);
    expect((await open(people.politicalLead, otherBusiness)).status).toBe(404);
  });

  it("steering and admin read everything", async () => {
    for (const who of [people.steering, people.admin]) {
      const ids = listedIds(await listFor(who, "?q=Scope"));
      expect(ids.sort()).toEqual([ownPolitical, otherBusiness, wholeGroupBusiness].sort());
    }
  });

  it("names a contact only to a reader who may see them", async () => {
    const forLead = (await open(people.businessLead, otherBusiness)).data as {
      feedback: { contacts: { name: string }[]; hiddenContactCount: number };
    };
    // The contact has no strand, so a strand lead cannot see them.
    expect(forLead.feedback.contacts).toEqual([]);
    expect(forLead.feedback.hiddenContactCount).toBe(1);
    const forLiaison = (await open(people.otherLiaison, otherBusiness)).data as {
      feedback: { contacts: { name: string }[] };
    };
    expect(forLiaison.feedback.contacts.map((contact) => contact.name)).toEqual(["Boris Other"]);
  });

  it("shows the newest items on the community and contact pages, within the reader's scope", async () => {
    const community = await callLoader(
      communityPage.loader,
      buildRequest(`/communities/${ownCommunityId}`, { cookie: people.liaison.cookie }),
      { communityId: String(ownCommunityId) },
    );
    const onCommunity = (community.data as { feedback: { items: { id: number }[] } }).feedback;
    expect(onCommunity.items.map((item) => item.id)).toContain(ownPolitical);
    const contact = await callLoader(
      contactPage.loader,
      buildRequest(`/contacts/${ownContactId}`, { cookie: people.liaison.cookie }),
      { contactId: String(ownContactId) },
    );
    const onContact = (contact.data as { feedback: { items: { id: number }[]; total: number } })
      .feedback;
    expect(onContact.items.map((item) => item.id)).toContain(ownPolitical);
    const forOther = await callLoader(
      contactPage.loader,
      buildRequest(`/contacts/${otherContactId}`, { cookie: people.businessLead.cookie }),
      { contactId: String(otherContactId) },
    );
    // The business lead cannot see that contact at all: the page answers 404, listing nothing.
    expect(forOther.status).toBe(404);
  });

  it("audits each view of a page", async () => {
    await open(people.steering, ownPolitical);
    const views = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "feedback"),
          eq(auditEvents.entityId, String(ownPolitical)),
          eq(auditEvents.action, "view"),
          eq(auditEvents.actorUserId, people.steering.id),
        ),
      )
      .all();
    expect(views).toHaveLength(1);
  });

  it("filters by community, strand, category, status and owner, in the URL", async () => {
    expect(
      listedIds(await listFor(people.admin, `?q=Scope&community=${otherCommunityId}`)),
    ).toEqual([otherBusiness]);
    expect(listedIds(await listFor(people.admin, "?q=Scope&community=group"))).toEqual([
      wholeGroupBusiness,
    ]);
    expect(listedIds(await listFor(people.admin, "?q=Scope&strand=business")).sort()).toEqual(
      [otherBusiness, wholeGroupBusiness].sort(),
    );
    expect(listedIds(await listFor(people.admin, "?q=Scope&category=praise"))).toEqual([]);
    expect(
      listedIds(await listFor(people.admin, `?q=Scope&owner=${people.businessLead.id}`)),
    ).toEqual([wholeGroupBusiness]);
    expect(listedIds(await listFor(people.admin, `?q=Scope&contact=${ownContactId}`))).toEqual([
      ownPolitical,
    ]);
  });

  it("exports the same rows as CSV, audited, without contact names", async () => {
    const result = await callLoader(
      feedbackExport.loader,
      buildRequest("/feedback/export?q=Scope", { cookie: people.admin.cookie }),
    );
    expect(result.status).toBe(200);
    const csv = String(result.data);
    expect(csv).toContain("Scope: other community, business");
    expect(csv).not.toContain("Boris Other");
    expect(csv).not.toContain("Amina Own");
    expect(csv.trim().split("\n")).toHaveLength(4);
    const exported = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "feedback"), eq(auditEvents.action, "export")))
      .orderBy(desc(auditEvents.id))
      .get()!;
    expect(exported.actorUserId).toBe(people.admin.id);
    expect(JSON.parse(exported.detail!)).toMatchObject({ filter: { q: "Scope" }, rows: 3 });
  });

  it("exports a summary that looks like a formula as plain text", async () => {
    await recordAs(people.liaison, { summary: "=SUM(A1:A9) formula check" });
    const result = await callLoader(
      feedbackExport.loader,
      buildRequest("/feedback/export?q=formula+check", { cookie: people.liaison.cookie }),
    );
    expect(String(result.data)).toContain("'=SUM(A1:A9) formula check");
  });

  it("a liaison officer's export leaves out another community's feedback", async () => {
    const result = await callLoader(
      feedbackExport.loader,
      buildRequest("/feedback/export?q=Scope", { cookie: people.liaison.cookie }),
    );
    expect(String(result.data)).not.toContain("Scope: other community");
  });
});

/** A youth-strand call received on 1 May 2026, for the tests that set their own clock. */
function clockFeedback(
  fields: Pick<FeedbackRecordInput, "communityId" | "ownerUserId" | "responseDueOn" | "summary"> &
    Partial<FeedbackRecordInput>,
): FeedbackRecordInput {
  return {
    receivedOn: "2026-05-01",
    contactIds: [],
    engagementId: null,
    channel: "call",
    category: "community_tension",
    strandKeys: ["youth"],
    sentiment: 0,
    priority: "medium",
    isShareable: false,
    dueDateReason: "Agreed with the forum",
    ...fields,
  };
}

describe("overdue and due this week, at a fixed clock", () => {
  const NOW = at("2026-06-15", "09:00");
  const today = "2026-06-15";
  let owner: Actor;
  let community = 0;

  const input = (dueOn: string, summary: string) =>
    clockFeedback({ communityId: community, ownerUserId: owner.id, responseDueOn: dueOn, summary });

  const ids: Record<string, number> = {};

  beforeAll(async () => {
    community = createCommunity({ name: "Clock community" }).id;
    const user = await createUser({ role: "liaison", communityIds: [community] });
    owner = { id: user.id, role: "liaison", communityIds: [community], strandKeys: [] };
    const cases: [string, string][] = [
      ["yesterday", addDays(today, -1)],
      ["today", today],
      ["in seven days", addDays(today, 7)],
      ["in eight days", addDays(today, 8)],
    ];
    for (const [name, dueOn] of cases) {
      const result = createFeedback(getDb(), owner, input(dueOn, `Due ${name}`), NOW);
      if (!result.ok) throw new Error(JSON.stringify(result));
      ids[name] = result.id;
    }
    // Answered late: overdue no more, since it is no longer open.
    const answered = createFeedback(getDb(), owner, input(addDays(today, -10), "Answered"), NOW);
    if (!answered.ok) throw new Error("not recorded");
    getDb()
      .update(feedback)
      .set({ status: "acknowledged" })
      .where(eq(feedback.id, answered.id))
      .run();
    const responded = respondToFeedback(
      getDb(),
      owner,
      answered.id,
      { responseOutcome: "acted_on", responseText: "Done", respondedOn: today },
      NOW,
    );
    expect(responded.ok).toBe(true);
  });

  function listed(filter: Record<string, string>) {
    return listFeedbackPage(
      getDb(),
      owner,
      feedbackListFilterSchema.parse({ community: String(community), ...filter }),
      NOW,
    ).feedback.map((item) => item.summary);
  }

  it("due yesterday is overdue; due today is not", () => {
    expect(listed({ overdue: "yes" })).toEqual(["Due yesterday"]);
  });

  it("due this week runs from today to seven days ahead", () => {
    expect(listed({ due: "week", sort: "due" })).toEqual(["Due today", "Due in seven days"]);
  });

  it("the owner's home lists what is overdue or due within the week, soonest first", async () => {
    expect(feedbackAwaitingResponse(getDb(), owner, NOW).items.map((item) => item.summary)).toEqual(
      ["Due yesterday", "Due today", "Due in seven days"],
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const result = await callLoader(
      home.loader,
      buildRequest("/", { cookie: cookieFor(owner.id, NOW) }),
    );
    const work = (result.data as { work: { feedback: { total: number } } }).work;
    expect(work.feedback.total).toBe(3);
  });

  it("the dashboard counts them within the reader's scope", async () => {
    expect(feedbackDashboardCounts(getDb(), owner, NOW)).toMatchObject({
      overdue: 1,
      dueThisWeek: 2,
      awaitingDecision: 0,
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const result = await callLoader(
      dashboard.loader,
      buildRequest("/dashboard", { cookie: cookieFor(people.otherLiaison.id, NOW) }),
    );
    // Another community's officer counts none of these.
    const counts = (result.data as { feedback: { overdue: number; dueThisWeek: number } }).feedback;
    expect(counts.overdue).toBe(0);
    expect(counts.dueThisWeek).toBe(0);
  });
});

describe("open and overdue, read along the open items' index", () => {
  const NOW = at("2026-06-15", "09:00");
  let reader: Actor;
  let community = 0;
  // [summary, received on, due on, status]: overdue and open, not yet due, and no longer open.
  const items: [string, string, string, FeedbackStatus][] = [];

  beforeAll(async () => {
    community = createCommunity({ name: "Overdue order community" }).id;
    const user = await createUser({ role: "liaison", communityIds: [community] });
    reader = { id: user.id, role: "liaison", communityIds: [community], strandKeys: [] };
    const statuses: FeedbackStatus[] = [
      "received",
      "acknowledged",
      "in_progress",
      "responded",
      "closed",
    ];
    for (let n = 0; n < 60; n++) {
      // Several items share a day, so the order by number breaks ties.
      const receivedOn = addDays("2026-05-01", Math.floor(n / 3));
      const dueOn = n % 7 === 0 ? addDays("2026-06-15", n) : addDays(receivedOn, 20);
      items.push([`Item ${n}`, receivedOn, dueOn, statuses[n % statuses.length]!]);
    }
    for (const [summary, receivedOn, responseDueOn, status] of items) {
      const result = createFeedback(
        getDb(),
        reader,
        clockFeedback({
          receivedOn,
          communityId: community,
          ownerUserId: reader.id,
          responseDueOn,
          summary,
        }),
        NOW,
      );
      if (!result.ok) throw new Error(JSON.stringify(result));
      getDb().update(feedback).set({ status }).where(eq(feedback.id, result.id)).run();
    }
  });

  function page(filter: Record<string, string>) {
    return listFeedbackPage(
      getDb(),
      reader,
      feedbackListFilterSchema.parse({ community: String(community), overdue: "yes", ...filter }),
      NOW,
    );
  }

  it("lists every open, overdue item once, newest first and oldest first, page by page", () => {
    const expected = items
      .map(([summary, receivedOn, dueOn, status], n) => ({ summary, receivedOn, dueOn, status, n }))
      .filter((item) => isOpenStatus(item.status) && item.dueOn < "2026-06-15")
      .sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.n - a.n)
      .map((item) => item.summary);
    expect(expected.length).toBeGreaterThan(FEEDBACK_PAGE_SIZE);
    for (const dir of ["desc", "asc"]) {
      const first = page({ dir });
      const second = page({ dir, page: "2" });
      expect(first.total).toBe(expected.length);
      expect([...first.feedback, ...second.feedback].map((item) => item.summary)).toEqual(
        dir === "desc" ? expected : [...expected].reverse(),
      );
    }
  });

  it("has the partial index it is read along hold exactly the open statuses", () => {
    const index = getDb().get<{ sql: string }>(
      sql`SELECT sql FROM sqlite_master WHERE name = 'feedback_open_received'`,
    );
    const quoted = OPEN_FEEDBACK_STATUSES.map((status) => `'${status}'`).join(", ");
    expect(index?.sql).toContain(`WHERE +status IN (${quoted})`);
  });

  it("sorts by due date the same items", () => {
    const byDue = [...page({ sort: "due" }).feedback, ...page({ sort: "due", page: "2" }).feedback];
    expect(byDue.map((item) => item.responseDueOn)).toEqual(
      byDue.map((item) => item.responseDueOn).sort(),
    );
    expect(byDue).toHaveLength(page({}).total);
  });
});

describe("action items linked to feedback", () => {
  let itemId = 0;
  let ownFeedback = 0;
  let businessFeedback = 0;

  beforeAll(async () => {
    const now = new Date();
    const plan = getDb()
      .insert(actionPlans)
      .values({
        communityId: ownCommunityId,
        startOn: "2026-01-01",
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    itemId = getDb()
      .insert(actionItems)
      .values({
        planId: plan.id,
        communityId: ownCommunityId,
        strandKey: "political",
        title: "Victim updates protocol",
        dueOn: addDays(TODAY, 30),
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get().id;
    ownFeedback = await recordAs(people.liaison, { summary: "Link me" });
    businessFeedback = await recordAs(people.businessLead, {
      communityId: "",
      strandKeys: ["business"],
      ownerUserId: String(people.businessLead.id),
      summary: "Business only",
    });
  });

  function link(who: Person, feedbackId: number, intent = "link-feedback") {
    return callAction(
      itemPage.action,
      buildRequest(`/action-items/${itemId}`, {
        cookie: who.cookie,
        form: { intent, feedbackId: String(feedbackId) },
      }),
      { itemId: String(itemId) },
    );
  }

  function links() {
    return getDb()
      .select()
      .from(actionItemFeedback)
      .where(eq(actionItemFeedback.itemId, itemId))
      .all();
  }

  it("the item's manager links feedback they may read; both records are audited; both pages show it", async () => {
    const linked = await link(people.politicalLead, ownFeedback);
    expect(linked.status).toBe(302);
    expect(links()).toEqual([{ itemId, feedbackId: ownFeedback }]);
    const audited = getDb()
      .select({ entityType: auditEvents.entityType, detail: auditEvents.detail })
      .from(auditEvents)
      .where(sql`${auditEvents.detail} LIKE '%linked%'`)
      .all();
    expect(audited).toEqual(
      expect.arrayContaining([
        { entityType: "action_item", detail: JSON.stringify({ linkedFeedbackId: ownFeedback }) },
        { entityType: "feedback", detail: JSON.stringify({ linkedActionItemId: itemId }) },
      ]),
    );
    const page = (await open(people.liaison, ownFeedback)).data as {
      actionItems: { id: number; rag: string }[];
    };
    expect(page.actionItems).toEqual([expect.objectContaining({ id: itemId, rag: "green" })]);
    const item = (
      await callLoader(
        itemPage.loader,
        buildRequest(`/action-items/${itemId}`, { cookie: people.politicalLead.cookie }),
        { itemId: String(itemId) },
      )
    ).data as { linkedFeedback: { id: number }[] };
    expect(item.linkedFeedback.map((linked) => linked.id)).toEqual([ownFeedback]);
  });

  it("refuses feedback the manager may not read, as if it were not there", async () => {
    const refused = await link(people.politicalLead, businessFeedback);
    expect(refused.status).toBe(400);
    expect(errorsOf(refused).feedbackId).toBeTruthy();
    expect(links().map((row) => row.feedbackId)).not.toContain(businessFeedback);
  });

  it("refuses someone who may not manage the item (403)", async () => {
    expect((await link(people.liaison, ownFeedback, "unlink-feedback")).status).toBe(403);
    expect((await link(people.steering, ownFeedback, "unlink-feedback")).status).toBe(403);
    expect(links()).toHaveLength(1);
  });

  it("shows a linked item on the feedback page only to readers of the item", async () => {
    // Whole-group feedback: every liaison officer reads it, but only the item's community's sees the item.
    expect((await link(people.admin, businessFeedback)).status).toBe(302);
    const itemsFor = async (who: Person) =>
      ((await open(who, businessFeedback)).data as { actionItems: { id: number }[] }).actionItems;
    expect((await itemsFor(people.liaison)).map((item) => item.id)).toEqual([itemId]);
    expect(await itemsFor(people.otherLiaison)).toEqual([]);
    expect((await link(people.admin, businessFeedback, "unlink-feedback")).status).toBe(302);
  });

  it("unlinks, audited", async () => {
    expect((await link(people.admin, ownFeedback, "unlink-feedback")).status).toBe(302);
    expect(links()).toEqual([]);
  });
});
