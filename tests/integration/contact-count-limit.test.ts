// The contact list stops counting at CONTACT_COUNT_LIMIT, as the engagement list does, and the
// header search at SEARCH_COUNT_LIMIT: past it the total is a lower bound, the list offers the
// first pages only, and narrower filters count exactly.
import { describe, expect, it } from "vitest";
import { getDb, type Tx } from "~/db/client.server";
import { contacts, contactStrands, contactTags, type StrandKey } from "~/db/schema";
import {
  CONTACT_COUNT_LIMIT,
  CONTACT_PAGE_SIZE,
  SEARCH_COUNT_LIMIT,
} from "~/domain/contacts.server";
import { indexContact } from "~/domain/directory-search.server";
import { loader as contactListLoader } from "~/routes/contacts._index";
import { loader as searchLoader } from "~/routes/search";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

type Listed = {
  contacts: { name: string }[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
};

/** A contact with just a name (its sort name lower-cased), in a community or archived if asked. */
function insertNamedContact(
  tx: Tx,
  name: string,
  options: { communityId?: number | null; archived?: boolean } = {},
): number {
  const now = new Date();
  return tx
    .insert(contacts)
    .values({
      name,
      sortName: name.toLowerCase(),
      communityId: options.communityId ?? null,
      createdAt: now,
      updatedAt: now,
      archivedAt: options.archived ? now : null,
    })
    .returning({ id: contacts.id })
    .get().id;
}

/** The names listed on every page of a contact list, checking each page's total on the way. */
async function namesOnEveryPage(query: string, cookie: string, total: number): Promise<string[]> {
  const listed: string[] = [];
  for (let page = 1; page <= Math.ceil(total / CONTACT_PAGE_SIZE); page += 1) {
    const { data } = await callLoader(
      contactListLoader,
      buildRequest(`/contacts?${query}&page=${page}`, { cookie }),
    );
    const list = data as Listed;
    expect(list).toMatchObject({ total, totalIsLowerBound: false });
    listed.push(...list.contacts.map((contact) => contact.name));
  }
  return listed;
}

describe("the contact list's count", () => {
  it("says 'more than' past the limit for a strand lead's strands, and counts a narrower filter exactly", async () => {
    const community = createCommunity({ name: "Counted community", countryCode: "AF" }).id;
    const lead = await createUser({ role: "strand_lead", strandKeys: ["political", "community"] });
    getDb().transaction((tx) => {
      for (let index = 0; index < CONTACT_COUNT_LIMIT + 10; index += 1) {
        const id = insertNamedContact(tx, `Counted ${String(index).padStart(5, "0")}`, {
          communityId: index < 30 ? community : null,
        });
        // Alternate strands, some in both: each contact counted once.
        const strands =
          index % 3 === 0
            ? ["political", "community"]
            : index % 3 === 1
              ? ["political"]
              : ["community"];
        for (const strandKey of strands) {
          tx.insert(contactStrands)
            .values({ contactId: id, strandKey: strandKey as "political" | "community" })
            .run();
        }
      }
    });

    const { data } = await callLoader(
      contactListLoader,
      buildRequest("/contacts?page=999", { cookie: cookieFor(lead.id) }),
    );
    const list = data as Listed;
    expect(list).toMatchObject({
      total: CONTACT_COUNT_LIMIT,
      totalIsLowerBound: true,
      pageCount: CONTACT_COUNT_LIMIT / CONTACT_PAGE_SIZE,
      page: CONTACT_COUNT_LIMIT / CONTACT_PAGE_SIZE,
    });
    expect(list.contacts).toHaveLength(CONTACT_PAGE_SIZE);
    expect(list.contacts[0]!.name).toBe(
      `Counted ${String(CONTACT_COUNT_LIMIT - CONTACT_PAGE_SIZE).padStart(5, "0")}`,
    );

    const narrowed = await callLoader(
      contactListLoader,
      buildRequest(`/contacts?community=${community}`, { cookie: cookieFor(lead.id) }),
    );
    expect(narrowed.data as Listed).toMatchObject({
      total: 30,
      totalIsLowerBound: false,
      pageCount: 2,
    });
  });

  it("counts a strand outside a lead's own from that strand's rows: each match once, archived ones left out", async () => {
    const lead = await createUser({ role: "strand_lead", strandKeys: ["political", "community"] });
    const expected: string[] = [];
    getDb().transaction((tx) => {
      for (let index = 0; index < 300; index += 1) {
        const name = `Youth ${String(index).padStart(3, "0")}`;
        const archived = index % 10 === 0;
        const id = insertNamedContact(tx, name, { archived });
        // Youth alone (outside the lead's strands), youth with one or both of the lead's, or none.
        const strandKeys: StrandKey[][] = [
          ["youth"],
          ["youth", "political"],
          ["youth", "political", "community"],
          ["community"],
        ];
        const keys = strandKeys[index % 4]!;
        for (const strandKey of keys)
          tx.insert(contactStrands).values({ contactId: id, strandKey }).run();
        if (!archived && keys.includes("youth") && keys.length > 1) expected.push(name);
      }
    });

    expect(await namesOnEveryPage("strand=youth", cookieFor(lead.id), expected.length)).toEqual(
      expected,
    );
  });

  it("lists a common tag in name order, page after page, when pages are read along the name order", async () => {
    const steering = await createUser({ role: "steering" });
    const expected: string[] = [];
    getDb().transaction((tx) => {
      // Names inserted out of order, so an answer in insertion order would show.
      for (let index = 0; index < 600; index += 1) {
        const name = `Tagged ${String((index * 7) % 600).padStart(3, "0")}`;
        const archived = index % 10 === 1;
        const id = insertNamedContact(tx, name, { archived });
        // Two in three tagged: the first pages are read along the name order, the later ones gathered.
        if (index % 3 !== 0) {
          tx.insert(contactTags).values({ contactId: id, tag: "interpreter" }).run();
          if (!archived) expected.push(name);
        } else {
          tx.insert(contactTags).values({ contactId: id, tag: "faith leader" }).run();
        }
      }
    });
    expected.sort();

    expect(
      await namesOnEveryPage("tag=interpreter", cookieFor(steering.id), expected.length),
    ).toEqual(expected);
  });
});

describe("the header search's count", () => {
  it("stops at its own, lower limit, while the list it links to counts on", async () => {
    const admin = await createUser({ role: "admin" });
    getDb().transaction((tx) => {
      for (let index = 0; index < SEARCH_COUNT_LIMIT + 5; index += 1) {
        indexContact(tx, insertNamedContact(tx, `Searchable ${String(index).padStart(5, "0")}`));
      }
      // Matches the list leaves out are not counted towards either limit.
      indexContact(tx, insertNamedContact(tx, "Searchable archived", { archived: true }));
    });
    const cookie = cookieFor(admin.id);
    const found = await callLoader(searchLoader, buildRequest("/search?q=Searchable", { cookie }));
    expect(found.data).toMatchObject({
      contactTotal: SEARCH_COUNT_LIMIT,
      contactTotalIsLowerBound: true,
    });
    const listed = await callLoader(
      contactListLoader,
      buildRequest("/contacts?q=Searchable", { cookie }),
    );
    expect(listed.data).toMatchObject({
      total: SEARCH_COUNT_LIMIT + 5,
      totalIsLowerBound: false,
    });

    const narrower = await callLoader(
      searchLoader,
      buildRequest("/search?q=Searchable%2000012", { cookie }),
    );
    expect(narrower.data).toMatchObject({ contactTotal: 1, contactTotalIsLowerBound: false });
  });

  it("lets the list's search count stop at the list's limit", async () => {
    const admin = await createUser({ role: "admin" });
    getDb().transaction((tx) => {
      for (let index = 0; index < CONTACT_COUNT_LIMIT + 5; index += 1) {
        indexContact(tx, insertNamedContact(tx, `Plentiful ${String(index).padStart(5, "0")}`));
      }
    });
    const listed = await callLoader(
      contactListLoader,
      buildRequest("/contacts?q=Plentiful", { cookie: cookieFor(admin.id) }),
    );
    expect(listed.data).toMatchObject({ total: CONTACT_COUNT_LIMIT, totalIsLowerBound: true });
  });
});

describe("a search's first pages when the matches are many", () => {
  async function namesListed(query: string, cookie: string): Promise<string[]> {
    const { data } = await callLoader(
      contactListLoader,
      buildRequest(`/contacts?${query}`, { cookie }),
    );
    return (data as Listed).contacts.map((contact) => contact.name);
  }

  it("reads them along the name order, in either direction, as sorting them all would", async () => {
    const admin = await createUser({ role: "admin" });
    const names: string[] = [];
    getDb().transaction((tx) => {
      for (let index = 0; index < 1000; index += 1) {
        // Three in five match, spread along the whole order.
        const name = `N${String(index).padStart(4, "0")} ${index % 5 < 3 ? "Plenty" : "Sparse"}`;
        indexContact(tx, insertNamedContact(tx, name));
        if (name.endsWith("Plenty")) names.push(name);
      }
    });
    const cookie = cookieFor(admin.id);
    const found = await callLoader(searchLoader, buildRequest("/search?q=Plenty", { cookie }));
    expect(found.data).toMatchObject({ contactTotalIsLowerBound: true });
    expect((found.data as { contacts: { name: string }[] }).contacts.map((c) => c.name)).toEqual(
      names.slice(0, 20),
    );
    expect(await namesListed("q=Plenty", cookie)).toEqual(names.slice(0, CONTACT_PAGE_SIZE));
    expect(await namesListed("q=Plenty&page=2", cookie)).toEqual(
      names.slice(CONTACT_PAGE_SIZE, 2 * CONTACT_PAGE_SIZE),
    );
    expect(await namesListed("q=Plenty&dir=desc", cookie)).toEqual(
      [...names].reverse().slice(0, CONTACT_PAGE_SIZE),
    );
  });

  it("finds them bunched at the end of the order too, past where the read along it stops", async () => {
    const admin = await createUser({ role: "admin" });
    const names: string[] = [];
    getDb().transaction((tx) => {
      for (let index = 0; index < 700; index += 1) {
        indexContact(tx, insertNamedContact(tx, `Aa${String(index).padStart(4, "0")} Filler`));
      }
      for (let index = 0; index < 300; index += 1) {
        const name = `Zz${String(index).padStart(4, "0")} Bunched`;
        indexContact(tx, insertNamedContact(tx, name));
        names.push(name);
      }
    });
    const cookie = cookieFor(admin.id);
    const found = await callLoader(searchLoader, buildRequest("/search?q=Bunched", { cookie }));
    expect(found.data).toMatchObject({ contactTotal: 300, contactTotalIsLowerBound: false });
    expect((found.data as { contacts: { name: string }[] }).contacts.map((c) => c.name)).toEqual(
      names.slice(0, 20),
    );
    expect(await namesListed("q=Bunched", cookie)).toEqual(names.slice(0, CONTACT_PAGE_SIZE));
  });
});
