import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  actionItemEngagements,
  actionItems,
  actionPlans,
  auditEvents,
  contacts,
  contactStrands,
  engagementContacts,
  engagementStrands,
  engagements,
  followUps,
  type StrandKey,
} from "~/db/schema";
import { indexContact } from "~/domain/directory-search.server";
import { sortKey } from "~/domain/search-text";
import { action as contactAction } from "~/routes/contacts.$contactId._index";
import { loader as pickerLoader } from "~/routes/contacts.picker";
import { loader as newLoader, action as newAction } from "~/routes/engagements.new";
import { loader as pageLoader } from "~/routes/engagements.$engagementId._index";
import {
  loader as editLoader,
  action as editAction,
} from "~/routes/engagements.$engagementId.edit";
import {
  loader as heldLoader,
  action as heldAction,
} from "~/routes/engagements.$engagementId.held";
import {
  loader as deleteLoader,
  action as deleteAction,
} from "~/routes/engagements.$engagementId.delete";
import {
  loader as newFollowUpLoader,
  action as newFollowUpAction,
} from "~/routes/engagements.$engagementId.follow-ups.new";
import { action as followUpAction } from "~/routes/engagements.$engagementId.follow-ups.$followUpId";
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

type Person = { id: number; cookie: string };
let afghan: { id: number };
let eritrean: { id: number };
let admin: Person;
let afghanOfficer: Person;
let secondAfghanOfficer: Person;
let eritreanOfficer: Person;
let youthLead: Person;
let steering: Person;

async function person(options: Parameters<typeof createUser>[0]): Promise<Person> {
  const user = await createUser(options);
  return { id: user.id, cookie: cookieFor(user.id) };
}

function addContact(name: string, communityId: number, strandKeys: StrandKey[] = ["community"]) {
  const db = getDb();
  const now = new Date();
  const contact = db
    .insert(contacts)
    .values({ name, sortName: sortKey(name), communityId, createdAt: now, updatedAt: now })
    .returning()
    .get();
  for (const strandKey of strandKeys) {
    db.insert(contactStrands).values({ contactId: contact.id, strandKey }).run();
  }
  indexContact(db, contact.id);
  return contact.id;
}

beforeAll(async () => {
  afghan = createCommunity({ name: "Afghan community", countryCode: "AF" });
  eritrean = createCommunity({ name: "Eritrean community", countryCode: "ER" });
  admin = await person({ role: "admin", displayName: "Ada Admin" });
  afghanOfficer = await person({
    role: "liaison",
    displayName: "Laila Officer",
    communityIds: [afghan.id],
  });
  secondAfghanOfficer = await person({
    role: "liaison",
    displayName: "Karim Officer",
    communityIds: [afghan.id],
  });
  eritreanOfficer = await person({
    role: "liaison",
    displayName: "Eden Officer",
    communityIds: [eritrean.id],
  });
  youthLead = await person({
    role: "strand_lead",
    displayName: "Yusuf Lead",
    strandKeys: ["youth"],
  });
  steering = await person({ role: "steering", displayName: "Sam Steering" });
});

function engagementForm(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Youth forum at the community centre",
    type: "forum_session",
    status: "planned",
    date: "2026-02-10",
    startTime: "18:30",
    durationMinutes: "90",
    location: "Hounslow community centre",
    communityIds: [String(afghan.id)],
    strandKeys: ["youth"],
    officerIds: [String(afghanOfficer.id)],
    purpose: "Hear young people's concerns about stop and search",
    ...overrides,
  };
}

async function createAs(
  actor: Person,
  overrides: Record<string, string | string[]> = {},
): Promise<number> {
  const result = await callAction(
    newAction,
    buildRequest("/engagements/new", { cookie: actor.cookie, form: engagementForm(overrides) }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  const match = /^\/engagements\/(\d+)\?done=created$/.exec(result.location!);
  expect(match).not.toBeNull();
  return Number(match![1]);
}

function engagementRow(id: number) {
  return getDb().select().from(engagements).where(eq(engagements.id, id)).get();
}

function engagementCount(): number {
  return getDb().select({ total: count() }).from(engagements).get()!.total;
}

function lastEngagedAt(contactId: number): Date | null {
  return getDb().select().from(contacts).where(eq(contacts.id, contactId)).get()!.lastEngagedAt;
}

function attendeesOf(engagementId: number): number[] {
  return getDb()
    .select({ id: engagementContacts.contactId })
    .from(engagementContacts)
    .where(eq(engagementContacts.engagementId, engagementId))
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

function auditFor(entityType: string, id: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(id))))
    .orderBy(auditEvents.id)
    .all();
}

async function openPage(actor: Person, engagementId: number) {
  return callLoader(
    pageLoader,
    buildRequest(`/engagements/${engagementId}`, { cookie: actor.cookie }),
    { engagementId: String(engagementId) },
  );
}

type PageData = {
  engagement: {
    status: string;
    startsAtText: string;
    minutes: string | null;
    outcomes: string | null;
    minutesWithheld: boolean;
    attendees: { id: number; name: string }[];
    hiddenAttendeeCount: number;
    followUps: {
      id: number;
      description: string;
      ownerName: string;
      overdue: boolean;
      completedAt: Date | null;
    }[];
  };
  mayRecordHeld: boolean;
  mayDelete: boolean;
};

