import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { contactStrands } from "~/db/schema";
import { loadSessionUser, type SessionUser } from "~/auth/session.server";
import {
  contactsDueForContact,
  followUpsDueFor,
  londonDayNumber,
  upcomingEngagementsFor,
} from "~/domain/engagement-lists.server";
import { addDays, daysBetween, londonToday, toLondonWallClock } from "~/domain/london-time";
import { crgDutiesDue, listContacts } from "~/domain/contacts.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as contactsLoader } from "~/routes/contacts._index";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";
import { at, insertContact, insertEngagement, insertFollowUp } from "./engagement-builders";

withTestDatabase();

/** A fixed clock: Sunday 29 November 2026, 09:00 in London (GMT). */
const NOW = at("2026-11-29", "09:00");

let afghan: number;
let eritrean: number;
let officer: SessionUser;
let otherOfficer: SessionUser;
let admin: SessionUser;
const contactIds: Record<string, number> = {};

function actor(userId: number): SessionUser {
  return loadSessionUser(getDb(), userId)!;
}

/** A held engagement of the contact's community, attended by the contact. */
function engagedAt(contactId: number, communityId: number, startsAt: Date) {
  insertEngagement({
    startsAt,
    communityIds: [communityId],
    strandKeys: ["community"],
    contactIds: [contactId],
  });
}

beforeAll(async () => {
  afghan = createCommunity({ name: "Afghan community", countryCode: "AF" }).id;
  eritrean = createCommunity({ name: "Eritrean community", countryCode: "ER" }).id;
  officer = actor((await createUser({ role: "liaison", communityIds: [afghan] })).id);
  otherOfficer = actor((await createUser({ role: "liaison", communityIds: [eritrean] })).id);
  admin = actor((await createUser({ role: "admin" })).id);

  const key = (
    name: string,
    cadence: number,
    options: { archived?: boolean; communityId?: number } = {},
  ) =>
    (contactIds[name] = insertContact({
      name,
      communityId: options.communityId ?? afghan,
      keyContactCadenceDays: cadence,
      archived: options.archived,
    }));
  // Exactly 30 London days before today: due, the cadence has run out.
  engagedAt(key("Key thirty exact", 30), afghan, at("2026-10-30", "23:30"));
  // 29 days: not yet.
  engagedAt(key("Key thirty not yet", 30), afghan, at("2026-10-31", "08:00"));
  // 00:30 on 30 September in London is 23:30 on the 29th in UTC: 60 London days, not 61.
  engagedAt(key("Key sixty summer", 60), afghan, at("2026-09-30", "00:30"));
  engagedAt(key("Key sixty-one summer", 61), afghan, at("2026-09-30", "00:30"));
  key("Key never", 14);
  key("Key archived", 7, { archived: true });
  key("Key of another community", 7, { communityId: eritrean });
  // Only planned engagements: never engaged.
  insertEngagement({
    startsAt: at("2026-11-01", "10:00"),
    communityIds: [afghan],
    strandKeys: ["community"],
    status: "planned",
    contactIds: [key("Key planned only", 30)],
  });

  const owned = (name: string, options: { archived?: boolean; communityId?: number } = {}) =>
    (contactIds[name] = insertContact({
      name,
      communityId: options.communityId ?? eritrean,
      ownerUserId: officer.id,
      archived: options.archived,
    }));
  // Owned contacts count wherever they belong: 90 days is due, 89 is not.
  engagedAt(owned("Owned ninety"), eritrean, at("2026-08-31", "12:00"));
  engagedAt(owned("Owned eighty-nine"), eritrean, at("2026-09-01", "12:00"));
  owned("Owned never");
  owned("Owned archived", { archived: true });
  // Both a key contact in scope and owned: listed once.
  contactIds["Owned key"] = insertContact({
    name: "Owned key",
    communityId: afghan,
    ownerUserId: officer.id,
    keyContactCadenceDays: 30,
  });
  engagedAt(contactIds["Owned key"]!, afghan, at("2026-10-01", "12:00"));
});

