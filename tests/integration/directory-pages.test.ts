// Pages of the directory's lists hold exactly the rows the rules select, in list order, whether the
// database reads a page along an index in list order or gathers the matches and sorts them.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  contacts,
  contactStrands,
  contactTags,
  organisations,
  organisationStrands,
  type StrandKey,
} from "~/db/schema";
import { indexContact, indexOrganisation } from "~/domain/directory-search.server";
import { sortKey } from "~/domain/search-text";
import { loader as contactListLoader } from "~/routes/contacts._index";
import { loader as organisationListLoader } from "~/routes/organisations._index";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

const PAGE_SIZE = 25;
const LEAD_STRANDS: StrandKey[] = ["political", "community"];
const STRAND_CYCLE: StrandKey[][] = [
  ["political"],
  ["youth"],
  ["community", "political"],
  ["media", "business"],
  ["community"],
  ["religious", "youth", "political"],
];
// Few distinct names, so that many rows tie on the name and only the id orders them.
const FIRST_NAMES = ["Amal", "Bashir", "Chen", "Dana", "Emil", "Farah", "Goran"];

type ContactFact = {
  id: number;
  sortName: string;
  communityId: number | null;
  strands: StrandKey[];
  ownerUserId: number | null;
  isCrgMember: boolean;
  archived: boolean;
  tagged: boolean;
  orgType: "embassy" | "business" | null;
  updatedAt: number;
};
type OrganisationFact = {
  id: number;
  sortName: string;
  communityId: number | null;
  strands: StrandKey[];
  type: "embassy" | "business";
  archived: boolean;
  updatedAt: number;
};
type Viewer = {
  cookie: string;
  sees: (record: { communityId: number | null; strands: StrandKey[] }) => boolean;
};

const contactFacts: ContactFact[] = [];
const organisationFacts: OrganisationFact[] = [];
const viewers: Record<"admin" | "steering" | "lead" | "liaison", Viewer> = {} as never;
const ownerNames = new Map<number, string>();
let herat: { id: number };
let kabul: { id: number };