type FormReply = {
  result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
  picker?: {
    chosenContacts: { id: number }[];
    pickerResults: { id: number; name: string }[] | null;
  };
};

describe("planning an engagement and recording it as held", () => {
  it("plans it, then records it held with minutes, sentiment and a follow-up", async () => {
    const farid = addContact("Farid Ahmadi", afghan.id);
    const engagementId = await createAs(afghanOfficer, { contactIds: [String(farid)] });
    expect(engagementRow(engagementId)).toMatchObject({
      status: "planned",
      sentiment: null,
      startsAt: new Date("2026-02-10T18:30:00Z"),
      durationMinutes: 90,
      createdByUserId: afghanOfficer.id,
    });
    // A planned engagement is not contact yet.
    expect(lastEngagedAt(farid)).toBeNull();

    const page = await openPage(afghanOfficer, engagementId);
    expect(page.status).toBe(200);
    const planned = page.data as PageData;
    expect(planned.engagement.status).toBe("planned");
    expect(planned.mayRecordHeld).toBe(true);
    expect(planned.engagement.startsAtText).toBe("10 Feb 2026, 18:30");
    expect(planned.engagement.attendees.map((contact) => contact.name)).toEqual(["Farid Ahmadi"]);

    const form = await callLoader(
      heldLoader,
      buildRequest(`/engagements/${engagementId}/held`, { cookie: afghanOfficer.cookie }),
      { engagementId: String(engagementId) },
    );
    expect(form.status).toBe(200);

    const held = await callAction(
      heldAction,
      buildRequest(`/engagements/${engagementId}/held`, {
        cookie: afghanOfficer.cookie,
        form: {
          date: "2026-02-10",
          startTime: "18:45",
          durationMinutes: "75",
          minutes: "Twelve young people came. Concerns about stop and search near the station.",
          outcomes: "A follow-up session with the borough commander.",
          sentiment: "1",
          marking: "OFFICIAL",
          "followUps[0].description": "Invite the borough commander",
          "followUps[0].ownerUserId": String(afghanOfficer.id),
          "followUps[0].dueOn": "2026-03-01",
          "followUps[1].description": "",
          "followUps[1].ownerUserId": String(afghanOfficer.id),
          "followUps[1].dueOn": "",
        },
      }),
      { engagementId: String(engagementId) },
    );
    expect(held.status, JSON.stringify(held.data)).toBe(302);
    expect(held.location).toBe(`/engagements/${engagementId}?done=held`);
    expect(engagementRow(engagementId)).toMatchObject({
      status: "held",
      sentiment: 1,
      startsAt: new Date("2026-02-10T18:45:00Z"),
      durationMinutes: 75,
      minutes: "Twelve young people came. Concerns about stop and search near the station.",
    });
    expect(lastEngagedAt(farid)).toEqual(new Date("2026-02-10T18:45:00Z"));

    const rows = getDb()
      .select()
      .from(followUps)
      .where(eq(followUps.engagementId, engagementId))
      .all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      description: "Invite the borough commander",
      ownerUserId: afghanOfficer.id,
      dueOn: "2026-03-01",
      completedAt: null,
    });
    const audit = auditFor("engagement", engagementId);
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["create", "update", "view"]),
    );
    const recorded = audit.find((event) => event.detail === "recorded as held")!;
    expect(recorded.changes).toMatchObject({ status: ["planned", "held"], sentiment: [null, 1] });
    expect(auditFor("follow_up", rows[0]!.id).map((event) => event.action)).toEqual(["create"]);

    const after = (await openPage(afghanOfficer, engagementId)).data as PageData;
    expect(after.mayRecordHeld).toBe(false);
    expect(after.engagement.followUps[0]).toMatchObject({
      description: "Invite the borough commander",
      ownerName: "Laila Officer",
      // Due 1 March 2026, long past by the test's clock, and still open.
      overdue: true,
    });

    // Recording it held a second time is refused, the first record kept.
    const again = await callAction(
      heldAction,
      buildRequest(`/engagements/${engagementId}/held`, {
        cookie: afghanOfficer.cookie,
        form: { date: "2026-02-10", startTime: "19:00", durationMinutes: "60", sentiment: "-2" },
      }),
      { engagementId: String(engagementId) },
    );
    expect(again.status).toBe(409);
    expect(engagementRow(engagementId)!.sentiment).toBe(1);
  });

  it("keeps what was typed and writes nothing when the held form has errors", async () => {
    const engagementId = await createAs(afghanOfficer);
    const result = await callAction(
      heldAction,
      buildRequest(`/engagements/${engagementId}/held`, {
        cookie: afghanOfficer.cookie,
        form: {
          date: "2026-02-10",
          startTime: "18:30",
          durationMinutes: "60",
          minutes: "What was said",
          "followUps[0].description": "Call back",
          "followUps[0].ownerUserId": String(afghanOfficer.id),
        },
      }),
      { engagementId: String(engagementId) },
    );
    expect(result.status).toBe(400);
    const reply = result.data as FormReply;
    expect(reply.result.error).toMatchObject({
      sentiment: [expect.stringContaining("sentiment")],
      "followUps[0].dueOn": [expect.stringContaining("due date")],
    });
    expect(reply.result.initialValue).toMatchObject({ minutes: "What was said" });
    expect(engagementRow(engagementId)!.status).toBe("planned");
    expect(
      getDb().select().from(followUps).where(eq(followUps.engagementId, engagementId)).all(),
    ).toEqual([]);
  });

  it("logs an engagement directly as held, which needs a sentiment reading", async () => {
    const amina = addContact("Amina Rahimi", afghan.id);
    const before = engagementCount();
    const missing = await callAction(
      newAction,
      buildRequest("/engagements/new", {
        cookie: afghanOfficer.cookie,
        form: engagementForm({ status: "held", contactIds: [String(amina)] }),
      }),
    );
    expect(missing.status).toBe(400);
    expect((missing.data as FormReply).result.error).toMatchObject({
      sentiment: ["Record the sentiment reading of a held engagement"],
    });
    expect(engagementCount()).toBe(before);

    const engagementId = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "-1",
      minutes: "Tense; worries about a recent raid.",
      contactIds: [String(amina)],
    });
    expect(engagementRow(engagementId)).toMatchObject({ status: "held", sentiment: -1 });
    expect(lastEngagedAt(amina)).toEqual(new Date("2026-02-10T18:30:00Z"));
  });
});

