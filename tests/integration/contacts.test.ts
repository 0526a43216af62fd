import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  contactMerges,
  contacts,
  contactStrands,
  contactTags,
  feedback,
  feedbackContacts,
  organisations,
  organisationStrands,
  type StrandKey,
} from "~/db/schema";
import { indexOrganisation } from "~/domain/directory-search.server";
import { sortKey } from "~/domain/search-text";
import { loader as listLoader } from "~/routes/contacts._index";
import { loader as exportLoader } from "~/routes/contacts.export";
import { loader as newLoader, action as newAction } from "~/routes/contacts.new";
import {
  loader as contactLoader,
  action as contactAction,
} from "~/routes/contacts.$contactId._index";
import { loader as editLoader, action as editAction } from "~/routes/contacts.$contactId.edit";
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

withTestDatabase();

type Person = { id: number; cookie: string };
let afghan: { id: number; name: string };
let eritrean: { id: number; name: string };
let admin: Person;
let afghanOfficer: Person;
let eritreanOfficer: Person;
let youthLead: Person;
let steering: Person;

async function person(options: Parameters<typeof createUser>[0]): Promise<Person> {
  const user = await createUser(options);
  return { id: user.id, cookie: cookieFor(user.id) };
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

let sequence = 0;
/**
 * A name no other test uses: the suffix ("bbb", "ccc", "bbbccc"…) keeps any two names more than
 * two letters apart, so the close-name duplicate check only meets what a test means it to.
 */
function uniqueName(base: string): string {
  sequence += 1;
  let rest = sequence;
  let suffix = "";
  do {
    suffix = "abcdefghijklmnopqrstuvwxyz"[rest % 26]!.repeat(3) + suffix;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return `${base} ${suffix}`;
}

function contactForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: uniqueName("Farid Ahmadi"),
    communityId: String(afghan.id),
    strandKeys: ["community"],
    ...overrides,
  };
}

async function addContact(
  actor: Person,
  overrides: Record<string, string | string[]> = {},
): Promise<number> {
  const result = await callAction(
    newAction,
    buildRequest("/contacts/new", {
      cookie: actor.cookie,
      form: { ...contactForm(overrides), confirmDuplicate: "yes" },
    }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return Number(/\/contacts\/(\d+)/.exec(result.location!)![1]);
}

function contactRow(id: number) {
  return getDb().select().from(contacts).where(eq(contacts.id, id)).get();
}

function contactCount(): number {
  return getDb().select({ total: count() }).from(contacts).get()!.total;
}

function strandsOf(id: number): StrandKey[] {
  return getDb()
    .select({ key: contactStrands.strandKey })
    .from(contactStrands)
    .where(eq(contactStrands.contactId, id))
    .all()
    .map((row) => row.key)
    .sort();
}

function tagsOf(id: number): string[] {
  return getDb()
    .select({ tag: contactTags.tag })
    .from(contactTags)
    .where(eq(contactTags.contactId, id))
    .all()
    .map((row) => row.tag)
    .sort();
}

function auditFor(id: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "contact"), eq(auditEvents.entityId, String(id))))
    .orderBy(auditEvents.id)
    .all();
}

function addOrganisation(name: string, communityId: number | null, strandKeys: StrandKey[]) {
  const db = getDb();
  const now = new Date();
  const { id } = db
    .insert(organisations)
    .values({
      name,
      sortName: sortKey(name),
      type: "faith_organisation",
      communityId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: organisations.id })
    .get();
  db.insert(organisationStrands)
    .values(strandKeys.map((strandKey) => ({ organisationId: id, strandKey })))
    .run();
  indexOrganisation(db, id);
  return id;
}

type Reply = { initialValue?: Record<string, unknown>; error?: Record<string, string[] | null> };
type FormAnswer = { result: Reply; duplicates: { id: number; reasons: string[] }[] | null };
const answerOf = (data: unknown) => data as FormAnswer;

type ListData = {
  contacts: { id: number; name: string; ownerName: string | null; tags: string[] }[];
  total: number;
  page: number;
  pageCount: number;
};
async function listFor(actor: Person, query = ""): Promise<ListData> {
  const result = await callLoader(
    listLoader,
    buildRequest(`/contacts${query}`, { cookie: actor.cookie }),
  );
  expect(result.status).toBe(200);
  return result.data as ListData;
}
const idsOf = (list: ListData) => list.contacts.map((contact) => contact.id);