beforeAll(async () => {
  herat = createCommunity({ name: "Herat community" });
  kabul = createCommunity({ name: "Kabul community" });
  const admin = await createUser({ role: "admin", displayName: "Zed Admin" });
  const steering = await createUser({ role: "steering", displayName: "Yara Steering" });
  const lead = await createUser({
    role: "strand_lead",
    displayName: "Xavi Lead",
    strandKeys: LEAD_STRANDS,
  });
  const liaison = await createUser({
    role: "liaison",
    displayName: "Wren Liaison",
    communityIds: [herat.id],
  });
  // Two officers share a name: their contacts stay apart, in the order of their ids.
  const owners = [
    await createUser({ role: "liaison", displayName: "Amy Owner" }),
    await createUser({ role: "liaison", displayName: "Ben Owner" }),
    await createUser({ role: "liaison", displayName: "Amy Owner" }),
  ];
  for (const user of [admin, steering, lead, liaison, ...owners]) {
    ownerNames.set(user.id, user.displayName);
  }
  viewers.admin = { cookie: cookieFor(admin.id), sees: () => true };
  viewers.steering = { cookie: cookieFor(steering.id), sees: () => true };
  viewers.lead = {
    cookie: cookieFor(lead.id),
    sees: (record) => record.strands.some((key) => LEAD_STRANDS.includes(key)),
  };
  viewers.liaison = {
    cookie: cookieFor(liaison.id),
    sees: (record) => record.communityId === null || record.communityId === herat.id,
  };

  const db = getDb();
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 40; i += 1) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} Trust ${i % 4}`;
    const fact: Omit<OrganisationFact, "id"> = {
      sortName: sortKey(name),
      communityId: [herat.id, kabul.id, null][i % 3]!,
      strands: STRAND_CYCLE[i % STRAND_CYCLE.length]!,
      type: i % 4 === 0 ? "embassy" : "business",
      archived: i % 9 === 4,
      // Every third pair shares a time, so the id decides.
      updatedAt: base + Math.floor(i / 2) * 60_000,
    };
    const { id } = db
      .insert(organisations)
      .values({
        name,
        sortName: fact.sortName,
        type: fact.type,
        communityId: fact.communityId,
        archivedAt: fact.archived ? new Date(base) : null,
        createdAt: new Date(base),
        updatedAt: new Date(fact.updatedAt),
      })
      .returning({ id: organisations.id })
      .get();
    db.insert(organisationStrands)
      .values(fact.strands.map((strandKey) => ({ organisationId: id, strandKey })))
      .run();
    indexOrganisation(db, id);
    organisationFacts.push({ id, ...fact });
  }

  const ownerCycle = [owners[0]!.id, owners[1]!.id, null, owners[2]!.id];
  for (let i = 0; i < 90; i += 1) {
    const name = `${FIRST_NAMES[(i * 3) % FIRST_NAMES.length]} Karimi`;
    const organisation = i % 5 === 0 ? null : organisationFacts[i % organisationFacts.length]!;
    const fact: Omit<ContactFact, "id"> = {
      sortName: sortKey(name),
      communityId: [herat.id, kabul.id, null, herat.id][i % 4]!,
      strands: STRAND_CYCLE[i % STRAND_CYCLE.length]!,
      ownerUserId: ownerCycle[i % ownerCycle.length]!,
      isCrgMember: i % 5 === 2,
      archived: i % 7 === 3,
      tagged: i % 3 === 1,
      orgType: organisation?.type ?? null,
      updatedAt: base + Math.floor(i / 3) * 60_000,
    };
    const { id } = db
      .insert(contacts)
      .values({
        name,
        sortName: fact.sortName,
        communityId: fact.communityId,
        organisationId: organisation?.id ?? null,
        ownerUserId: fact.ownerUserId,
        isCrgMember: fact.isCrgMember,
        notes: fact.tagged ? "met at the elders' lunch" : "",
        archivedAt: fact.archived ? new Date(base) : null,
        createdAt: new Date(base),
        updatedAt: new Date(fact.updatedAt),
      })
      .returning({ id: contacts.id })
      .get();
    db.insert(contactStrands)
      .values(fact.strands.map((strandKey) => ({ contactId: id, strandKey })))
      .run();
    if (fact.tagged) db.insert(contactTags).values({ contactId: id, tag: "elder" }).run();
    indexContact(db, id);
    contactFacts.push({ id, ...fact });
  }
});

type Order = (a: ContactFact, b: ContactFact) => number;
const byNumber = (a: number, b: number) => a - b;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const nameOrder: Order = (a, b) => byText(a.sortName, b.sortName) || byNumber(a.id, b.id);
const updatedOrder: Order = (a, b) => byNumber(a.updatedAt, b.updatedAt) || byNumber(a.id, b.id);
function ownerOrder(direction: 1 | -1): Order {
  return (a, b) => {
    if (a.ownerUserId === null || b.ownerUserId === null) {
      if (a.ownerUserId !== b.ownerUserId) return a.ownerUserId === null ? 1 : -1;
      return nameOrder(a, b);
    }
    const owners =
      byText(ownerNames.get(a.ownerUserId)!, ownerNames.get(b.ownerUserId)!) ||
      byNumber(a.ownerUserId, b.ownerUserId);
    return direction * owners || nameOrder(a, b);
  };
}
const reversed =
  <T>(order: (a: T, b: T) => number) =>
  (a: T, b: T) =>
    order(b, a);

async function contactPage(viewer: Viewer, query: string, page: number) {
  const { data } = await callLoader(
    contactListLoader,
    buildRequest(`/contacts?${query}&page=${page}`, { cookie: viewer.cookie }),
  );
  return data as { contacts: { id: number }[]; total: number; page: number; pageCount: number };
}

/** Every page of the list, compared with the rows the rules select, sorted by the list's order. */
async function expectContactPages(
  viewer: Viewer,
  query: string,
  keep: (contact: ContactFact) => boolean,
  order: Order,
) {
  const expected = contactFacts.filter((contact) => viewer.sees(contact) && keep(contact));
  expected.sort(order);
  const pageCount = Math.max(1, Math.ceil(expected.length / PAGE_SIZE));
  for (let page = 1; page <= pageCount; page += 1) {
    const list = await contactPage(viewer, query, page);
    expect(list.total, `${query} total`).toBe(expected.length);
    expect(
      list.contacts.map((contact) => contact.id),
      `${query} page ${page}`,
    ).toEqual(
      expected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((contact) => contact.id),
    );
  }
}

const current = (contact: ContactFact) => !contact.archived;

describe("contact list pages", () => {
  const roles = ["admin", "steering", "lead", "liaison"] as const;

  it.each(roles)(
    "as %s: by name both ways, by last change both ways, by owner both ways",
    async (role) => {
      const viewer = viewers[role];
      await expectContactPages(viewer, "sort=name", current, nameOrder);
      await expectContactPages(viewer, "sort=name&dir=desc", current, reversed(nameOrder));
      await expectContactPages(viewer, "sort=updated&dir=asc", current, updatedOrder);
      await expectContactPages(viewer, "sort=updated", current, reversed(updatedOrder));
      await expectContactPages(viewer, "sort=owner", current, ownerOrder(1));
      await expectContactPages(viewer, "sort=owner&dir=desc", current, ownerOrder(-1));
    },
  );

  it.each(roles)(
    "as %s: with each filter, archived rows left out, included or alone",
    async (role) => {
      const viewer = viewers[role];
      await expectContactPages(viewer, "archived=include", () => true, nameOrder);
      await expectContactPages(viewer, "archived=only", (contact) => contact.archived, nameOrder);
      await expectContactPages(
        viewer,
        `community=${herat.id}`,
        (contact) => current(contact) && contact.communityId === herat.id,
        nameOrder,
      );
      await expectContactPages(
        viewer,
        "community=none",
        (contact) => current(contact) && contact.communityId === null,
        nameOrder,
      );
      for (const strand of ["political", "youth"] as const) {
        await expectContactPages(
          viewer,
          `strand=${strand}`,
          (contact) => current(contact) && contact.strands.includes(strand),
          nameOrder,
        );
        await expectContactPages(
          viewer,
          `strand=${strand}&archived=include&sort=updated`,
          (contact) => contact.strands.includes(strand),
          reversed(updatedOrder),
        );
      }
      await expectContactPages(
        viewer,
        "orgType=embassy",
        (contact) => current(contact) && contact.orgType === "embassy",
        nameOrder,
      );
      // The organisation type is counted from the type's organisations, walked by name, gathered
      // and sorted otherwise, and checked alongside the other filters.
      await expectContactPages(
        viewer,
        "orgType=business",
        (contact) => current(contact) && contact.orgType === "business",
        nameOrder,
      );
      await expectContactPages(
        viewer,
        "orgType=business&archived=include&sort=updated",
        (contact) => contact.orgType === "business",
        reversed(updatedOrder),
      );
      await expectContactPages(
        viewer,
        "orgType=business&tag=elder",
        (contact) => current(contact) && contact.orgType === "business" && contact.tagged,
        nameOrder,
      );
      await expectContactPages(
        viewer,
        `orgType=business&community=${herat.id}`,
        (contact) =>
          current(contact) && contact.orgType === "business" && contact.communityId === herat.id,
        nameOrder,
      );
      await expectContactPages(
        viewer,
        "orgType=embassy&strand=youth&sort=owner",
        (contact) =>
          current(contact) && contact.orgType === "embassy" && contact.strands.includes("youth"),
        ownerOrder(1),
      );
      await expectContactPages(
        viewer,
        "owner=none&sort=owner",
        (contact) => current(contact) && contact.ownerUserId === null,
        nameOrder,
      );
      await expectContactPages(
        viewer,
        "tag=elder",
        (contact) => current(contact) && contact.tagged,
        nameOrder,
      );
      await expectContactPages(
        viewer,
        "crg=yes&sort=owner",
        (contact) => current(contact) && contact.isCrgMember,
        ownerOrder(1),
      );
      await expectContactPages(
        viewer,
        "crg=no&archived=include",
        (contact) => !contact.isCrgMember,
        nameOrder,
      );
      await expectContactPages(
        viewer,
        "q=elders&strand=community",
        (contact) => current(contact) && contact.tagged && contact.strands.includes("community"),
        nameOrder,
      );
    },
  );

  it("shows the last page when a shared link asks for a page past the end", async () => {
    const list = await contactPage(viewers.lead, "sort=owner", 99);
    expect(list.page).toBe(list.pageCount);
    expect(list.contacts.length).toBeGreaterThan(0);
  });
});

async function expectOrganisationPages(
  viewer: Viewer,
  query: string,
  keep: (organisation: OrganisationFact) => boolean,
  order: (a: OrganisationFact, b: OrganisationFact) => number,
) {
  const expected = organisationFacts.filter((row) => viewer.sees(row) && keep(row));
  expected.sort(order);
  const pageCount = Math.max(1, Math.ceil(expected.length / PAGE_SIZE));
  for (let page = 1; page <= pageCount; page += 1) {
    const { data } = await callLoader(
      organisationListLoader,
      buildRequest(`/organisations?${query}&page=${page}`, { cookie: viewer.cookie }),
    );
    const list = data as { organisations: { id: number }[]; total: number };
    expect(list.total, `${query} total`).toBe(expected.length);
    expect(
      list.organisations.map((organisation) => organisation.id),
      `${query} page ${page}`,
    ).toEqual(expected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((row) => row.id));
  }
}

describe("organisation list pages", () => {
  const nameFirst = (a: OrganisationFact, b: OrganisationFact) =>
    byText(a.sortName, b.sortName) || byNumber(a.id, b.id);
  const updatedFirst = (a: OrganisationFact, b: OrganisationFact) =>
    byNumber(a.updatedAt, b.updatedAt) || byNumber(a.id, b.id);

  it.each(["admin", "steering", "lead", "liaison"] as const)(
    "as %s: every order and filter",
    async (role) => {
      const viewer = viewers[role];
      const kept = (row: OrganisationFact) => !row.archived;
      await expectOrganisationPages(viewer, "sort=name", kept, nameFirst);
      await expectOrganisationPages(viewer, "sort=name&dir=desc", kept, reversed(nameFirst));
      await expectOrganisationPages(viewer, "sort=updated", kept, reversed(updatedFirst));
      await expectOrganisationPages(viewer, "sort=updated&dir=asc", kept, updatedFirst);
      await expectOrganisationPages(viewer, "archived=include", () => true, nameFirst);
      await expectOrganisationPages(viewer, "archived=only", (row) => row.archived, nameFirst);
      await expectOrganisationPages(
        viewer,
        "strand=youth",
        (row) => kept(row) && row.strands.includes("youth"),
        nameFirst,
      );
      await expectOrganisationPages(
        viewer,
        `community=${kabul.id}`,
        (row) => kept(row) && row.communityId === kabul.id,
        nameFirst,
      );
      await expectOrganisationPages(
        viewer,
        "type=embassy&archived=include",
        (row) => row.type === "embassy",
        nameFirst,
      );
    },
  );
});