describe("London calendar days in SQL", () => {
  it("agree with the London clock every hour of 2026, around both clock changes too", () => {
    const mismatches: string[] = [];
    for (let instant = Date.UTC(2026, 0, 1); instant < Date.UTC(2027, 0, 1); instant += 3_600_000) {
      const row = getDb().get<{ day: number }>(
        sql`SELECT ${londonDayNumber(sql`${instant}`)} AS day`,
      );
      const expected = daysBetween("1970-01-01", toLondonWallClock(new Date(instant)).date);
      if (row.day !== expected) mismatches.push(new Date(instant).toISOString());
    }
    expect(mismatches).toEqual([]);
  });
});

describe("contacts due for contact", () => {
  it("lists due key contacts in the officer's communities and their own contacts not engaged for 90 days, never engaged first", () => {
    const due = contactsDueForContact(getDb(), officer, NOW);
    expect(
      due.contacts.map((contact) => [contact.name, contact.daysSinceEngaged, contact.ownedByMe]),
    ).toEqual([
      ["Key never", null, false],
      ["Key planned only", null, false],
      ["Owned never", null, true],
      ["Owned ninety", 90, true],
      ["Key sixty summer", 60, false],
      ["Owned key", 59, true],
      ["Key thirty exact", 30, false],
    ]);
    expect(due.total).toBe(7);
  });

  it("counts a key contact of another community for that community's officer only", () => {
    const names = contactsDueForContact(getDb(), otherOfficer, NOW).contacts.map((c) => c.name);
    expect(names).toContain("Key of another community");
    expect(names).not.toContain("Key never");
    expect(names).not.toContain("Owned never");
  });

  it("becomes due on the day the cadence runs out, in London days", () => {
    const dayBefore = at("2026-11-28", "23:59");
    const names = contactsDueForContact(getDb(), officer, dayBefore).contacts.map((c) => c.name);
    expect(names).not.toContain("Key thirty exact");
    expect(names).not.toContain("Owned ninety");
    const nextDay = at("2026-11-30", "00:01");
    const later = contactsDueForContact(getDb(), officer, nextDay).contacts.map((c) => c.name);
    expect(later).toContain("Key thirty not yet");
    expect(later).toContain("Key sixty-one summer");
    expect(later).toContain("Owned eighty-nine");
  });

  it("stops at 10 and says how many more there are", async () => {
    const busy = actor((await createUser({ role: "liaison", communityIds: [] })).id);
    for (let index = 0; index < 23; index += 1) {
      insertContact({ name: `Busy ${index}`, communityId: eritrean, ownerUserId: busy.id });
    }
    const due = contactsDueForContact(getDb(), busy, NOW);
    expect(due.contacts).toHaveLength(10);
    expect(due.total).toBe(23);
  });

  it("gives an admin only the contacts they own, not every key contact", () => {
    expect(contactsDueForContact(getDb(), admin, NOW).total).toBe(0);
  });
});