describe("bad input", () => {
  it("answers 400 with errors beside the fields, keeps the values and writes nothing", async () => {
    const before = engagementCount();
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ communityIds: [] }, "communityIds", /at least one community/],
      [{ strandKeys: [] }, "strandKeys", /at least one strand/],
      [{ startTime: "25:10" }, "startTime", /HH:MM/],
      [{ date: "2026-02-30" }, "date", /real date/],
      // The clocks go forward at 01:00 on 29 March 2026: 01:30 does not happen in London.
      [{ date: "2026-03-29", startTime: "01:30" }, "startTime", /does not exist/],
      [
        { status: "held", sentiment: "1", date: "2099-01-01" },
        "date",
        /cannot start in the future/,
      ],
      [{ durationMinutes: "0" }, "durationMinutes", /1 to 1440/],
      [{ durationMinutes: "1441" }, "durationMinutes", /at most 1440/],
      [{ title: "" }, "title", /Enter a title/],
      [{ title: "x".repeat(201) }, "title", /200 characters/],
    ];
    for (const [overrides, field, message] of cases) {
      const result = await callAction(
        newAction,
        buildRequest("/engagements/new", {
          cookie: afghanOfficer.cookie,
          form: { ...engagementForm(overrides), unexpected: "ignored" },
        }),
      );
      expect(result.status, field).toBe(400);
      const reply = result.data as FormReply;
      expect(reply.result.error?.[field]?.join(" "), field).toMatch(message);
      expect(reply.result.initialValue).toMatchObject({
        purpose: "Hear young people's concerns about stop and search",
        location: "Hounslow community centre",
      });
    }
    expect(engagementCount()).toBe(before);
  });

  it("plans an engagement in the past, to be recorded as held later", async () => {
    const engagementId = await createAs(afghanOfficer, { date: "2025-06-01" });
    expect(engagementRow(engagementId)!.status).toBe("planned");
  });

  it("refuses a body that is not a form with 400", async () => {
    const request = new Request("http://localhost/engagements/new", {
      method: "POST",
      headers: {
        Cookie: afghanOfficer.cookie,
        "Content-Type": "multipart/form-data; boundary=crg",
      },
      body: "this is not multipart",
    });
    const result = await callAction(newAction, request);
    expect(result.status).toBe(400);
  });

  it("refuses a liaison officer choosing another community's box", async () => {
    const before = engagementCount();
    const result = await callAction(
      newAction,
      buildRequest("/engagements/new", {
        cookie: afghanOfficer.cookie,
        form: engagementForm({ communityIds: [String(afghan.id), String(eritrean.id)] }),
      }),
    );
    expect(result.status).toBe(400);
    expect((result.data as FormReply).result.error?.communityIds).toEqual([
      "Choose only communities you are assigned to",
    ]);
    expect(engagementCount()).toBe(before);
  });

  it("lets a strand lead write in any community, but only with one of their strands", async () => {
    const before = engagementCount();
    const refused = await callAction(
      newAction,
      buildRequest("/engagements/new", {
        cookie: youthLead.cookie,
        form: engagementForm({
          communityIds: [String(eritrean.id)],
          strandKeys: ["business"],
          officerIds: [String(youthLead.id)],
        }),
      }),
    );
    expect(refused.status).toBe(400);
    expect((refused.data as FormReply).result.error?.strandKeys).toEqual([
      "Include at least one of your strands",
    ]);
    expect(engagementCount()).toBe(before);
    const engagementId = await createAs(youthLead, {
      communityIds: [String(eritrean.id)],
      strandKeys: ["business", "youth"],
      officerIds: [String(youthLead.id)],
    });
    expect(engagementRow(engagementId)!.createdByUserId).toBe(youthLead.id);
  });

  it("refuses a community that does not exist", async () => {
    const result = await callAction(
      newAction,
      buildRequest("/engagements/new", {
        cookie: admin.cookie,
        form: engagementForm({ communityIds: ["999999"] }),
      }),
    );
    expect(result.status).toBe(400);
    expect((result.data as FormReply).result.error?.communityIds).toEqual([
      "Choose communities from the list",
    ]);
  });

  it("refuses a contact the officer may not see", async () => {
    const eden = addContact("Eden Tesfaye", eritrean.id);
    const result = await callAction(
      newAction,
      buildRequest("/engagements/new", {
        cookie: afghanOfficer.cookie,
        form: engagementForm({ contactIds: [String(eden)] }),
      }),
    );
    expect(result.status).toBe(400);
    expect((result.data as FormReply).result.error?.contactIds).toBeTruthy();
  });
});

