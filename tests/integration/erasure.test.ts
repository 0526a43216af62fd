// Erasure: an admin removes an archived person for good. The record and every link to it go; the
// audit trail keeps who did what and when, without the person's data, and accepts no other change.
import { and, eq, getTableName, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  contactMerges,
  contacts,
  contactStrands,
  contactTags,
  engagementContacts,
  feedback,
  feedbackContacts,
} from "~/db/schema";
import { loadSessionUser, type SessionUser } from "~/auth/session.server";
import { archiveContact, CONTACT_LINKS, mergeContacts } from "~/domain/contacts.server";
import { ERASED_DETAIL } from "~/domain/erasure.server";
import { action as eraseAction, loader as eraseLoader } from "~/routes/contacts.$contactId.erase";
import { action as newContactAction } from "~/routes/contacts.new";
import { loader as contactLoader } from "~/routes/contacts.$contactId._index";
import { loader as searchLoader } from "~/routes/search";
import {
  buildRequest,
  callAction,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";
import { insertEngagement } from "./engagement-builders";

withTestDatabase();

let communityId: number;
let admin: SessionUser;
let adminCookie: string;

beforeAll(async () => {
  communityId = createCommunity({ name: "Kurdish community", countryCode: "IQ" }).id;
  const adminUser = await createUser({ role: "admin" });
  admin = loadSessionUser(getDb(), adminUser.id)!;
  adminCookie = cookieFor(adminUser.id);
});

/** A contact created through the form, so their audit history holds their fields. */
async function addContact(name: string, email: string): Promise<number> {
  const result = await callAction(
    newContactAction,
    buildRequest("/contacts/new", {
      cookie: adminCookie,
      form: {
        name,
        email,
        communityId: String(communityId),
        strandKeys: ["community", "religious"],
        tags: "elder",
        notes: `${name} asked to be called after six.`,
        confirmDuplicate: "yes",
      },
    }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return Number(/\/contacts\/(\d+)/.exec(result.location!)![1]);
}

function feedbackNaming(contactIds: number[]): number {
  const now = new Date();
  const feedbackId = getDb()
    .insert(feedback)
    .values({
      receivedOn: "2026-10-01",
      communityId,
      channel: "meeting",
      category: "operations_impact",
      summary: "Asked for a named officer at the centre",
      sentiment: 0,
      ownerUserId: admin.id,
      responseDueOn: "2026-10-29",
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: feedback.id })
    .get().id;
  for (const contactId of contactIds) {
    getDb().insert(feedbackContacts).values({ feedbackId, contactId }).run();
  }
  return feedbackId;
}

function eventsAbout(contactId: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "contact"), eq(auditEvents.entityId, String(contactId))))
    .orderBy(auditEvents.id)
    .all();
}

function erase(contactId: number, form: Record<string, string>) {
  return callAction(
    eraseAction,
    buildRequest(`/contacts/${contactId}/erase`, { cookie: adminCookie, form }),
    { contactId: String(contactId) },
  );
}

const ERASE_FORM = { reason: "Erasure request DP-2026-041, checked by the DPO", confirm: "on" };

