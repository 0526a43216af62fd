import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { contacts, organisations, organisationStrands, type StrandKey } from "~/db/schema";
import { indexOrganisation } from "~/domain/directory-search.server";
import { sortKey } from "~/domain/search-text";
import { loader as listLoader } from "~/routes/contacts._index";
import { action as newAction } from "~/routes/contacts.new";
import { action as contactAction } from "~/routes/contacts.$contactId._index";
import { action as editAction } from "~/routes/contacts.$contactId.edit";
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
let afghan: { id: number };
let vietnamese: { id: number };
let admin: Person;
let afghanOfficer: Person;

async function person(options: Parameters<typeof createUser>[0]): Promise<Person> {
  const user = await createUser(options);
  return { id: user.id, cookie: cookieFor(user.id) };
}

async function addContact(form: Record<string, string | string[]>): Promise<number> {
  const result = await callAction(
    newAction,
    buildRequest("/contacts/new", {
      cookie: admin.cookie,
      form: {
        communityId: String(afghan.id),
        strandKeys: ["community"],
        confirmDuplicate: "yes",
        ...form,
      },
    }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return Number(/\/contacts\/(\d+)/.exec(result.location!)![1]);
}

function addOrganisation(name: string, communityId: number | null, strandKeys: StrandKey[]) {
  const db = getDb();
  const now = new Date();
  const { id } = db
    .insert(organisations)
    .values({
      name,
      sortName: sortKey(name),
      type: "community_association",
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

type SearchResult = {
  searched: boolean;
  contacts: { id: number; name: string }[];
  contactTotal: number;
  organisations: { id: number; name: string }[];
  organisationTotal: number;
};

async function search(query: string, actor: Person = admin): Promise<SearchResult> {
  const result = await callLoader(
    searchLoader,
    buildRequest(`/search?${new URLSearchParams({ q: query })}`, { cookie: actor.cookie }),
  );
  expect(result.status).toBe(200);
  return result.data as SearchResult;
}

/** What the header search finds, checked against the contacts list's search box too. */
async function contactsFound(query: string, actor: Person = admin): Promise<string[]> {
  const header = await search(query, actor);
  const fromHeader = header.contacts.map((contact) => contact.name);
  const list = await callLoader(
    listLoader,
    buildRequest(`/contacts?${new URLSearchParams({ q: query })}`, { cookie: actor.cookie }),
  );
  const listed = list.data as { contacts: { name: string }[]; total: number };
  expect(listed.contacts.map((contact) => contact.name)).toEqual(fromHeader);
  // The counts, joined from the index's matches, leave out what the pages leave out.
  expect(header.contactTotal).toBe(fromHeader.length);
  expect(listed.total).toBe(fromHeader.length);
  return fromHeader;
}

let mosqueId: number;

beforeAll(async () => {
  afghan = createCommunity({ name: "Afghan community", countryCode: "AF" });
  vietnamese = createCommunity({ name: "Vietnamese community", countryCode: "VN" });
  admin = await person({ role: "admin" });
  afghanOfficer = await person({ role: "liaison", communityIds: [afghan.id] });
  mosqueId = addOrganisation("Hounslow Jamia Masjid", afghan.id, ["religious"]);
  await addContact({ name: "Zoë Martin", email: "zoe.martin@example.org" });
  await addContact({ name: "Mohammed Karimi", tags: "imam, elder" });
  await addContact({ name: "Дмитрий Иванов", latinName: "Dmitry Ivanov" });
  await addContact({ name: "مُحَمَّد عَلِي", latinName: "Muhammad Ali" });
  await addContact({ name: "王伟", latinName: "Wang Wei" });
  await addContact({
    name: "Nguyễn Văn An",
    communityId: String(vietnamese.id),
    email: "an.nguyen@example.org",
    phone: "+44 20 7946 0123",
    notes: "Runs the allotment society on Thursdays.",
  });
  await addContact({
    name: "Hamida Stanekzai",
    organisationId: String(mosqueId),
    roleTitle: "Women's group coordinator",
  });
});

describe("searching the directory across scripts, accents and prefixes", () => {
  it.each([
    ["Zoe", "Zoë Martin"],
    ["zoë", "Zoë Martin"],
    ["MARTIN", "Zoë Martin"],
    ["Moh", "Mohammed Karimi"],
    ["Дмитр", "Дмитрий Иванов"],
    ["дмитрий", "Дмитрий Иванов"],
    ["Dmitry", "Дмитрий Иванов"],
    ["محمد", "مُحَمَّد عَلِي"],
    ["Muham", "مُحَمَّد عَلِي"],
    ["伟", "王伟"],
    ["王伟", "王伟"],
    ["Nguyen", "Nguyễn Văn An"],
    ["nguyễn van", "Nguyễn Văn An"],
  ])("%s finds %s", async (query, name) => {
    expect(await contactsFound(query)).toEqual([name]);
  });

  it("finds a contact by email, whole or in part", async () => {
    expect(await contactsFound("an.nguyen@example.org")).toEqual(["Nguyễn Văn An"]);
    expect(await contactsFound("zoe.martin")).toEqual(["Zoë Martin"]);
  });

  it("finds a contact by phone, as stored, as digits, or written the UK way", async () => {
    expect(await contactsFound("+44 20 7946 0123")).toEqual(["Nguyễn Văn An"]);
    expect(await contactsFound("442079460123")).toEqual(["Nguyễn Văn An"]);
    expect(await contactsFound("020 7946 0123")).toEqual(["Nguyễn Văn An"]);
  });

  it("finds a contact by tag, by notes and by the name of their organisation", async () => {
    expect(await contactsFound("imam")).toEqual(["Mohammed Karimi"]);
    expect(await contactsFound("allotment")).toEqual(["Nguyễn Văn An"]);
    expect(await contactsFound("Jamia Masjid")).toEqual(["Hamida Stanekzai"]);
  });

  it("requires every word typed to match", async () => {
    expect(await contactsFound("Mohammed Karimi")).toEqual(["Mohammed Karimi"]);
    expect(await contactsFound("Mohammed Ivanov")).toEqual([]);
  });

  it("finds organisations alongside people, with links into both lists", async () => {
    const result = await search("Masjid");
    expect(result.organisations.map((organisation) => organisation.name)).toEqual([
      "Hounslow Jamia Masjid",
    ]);
    expect(result.organisationTotal).toBe(1);
    expect(result.contacts.map((contact) => contact.name)).toEqual(["Hamida Stanekzai"]);
  });

  it("asks for something to search for when nothing searchable was typed", async () => {
    expect((await search("")).searched).toBe(false);
    expect((await search("  -- ")).searched).toBe(false);
  });
});

describe("what the search may show", () => {
  it("shows a liaison officer nothing from a community they are not assigned to", async () => {
    addOrganisation("Vietnamese Elders Club", vietnamese.id, ["community"]);
    expect(await contactsFound("Nguyen", afghanOfficer)).toEqual([]);
    expect(await contactsFound("allotment", afghanOfficer)).toEqual([]);
    expect(await contactsFound("020 7946 0123", afghanOfficer)).toEqual([]);
    const elders = await search("Elders", afghanOfficer);
    expect(elders.organisationTotal).toBe(0);
    // Their own community's records are found as usual.
    expect(await contactsFound("Zoe", afghanOfficer)).toEqual(["Zoë Martin"]);
    expect((await search("Masjid", afghanOfficer)).organisationTotal).toBe(1);
  });

  it("shows a strand lead the matches of their strands only, and counts just those", async () => {
    const lead = await person({ role: "strand_lead", strandKeys: ["youth"] });
    await addContact({ name: "Yasin Youthworker", strandKeys: ["youth"] });
    await addContact({ name: "Yasin Elder", strandKeys: ["religious"] });
    expect(await contactsFound("Yasin", lead)).toEqual(["Yasin Youthworker"]);
    expect(await contactsFound("Yasin")).toEqual(["Yasin Elder", "Yasin Youthworker"]);
  });

  it("leaves archived contacts out", async () => {
    const id = await addContact({ name: "Archibald Gone" });
    const archived = await callAction(
      contactAction,
      buildRequest(`/contacts/${id}`, { cookie: admin.cookie, form: { intent: "archive" } }),
      { contactId: String(id) },
    );
    expect(archived.status).toBe(302);
    expect(await contactsFound("Archibald")).toEqual([]);
  });

  it("shows the first 20 of each kind and the total, for the link to see them all", async () => {
    for (let index = 0; index < 22; index += 1) {
      await addContact({ name: `Qasim ${String(index).padStart(2, "0")} Popal` });
    }
    const result = await search("Qasim");
    expect(result.contacts).toHaveLength(20);
    expect(result.contactTotal).toBe(22);
    expect(result.contacts[0]!.name).toBe("Qasim 00 Popal");
  });

  it("follows a contact's changes at once: a new name is found, the old one no longer", async () => {
    const id = await addContact({ name: "Sediqa Rahmani" });
    const edited = await callAction(
      editAction,
      buildRequest(`/contacts/${id}/edit`, {
        cookie: admin.cookie,
        form: {
          name: "Sediqa Barakzai",
          communityId: String(afghan.id),
          strandKeys: ["community"],
        },
      }),
      { contactId: String(id) },
    );
    expect(edited.status).toBe(302);
    expect(getDb().select().from(contacts).where(eq(contacts.id, id)).get()!.name).toBe(
      "Sediqa Barakzai",
    );
    expect(await contactsFound("Barakzai")).toEqual(["Sediqa Barakzai"]);
    expect(await contactsFound("Rahmani")).toEqual([]);
  });
});