describe("London wall-clock time", () => {
  it("keeps an engagement's wall-clock time across the March clock change", async () => {
    const engagementId = await createAs(afghanOfficer, {
      date: "2026-03-28",
      startTime: "18:00",
    });
    // Saturday 28 March is still GMT.
    expect(engagementRow(engagementId)!.startsAt).toEqual(new Date("2026-03-28T18:00:00Z"));
    const moved = await callAction(
      editAction,
      buildRequest(`/engagements/${engagementId}/edit`, {
        cookie: afghanOfficer.cookie,
        form: engagementForm({ date: "2026-04-04", startTime: "18:00" }),
      }),
      { engagementId: String(engagementId) },
    );
    expect(moved.status).toBe(302);
    // A week later London is on BST: 18:00 there is 17:00 UTC.
    expect(engagementRow(engagementId)!.startsAt).toEqual(new Date("2026-04-04T17:00:00Z"));
    const page = (await openPage(afghanOfficer, engagementId)).data as PageData;
    expect(page.engagement.startsAtText).toBe("4 Apr 2026, 18:00");
    const form = await callLoader(
      editLoader,
      buildRequest(`/engagements/${engagementId}/edit`, { cookie: afghanOfficer.cookie }),
      { engagementId: String(engagementId) },
    );
    expect(form.data).toMatchObject({ defaultValue: { date: "2026-04-04", startTime: "18:00" } });
  });
});