describe("erasing a person", () => {
  let person: number;
  let twin: number;
  /** Merged into the twin before the twin was merged into the person: two merges deep. */
  let older: number;
  let bystander: number;
  let engagementId: number;
  let feedbackId: number;

  beforeAll(async () => {
    person = await addContact("Shilan Barzani", "shilan@example.org");
    twin = await addContact("Shilan Barzany", "s.barzany@example.org");
    older = await addContact("S. Barzani", "sb@example.org");
    bystander = await addContact("Hemin Talabani", "hemin@example.org");
    engagementId = insertEngagement({
      startsAt: new Date("2026-09-10T10:00:00Z"),
      communityIds: [communityId],
      strandKeys: ["community"],
      contactIds: [person, bystander],
    });
    feedbackId = feedbackNaming([twin, bystander]);
    expect(mergeContacts(getDb(), admin, twin, older).ok).toBe(true);
    expect(mergeContacts(getDb(), admin, person, twin).ok).toBe(true);
    // Reading the record leaves an event too.
    await callLoader(contactLoader, buildRequest(`/contacts/${person}`, { cookie: adminCookie }), {
      contactId: String(person),
    });
    expect(archiveContact(getDb(), admin, person).ok).toBe(true);
  });

  it("shows first what goes, with the records merged into this one", async () => {
    const page = await callLoader(
      eraseLoader,
      buildRequest(`/contacts/${person}/erase`, { cookie: adminCookie }),
      { contactId: String(person) },
    );
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      contact: { id: person, name: "Shilan Barzani" },
      archived: true,
      engagements: 1,
      feedback: 1,
      mergedIds: [twin, older],
    });
    expect((page.data as { auditEvents: number }).auditEvents).toBe(
      eventsAbout(person).length + eventsAbout(twin).length + eventsAbout(older).length,
    );
  });

  it("asks for a reason and the tick, changing nothing without them", async () => {
    const incomplete: Record<string, string>[] = [
      { confirm: "on" },
      { reason: "DP-2026-041" },
      { reason: " ", confirm: "on" },
    ];
    for (const form of incomplete) {
      const result = await erase(person, form);
      expect(result.status).toBe(400);
    }
    expect(getDb().select().from(contacts).where(eq(contacts.id, person)).get()).toBeDefined();
    expect(eventsAbout(person).some((event) => event.action === "erase")).toBe(false);
  });

  it("removes the record, its links and its search entry; engagements, feedback and others stay", async () => {
    const before = eventsAbout(person).length;
    const result = await erase(person, ERASE_FORM);
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/admin/audit?entityType=contact&entityId=${person}`);

    const db = getDb();
    expect(db.select().from(contacts).where(eq(contacts.id, person)).get()).toBeUndefined();
    for (const table of [contactStrands, contactTags, engagementContacts, feedbackContacts]) {
      expect(db.select().from(table).where(eq(table.contactId, person)).all()).toEqual([]);
    }
    expect(
      db.get<{ total: number }>(
        sql`SELECT count(*) AS total FROM directory_search WHERE rowid = ${person * 2}`,
      )!.total,
    ).toBe(0);
    const search = await callLoader(
      searchLoader,
      buildRequest("/search?q=Shilan", { cookie: adminCookie }),
    );
    // The search finds nobody: the query itself is the only "Shilan" left on the page.
    expect(JSON.stringify(search.data)).not.toContain("Barzan");

    // The bystander keeps their place; the engagement and the feedback are still there.
    expect(
      db
        .select({ contactId: engagementContacts.contactId })
        .from(engagementContacts)
        .where(eq(engagementContacts.engagementId, engagementId))
        .all(),
    ).toEqual([{ contactId: bystander }]);
    expect(
      db
        .select({ contactId: feedbackContacts.contactId })
        .from(feedbackContacts)
        .where(eq(feedbackContacts.feedbackId, feedbackId))
        .all(),
    ).toEqual([{ contactId: bystander }]);
    expect(eventsAbout(bystander).every((event) => event.detail !== ERASED_DETAIL)).toBe(true);
    expect(JSON.stringify(eventsAbout(bystander))).toContain("hemin@example.org");

    // Every earlier event stays, with who, when and what, but none of the person's data.
    const after = eventsAbout(person);
    expect(after).toHaveLength(before + 1);
    const history = after.filter((event) => event.action !== "erase");
    expect(history.map((event) => event.action)).toEqual(
      expect.arrayContaining(["create", "merge", "view", "archive"]),
    );
    const mergedHistory = [...eventsAbout(twin), ...eventsAbout(older)].filter(
      (event) => event.action !== "erase",
    );
    for (const event of [...history, ...mergedHistory]) {
      expect(event.changes).toBeNull();
      expect(event.detail).toBe(ERASED_DETAIL);
      expect(event.actorUserId).toBe(admin.id);
    }
    const serialised = JSON.stringify([...after, ...eventsAbout(twin), ...eventsAbout(older)]);
    for (const personal of [
      "Shilan",
      "Barzan",
      "shilan@example.org",
      "s.barzany",
      "sb@example.org",
      "after six",
    ]) {
      expect(serialised).not.toContain(personal);
    }
    const erasure = after.find((event) => event.action === "erase")!;
    expect(erasure).toMatchObject({ actorUserId: admin.id, detail: ERASE_FORM.reason });
    for (const merged of [twin, older]) {
      expect(eventsAbout(merged).find((event) => event.action === "erase")?.detail).toBe(
        `Erased with contact #${person}: ${ERASE_FORM.reason}`,
      );
    }
    // Which numbers were the person's goes too.
    expect(
      db
        .select()
        .from(contactMerges)
        .where(inArray(contactMerges.duplicateId, [twin, older]))
        .all(),
    ).toEqual([]);

    const gone = await callLoader(
      eraseLoader,
      buildRequest(`/contacts/${person}/erase`, { cookie: adminCookie }),
      { contactId: String(person) },
    );
    expect(gone.status).toBe(404);
  });

  it("refuses a person who is not archived, changing nothing", async () => {
    const current = await addContact("Dilan Amedi", "dilan@example.org");
    const result = await erase(current, ERASE_FORM);
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).toContain("Archive this contact before erasing them");
    expect(getDb().select().from(contacts).where(eq(contacts.id, current)).get()).toBeDefined();
    expect(eventsAbout(current).every((event) => event.detail !== ERASED_DETAIL)).toBe(true);
  });
});