describe("follow-ups due or overdue", () => {
  let visible: number;
  let hidden: number;
  beforeAll(() => {
    visible = insertEngagement({
      title: "Afghan elders' meeting",
      startsAt: at("2026-11-20", "18:00"),
      communityIds: [afghan],
      strandKeys: ["community"],
    });
    hidden = insertEngagement({
      title: "Eritrean elders' meeting",
      startsAt: at("2026-11-21", "18:00"),
      communityIds: [eritrean],
      strandKeys: ["community"],
    });
    insertFollowUp({ engagementId: visible, ownerUserId: officer.id, dueOn: "2026-11-26" });
    insertFollowUp({ engagementId: visible, ownerUserId: officer.id, dueOn: "2026-11-29" });
    insertFollowUp({ engagementId: visible, ownerUserId: officer.id, dueOn: "2026-12-06" });
    insertFollowUp({ engagementId: visible, ownerUserId: officer.id, dueOn: "2026-12-07" });
    insertFollowUp({
      engagementId: visible,
      ownerUserId: officer.id,
      dueOn: "2026-11-01",
      completed: true,
    });
    insertFollowUp({ engagementId: visible, ownerUserId: otherOfficer.id, dueOn: "2026-11-27" });
    insertFollowUp({ engagementId: hidden, ownerUserId: officer.id, dueOn: "2026-11-28" });
  });

  it("lists open follow-ups overdue or due within 7 days, most overdue first, with days overdue", () => {
    const due = followUpsDueFor(getDb(), officer, NOW);
    expect(due.followUps.map((followUp) => [followUp.dueOn, followUp.daysUntilDue])).toEqual([
      ["2026-11-26", -3],
      ["2026-11-28", -1],
      ["2026-11-29", 0],
      ["2026-12-06", 7],
    ]);
    expect(due.total).toBe(4);
  });

  it("keeps a follow-up on an engagement the officer may not open, without the link", () => {
    const due = followUpsDueFor(getDb(), officer, NOW);
    expect(due.followUps[0]!.engagement).toEqual({ id: visible, title: "Afghan elders' meeting" });
    expect(due.followUps[1]!.engagement).toBeNull();
  });
});

describe("upcoming engagements", () => {
  beforeAll(() => {
    const planned = (title: string, startsAt: Date, officerIds = [officer.id]) =>
      insertEngagement({
        title,
        startsAt,
        communityIds: [afghan],
        strandKeys: ["youth"],
        status: "planned",
        officerIds,
      });
    planned("Earlier this morning", at("2026-11-29", "08:00"));
    planned("Later this morning", at("2026-11-29", "10:00"));
    planned("Not attending", at("2026-11-30", "10:00"), [otherOfficer.id]);
    insertEngagement({
      title: "Already recorded as held",
      startsAt: at("2026-11-30", "11:00"),
      communityIds: [afghan],
      strandKeys: ["youth"],
      officerIds: [officer.id],
    });
    for (let day = 1; day <= 12; day += 1) {
      planned(`December ${day}`, at(`2026-12-${String(day).padStart(2, "0")}`, "14:00"));
    }
  });

  it("lists the next 10 planned engagements the officer attends from now, soonest first", () => {
    const upcoming = upcomingEngagementsFor(getDb(), officer, NOW);
    expect(upcoming.total).toBe(13);
    expect(upcoming.engagements.map((engagement) => engagement.title)).toEqual([
      "Later this morning",
      ...Array.from({ length: 9 }, (_, index) => `December ${index + 1}`),
    ]);
  });
});

describe("the home page", () => {
  it("shows an officer their work, with the real clock", async () => {
    const user = await createUser({ role: "liaison", communityIds: [afghan] });
    const tomorrow = addDays(londonToday(new Date()), 1);
    insertEngagement({
      title: "Tomorrow's youth forum",
      startsAt: at(tomorrow, "18:00"),
      communityIds: [afghan],
      strandKeys: ["youth"],
      status: "planned",
      officerIds: [user.id],
    });
    const result = await callLoader(homeLoader, buildRequest("/", { cookie: cookieFor(user.id) }));
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({
      work: { upcoming: { total: 1, engagements: [{ title: "Tomorrow's youth forum" }] } },
    });
  });

  it("gives steering the dashboard rather than an officer's work", async () => {
    const user = await createUser({ role: "steering" });
    const result = await callLoader(homeLoader, buildRequest("/", { cookie: cookieFor(user.id) }));
    expect(result.data).toMatchObject({ work: null });
  });
});

describe("a strand lead's contacts due for contact", () => {
  it("are the key contacts of their strands, in any community", async () => {
    const lead = actor((await createUser({ role: "strand_lead", strandKeys: ["media"] })).id);
    const journalist = insertContact({
      name: "Key journalist",
      communityId: eritrean,
      keyContactCadenceDays: 30,
    });
    getDb().insert(contactStrands).values({ contactId: journalist, strandKey: "media" }).run();
    const names = contactsDueForContact(getDb(), lead, NOW).contacts.map((contact) => contact.name);
    expect(names).toEqual(["Key journalist"]);
  });
});