describe("a contact's last engaged date", () => {
  it("follows held engagements through edits, moves, removals and deletion", async () => {
    const nadia = addContact("Nadia Karimi", afghan.id);
    const early = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "0",
      date: "2026-01-05",
      startTime: "10:00",
      contactIds: [String(nadia)],
    });
    const later = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "2",
      date: "2026-05-20",
      startTime: "14:00",
      contactIds: [String(nadia)],
    });
    expect(lastEngagedAt(nadia)).toEqual(new Date("2026-05-20T13:00:00Z"));

    // Moving the later one before the earlier one.
    const moved = await callAction(
      editAction,
      buildRequest(`/engagements/${later}/edit`, {
        cookie: afghanOfficer.cookie,
        form: engagementForm({
          status: "held",
          sentiment: "2",
          date: "2025-12-01",
          startTime: "14:00",
          contactIds: [String(nadia)],
        }),
      }),
      { engagementId: String(later) },
    );
    expect(moved.status).toBe(302);
    expect(lastEngagedAt(nadia)).toEqual(new Date("2026-01-05T10:00:00Z"));
    const update = auditFor("engagement", later).find((event) => event.action === "update")!;
    expect(update.changes).toMatchObject({
      startsAt: ["2026-05-20T13:00:00.000Z", "2025-12-01T14:00:00.000Z"],
    });

    // Taking her off the earlier one leaves the moved one.
    const removed = await callAction(
      editAction,
      buildRequest(`/engagements/${early}/edit`, {
        cookie: afghanOfficer.cookie,
        form: engagementForm({
          status: "held",
          sentiment: "0",
          date: "2026-01-05",
          startTime: "10:00",
          contactIds: [],
        }),
      }),
      { engagementId: String(early) },
    );
    expect(removed.status).toBe(302);
    expect(attendeesOf(early)).toEqual([]);
    expect(lastEngagedAt(nadia)).toEqual(new Date("2025-12-01T14:00:00Z"));

    // A held engagement cannot be made planned again.
    const unheld = await callAction(
      editAction,
      buildRequest(`/engagements/${later}/edit`, {
        cookie: afghanOfficer.cookie,
        form: engagementForm({ status: "planned", contactIds: [String(nadia)] }),
      }),
      { engagementId: String(later) },
    );
    expect(unheld.status).toBe(400);

    // Deleting a held engagement: not by its liaison officer, not without a reason.
    const refusedPage = await callLoader(
      deleteLoader,
      buildRequest(`/engagements/${later}/delete`, { cookie: afghanOfficer.cookie }),
      { engagementId: String(later) },
    );
    expect(refusedPage.status).toBe(403);
    const refused = await callAction(
      deleteAction,
      buildRequest(`/engagements/${later}/delete`, {
        cookie: afghanOfficer.cookie,
        form: { reason: "Entered twice" },
      }),
      { engagementId: String(later) },
    );
    expect(refused.status).toBe(403);
    const noReason = await callAction(
      deleteAction,
      buildRequest(`/engagements/${later}/delete`, {
        cookie: admin.cookie,
        form: { reason: "  " },
      }),
      { engagementId: String(later) },
    );
    expect(noReason.status).toBe(400);
    expect((noReason.data as FormReply).result.error?.reason).toEqual([
      "Give the reason for deleting this engagement",
    ]);
    expect(engagementRow(later)).toBeDefined();

    const followUp = await callAction(
      newFollowUpAction,
      buildRequest(`/engagements/${later}/follow-ups/new`, {
        cookie: afghanOfficer.cookie,
        form: {
          description: "Send the notes",
          ownerUserId: String(afghanOfficer.id),
          dueOn: "2026-12-01",
        },
      }),
      { engagementId: String(later) },
    );
    expect(followUp.status).toBe(302);

    const deleted = await callAction(
      deleteAction,
      buildRequest(`/engagements/${later}/delete`, {
        cookie: admin.cookie,
        form: { reason: "Entered twice by mistake" },
      }),
      { engagementId: String(later) },
    );
    expect(deleted.status).toBe(302);
    expect(engagementRow(later)).toBeUndefined();
    expect(attendeesOf(later)).toEqual([]);
    expect(getDb().select().from(followUps).where(eq(followUps.engagementId, later)).all()).toEqual(
      [],
    );
    expect(
      getDb()
        .select()
        .from(engagementStrands)
        .where(eq(engagementStrands.engagementId, later))
        .all(),
    ).toEqual([]);
    expect(lastEngagedAt(nadia)).toBeNull();
    const deletion = auditFor("engagement", later).find((event) => event.action === "delete")!;
    expect(deletion.actorUserId).toBe(admin.id);
    expect(deletion.detail).toContain("Entered twice by mistake");

    const gone = await openPage(admin, later);
    expect(gone.status).toBe(404);
  });

  it("lets the writers of a planned engagement delete it", async () => {
    const engagementId = await createAs(afghanOfficer);
    const deleted = await callAction(
      deleteAction,
      buildRequest(`/engagements/${engagementId}/delete`, {
        cookie: secondAfghanOfficer.cookie,
        form: { reason: "Cancelled by the community" },
      }),
      { engagementId: String(engagementId) },
    );
    expect(deleted.status).toBe(302);
    expect(engagementRow(engagementId)).toBeUndefined();
  });

  it("unlinks an action item from a deleted engagement and keeps the item", async () => {
    const engagementId = await createAs(afghanOfficer);
    const db = getDb();
    const now = new Date();
    const plan =
      db.select().from(actionPlans).where(eq(actionPlans.communityId, afghan.id)).get() ??
      db
        .insert(actionPlans)
        .values({ communityId: afghan.id, startOn: "2026-01-01", createdAt: now, updatedAt: now })
        .returning()
        .get();
    const item = db
      .insert(actionItems)
      .values({
        planId: plan.id,
        communityId: afghan.id,
        strandKey: "youth",
        title: "Youth forum terms of reference",
        dueOn: "2026-12-01",
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    db.insert(actionItemEngagements).values({ itemId: item.id, engagementId }).run();
    const page = await openPage(afghanOfficer, engagementId);
    expect((page.data as { actionItems: { id: number; title: string }[] }).actionItems).toEqual([
      expect.objectContaining({ id: item.id, title: "Youth forum terms of reference" }),
    ]);

    const deleted = await callAction(
      deleteAction,
      buildRequest(`/engagements/${engagementId}/delete`, {
        cookie: afghanOfficer.cookie,
        form: { reason: "Planned by mistake" },
      }),
      { engagementId: String(engagementId) },
    );
    expect(deleted.status).toBe(302);
    expect(engagementRow(engagementId)).toBeUndefined();
    expect(
      db
        .select()
        .from(actionItemEngagements)
        .where(eq(actionItemEngagements.itemId, item.id))
        .all(),
    ).toEqual([]);
    expect(db.select().from(actionItems).where(eq(actionItems.id, item.id)).get()).toBeDefined();
    const deletion = auditFor("engagement", engagementId).find(
      (event) => event.action === "delete",
    )!;
    expect(deletion.changes?.linkedActionItemIds).toEqual([[item.id], null]);
  });

  it("moves engagements to the surviving contact when two contacts are merged", async () => {
    const survivor = addContact("Omar Haidari", afghan.id);
    const duplicate = addContact("Omar Haidary", afghan.id);
    const survivorOnly = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "1",
      date: "2026-01-15",
      contactIds: [String(survivor)],
    });
    const duplicateOnly = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "1",
      date: "2026-04-15",
      startTime: "09:00",
      contactIds: [String(duplicate)],
    });
    const both = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "0",
      date: "2026-02-15",
      contactIds: [String(survivor), String(duplicate)],
    });
    expect(lastEngagedAt(survivor)).toEqual(new Date("2026-02-15T18:30:00Z"));

    const merged = await callAction(
      contactAction,
      buildRequest(`/contacts/${survivor}`, {
        cookie: admin.cookie,
        form: { intent: "mergeConfirm", duplicateId: String(duplicate) },
      }),
      { contactId: String(survivor) },
    );
    expect(merged.status).toBe(302);
    expect(attendeesOf(survivorOnly)).toEqual([survivor]);
    expect(attendeesOf(duplicateOnly)).toEqual([survivor]);
    expect(attendeesOf(both)).toEqual([survivor]);
    expect(lastEngagedAt(survivor)).toEqual(new Date("2026-04-15T08:00:00Z"));
  });
});

