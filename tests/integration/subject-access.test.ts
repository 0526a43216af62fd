// Subject access: an admin downloads everything held about one person; the download is audited,
// leaves out free-text minutes, and nobody else may take it.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, contactStrands, contactTags, feedback, feedbackContacts } from "~/db/schema";
import { loadSessionUser } from "~/auth/session.server";
import { mergeContacts } from "~/domain/contacts.server";
import { loader as contactLoader } from "~/routes/contacts.$contactId._index";
import { loader as subjectAccessLoader } from "~/routes/contacts.$contactId.subject-access";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";
import { at, insertContact, insertEngagement } from "./engagement-builders";

withTestDatabase();

let admin: { id: number; cookie: string };
let liaison: { id: number; cookie: string };
let contactId = 0;
let otherContactId = 0;

beforeAll(async () => {
  const community = createCommunity({ name: "Somali community", countryCode: "SO" }).id;
  const adminUser = await createUser({ role: "admin" });
  admin = { id: adminUser.id, cookie: cookieFor(adminUser.id) };
  const liaisonUser = await createUser({ role: "liaison", communityIds: [community] });
  liaison = { id: liaisonUser.id, cookie: cookieFor(liaisonUser.id) };
  contactId = insertContact({
    name: "Hodan Warsame",
    communityId: community,
    crgMember: { vettingReviewOn: "2027-05-01", interestsDeclaredOn: "2026-05-02" },
  });
  otherContactId = insertContact({ name: "Abdi Noor", communityId: community });
  const db = getDb();
  db.insert(contactStrands).values({ contactId, strandKey: "youth" }).run();
  db.insert(contactTags).values({ contactId, tag: "youth worker" }).run();
  const engagementId = insertEngagement({
    title: "Youth forum at the library",
    startsAt: at("2026-06-10", "18:00"),
    communityIds: [community],
    strandKeys: ["youth"],
    contactIds: [contactId, otherContactId],
  });
  expect(engagementId).toBeGreaterThan(0);
  const now = new Date();
  const feedbackId = db
    .insert(feedback)
    .values({
      receivedOn: "2026-06-11",
      communityId: community,
      channel: "meeting",
      category: "operations_impact",
      summary: "Asked for a youth officer at the forum",
      sentiment: 1,
      ownerUserId: liaison.id,
      responseDueOn: "2026-07-09",
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: feedback.id })
    .get().id;
  db.insert(feedbackContacts).values({ feedbackId, contactId }).run();
  // A view of the record, so the history has someone else's look in it.
  await callLoader(
    contactLoader,
    buildRequest(`/contacts/${contactId}`, { cookie: liaison.cookie }),
    {
      contactId: String(contactId),
    },
  );
});

function download(cookie: string, id: string | number) {
  return callLoader(
    subjectAccessLoader,
    buildRequest(`/contacts/${id}/subject-access`, { cookie }),
    { contactId: String(id) },
  );
}

describe("a subject access download", () => {
  it("holds the person's record, memberships, engagements, feedback naming them and their record's history", async () => {
    const result = await download(admin.cookie, contactId);
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(result.headers.get("Content-Disposition")).toMatch(
      new RegExp(
        `^attachment; filename="subject-access-contact-${contactId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`,
      ),
    );
    const held = JSON.parse(String(result.data));
    expect(held.person).toMatchObject({
      id: contactId,
      name: "Hodan Warsame",
      community: "Somali community",
      strands: ["Youth forum"],
      tags: ["youth worker"],
    });
    expect(held.crgMembership).toMatchObject({
      member: true,
      vettingReviewOn: "2027-05-01",
      interestsDeclaredOn: "2026-05-02",
    });
    expect(held.engagementsAttended).toEqual([
      expect.objectContaining({
        title: "Youth forum at the library",
        communities: "Somali community",
        status: "Held",
      }),
    ]);
    expect(held.feedbackNamingThem).toEqual([
      expect.objectContaining({ summary: "Asked for a youth officer at the forum" }),
    ]);
    expect(held.recordHistory).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: "view" })]),
    );
    expect(held.notIncluded.length).toBeGreaterThan(0);
    // Minutes are free text about everyone present: left out, and said to be.
    expect(String(result.data)).not.toContain("Minutes that never leave the engagement page");
    // Nobody else's record is in it.
    expect(String(result.data)).not.toContain("Abdi Noor");
  });

  it("holds the history of a record merged into the person's, under its old number", async () => {
    const survivor = insertContact({ name: "Faduma Ali" });
    const duplicate = insertContact({ name: "Faadumo Ali" });
    const older = insertContact({ name: "F. Ali" });
    const adminActor = loadSessionUser(getDb(), admin.id)!;
    expect(mergeContacts(getDb(), adminActor, duplicate, older).ok).toBe(true);
    expect(mergeContacts(getDb(), adminActor, survivor, duplicate).ok).toBe(true);
    await callLoader(
      contactLoader,
      buildRequest(`/contacts/${survivor}`, { cookie: liaison.cookie }),
      {
        contactId: String(survivor),
      },
    );

    const held = JSON.parse(String((await download(admin.cookie, survivor)).data)) as {
      recordHistory: { record: number; action: string }[];
    };
    const merges = (record: number) =>
      held.recordHistory.filter((event) => event.record === record && event.action === "merge");
    expect(merges(survivor)).toHaveLength(1);
    // The duplicate's own merge of the older record, and its merge into the survivor.
    expect(merges(duplicate)).toHaveLength(2);
    expect(merges(older)).toHaveLength(1);
    expect(new Set(held.recordHistory.map((event) => event.record))).toEqual(
      new Set([survivor, duplicate, older]),
    );
    // Nobody else's history.
    expect(held.recordHistory.some((event) => event.record === contactId)).toBe(false);
  });

  it("is audited as an export of the contact by the admin", async () => {
    await download(admin.cookie, contactId);
    const exports = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "contact"),
          eq(auditEvents.entityId, String(contactId)),
          eq(auditEvents.action, "export"),
        ),
      )
      .all();
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.at(-1)).toMatchObject({ actorUserId: admin.id });
    expect(exports.at(-1)!.detail).toMatch(/subject access/);
  });

  it("is refused with 403 to anyone but an admin, even an officer who may read the contact", async () => {
    for (const role of ["liaison", "strand_lead", "steering"] as const) {
      const user = await createUser({ role });
      const result = await download(cookieFor(user.id), contactId);
      expect(result.status).toBe(403);
    }
    const officer = await download(liaison.cookie, contactId);
    expect(officer.status).toBe(403);
  });

  it("answers 404 to an admin for a contact that does not exist or an id that is not a number", async () => {
    expect((await download(admin.cookie, 999_999)).status).toBe(404);
    expect((await download(admin.cookie, "banana")).status).toBe(404);
  });

  it("is offered on the contact page to admins only", async () => {
    const asAdmin = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${contactId}`, { cookie: admin.cookie }),
      { contactId: String(contactId) },
    );
    expect(asAdmin.data).toMatchObject({ canExportSubjectAccess: true });
    const asOfficer = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${contactId}`, { cookie: liaison.cookie }),
      { contactId: String(contactId) },
    );
    expect(asOfficer.data).toMatchObject({ canExportSubjectAccess: false });
  });
});