/** The export as the browser receives it: bytes, so the byte-order mark is seen (text() drops it). */
async function exportFor(actor: Person, query = ""): Promise<string> {
  const response = (await exportLoader({
    request: buildRequest(`/contacts/export${query}`, { cookie: actor.cookie }),
    params: {},
    context: { cspNonce: "", clientAddress: "127.0.0.1" },
  })) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const bytes = new Uint8Array(await response.arrayBuffer());
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

describe("adding a contact", () => {
  it("stores every field as entered, normalised, audited with its fields and findable at once", async () => {
    const organisationId = addOrganisation("Hazrat Mosque Trust", afghan.id, ["religious"]);
    const before = contactCount();
    const result = await callAction(
      newAction,
      buildRequest("/contacts/new", {
        cookie: afghanOfficer.cookie,
        form: {
          name: "Сабина Қодирова",
          latinName: "Sabina Qodirova",
          pronouns: "she/her",
          roleTitle: "Youth worker",
          organisationId: String(organisationId),
          communityId: String(afghan.id),
          strandKeys: ["youth", "community"],
          email: "  Sabina.Q@Example.ORG ",
          phone: "020 7946 0311",
          preferredLanguage: "UZ",
          interpreterNeeded: "on",
          isCrgMember: "on",
          termsOfReferenceSignedOn: "2026-01-15",
          vettingStatus: "cleared",
          vettingOn: "2026-02-01",
          vettingReviewOn: "2027-02-01",
          confidentialitySignedOn: "2026-01-20",
          declaredInterests: "  Trustee of the Hazrat Mosque Trust; her brother is a PCSO.  ",
          interestsDeclaredOn: "2026-01-20",
          lawfulBasis: "consent",
          lawfulBasisRecordedOn: "2026-01-15",
          keyContactCadenceDays: "30",
          ownerUserId: String(afghanOfficer.id),
          tags: "Youth Leader, mentor ,  youth leader",
          notes: "Runs the Saturday homework club.",
          // Fields the form does not have are ignored, never written.
          archivedAt: "2020-01-01",
          id: "999999",
        },
      }),
    );
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    const id = Number(/^\/contacts\/(\d+)\?done=created$/.exec(result.location!)![1]);
    expect(contactCount()).toBe(before + 1);
    expect(id).not.toBe(999999);

    const row = contactRow(id)!;
    expect(row).toMatchObject({
      name: "Сабина Қодирова",
      latinName: "Sabina Qodirova",
      sortName: "sabinaqodirova",
      pronouns: "she/her",
      roleTitle: "Youth worker",
      organisationId,
      communityId: afghan.id,
      email: "sabina.q@example.org",
      phone: "+44 20 7946 0311",
      preferredLanguage: "uz",
      interpreterNeeded: true,
      isCrgMember: true,
      termsOfReferenceSignedOn: "2026-01-15",
      vettingStatus: "cleared",
      vettingOn: "2026-02-01",
      vettingReviewOn: "2027-02-01",
      confidentialitySignedOn: "2026-01-20",
      declaredInterests: "Trustee of the Hazrat Mosque Trust; her brother is a PCSO.",
      interestsDeclaredOn: "2026-01-20",
      lawfulBasis: "consent",
      lawfulBasisRecordedOn: "2026-01-15",
      keyContactCadenceDays: 30,
      ownerUserId: afghanOfficer.id,
      notes: "Runs the Saturday homework club.",
      archivedAt: null,
    });
    expect(strandsOf(id)).toEqual(["community", "youth"]);
    expect(tagsOf(id)).toEqual(["mentor", "youth leader"]);

    const [created] = auditFor(id);
    expect(created).toMatchObject({ action: "create", actorUserId: afghanOfficer.id });
    expect(created!.changes).toMatchObject({
      name: [null, "Сабина Қодирова"],
      email: [null, "sabina.q@example.org"],
      strandKeys: [null, ["youth", "community"]],
      tags: [null, ["mentor", "youth leader"]],
    });

    const search = await listFor(afghanOfficer, "?q=Қодир");
    expect(idsOf(search)).toEqual([id]);
  });

  it("offers the form to officers with their communities and owners", async () => {
    const result = await callLoader(
      newLoader,
      buildRequest("/contacts/new", { cookie: afghanOfficer.cookie }),
    );
    expect(result.status).toBe(200);
    const form = result.data as {
      communities: { id: number }[];
      mayLeaveCommunityEmpty: boolean;
      defaultCommunityId: string;
      defaultOwnerUserId: string;
      owners: { id: number }[];
    };
    expect(form.communities.map((community) => community.id)).toEqual([afghan.id]);
    expect(form.mayLeaveCommunityEmpty).toBe(false);
    expect(form.defaultCommunityId).toBe(String(afghan.id));
    expect(form.defaultOwnerUserId).toBe(String(afghanOfficer.id));
    // Steering may not edit contacts, so they cannot own one.
    expect(form.owners.map((owner) => owner.id)).not.toContain(steering.id);
  });
});

describe("field errors", () => {
  async function refused(form: Record<string, string | string[]>) {
    const before = contactCount();
    const result = await callAction(
      newAction,
      buildRequest("/contacts/new", { cookie: afghanOfficer.cookie, form }),
    );
    expect(result.status).toBe(400);
    expect(contactCount()).toBe(before);
    return answerOf(result.data).result;
  }

  it("answers a bad email beside the field and keeps what was typed", async () => {
    const reply = await refused(contactForm({ name: "Karim Noori", email: "karim@", phone: "" }));
    expect(reply.error?.email).toEqual(["Enter a valid email address, e.g. name@example.org"]);
    expect(reply.initialValue).toMatchObject({ name: "Karim Noori", email: "karim@" });
  });

  it("refuses an impossible confidentiality date and overlong declared interests, keeping what was typed", async () => {
    const reply = await refused(
      contactForm({
        name: "Karim Noori",
        isCrgMember: "on",
        confidentialitySignedOn: "2026-02-30",
        declaredInterests: "x".repeat(2001),
        interestsDeclaredOn: "2026-13-01",
      }),
    );
    expect(reply.error?.confidentialitySignedOn).toHaveLength(1);
    expect(reply.error?.interestsDeclaredOn).toHaveLength(1);
    expect(reply.error?.declaredInterests).toEqual([
      "Keep the declared interests to 2,000 characters",
    ]);
    expect(reply.initialValue).toMatchObject({ confidentialitySignedOn: "2026-02-30" });
  });

  it("answers a bad phone number with an example of a good one", async () => {
    const reply = await refused(contactForm({ name: "Karim Noori", phone: "12345" }));
    expect(reply.error?.phone).toEqual([
      "Enter a valid phone number, e.g. 020 7946 0000 or +44 20 7946 0000",
    ]);
    expect(reply.initialValue).toMatchObject({ name: "Karim Noori", phone: "12345" });
  });

  it("asks for the Latin transliteration of a name in another script", async () => {
    const reply = await refused(contactForm({ name: "کریم نوری", roleTitle: "Imam" }));
    expect(reply.error?.latinName?.[0]).toMatch(/Latin letters/);
    expect(reply.initialValue).toMatchObject({ name: "کریم نوری", roleTitle: "Imam" });
  });

  it("refuses a lawful basis without the date it was recorded", async () => {
    const reply = await refused(contactForm({ lawfulBasis: "consent", notes: "Met at Eid" }));
    expect(reply.error?.lawfulBasisRecordedOn).toEqual([
      "Enter the date the lawful basis was recorded",
    ]);
    expect(reply.initialValue).toMatchObject({ lawfulBasis: "consent", notes: "Met at Eid" });
  });

  it("shows every problem at once, including rules across fields", async () => {
    const reply = await refused({
      name: "Дмитрий",
      communityId: String(afghan.id),
      email: "not-an-email",
      lawfulBasisRecordedOn: "2026-02-30",
      keyContactCadenceDays: "400",
      tags: Array.from({ length: 21 }, (_, index) => `tag ${index}`).join(","),
    });
    expect(Object.keys(reply.error ?? {}).sort()).toEqual([
      "email",
      "keyContactCadenceDays",
      "latinName",
      "lawfulBasisRecordedOn",
      "strandKeys",
      "tags",
    ]);
    expect(reply.error?.lawfulBasisRecordedOn).toEqual([
      "The date the lawful basis was recorded is not a real date",
    ]);
  });

  it("refuses a community the officer is not assigned to as a field error", async () => {
    const before = contactCount();
    const result = await callAction(
      newAction,
      buildRequest("/contacts/new", {
        cookie: afghanOfficer.cookie,
        form: contactForm({ communityId: String(eritrean.id) }),
      }),
    );
    expect(result.status).toBe(400);
    expect(answerOf(result.data).result.error?.communityId).toEqual([
      "Choose one of the communities you are assigned to",
    ]);
    expect(contactCount()).toBe(before);
  });
});

describe("the contact page", () => {
  it("writes a view audit event, with who and which contact, on every view", async () => {
    const id = await addContact(afghanOfficer);
    const viewsBefore = auditFor(id).filter((event) => event.action === "view").length;
    for (let view = 0; view < 2; view += 1) {
      const page = await callLoader(
        contactLoader,
        buildRequest(`/contacts/${id}`, { cookie: afghanOfficer.cookie }),
        { contactId: String(id) },
      );
      expect(page.status).toBe(200);
    }
    const views = auditFor(id).filter((event) => event.action === "view");
    expect(views).toHaveLength(viewsBefore + 2);
    for (const view of views) {
      expect(view.actorUserId).toBe(afghanOfficer.id);
      expect(view.occurredAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it("shows who they are, where they belong and what the viewer may do", async () => {
    const organisationId = addOrganisation("Kabul Traders Association", afghan.id, ["business"]);
    const id = await addContact(afghanOfficer, {
      name: "王伟",
      latinName: "Wang Wei",
      organisationId: String(organisationId),
      strandKeys: ["business"],
      preferredLanguage: "zh",
      tags: "trader",
    });
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${id}`, { cookie: afghanOfficer.cookie }),
      { contactId: String(id) },
    );
    const view = page.data as {
      contact: {
        name: string;
        latinName: string;
        organisation: { name: string; visible: boolean };
        community: { name: string };
        strands: { name: string }[];
        tags: string[];
        preferredLanguageName: string;
      };
      canEdit: boolean;
      canArchive: boolean;
      canMerge: boolean;
    };
    expect(view.contact).toMatchObject({
      name: "王伟",
      latinName: "Wang Wei",
      organisation: { name: "Kabul Traders Association", visible: true },
      community: { name: "Afghan community" },
      strands: [{ name: "Business forum" }],
      tags: ["trader"],
      preferredLanguageName: "Chinese",
    });
    expect(view).toMatchObject({ canEdit: true, canArchive: true, canMerge: false });
  });

  it("answers 404 for a contact that does not exist or an id that is not a number", async () => {
    for (const contactId of ["999999", "abc", "0"]) {
      const page = await callLoader(
        contactLoader,
        buildRequest(`/contacts/${contactId}`, { cookie: admin.cookie }),
        { contactId },
      );
      expect(page.status).toBe(404);
    }
  });
});

describe("editing, archiving and restoring", () => {
  it("saves the changes and audits only the fields that changed", async () => {
    const id = await addContact(afghanOfficer, { roleTitle: "Volunteer", tags: "elder" });
    const row = contactRow(id)!;
    const result = await callAction(
      editAction,
      buildRequest(`/contacts/${id}/edit`, {
        cookie: afghanOfficer.cookie,
        form: {
          name: row.name,
          communityId: String(afghan.id),
          strandKeys: ["community", "religious"],
          roleTitle: "Chair",
          tags: "elder, chair",
        },
      }),
      { contactId: String(id) },
    );
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    expect(result.location).toBe(`/contacts/${id}?done=saved`);
    expect(contactRow(id)!.roleTitle).toBe("Chair");
    expect(strandsOf(id)).toEqual(["community", "religious"]);
    expect(tagsOf(id)).toEqual(["chair", "elder"]);
    const update = auditFor(id).find((event) => event.action === "update")!;
    expect(update.actorUserId).toBe(afghanOfficer.id);
    expect(update.changes).toEqual({
      roleTitle: ["Volunteer", "Chair"],
      strandKeys: [["community"], ["religious", "community"]],
      tags: [["elder"], ["chair", "elder"]],
    });
  });

  it("shows the edit form with the stored values, and audits it as a view", async () => {
    const id = await addContact(afghanOfficer, { email: "edit.form@example.org", tags: "a, b" });
    const form = await callLoader(
      editLoader,
      buildRequest(`/contacts/${id}/edit`, { cookie: afghanOfficer.cookie }),
      { contactId: String(id) },
    );
    expect(form.status).toBe(200);
    expect((form.data as { contact: Record<string, unknown> }).contact).toMatchObject({
      email: "edit.form@example.org",
      tags: "a, b",
      strandKeys: ["community"],
    });
    expect(auditFor(id).at(-1)).toMatchObject({ action: "view", detail: "edit form" });
  });

  it("takes an archived contact out of the default list and brings it back on restore, audited", async () => {
    const name = uniqueName("Archie Archived");
    const id = await addContact(afghanOfficer, { name });
    const archive = await callAction(
      contactAction,
      buildRequest(`/contacts/${id}`, {
        cookie: afghanOfficer.cookie,
        form: { intent: "archive" },
      }),
      { contactId: String(id) },
    );
    expect(archive.status).toBe(302);
    expect(contactRow(id)!.archivedAt).not.toBeNull();
    expect(idsOf(await listFor(afghanOfficer, `?q=${encodeURIComponent(name)}`))).toEqual([]);
    expect(
      idsOf(await listFor(afghanOfficer, `?q=${encodeURIComponent(name)}&archived=only`)),
    ).toEqual([id]);

    const restore = await callAction(
      contactAction,
      buildRequest(`/contacts/${id}`, {
        cookie: afghanOfficer.cookie,
        form: { intent: "restore" },
      }),
      { contactId: String(id) },
    );
    expect(restore.status).toBe(302);
    expect(contactRow(id)!.archivedAt).toBeNull();
    expect(idsOf(await listFor(afghanOfficer, `?q=${encodeURIComponent(name)}`))).toEqual([id]);
    expect(auditFor(id).map((event) => event.action)).toEqual(
      expect.arrayContaining(["create", "archive", "restore"]),
    );
  });
});

describe("possible duplicates", () => {
  async function tryToAdd(form: Record<string, string | string[]>, actor = afghanOfficer) {
    return callAction(newAction, buildRequest("/contacts/new", { cookie: actor.cookie, form }));
  }

  it("warns of a contact with the same email, links to it, saves nothing, and saves anyway when confirmed", async () => {
    const twin = await addContact(afghanOfficer, { email: "same.person@example.org" });
    const before = contactCount();
    const form = contactForm({ name: "Someone Else", email: "Same.Person@example.org" });
    const warned = await tryToAdd(form);
    expect(warned.status).toBe(409);
    const answer = answerOf(warned.data);
    expect(answer.duplicates).toEqual([expect.objectContaining({ id: twin, reasons: ["email"] })]);
    // What was typed comes back, to be saved anyway or corrected.
    expect(answer.result.initialValue).toMatchObject({
      name: "Someone Else",
      email: "Same.Person@example.org",
    });
    expect(contactCount()).toBe(before);

    const saved = await tryToAdd({ ...form, confirmDuplicate: "yes" });
    expect(saved.status).toBe(302);
    expect(contactCount()).toBe(before + 1);
  });

  it("warns of a contact with the same phone number written another way", async () => {
    const twin = await addContact(afghanOfficer, { phone: "+44 20 7946 0999" });
    const warned = await tryToAdd(contactForm({ name: "Other Name", phone: "020 7946 0999" }));
    expect(warned.status).toBe(409);
    expect(answerOf(warned.data).duplicates).toEqual([
      expect.objectContaining({ id: twin, reasons: ["phone"] }),
    ]);
  });

  it("warns of a very close name in the same community, not in another", async () => {
    const twin = await addContact(admin, {
      name: "Mohammed Rahimi",
      communityId: String(afghan.id),
    });
    const warned = await tryToAdd(contactForm({ name: "Mohamed Rahimi" }));
    expect(warned.status).toBe(409);
    expect(answerOf(warned.data).duplicates).toEqual([
      expect.objectContaining({ id: twin, name: "Mohammed Rahimi", reasons: ["name"] }),
    ]);

    const elsewhere = await tryToAdd(
      contactForm({ name: "Mohamed Rahimi", communityId: String(eritrean.id) }),
      eritreanOfficer,
    );
    expect(elsewhere.status).toBe(302);
  });

  it("matches a name in another script through its transliteration", async () => {
    const twin = await addContact(afghanOfficer, {
      name: "Gulalai Yousafzai",
      communityId: String(afghan.id),
    });
    const warned = await tryToAdd(
      contactForm({ name: "ګلالۍ یوسفزۍ", latinName: "Gulalai Yusafzai" }),
    );
    expect(warned.status).toBe(409);
    expect(answerOf(warned.data).duplicates?.map((duplicate) => duplicate.id)).toEqual([twin]);
  });

  it("does not warn about short names that merely look alike", async () => {
    await addContact(afghanOfficer, { name: "Aziz" });
    const result = await tryToAdd(contactForm({ name: "Azim" }));
    expect(result.status).toBe(302);
  });

  it("warns on edit only about what changed, and never about the contact itself", async () => {
    const first = await addContact(afghanOfficer, {
      name: "Hamid Karimi",
      email: "hamid.k@example.org",
    });
    const namesake = await addContact(afghanOfficer, { name: "Hamid Karimi" });
    // Saving the namesake with its name unchanged does not warn about the known twin.
    const unchanged = await callAction(
      editAction,
      buildRequest(`/contacts/${namesake}/edit`, {
        cookie: afghanOfficer.cookie,
        form: contactForm({ name: "Hamid Karimi", roleTitle: "Teacher" }),
      }),
      { contactId: String(namesake) },
    );
    expect(unchanged.status).toBe(302);
    const emailTaken = await callAction(
      editAction,
      buildRequest(`/contacts/${namesake}/edit`, {
        cookie: afghanOfficer.cookie,
        form: contactForm({ name: "Hamid Karimi", email: "hamid.k@example.org" }),
      }),
      { contactId: String(namesake) },
    );
    expect(emailTaken.status).toBe(409);
    expect(answerOf(emailTaken.data).duplicates).toEqual([
      expect.objectContaining({ id: first, reasons: ["email"] }),
    ]);
    expect(contactRow(namesake)!.email).toBe("");
  });

  it("never reveals a twin outside the officer's communities", async () => {
    await addContact(eritreanOfficer, {
      communityId: String(eritrean.id),
      email: "hidden.twin@example.org",
    });
    const result = await tryToAdd(contactForm({ email: "hidden.twin@example.org" }));
    expect(result.status).toBe(302);
  });
});

describe("merging two records of one person", () => {
  /** One step of the merge on the survivor's page, as `who` (an admin unless said). */
  function mergeStep(
    survivorId: number,
    duplicateId: number | string,
    intent: "mergePreview" | "mergeConfirm" = "mergeConfirm",
    who: Person = admin,
  ) {
    return callAction(
      contactAction,
      buildRequest(`/contacts/${survivorId}`, {
        cookie: who.cookie,
        form: { intent, duplicateId: String(duplicateId) },
      }),
      { contactId: String(survivorId) },
    );
  }

  it("moves strands and tags to the survivor, fills its gaps, removes the duplicate and audits both", async () => {
    const survivor = await addContact(admin, {
      name: "Nasrin Hakimi",
      strandKeys: ["community"],
      tags: "elder",
      notes: "Met at the mosque open day.",
    });
    const duplicate = await addContact(admin, {
      name: "Nasreen Hakimi",
      strandKeys: ["religious", "community"],
      tags: "elder, women's group",
      email: "nasrin.h@example.org",
      phone: "020 7946 0456",
      notes: "Prefers calls after 6pm.",
      lawfulBasis: "consent",
      lawfulBasisRecordedOn: "2026-03-01",
      isCrgMember: "on",
      confidentialitySignedOn: "2026-03-02",
      declaredInterests: "Chairs the women's group.",
    });

    const preview = await mergeStep(survivor, duplicate, "mergePreview");
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({
      intent: "mergePreview",
      candidate: { id: duplicate, name: "Nasreen Hakimi" },
    });
    // The first step changes nothing.
    expect(contactRow(duplicate)).toBeDefined();

    const merged = await mergeStep(survivor, duplicate);
    expect(merged.status).toBe(302);
    expect(merged.location).toBe(`/contacts/${survivor}?done=merged`);

    expect(contactRow(duplicate)).toBeUndefined();
    expect(strandsOf(duplicate)).toEqual([]);
    expect(tagsOf(duplicate)).toEqual([]);
    expect(strandsOf(survivor)).toEqual(["community", "religious"]);
    expect(tagsOf(survivor)).toEqual(["elder", "women's group"]);
    expect(contactRow(survivor)).toMatchObject({
      name: "Nasrin Hakimi",
      email: "nasrin.h@example.org",
      phone: "+44 20 7946 0456",
      lawfulBasis: "consent",
      lawfulBasisRecordedOn: "2026-03-01",
    });
    expect(contactRow(survivor)!.notes).toContain("Met at the mosque open day.");
    expect(contactRow(survivor)!.notes).toContain("Prefers calls after 6pm.");
    expect(contactRow(survivor)).toMatchObject({
      isCrgMember: true,
      confidentialitySignedOn: "2026-03-02",
      declaredInterests: "Chairs the women's group.",
    });

    // The duplicate's search row is gone; the survivor is found by what it took over.
    const searchRows = getDb().get<{ total: number }>(
      sql`SELECT count(*) AS total FROM directory_search WHERE rowid = ${duplicate * 2}`,
    );
    expect(searchRows!.total).toBe(0);
    expect(idsOf(await listFor(admin, "?q=nasrin.h@example.org"))).toEqual([survivor]);
    expect(idsOf(await listFor(admin, "?q=Nasreen"))).toEqual([]);

    const survivorMerge = auditFor(survivor).find((event) => event.action === "merge")!;
    const duplicateMerge = auditFor(duplicate).find((event) => event.action === "merge")!;
    for (const event of [survivorMerge, duplicateMerge]) {
      expect(event.actorUserId).toBe(admin.id);
      expect(event.detail).toContain(`#${survivor}`);
      expect(event.detail).toContain(`#${duplicate}`);
    }
    expect(survivorMerge.changes).toMatchObject({
      email: ["", "nasrin.h@example.org"],
      strandKeys: [["community"], ["religious", "community"]],
    });
    // Where the duplicate went, kept for erasure to follow.
    expect(
      getDb().select().from(contactMerges).where(eq(contactMerges.duplicateId, duplicate)).get(),
    ).toMatchObject({ survivorId: survivor });

    const gone = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${duplicate}`, { cookie: admin.cookie }),
      { contactId: String(duplicate) },
    );
    expect(gone.status).toBe(404);
  });

  it("moves the feedback that names the duplicate to the survivor, naming each person once", async () => {
    const survivor = await addContact(admin, { name: "Omid Rahimi" });
    const duplicate = await addContact(admin, { name: "Omid Rahimy" });
    const db = getDb();
    const now = new Date();
    const feedbackNaming = (summary: string, contactIds: number[]) => {
      const feedbackId = db
        .insert(feedback)
        .values({
          receivedOn: "2026-06-11",
          communityId: null,
          channel: "meeting",
          category: "operations_impact",
          summary,
          sentiment: 0,
          ownerUserId: admin.id,
          responseDueOn: "2026-07-09",
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: feedback.id })
        .get().id;
      for (const contactId of contactIds)
        db.insert(feedbackContacts).values({ feedbackId, contactId }).run();
      return feedbackId;
    };
    const namesBoth = feedbackNaming("Named both records", [survivor, duplicate]);
    const namesDuplicate = feedbackNaming("Named the duplicate", [duplicate]);

    const merged = await mergeStep(survivor, duplicate);
    expect(merged.status).toBe(302);
    expect(contactRow(duplicate)).toBeUndefined();
    const named = (feedbackId: number) =>
      db
        .select({ contactId: feedbackContacts.contactId })
        .from(feedbackContacts)
        .where(eq(feedbackContacts.feedbackId, feedbackId))
        .all()
        .map((row) => row.contactId);
    expect(named(namesBoth)).toEqual([survivor]);
    expect(named(namesDuplicate)).toEqual([survivor]);
  });

  it("keeps the older date of two declarations of interests, since both are kept and the pair is only as recent as the older", async () => {
    const merge = async (survivorDate: string, duplicateDate: string) => {
      const survivor = await addContact(admin, {
        name: "Parwin Sadat",
        isCrgMember: "on",
        declaredInterests: "Governor of a local school.",
        interestsDeclaredOn: survivorDate,
      });
      const duplicate = await addContact(admin, {
        name: "Parwin Sadaat",
        isCrgMember: "on",
        declaredInterests: "Her son is a special constable.",
        interestsDeclaredOn: duplicateDate,
      });
      const merged = await mergeStep(survivor, duplicate);
      expect(merged.status).toBe(302);
      return contactRow(survivor)!;
    };
    expect((await merge("2026-05-01", "2025-09-10")).interestsDeclaredOn).toBe("2025-09-10");
    expect((await merge("2025-09-10", "2026-05-01")).interestsDeclaredOn).toBe("2025-09-10");
    const joined = await merge("", "2026-05-01");
    expect(joined.interestsDeclaredOn).toBe("2026-05-01");
    expect(joined.declaredInterests).toContain("Governor of a local school.");
    expect(joined.declaredInterests).toContain("Her son is a special constable.");
  });

  it("refuses a contact merged into itself or one that does not exist", async () => {
    const id = await addContact(admin);
    for (const duplicateId of [String(id), "999999", "abc"]) {
      const result = await mergeStep(id, duplicateId);
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
    }
    expect(contactRow(id)).toBeDefined();
    expect(
      getDb().select().from(contactMerges).where(eq(contactMerges.survivorId, id)).all(),
    ).toEqual([]);
  });

  it("is refused with 403 to anyone but an admin, and changes nothing", async () => {
    const survivor = await addContact(afghanOfficer, { tags: "one" });
    const duplicate = await addContact(afghanOfficer, { tags: "two" });
    for (const actor of [afghanOfficer, steering]) {
      for (const intent of ["mergePreview", "mergeConfirm"] as const) {
        const result = await mergeStep(survivor, duplicate, intent, actor);
        expect(result.status).toBe(403);
      }
    }
    expect(contactRow(duplicate)).toBeDefined();
    expect(tagsOf(survivor)).toEqual(["one"]);
    expect(auditFor(survivor).some((event) => event.action === "merge")).toBe(false);
  });
});

describe("need-to-know scope", () => {
  let hidden: number;
  let hiddenName: string;
  let communityless: number;

  beforeAll(async () => {
    hiddenName = uniqueName("Tesfay Gebremedhin");
    hidden = await addContact(eritreanOfficer, {
      name: hiddenName,
      communityId: String(eritrean.id),
      strandKeys: ["youth"],
      email: "tesfay.hidden@example.org",
      tags: "hiddentag",
    });
    communityless = await addContact(admin, {
      name: uniqueName("Home Office Liaison"),
      communityId: "",
      strandKeys: ["political"],
    });
  });

  it("keeps another community's contact out of a liaison officer's list, search and export", async () => {
    expect(idsOf(await listFor(afghanOfficer, "?archived=include"))).not.toContain(hidden);
    expect(idsOf(await listFor(afghanOfficer, "?q=Tesfay"))).toEqual([]);
    expect(idsOf(await listFor(afghanOfficer, "?q=tesfay.hidden@example.org"))).toEqual([]);
    expect(idsOf(await listFor(afghanOfficer, "?tag=hiddentag"))).toEqual([]);
    expect(idsOf(await listFor(afghanOfficer, `?community=${eritrean.id}`))).toEqual([]);
    const search = await callLoader(
      searchLoader,
      buildRequest("/search?q=Tesfay", { cookie: afghanOfficer.cookie }),
    );
    expect((search.data as { contactTotal: number }).contactTotal).toBe(0);
    const csv = await exportFor(afghanOfficer, "?archived=include");
    expect(csv).not.toContain("Tesfay");
    expect(csv).not.toContain("tesfay.hidden@example.org");
    // The officer of that community does see it.
    expect(idsOf(await listFor(eritreanOfficer, "?q=Tesfay"))).toEqual([hidden]);
  });

  it("answers 404 to a liaison officer opening, editing or archiving another community's contact", async () => {
    const params = { contactId: String(hidden) };
    const cookie = afghanOfficer.cookie;
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${hidden}`, { cookie }),
      params,
    );
    const form = await callLoader(
      editLoader,
      buildRequest(`/contacts/${hidden}/edit`, { cookie }),
      params,
    );
    const edit = await callAction(
      editAction,
      buildRequest(`/contacts/${hidden}/edit`, {
        cookie,
        form: contactForm({ name: "Overwritten", communityId: String(afghan.id) }),
      }),
      params,
    );
    const archive = await callAction(
      contactAction,
      buildRequest(`/contacts/${hidden}`, { cookie, form: { intent: "archive" } }),
      params,
    );
    expect([page.status, form.status, edit.status, archive.status]).toEqual([404, 404, 404, 404]);
    expect(contactRow(hidden)).toMatchObject({ name: hiddenName, archivedAt: null });
    // No view was recorded for the refused reads; the denials were.
    const events = auditFor(hidden).filter((event) => event.actorUserId === afghanOfficer.id);
    expect(events.map((event) => event.action)).toEqual(["denied", "denied", "denied", "denied"]);
  });

  it("lets a liaison officer read a contact tied to no community, but not change it", async () => {
    const params = { contactId: String(communityless) };
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${communityless}`, { cookie: afghanOfficer.cookie }),
      params,
    );
    expect(page.status).toBe(200);
    expect((page.data as { canEdit: boolean }).canEdit).toBe(false);
    const edit = await callLoader(
      editLoader,
      buildRequest(`/contacts/${communityless}/edit`, { cookie: afghanOfficer.cookie }),
      params,
    );
    expect(edit.status).toBe(403);
  });

  it("shows a strand lead the contacts of their strands in any community, and no others", async () => {
    const afghanYouth = await addContact(afghanOfficer, {
      name: uniqueName("Zarmina Youth"),
      strandKeys: ["youth"],
    });
    const afghanBusiness = await addContact(afghanOfficer, {
      name: uniqueName("Zarmina Business"),
      strandKeys: ["business"],
    });
    const visible = idsOf(await listFor(youthLead, "?q=Zarmina"));
    expect(visible).toEqual([afghanYouth]);
    expect(idsOf(await listFor(youthLead, "?q=Tesfay"))).toEqual([hidden]);
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${afghanBusiness}`, { cookie: youthLead.cookie }),
      { contactId: String(afghanBusiness) },
    );
    expect(page.status).toBe(404);
    const editable = await callLoader(
      editLoader,
      buildRequest(`/contacts/${hidden}/edit`, { cookie: youthLead.cookie }),
      { contactId: String(hidden) },
    );
    expect(editable.status).toBe(200);
  });

  it("lets the steering group read every contact but not add or change one", async () => {
    expect(idsOf(await listFor(steering, "?q=Tesfay"))).toEqual([hidden]);
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${hidden}`, { cookie: steering.cookie }),
      { contactId: String(hidden) },
    );
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canEdit: false, canArchive: false, canMerge: false });
    const list = (await listFor(steering)) as ListData & { canCreate: boolean };
    expect(list.canCreate).toBe(false);

    const newForm = await callLoader(
      newLoader,
      buildRequest("/contacts/new", { cookie: steering.cookie }),
    );
    const create = await callAction(
      newAction,
      buildRequest("/contacts/new", { cookie: steering.cookie, form: contactForm() }),
    );
    const editForm = await callLoader(
      editLoader,
      buildRequest(`/contacts/${hidden}/edit`, { cookie: steering.cookie }),
      { contactId: String(hidden) },
    );
    const edit = await callAction(
      editAction,
      buildRequest(`/contacts/${hidden}/edit`, {
        cookie: steering.cookie,
        form: contactForm({ communityId: String(eritrean.id) }),
      }),
      { contactId: String(hidden) },
    );
    const archive = await callAction(
      contactAction,
      buildRequest(`/contacts/${hidden}`, { cookie: steering.cookie, form: { intent: "archive" } }),
      { contactId: String(hidden) },
    );
    expect([newForm.status, create.status, editForm.status, edit.status, archive.status]).toEqual([
      403, 403, 403, 403, 403,
    ]);
    expect(contactRow(hidden)).toMatchObject({ name: hiddenName, archivedAt: null });
  });

  it("sends someone not signed in to the sign-in page", async () => {
    const result = await callLoader(listLoader, buildRequest("/contacts"));
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/login/);
  });
});

describe("the contacts list", () => {
  let community: { id: number };
  let officer: Person;
  let owner: Person;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    community = createCommunity({ name: "Iraqi community", countryCode: "IQ" });
    officer = await person({ role: "liaison", communityIds: [community.id] });
    owner = await person({
      role: "liaison",
      displayName: "Aaron Owner",
      communityIds: [community.id],
    });
    const mediaOutlet = addOrganisation("Rudaw London Desk", community.id, ["media"]);
    getDb()
      .update(organisations)
      .set({ type: "media_outlet" })
      .where(eq(organisations.id, mediaOutlet))
      .run();
    const base = { communityId: String(community.id) };
    ids.basim = await addContact(officer, {
      ...base,
      name: "Basim Yousif",
      strandKeys: ["media"],
      organisationId: String(mediaOutlet),
    });
    ids.ahmed = await addContact(officer, {
      ...base,
      name: "Ahmed Jabbar",
      strandKeys: ["youth"],
      tags: "student",
      ownerUserId: String(owner.id),
    });
    ids.zainab = await addContact(officer, {
      ...base,
      name: "Zainab Ali",
      strandKeys: ["youth"],
      isCrgMember: "on",
    });
    ids.ceylan = await addContact(officer, {
      ...base,
      name: "Çeylan Hadi",
      strandKeys: ["community"],
      tags: "student, elder",
    });
  });

  const inIraq = () => `community=${community.id}`;

  it("sorts by name across accents, by owner, and by last change", async () => {
    const byName = await listFor(officer, `?${inIraq()}`);
    expect(byName.contacts.map((contact) => contact.name)).toEqual([
      "Ahmed Jabbar",
      "Basim Yousif",
      "Çeylan Hadi",
      "Zainab Ali",
    ]);
    const reversed = await listFor(officer, `?${inIraq()}&sort=name&dir=desc`);
    expect(reversed.contacts.map((contact) => contact.name)[0]).toBe("Zainab Ali");
    const byOwner = await listFor(officer, `?${inIraq()}&sort=owner`);
    expect(byOwner.contacts.map((contact) => contact.ownerName)).toEqual([
      "Aaron Owner",
      null,
      null,
      null,
    ]);
    const byUpdate = await listFor(officer, `?${inIraq()}&sort=updated`);
    expect(byUpdate.contacts[0]!.id).toBe(ids.ceylan);
  });

  it("filters by strand, organisation type, owner, tag, CRG membership and community", async () => {
    const names = async (query: string) =>
      (await listFor(officer, `?${inIraq()}&${query}`)).contacts.map((contact) => contact.name);
    expect(await names("strand=youth")).toEqual(["Ahmed Jabbar", "Zainab Ali"]);
    expect(await names("orgType=media_outlet")).toEqual(["Basim Yousif"]);
    expect(await names(`owner=${owner.id}`)).toEqual(["Ahmed Jabbar"]);
    expect(await names("tag=Student")).toEqual(["Ahmed Jabbar", "Çeylan Hadi"]);
    expect(await names("crg=yes")).toEqual(["Zainab Ali"]);
    expect(await names("q=zainab&strand=media")).toEqual([]);
    // A bad value in a shared link is dropped, not an error.
    expect(await names("strand=nonsense&page=-3")).toHaveLength(4);
  });

  it("says when nothing matches and keeps every filter in the URL for the next page", async () => {
    const empty = await listFor(officer, `?${inIraq()}&tag=nobody-has-this`);
    expect(empty.total).toBe(0);
    expect((empty as ListData & { isFiltered: boolean }).isFiltered).toBe(true);
  });

  it("pages 25 at a time with the total", async () => {
    const crowd = createCommunity({ name: "Syrian community", countryCode: "SY" });
    const crowdOfficer = await person({ role: "liaison", communityIds: [crowd.id] });
    for (let index = 0; index < 27; index += 1) {
      await addContact(crowdOfficer, {
        name: `Crowd Member ${String(index).padStart(2, "0")}`,
        communityId: String(crowd.id),
      });
    }
    const first = await listFor(crowdOfficer, `?community=${crowd.id}`);
    expect(first).toMatchObject({ total: 27, page: 1, pageCount: 2 });
    expect(first.contacts).toHaveLength(25);
    const second = await listFor(crowdOfficer, `?community=${crowd.id}&page=2`);
    expect(second.contacts.map((contact) => contact.name)).toEqual([
      "Crowd Member 25",
      "Crowd Member 26",
    ]);
  });
});

describe("export", () => {
  it("gives the filtered list as UTF-8 CSV with a BOM and every script, audited with the filter", async () => {
    const community = createCommunity({ name: "Ukrainian community", countryCode: "UA" });
    const officer = await person({ role: "liaison", communityIds: [community.id] });
    await addContact(officer, {
      name: "Олена Шевченко",
      latinName: "Olena Shevchenko",
      communityId: String(community.id),
      strandKeys: ["community"],
      tags: "volunteer",
    });
    await addContact(officer, {
      name: "Nguyễn Thị Hoa",
      communityId: String(community.id),
      strandKeys: ["business"],
    });
    const csv = await exportFor(officer, `?community=${community.id}&strand=community`);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Name,Name in Latin letters,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Олена Шевченко,Olena Shevchenko");
    expect(lines[1]).toContain("Ukrainian community");
    expect(csv).not.toContain("Nguyễn");

    const exported = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export"), eq(auditEvents.actorUserId, officer.id)))
      .get()!;
    expect(exported.entityType).toBe("contact");
    expect(JSON.parse(exported.detail!)).toEqual({
      filter: { community: community.id, strand: "community" },
      rows: 1,
    });
  });
});