describe("OFFICIAL-SENSITIVE minutes", () => {
  let engagementId = 0;
  const minutes = "Names of two people at risk were discussed.";

  beforeAll(async () => {
    engagementId = await createAs(afghanOfficer, {
      status: "held",
      sentiment: "-1",
      marking: "OFFICIAL-SENSITIVE",
      minutes,
      outcomes: "Referral made.",
      strandKeys: ["youth"],
      officerIds: [String(afghanOfficer.id)],
    });
  });

  it.each([
    ["the attending officer", () => afghanOfficer],
    ["the lead of its strand", () => youthLead],
    ["an admin", () => admin],
  ])("are shown to %s", async (_who, actor) => {
    const page = await openPage(actor(), engagementId);
    expect(page.status).toBe(200);
    const data = page.data as PageData;
    expect(data.engagement.minutesWithheld).toBe(false);
    expect(data.engagement.minutes).toBe(minutes);
    expect(data.engagement.outcomes).toBe("Referral made.");
  });

  it.each([
    ["a liaison officer of the community who was not there", () => secondAfghanOfficer],
    ["steering", () => steering],
  ])("are withheld from %s, who still sees the engagement", async (_who, actor) => {
    const page = await openPage(actor(), engagementId);
    expect(page.status).toBe(200);
    const data = page.data as PageData;
    expect(data.engagement.minutesWithheld).toBe(true);
    expect(data.engagement.minutes).toBeNull();
    expect(data.engagement.outcomes).toBeNull();
    expect(JSON.stringify(page.data)).not.toContain("people at risk");
  });

  it("are kept when an officer outside the circle edits the engagement", async () => {
    const form = await callLoader(
      editLoader,
      buildRequest(`/engagements/${engagementId}/edit`, { cookie: secondAfghanOfficer.cookie }),
      { engagementId: String(engagementId) },
    );
    expect(form.status).toBe(200);
    expect(JSON.stringify(form.data)).not.toContain("people at risk");
    const saved = await callAction(
      editAction,
      buildRequest(`/engagements/${engagementId}/edit`, {
        cookie: secondAfghanOfficer.cookie,
        form: engagementForm({
          title: "Youth forum (renamed)",
          status: "held",
          sentiment: "-1",
          officerIds: [String(afghanOfficer.id)],
        }),
      }),
      { engagementId: String(engagementId) },
    );
    expect(saved.status).toBe(302);
    expect(engagementRow(engagementId)).toMatchObject({
      title: "Youth forum (renamed)",
      minutes,
      outcomes: "Referral made.",
      marking: "OFFICIAL-SENSITIVE",
    });
  });
});

describe("recording an OFFICIAL-SENSITIVE engagement as held from outside its circle", () => {
  it("keeps the minutes the officer was never shown", async () => {
    const engagementId = await createAs(afghanOfficer, {
      marking: "OFFICIAL-SENSITIVE",
      minutes: "Pre-brief: an informant's name.",
      officerIds: [String(afghanOfficer.id)],
    });
    const form = await callLoader(
      heldLoader,
      buildRequest(`/engagements/${engagementId}/held`, { cookie: secondAfghanOfficer.cookie }),
      { engagementId: String(engagementId) },
    );
    expect(form.status).toBe(200);
    expect(form.data).toMatchObject({ minutesWithheld: true });
    expect(JSON.stringify(form.data)).not.toContain("informant");
    const held = await callAction(
      heldAction,
      buildRequest(`/engagements/${engagementId}/held`, {
        cookie: secondAfghanOfficer.cookie,
        form: {
          date: "2026-02-10",
          startTime: "18:30",
          durationMinutes: "60",
          sentiment: "0",
          marking: "OFFICIAL",
        },
      }),
      { engagementId: String(engagementId) },
    );
    expect(held.status).toBe(302);
    expect(engagementRow(engagementId)).toMatchObject({
      status: "held",
      sentiment: 0,
      minutes: "Pre-brief: an informant's name.",
      marking: "OFFICIAL-SENSITIVE",
    });
  });

  it("audits every opening of the page as a view", async () => {
    const engagementId = await createAs(afghanOfficer);
    await openPage(steering, engagementId);
    const views = auditFor("engagement", engagementId).filter((event) => event.action === "view");
    expect(views.map((event) => event.actorUserId)).toEqual([steering.id]);
    // A page the reader may not open is not a view.
    await openPage(eritreanOfficer, engagementId);
    expect(
      auditFor("engagement", engagementId).filter((event) => event.action === "view"),
    ).toHaveLength(1);
  });
});