/** An agreement signed and interests declared a month ago, by the real clock. */
function signedThisYear() {
  const monthAgo = addDays(londonToday(new Date()), -30);
  return { confidentialitySignedOn: monthAgo, interestsDeclaredOn: monthAgo };
}

describe("CRG reviews and renewals due", () => {
  const names = (user: SessionUser) =>
    crgDutiesDue(getDb(), user, NOW).members.map((member) => member.name);

  beforeAll(() => {
    type Dates = NonNullable<Parameters<typeof insertContact>[0]["crgMember"]>;
    // Signed and declared this year unless told: nothing due but what a test gives a date.
    const member = (name: string, dates: Dates, communityId = afghan, archived = false) =>
      insertContact({
        name,
        communityId,
        archived,
        crgMember: {
          confidentialitySignedOn: "2026-06-01",
          interestsDeclaredOn: "2026-06-01",
          ...dates,
        },
      });
    member("Member overdue", { vettingReviewOn: "2026-11-20" });
    member("Member due today", { vettingReviewOn: "2026-11-29" });
    member("Member due in thirty days", { vettingReviewOn: "2026-12-29" });
    member("Member due in thirty-one days", { vettingReviewOn: "2026-12-30" });
    member("Member archived", { vettingReviewOn: "2026-11-01" }, afghan, true);
    member("Member without a review date", {});
    member("Member of another community", { vettingReviewOn: "2026-12-01" }, eritrean);
    // Signed, and declared, a year and more ago: to do again. Within the year: nothing to do.
    member("Member to sign again", { confidentialitySignedOn: "2025-11-26" });
    member("Member signed this year", { confidentialitySignedOn: "2026-01-05" });
    member("Member to declare in thirty days", { interestsDeclaredOn: "2025-12-29" });
    member("Member to declare in thirty-one days", { interestsDeclaredOn: "2025-12-30" });
    // A year after 29 February is 1 March.
    member("Member declared on a leap day", { interestsDeclaredOn: "2024-02-29" });
    member("Member with two things due", {
      vettingReviewOn: "2026-12-10",
      interestsDeclaredOn: "2025-12-01",
    });
    // Never signed, never declared: due at once, before anything dated.
    member("Member who never signed or declared", {
      confidentialitySignedOn: null,
      interestsDeclaredOn: null,
    });
    // A review date on someone who is not (or no longer) a member is no reminder.
    insertContact({ name: "Former member", communityId: afghan });
  });

  it("lists an officer's members with anything due within 30 days or overdue, soonest first, with what and when", () => {
    const due = crgDutiesDue(getDb(), officer, NOW);
    expect(due.members.map((member) => [member.name, member.duties])).toEqual([
      [
        "Member who never signed or declared",
        [
          { duty: "confidentiality", on: null, daysUntilDue: null },
          { duty: "interests", on: null, daysUntilDue: null },
        ],
      ],
      [
        "Member declared on a leap day",
        [{ duty: "interests", on: "2025-03-01", daysUntilDue: -638 }],
      ],
      ["Member overdue", [{ duty: "vettingReview", on: "2026-11-20", daysUntilDue: -9 }]],
      ["Member to sign again", [{ duty: "confidentiality", on: "2026-11-26", daysUntilDue: -3 }]],
      ["Member due today", [{ duty: "vettingReview", on: "2026-11-29", daysUntilDue: 0 }]],
      [
        "Member with two things due",
        [
          { duty: "interests", on: "2026-12-01", daysUntilDue: 2 },
          { duty: "vettingReview", on: "2026-12-10", daysUntilDue: 11 },
        ],
      ],
      [
        "Member due in thirty days",
        [{ duty: "vettingReview", on: "2026-12-29", daysUntilDue: 30 }],
      ],
      [
        "Member to declare in thirty days",
        [{ duty: "interests", on: "2026-12-29", daysUntilDue: 30 }],
      ],
    ]);
    expect(due.total).toBe(8);
  });

  it("keeps to the communities the officer may edit; an admin sees every member", () => {
    expect(names(otherOfficer)).toEqual(["Member of another community"]);
    expect(names(admin)).toEqual([
      "Member who never signed or declared",
      "Member declared on a leap day",
      "Member overdue",
      "Member to sign again",
      "Member due today",
      "Member of another community",
      "Member with two things due",
      "Member due in thirty days",
      "Member to declare in thirty days",
    ]);
  });

  it("is a filter of the contact list that finds the same members, in name order, with what is due", () => {
    for (const user of [officer, otherOfficer, admin]) {
      const list = listContacts(getDb(), user, { crg: "review-due", page: 1 }, NOW);
      const due = crgDutiesDue(getDb(), user, NOW);
      expect(list.contacts.map((contact) => contact.name)).toEqual(
        due.members.map((member) => member.name).sort((a, b) => a.localeCompare(b)),
      );
      expect(list.total).toBe(due.total);
      for (const contact of list.contacts) {
        expect(contact.crgDutiesDue).toEqual(
          due.members.find((member) => member.id === contact.id)?.duties,
        );
      }
    }
  });

  it("shows a member's duties on the list only when due, and never for an archived member", () => {
    const members = listContacts(
      getDb(),
      officer,
      { crg: "yes", archived: "include", page: 1 },
      NOW,
    ).contacts;
    const dueOf = (name: string) => members.find((contact) => contact.name === name)?.crgDutiesDue;
    expect(dueOf("Member due in thirty-one days")).toEqual([]);
    expect(dueOf("Member to declare in thirty-one days")).toEqual([]);
    expect(dueOf("Member signed this year")).toEqual([]);
    expect(dueOf("Member without a review date")).toEqual([]);
    expect(dueOf("Member archived")).toEqual([]);
    expect(dueOf("Member overdue")).toEqual([
      { duty: "vettingReview", on: "2026-11-20", daysUntilDue: -9 },
    ]);
  });

  it("is the filter the contacts page reads from its address", async () => {
    const user = await createUser({ role: "liaison", communityIds: [eritrean] });
    insertContact({
      name: "Member due next week",
      communityId: eritrean,
      crgMember: { ...signedThisYear(), vettingReviewOn: addDays(londonToday(new Date()), 7) },
    });
    insertContact({
      name: "Member due next year",
      communityId: eritrean,
      crgMember: { ...signedThisYear(), vettingReviewOn: addDays(londonToday(new Date()), 365) },
    });
    const result = await callLoader(
      contactsLoader,
      buildRequest("/contacts?crg=review-due", { cookie: cookieFor(user.id) }),
    );
    const data = result.data as {
      filter: { crg: string };
      contacts: { name: string; crgDutiesDue: { daysUntilDue: number }[] }[];
    };
    expect(data.filter.crg).toBe("review-due");
    const names = data.contacts.map((contact) => contact.name);
    expect(names).toContain("Member due next week");
    expect(names).not.toContain("Member due next year");
    expect(
      data.contacts.find((contact) => contact.name === "Member due next week")?.crgDutiesDue[0]
        ?.daysUntilDue,
    ).toBe(7);
  });

  it("appears on the officer's home page", async () => {
    const user = await createUser({ role: "liaison", communityIds: [eritrean] });
    insertContact({
      name: "Member due tomorrow",
      communityId: eritrean,
      crgMember: { ...signedThisYear(), vettingReviewOn: addDays(londonToday(new Date()), 1) },
    });
    const result = await callLoader(homeLoader, buildRequest("/", { cookie: cookieFor(user.id) }));
    const reviews = (
      result.data as { work: { crgDuties: { members: { name: string }[] } } }
    ).work.crgDuties.members.map((member) => member.name);
    expect(reviews).toContain("Member due tomorrow");
  });
});