describe("the audit trail after erasure", () => {
  it("still refuses every change but the redaction of an erased person's events", async () => {
    const contactId = await addContact("Rojda Zebari", "rojda@example.org");
    const [created] = eventsAbout(contactId);
    const update = (values: Record<string, unknown>, id = created!.id) =>
      getDb().update(auditEvents).set(values).where(eq(auditEvents.id, id)).run();
    // Without an erasure on record, not even a redaction.
    expect(() => update({ changes: null, detail: ERASED_DETAIL })).toThrow(/append-only/);
    expect(() => getDb().delete(auditEvents).where(eq(auditEvents.id, created!.id)).run()).toThrow(
      /append-only/,
    );

    expect(archiveContact(getDb(), admin, contactId).ok).toBe(true);
    expect((await erase(contactId, ERASE_FORM)).status).toBe(302);
    const erasure = eventsAbout(contactId).find((event) => event.action === "erase")!;
    // The erasure itself, and anything but nulling the fields and detail, are refused.
    expect(() => update({ changes: null, detail: ERASED_DETAIL }, erasure.id)).toThrow(
      /append-only/,
    );
    expect(() => update({ detail: "Something else" })).toThrow(/append-only/);
    expect(() => update({ changes: null, detail: ERASED_DETAIL, actorUserId: null })).toThrow(
      /append-only/,
    );
    expect(() => update({ changes: null, detail: ERASED_DETAIL, occurredAt: new Date(0) })).toThrow(
      /append-only/,
    );
    expect(() => getDb().delete(auditEvents).where(eq(auditEvents.id, created!.id)).run()).toThrow(
      /append-only/,
    );
  });
});

describe("the tables that point at a contact", () => {
  it("are every table with a foreign key to contacts, so a merge and an erasure miss none", () => {
    const referencing = getDb()
      .all<{ tableName: string; column: string }>(
        sql`SELECT m.name AS tableName, f."from" AS "column"
            FROM sqlite_master m, pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = 'contacts'
            ORDER BY 1, 2`,
      )
      .map((row) => `${row.tableName}.${row.column}`);
    const linked = CONTACT_LINKS.map(
      (link) => `${getTableName(link.table)}.${link.contactId.name}`,
    ).sort();
    expect(linked).toEqual(referencing);
  });
});