describe("scope", () => {
  let afghanEngagement = 0;
  beforeAll(async () => {
    afghanEngagement = await createAs(afghanOfficer, { strandKeys: ["community"] });
  });

  it("answers 404 to a liaison officer of another community, on every page and form", async () => {
    const params = { engagementId: String(afghanEngagement) };
    const request = () =>
      buildRequest(`/engagements/${afghanEngagement}`, { cookie: eritreanOfficer.cookie });
    for (const loader of [pageLoader, editLoader, heldLoader, deleteLoader, newFollowUpLoader]) {
      expect((await callLoader(loader, request(), params)).status).toBe(404);
    }
    const post = (form: Record<string, string | string[]>) =>
      buildRequest(`/engagements/${afghanEngagement}`, { cookie: eritreanOfficer.cookie, form });
    expect((await callAction(editAction, post(engagementForm()), params)).status).toBe(404);
    expect((await callAction(heldAction, post({ sentiment: "1" }), params)).status).toBe(404);
    expect((await callAction(deleteAction, post({ reason: "x" }), params)).status).toBe(404);
    expect(engagementRow(afghanEngagement)).toBeDefined();
  });

  it("answers 404 to a strand lead of other strands", async () => {
    expect((await openPage(youthLead, afghanEngagement)).status).toBe(404);
  });

  it("lets steering read but never plan or change an engagement", async () => {
    expect((await openPage(steering, afghanEngagement)).status).toBe(200);
    const newForm = await callLoader(
      newLoader,
      buildRequest("/engagements/new", { cookie: steering.cookie }),
    );
    expect(newForm.status).toBe(403);
    const before = engagementCount();
    const create = await callAction(
      newAction,
      buildRequest("/engagements/new", { cookie: steering.cookie, form: engagementForm() }),
    );
    expect(create.status).toBe(403);
    expect(engagementCount()).toBe(before);
    const params = { engagementId: String(afghanEngagement) };
    const edit = await callLoader(
      editLoader,
      buildRequest(`/engagements/${afghanEngagement}/edit`, { cookie: steering.cookie }),
      params,
    );
    expect(edit.status).toBe(403);
    const save = await callAction(
      editAction,
      buildRequest(`/engagements/${afghanEngagement}/edit`, {
        cookie: steering.cookie,
        form: engagementForm({ title: "Changed by steering" }),
      }),
      params,
    );
    expect(save.status).toBe(403);
    expect(engagementRow(afghanEngagement)!.title).not.toBe("Changed by steering");
  });

  it("prefills the new form from a link, but only with what the officer may use", async () => {
    const zahra = addContact("Zahra Noori", afghan.id);
    const hidden = addContact("Helen Ghebre", eritrean.id);
    const own = await callLoader(
      newLoader,
      buildRequest(`/engagements/new?communityId=${afghan.id}&contactId=${zahra}&status=held`, {
        cookie: afghanOfficer.cookie,
      }),
    );
    expect(own.data).toMatchObject({
      defaultValue: {
        status: "held",
        communityIds: [String(afghan.id)],
        officerIds: [String(afghanOfficer.id)],
      },
      picker: { chosenContacts: [{ id: zahra, name: "Zahra Noori" }] },
    });
    const other = await callLoader(
      newLoader,
      buildRequest(`/engagements/new?communityId=${eritrean.id}&contactId=${hidden}`, {
        cookie: afghanOfficer.cookie,
      }),
    );
    expect(other.data).toMatchObject({
      defaultValue: { communityIds: [String(afghan.id)] },
      picker: { chosenContacts: [] },
    });
  });
});

describe("the contact picker", () => {
  let afghanYasmin = 0;
  let eritreanYasmin = 0;
  beforeAll(() => {
    afghanYasmin = addContact("Yasmin Popal", afghan.id);
    eritreanYasmin = addContact("Yasmin Kidane", eritrean.id);
  });

  async function pick(actor: Person, q: string) {
    const result = await callLoader(
      pickerLoader,
      buildRequest(`/contacts/picker?q=${encodeURIComponent(q)}`, { cookie: actor.cookie }),
    );
    expect(result.status).toBe(200);
    return JSON.parse(result.data as string) as { id: number; communityName: string | null }[];
  }

  it("returns as JSON only the contacts the officer may see", async () => {
    const found = await pick(afghanOfficer, "Yasmin");
    expect(found.map((contact) => contact.id)).toEqual([afghanYasmin]);
    expect(found[0]).toMatchObject({
      name: "Yasmin Popal",
      latinName: "",
      communityName: "Afghan community",
      organisationName: null,
    });
    const ids = (await pick(admin, "Yasmin")).map((contact) => contact.id).sort((a, b) => a - b);
    expect(ids).toEqual([afghanYasmin, eritreanYasmin].sort((a, b) => a - b));
  });

  it("answers an empty list for a query too short to search", async () => {
    expect(await pick(admin, "Y")).toEqual([]);
    expect(await pick(admin, "")).toEqual([]);
  });

  it("requires sign-in", async () => {
    const result = await callLoader(pickerLoader, buildRequest("/contacts/picker?q=Yasmin"));
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/login/);
  });

  it("finds contacts without JavaScript, keeping the form and the ticked contacts", async () => {
    const chosen = addContact("Bashir Sultani", afghan.id);
    const before = engagementCount();
    const result = await callAction(
      newAction,
      buildRequest("/engagements/new", {
        cookie: afghanOfficer.cookie,
        form: {
          ...engagementForm({ title: "Half-typed title", contactIds: [String(chosen)] }),
          contactQuery: "Yasmin",
          intent: "find-contacts",
        },
      }),
    );
    expect(result.status).toBe(200);
    const reply = result.data as FormReply;
    expect(reply.picker!.pickerResults!.map((contact) => contact.id)).toEqual([afghanYasmin]);
    expect(reply.picker!.chosenContacts.map((contact) => contact.id)).toEqual([chosen]);
    expect(reply.result.initialValue).toMatchObject({
      title: "Half-typed title",
      purpose: "Hear young people's concerns about stop and search",
    });
    expect(reply.result.error).toEqual({});
    expect(engagementCount()).toBe(before);

    // Ticking the found contact and saving records both.
    const engagementId = await createAs(afghanOfficer, {
      contactIds: [String(chosen), String(afghanYasmin)],
    });
    expect(attendeesOf(engagementId)).toEqual([chosen, afghanYasmin].sort((a, b) => a - b));
  });

  it("keeps attendees an editor cannot see, and only counts them on the page", async () => {
    const engagementId = await createAs(admin, {
      communityIds: [String(afghan.id), String(eritrean.id)],
      contactIds: [String(afghanYasmin), String(eritreanYasmin)],
    });
    const page = (await openPage(afghanOfficer, engagementId)).data as PageData;
    expect(page.engagement.attendees.map((contact) => contact.id)).toEqual([afghanYasmin]);
    expect(page.engagement.hiddenAttendeeCount).toBe(1);
    expect(JSON.stringify(page)).not.toContain("Kidane");

    const saved = await callAction(
      editAction,
      buildRequest(`/engagements/${engagementId}/edit`, {
        cookie: afghanOfficer.cookie,
        form: engagementForm({
          title: "Renamed by the Afghan officer",
          communityIds: [String(afghan.id), String(eritrean.id)],
          contactIds: [String(afghanYasmin)],
        }),
      }),
      { engagementId: String(engagementId) },
    );
    expect(saved.status, JSON.stringify(saved.data)).toBe(302);
    expect(attendeesOf(engagementId)).toEqual([afghanYasmin, eritreanYasmin].sort((a, b) => a - b));
  });
});

describe("follow-ups", () => {
  let engagementId = 0;
  let followUpId = 0;

  beforeAll(async () => {
    engagementId = await createAs(afghanOfficer, { strandKeys: ["community"] });
  });

  it("are added by the engagement's writers, with field errors for bad input", async () => {
    const bad = await callAction(
      newFollowUpAction,
      buildRequest(`/engagements/${engagementId}/follow-ups/new`, {
        cookie: afghanOfficer.cookie,
        form: { description: "", ownerUserId: String(afghanOfficer.id), dueOn: "soon" },
      }),
      { engagementId: String(engagementId) },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.data as FormReply).result.error ?? {}).sort()).toEqual([
      "description",
      "dueOn",
    ]);
    const steeringOwner = await callAction(
      newFollowUpAction,
      buildRequest(`/engagements/${engagementId}/follow-ups/new`, {
        cookie: afghanOfficer.cookie,
        form: { description: "Write up", ownerUserId: String(steering.id), dueOn: "2026-12-24" },
      }),
      { engagementId: String(engagementId) },
    );
    expect(steeringOwner.status).toBe(400);

    const added = await callAction(
      newFollowUpAction,
      buildRequest(`/engagements/${engagementId}/follow-ups/new`, {
        cookie: secondAfghanOfficer.cookie,
        form: {
          description: "Share the leaflet in Dari",
          ownerUserId: String(afghanOfficer.id),
          dueOn: "2099-12-24",
        },
      }),
      { engagementId: String(engagementId) },
    );
    expect(added.status).toBe(302);
    const row = getDb()
      .select()
      .from(followUps)
      .where(eq(followUps.engagementId, engagementId))
      .get()!;
    followUpId = row.id;
    expect(row).toMatchObject({ description: "Share the leaflet in Dari", dueOn: "2099-12-24" });
    const page = (await openPage(afghanOfficer, engagementId)).data as PageData;
    expect(page.engagement.followUps[0]).toMatchObject({ overdue: false, completedAt: null });
  });

  it("are not added by steering or by officers of other communities", async () => {
    const form = { description: "x", ownerUserId: String(afghanOfficer.id), dueOn: "2026-12-01" };
    const bySteering = await callAction(
      newFollowUpAction,
      buildRequest(`/engagements/${engagementId}/follow-ups/new`, {
        cookie: steering.cookie,
        form,
      }),
      { engagementId: String(engagementId) },
    );
    expect(bySteering.status).toBe(403);
    const byOther = await callAction(
      newFollowUpAction,
      buildRequest(`/engagements/${engagementId}/follow-ups/new`, {
        cookie: eritreanOfficer.cookie,
        form,
      }),
      { engagementId: String(engagementId) },
    );
    expect(byOther.status).toBe(404);
  });

  it("are completed and reopened by the owner or a writer, and by nobody else", async () => {
    const params = { engagementId: String(engagementId), followUpId: String(followUpId) };
    const post = (actor: Person, intent: string) =>
      callAction(
        followUpAction,
        buildRequest(`/engagements/${engagementId}/follow-ups/${followUpId}`, {
          cookie: actor.cookie,
          form: { intent },
        }),
        params,
      );
    expect((await post(steering, "complete")).status).toBe(403);
    expect((await post(eritreanOfficer, "complete")).status).toBe(404);
    const completed = await post(afghanOfficer, "complete");
    expect(completed.status).toBe(302);
    expect(completed.location).toBe(`/engagements/${engagementId}?done=follow-up-completed`);
    const row = () => getDb().select().from(followUps).where(eq(followUps.id, followUpId)).get()!;
    expect(row().completedAt).not.toBeNull();
    expect((await post(afghanOfficer, "complete")).status).toBe(409);
    expect((await post(secondAfghanOfficer, "reopen")).status).toBe(302);
    expect(row().completedAt).toBeNull();
    expect(auditFor("follow_up", followUpId).map((event) => event.detail)).toEqual([
      null,
      "completed",
      "reopened",
    ]);
    expect((await post(afghanOfficer, "explode")).status).toBe(400);
  });
});
