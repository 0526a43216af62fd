import { and, count, eq, gt, max } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  contacts,
  contactStrands,
  organisations,
  organisationStrands,
  type StrandKey,
} from "~/db/schema";
import { sortKey } from "~/domain/search-text";
import { loader as listLoader } from "~/routes/organisations._index";
import { loader as exportLoader } from "~/routes/organisations.export";
import { loader as newLoader, action as newAction } from "~/routes/organisations.new";
import {
  loader as pageLoader,
  action as pageAction,
} from "~/routes/organisations.$organisationId._index";
import {
  loader as editLoader,
  action as editAction,
} from "~/routes/organisations.$organisationId.edit";
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

type Community = ReturnType<typeof createCommunity>;
let afghan: Community;
let albanian: Community;
let eritrean: Community;
let adminCookie: string;
let liaisonCookie: string;
let liaisonId: number;

beforeAll(async () => {
  afghan = createCommunity({ countryCode: "AF", name: "Afghan community" });
  albanian = createCommunity({ countryCode: "AL", name: "Albanian community" });
  eritrean = createCommunity({ countryCode: "ER", name: "Eritrean community" });
  const admin = await createUser({ role: "admin" });
  adminCookie = cookieFor(admin.id);
  const liaison = await createUser({ role: "liaison", communityIds: [afghan.id] });
  liaisonId = liaison.id;
  liaisonCookie = cookieFor(liaison.id);
});

function organisationForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: "Afghan Welfare Association",
    type: "community_association",
    communityId: String(afghan.id),
    strandKeys: ["community"],
    address: "12 High Street, London E1 1AA",
    phone: "020 7946 0000",
    email: "Info@Afghan-Welfare.example",
    website: "afghan-welfare.example.org",
    notes: "Runs a Saturday school.",
    ...overrides,
  };
}

async function create(cookie: string, overrides: Record<string, string | string[]> = {}) {
  const result = await callAction(
    newAction,
    buildRequest("/organisations/new", { cookie, form: organisationForm(overrides) }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  const id = Number(/^\/organisations\/(\d+)\?done=created$/.exec(result.location ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

/** An organisation made by an admin, for tests about who else may reach it. */
function createAsAdmin(overrides: Record<string, string | string[]> = {}) {
  return create(adminCookie, overrides);
}

function organisationRow(id: number) {
  return getDb().select().from(organisations).where(eq(organisations.id, id)).get();
}

function strandsOf(id: number): StrandKey[] {
  return getDb()
    .select({ key: organisationStrands.strandKey })
    .from(organisationStrands)
    .where(eq(organisationStrands.organisationId, id))
    .all()
    .map((row) => row.key)
    .sort();
}

function auditFor(id: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "organisation"), eq(auditEvents.entityId, String(id))))
    .orderBy(auditEvents.id)
    .all();
}

function lastAuditId(): number {
  return (
    getDb()
      .select({ id: max(auditEvents.id) })
      .from(auditEvents)
      .get()?.id ?? 0
  );
}

function countRows() {
  const db = getDb();
  return {
    organisations: db.select({ n: count() }).from(organisations).get()!.n,
    audit: db.select({ n: count() }).from(auditEvents).get()!.n,
  };
}

type ListRow = {
  id: number;
  name: string;
  communityName: string | null;
  strands: { key: string }[];
};
type ListData = {
  organisations: ListRow[];
  total: number;
  page: number;
  pageCount: number;
  canCreate: boolean;
};

async function listAs(cookie: string, query = "") {
  const result = await callLoader(listLoader, buildRequest(`/organisations${query}`, { cookie }));
  expect(result.status).toBe(200);
  return result.data as ListData;
}

async function namesListed(cookie: string, query = "") {
  return (await listAs(cookie, query)).organisations.map((row) => row.name);
}

/** The export as the browser receives it: bytes first, since decoding would hide the byte-order mark. */
async function exportAs(cookie: string, query = "") {
  const response = await exportLoader({
    request: buildRequest(`/organisations/export${query}`, { cookie }),
    params: {},
    context: { cspNonce: "", clientAddress: "127.0.0.1" },
  });
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    bytes,
    text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes),
    headers: response.headers,
  };
}

function openPage(cookie: string, id: number) {
  return callLoader(pageLoader, buildRequest(`/organisations/${id}`, { cookie }), {
    organisationId: String(id),
  });
}

function openEdit(cookie: string, id: number) {
  return callLoader(editLoader, buildRequest(`/organisations/${id}/edit`, { cookie }), {
    organisationId: String(id),
  });
}

function postEdit(cookie: string, id: number, form: Record<string, string | string[]>) {
  return callAction(editAction, buildRequest(`/organisations/${id}/edit`, { cookie, form }), {
    organisationId: String(id),
  });
}

function postIntent(cookie: string, id: number, intent: "archive" | "restore") {
  return callAction(
    pageAction,
    buildRequest(`/organisations/${id}`, { cookie, form: { intent } }),
    { organisationId: String(id) },
  );
}

type Reply = {
  status?: string;
  error?: Record<string, string[] | null>;
  initialValue?: Record<string, unknown>;
};
const replyOf = (data: unknown) => data as Reply;

let contactSequence = 0;
/** A person of an organisation, written straight to the table: the contacts feature is not under test here. */
function addPerson(options: {
  name: string;
  organisationId: number;
  communityId: number | null;
  strandKeys?: StrandKey[];
  roleTitle?: string;
  archived?: boolean;
}) {
  const db = getDb();
  const now = new Date();
  contactSequence += 1;
  const contact = db
    .insert(contacts)
    .values({
      name: options.name,
      sortName: sortKey(options.name),
      organisationId: options.organisationId,
      communityId: options.communityId,
      roleTitle: options.roleTitle ?? "",
      email: `person${contactSequence}@example.org`,
      archivedAt: options.archived ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: contacts.id })
    .get();
  for (const strandKey of options.strandKeys ?? ["community"]) {
    db.insert(contactStrands).values({ contactId: contact.id, strandKey }).run();
  }
  return contact.id;
}

describe("recording an organisation", () => {
  it("stores what was entered, normalised, with its strands and a create event", async () => {
    const id = await create(liaisonCookie, {
      strandKeys: ["youth", "community"],
      website: "afghan-welfare.example.org/about",
    });
    expect(organisationRow(id)).toMatchObject({
      name: "Afghan Welfare Association",
      sortName: "afghanwelfareassociation",
      type: "community_association",
      communityId: afghan.id,
      address: "12 High Street, London E1 1AA",
      phone: "+44 20 7946 0000",
      email: "info@afghan-welfare.example",
      website: "https://afghan-welfare.example.org/about",
      notes: "Runs a Saturday school.",
      archivedAt: null,
    });
    expect(strandsOf(id)).toEqual(["community", "youth"]);
    const [created] = auditFor(id);
    expect(created).toMatchObject({ action: "create", actorUserId: liaisonId });
    expect(created!.changes).toMatchObject({
      name: [null, "Afghan Welfare Association"],
      communityId: [null, afghan.id],
      phone: [null, "+44 20 7946 0000"],
      strandKeys: [null, ["youth", "community"]],
    });
  });

  it("shows the organisation's page with its community, strands and contact details", async () => {
    const id = await create(liaisonCookie, { name: "Kabul Bakery Ltd", type: "business" });
    const page = await openPage(liaisonCookie, id);
    expect(page.status).toBe(200);
    const shown = page.data as {
      organisation: Record<string, unknown>;
      canEdit: boolean;
      canArchive: boolean;
    };
    expect(shown.organisation).toMatchObject({
      name: "Kabul Bakery Ltd",
      type: "business",
      community: { id: afghan.id, name: "Afghan community" },
      strands: [{ key: "community", name: "Cultivation of community contacts" }],
      phone: "+44 20 7946 0000",
      website: "https://afghan-welfare.example.org",
    });
    expect(shown.canEdit).toBe(true);
    expect(shown.canArchive).toBe(true);
  });

  it("keeps an address that already has a scheme, and international numbers as typed", async () => {
    const id = await createAsAdmin({
      name: "Ambassade de France",
      type: "embassy",
      communityId: "",
      strandKeys: ["political"],
      phone: "+33 1 42 68 53 00",
      website: "http://www.ambafrance.example/en",
      email: "",
    });
    expect(organisationRow(id)).toMatchObject({
      communityId: null,
      phone: "+33 1 42 68 53 00",
      website: "http://www.ambafrance.example/en",
      email: "",
    });
  });

  it("ignores fields the form does not have", async () => {
    const id = await create(liaisonCookie, {
      name: "Herat Cultural Centre",
      id: "1",
      archivedAt: "2020-01-01",
      sortName: "aaaa",
    });
    expect(organisationRow(id)).toMatchObject({
      name: "Herat Cultural Centre",
      sortName: "heratculturalcentre",
      archivedAt: null,
    });
  });
});

describe("bad input", () => {
  it.each([
    ["phone", "12345", "Enter a valid phone number, e.g. 020 7946 0000 or +44 20 7946 0000"],
    [
      "phone",
      "call the office",
      "Enter a valid phone number, e.g. 020 7946 0000 or +44 20 7946 0000",
    ],
    ["email", "info@", "Enter a valid email address, e.g. info@example.org"],
    ["email", "not an email", "Enter a valid email address, e.g. info@example.org"],
    ["website", "javascript:alert(1)", "Enter a web address, e.g. https://www.example.org"],
    ["website", "ftp://files.example.org", "Enter a web address, e.g. https://www.example.org"],
    ["website", "not a website", "Enter a web address, e.g. https://www.example.org"],
  ])(
    "a %s of %j is refused beside the field, keeping what was typed",
    async (field, value, message) => {
      const before = countRows();
      const form = organisationForm({
        name: "Ghazni Youth Club",
        strandKeys: ["youth", "community"],
        [field]: value,
      });
      const result = await callAction(
        newAction,
        buildRequest("/organisations/new", { cookie: liaisonCookie, form }),
      );
      expect(result.status).toBe(400);
      const reply = replyOf(result.data);
      expect(reply.error?.[field]).toEqual([message]);
      expect(reply.initialValue).toMatchObject({
        name: "Ghazni Youth Club",
        [field]: value,
        strandKeys: ["youth", "community"],
        notes: "Runs a Saturday school.",
      });
      expect(countRows()).toEqual(before);
    },
  );

  it("asks for a name, a type and at least one strand", async () => {
    const before = countRows();
    const result = await callAction(
      newAction,
      buildRequest("/organisations/new", {
        cookie: liaisonCookie,
        form: { communityId: String(afghan.id), notes: "typed" },
      }),
    );
    expect(result.status).toBe(400);
    const errors = replyOf(result.data).error ?? {};
    expect(errors.name).toEqual(["Enter the organisation's name"]);
    expect(errors.type).toEqual(["Choose the type of organisation"]);
    expect(errors.strandKeys).toEqual(["Choose at least one strand"]);
    expect(countRows()).toEqual(before);
  });

  it("bounds the lengths of every text", async () => {
    const before = countRows();
    const result = await callAction(
      newAction,
      buildRequest("/organisations/new", {
        cookie: liaisonCookie,
        form: organisationForm({
          name: "n".repeat(201),
          address: "a".repeat(501),
          notes: "x".repeat(5001),
          email: `${"e".repeat(250)}@example.org`,
          website: `example.org/${"w".repeat(300)}`,
        }),
      }),
    );
    expect(result.status).toBe(400);
    const errors = replyOf(result.data).error ?? {};
    expect(Object.keys(errors).sort()).toEqual(["address", "email", "name", "notes", "website"]);
    expect(countRows()).toEqual(before);
  });

  it("an edit with a bad phone keeps the typed values and changes nothing", async () => {
    const id = await create(liaisonCookie, { name: "Kandahar Traders" });
    const before = organisationRow(id);
    const auditBefore = auditFor(id).length;
    const result = await postEdit(
      liaisonCookie,
      id,
      organisationForm({ name: "Kandahar Traders Group", phone: "0123" }),
    );
    expect(result.status).toBe(400);
    const reply = replyOf(result.data);
    expect(reply.error?.phone).toEqual([
      "Enter a valid phone number, e.g. 020 7946 0000 or +44 20 7946 0000",
    ]);
    expect(reply.initialValue).toMatchObject({ name: "Kandahar Traders Group", phone: "0123" });
    expect(organisationRow(id)).toEqual(before);
    expect(auditFor(id)).toHaveLength(auditBefore);
  });
});

describe("changing an organisation", () => {
  it("saves the changes, audits only the changed fields and re-indexes the new name", async () => {
    const id = await create(liaisonCookie, { name: "Mazar Cultural Society" });
    const result = await postEdit(
      liaisonCookie,
      id,
      organisationForm({
        name: "Balkh Cultural Society",
        strandKeys: ["community", "religious"],
        phone: "+44 (0)20 7946 0001",
      }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/organisations/${id}?done=saved`);
    expect(organisationRow(id)).toMatchObject({
      name: "Balkh Cultural Society",
      sortName: "balkhculturalsociety",
      phone: "+44 20 7946 0001",
    });
    expect(strandsOf(id)).toEqual(["community", "religious"]);
    const updated = auditFor(id).at(-1)!;
    expect(updated).toMatchObject({ action: "update", actorUserId: liaisonId });
    expect(updated.changes).toEqual({
      name: ["Mazar Cultural Society", "Balkh Cultural Society"],
      phone: ["+44 20 7946 0000", "+44 20 7946 0001"],
      strandKeys: [["community"], ["religious", "community"]],
    });
    expect(await namesListed(liaisonCookie, "?q=Balkh")).toEqual(["Balkh Cultural Society"]);
    expect(await namesListed(liaisonCookie, "?q=Mazar")).toEqual([]);
  });

  it("a save without changes writes no audit event", async () => {
    const id = await create(liaisonCookie, { name: "Jalalabad Society" });
    const auditBefore = auditFor(id).length;
    const result = await postEdit(
      liaisonCookie,
      id,
      organisationForm({ name: "Jalalabad Society" }),
    );
    expect(result.status).toBe(302);
    expect(auditFor(id)).toHaveLength(auditBefore);
  });

  it("the edit form starts from what is stored", async () => {
    const id = await create(liaisonCookie, { name: "Panjshir Forum" });
    const result = await openEdit(liaisonCookie, id);
    expect(result.status).toBe(200);
    const shown = result.data as {
      organisation: Record<string, unknown>;
      communities: { id: number }[];
      mayLeaveCommunityEmpty: boolean;
    };
    expect(shown.organisation).toMatchObject({
      name: "Panjshir Forum",
      communityId: afghan.id,
      strandKeys: ["community"],
    });
    // A liaison officer may only put it in their own community.
    expect(shown.communities.map((community) => community.id)).toEqual([afghan.id]);
    expect(shown.mayLeaveCommunityEmpty).toBe(false);
  });
});

describe("archiving and restoring", () => {
  it("archives out of the default list and restores back into it, auditing both", async () => {
    const id = await create(liaisonCookie, { name: "Bamyan Heritage Trust" });
    const archived = await postIntent(liaisonCookie, id, "archive");
    expect(archived.status).toBe(302);
    expect(archived.location).toBe(`/organisations/${id}?done=archived`);
    expect(organisationRow(id)!.archivedAt).toBeInstanceOf(Date);
    expect(await namesListed(liaisonCookie, "?q=Bamyan")).toEqual([]);
    expect(await namesListed(liaisonCookie, "?q=Bamyan&archived=only")).toEqual([
      "Bamyan Heritage Trust",
    ]);
    expect(await namesListed(liaisonCookie, "?q=Bamyan&archived=include")).toEqual([
      "Bamyan Heritage Trust",
    ]);
    // Still reachable by its page, which says it is archived.
    expect((await openPage(liaisonCookie, id)).status).toBe(200);

    const restored = await postIntent(liaisonCookie, id, "restore");
    expect(restored.status).toBe(302);
    expect(organisationRow(id)!.archivedAt).toBeNull();
    expect(await namesListed(liaisonCookie, "?q=Bamyan")).toEqual(["Bamyan Heritage Trust"]);
    expect(await namesListed(liaisonCookie, "?q=Bamyan&archived=only")).toEqual([]);

    const events = auditFor(id).map((event) => event.action);
    expect(events).toEqual(["create", "archive", "restore"]);
    const [archiveEvent, restoreEvent] = auditFor(id).slice(1);
    expect(archiveEvent!.changes?.archivedAt?.[0]).toBeNull();
    expect(restoreEvent!.changes?.archivedAt?.[1]).toBeNull();
  });

  it("archiving twice is refused without a second event", async () => {
    const id = await create(liaisonCookie, { name: "Kunduz Relief" });
    await postIntent(liaisonCookie, id, "archive");
    const again = await postIntent(liaisonCookie, id, "archive");
    expect(again.status).toBe(409);
    expect((again.data as { error: string }).error).toBe("This organisation is already archived");
    expect(auditFor(id).map((event) => event.action)).toEqual(["create", "archive"]);
  });
});

describe("a liaison officer's scope", () => {
  let otherCommunityId: number;
  let communitylessId: number;

  beforeAll(async () => {
    otherCommunityId = await createAsAdmin({
      name: "Tirana Diaspora Network Zvezda",
      communityId: String(albanian.id),
      strandKeys: ["community"],
    });
    communitylessId = await createAsAdmin({
      name: "Home Office Zvezda Unit",
      type: "government_department",
      communityId: "",
      strandKeys: ["political"],
    });
  });

  it("the list and search never contain another community's organisation", async () => {
    const names = await namesListed(liaisonCookie, "?q=Zvezda");
    expect(names).toEqual(["Home Office Zvezda Unit"]);
    expect(await namesListed(liaisonCookie, "?q=Tirana")).toEqual([]);
    expect(await namesListed(liaisonCookie, `?community=${albanian.id}`)).toEqual([]);
    const all = await listAs(liaisonCookie, "?archived=include");
    expect(all.organisations.some((row) => row.id === otherCommunityId)).toBe(false);
    // An admin does see it, so the search itself works.
    expect(await namesListed(adminCookie, "?q=Tirana")).toEqual(["Tirana Diaspora Network Zvezda"]);
  });

  it("the export never contains another community's organisation", async () => {
    const { text } = await exportAs(liaisonCookie, "?archived=include");
    expect(text).not.toContain("Tirana Diaspora Network");
    expect(text).toContain("Home Office Zvezda Unit");
  });

  it("its page and edit form answer 404, like an id that does not exist, and the attempt is audited", async () => {
    expect((await openPage(liaisonCookie, otherCommunityId)).status).toBe(404);
    expect((await openEdit(liaisonCookie, otherCommunityId)).status).toBe(404);
    expect((await openPage(liaisonCookie, 999_999)).status).toBe(404);
    expect((await openPage(liaisonCookie, Number("0"))).status).toBe(404);
    const before = organisationRow(otherCommunityId);
    expect(
      (await postEdit(liaisonCookie, otherCommunityId, organisationForm({ name: "Taken" }))).status,
    ).toBe(404);
    expect((await postIntent(liaisonCookie, otherCommunityId, "archive")).status).toBe(404);
    expect(organisationRow(otherCommunityId)).toEqual(before);
    const denials = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "denied"),
          eq(auditEvents.actorUserId, liaisonId),
          eq(auditEvents.entityId, String(otherCommunityId)),
        ),
      )
      .all();
    expect(denials.length).toBeGreaterThanOrEqual(4);
  });

  it("cannot record an organisation in a community not theirs, or in none", async () => {
    const before = countRows();
    for (const communityId of [String(albanian.id), ""]) {
      const result = await callAction(
        newAction,
        buildRequest("/organisations/new", {
          cookie: liaisonCookie,
          form: organisationForm({ name: "Shkodër Association", communityId }),
        }),
      );
      expect(result.status).toBe(400);
      expect(replyOf(result.data).error?.communityId).toEqual([
        "Choose one of the communities you are assigned to",
      ]);
      expect(replyOf(result.data).initialValue?.name).toBe("Shkodër Association");
    }
    expect(countRows()).toEqual(before);
  });

  it("cannot move one of their organisations into another community", async () => {
    const id = await create(liaisonCookie, { name: "Logar Families Group" });
    const before = organisationRow(id);
    const result = await postEdit(
      liaisonCookie,
      id,
      organisationForm({ name: "Logar Families Group", communityId: String(albanian.id) }),
    );
    expect(result.status).toBe(400);
    expect(replyOf(result.data).error?.communityId).toEqual([
      "Choose one of the communities you are assigned to",
    ]);
    expect(organisationRow(id)).toEqual(before);
  });

  it("reads an organisation tied to no community but may not edit or archive it (403)", async () => {
    const page = await openPage(liaisonCookie, communitylessId);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canEdit: false, canArchive: false });
    expect((await openEdit(liaisonCookie, communitylessId)).status).toBe(403);
    const before = organisationRow(communitylessId);
    const edit = await postEdit(
      liaisonCookie,
      communitylessId,
      organisationForm({ name: "Renamed", communityId: String(afghan.id) }),
    );
    expect(edit.status).toBe(403);
    expect((await postIntent(liaisonCookie, communitylessId, "archive")).status).toBe(403);
    expect(organisationRow(communitylessId)).toEqual(before);
  });

  it("sees only the people of an organisation they may see, and no archived ones", async () => {
    addPerson({
      name: "Gul Ahmadi",
      organisationId: communitylessId,
      communityId: afghan.id,
      roleTitle: "Caseworker",
    });
    addPerson({ name: "Arben Hoxha", organisationId: communitylessId, communityId: albanian.id });
    addPerson({
      name: "Former Officer",
      organisationId: communitylessId,
      communityId: afghan.id,
      archived: true,
    });
    addPerson({ name: "Ministry Press Desk", organisationId: communitylessId, communityId: null });
    const page = await openPage(liaisonCookie, communitylessId);
    const people = (
      page.data as { organisation: { people: { name: string; roleTitle: string }[] } }
    ).organisation.people;
    expect(people.map((person) => person.name)).toEqual(["Gul Ahmadi", "Ministry Press Desk"]);
    expect(people[0]!.roleTitle).toBe("Caseworker");
    const adminPage = await openPage(adminCookie, communitylessId);
    const adminPeople = (adminPage.data as { organisation: { people: { name: string }[] } })
      .organisation.people;
    expect(adminPeople.map((person) => person.name)).toEqual([
      "Arben Hoxha",
      "Gul Ahmadi",
      "Ministry Press Desk",
    ]);
  });

  it("is offered only their own communities when recording one", async () => {
    const result = await callLoader(
      newLoader,
      buildRequest("/organisations/new", { cookie: liaisonCookie }),
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({
      communities: [{ id: afghan.id, name: "Afghan community" }],
      mayLeaveCommunityEmpty: false,
      defaultCommunityId: String(afghan.id),
    });
  });
});

describe("a strand lead's scope", () => {
  let leadCookie: string;
  let mediaInEritrea: number;
  let youthInEritrea: number;

  beforeAll(async () => {
    const lead = await createUser({ role: "strand_lead", strandKeys: ["media"] });
    leadCookie = cookieFor(lead.id);
    mediaInEritrea = await createAsAdmin({
      name: "Radio Erena Quokka",
      type: "media_outlet",
      communityId: String(eritrean.id),
      strandKeys: ["media"],
    });
    youthInEritrea = await createAsAdmin({
      name: "Asmara Youth Quokka",
      type: "youth_organisation",
      communityId: String(eritrean.id),
      strandKeys: ["youth"],
    });
  });

  it("sees and edits organisations of their strands in any community, and nothing else", async () => {
    expect(await namesListed(leadCookie, "?q=Quokka")).toEqual(["Radio Erena Quokka"]);
    expect((await openPage(leadCookie, mediaInEritrea)).status).toBe(200);
    expect((await openPage(leadCookie, youthInEritrea)).status).toBe(404);
    const { text } = await exportAs(leadCookie, "?q=Quokka");
    expect(text).toContain("Radio Erena Quokka");
    expect(text).not.toContain("Asmara Youth Quokka");

    const edit = await postEdit(
      leadCookie,
      mediaInEritrea,
      organisationForm({
        name: "Radio Erena Quokka",
        type: "media_outlet",
        communityId: String(eritrean.id),
        strandKeys: ["media", "community"],
      }),
    );
    expect(edit.status).toBe(302);
    expect(strandsOf(mediaInEritrea)).toEqual(["community", "media"]);
  });

  it("may record one in any community, but only with one of their strands", async () => {
    const id = await create(leadCookie, {
      name: "Habesha Voice Quokka",
      type: "media_outlet",
      communityId: String(albanian.id),
      strandKeys: ["media"],
    });
    expect(organisationRow(id)!.communityId).toBe(albanian.id);
    const before = countRows();
    const refused = await callAction(
      newAction,
      buildRequest("/organisations/new", {
        cookie: leadCookie,
        form: organisationForm({ name: "Not Mine", strandKeys: ["business"] }),
      }),
    );
    expect(refused.status).toBe(400);
    expect(replyOf(refused.data).error?.strandKeys).toEqual([
      "Include at least one of your strands: Media strategy",
    ]);
    expect(countRows()).toEqual(before);
  });

  it("cannot take the last of their strands off an organisation", async () => {
    const before = organisationRow(mediaInEritrea);
    const result = await postEdit(
      leadCookie,
      mediaInEritrea,
      organisationForm({ name: "Radio Erena Quokka", strandKeys: ["youth"] }),
    );
    expect(result.status).toBe(400);
    expect(organisationRow(mediaInEritrea)).toEqual(before);
  });
});

describe("the steering group", () => {
  let steeringCookie: string;
  let afghanOrg: number;

  beforeAll(async () => {
    const steering = await createUser({ role: "steering" });
    steeringCookie = cookieFor(steering.id);
    afghanOrg = await createAsAdmin({ name: "Wombat Society of Kabul" });
  });

  it("reads every organisation", async () => {
    expect(await namesListed(steeringCookie, "?q=Wombat")).toEqual(["Wombat Society of Kabul"]);
    const page = await openPage(steeringCookie, afghanOrg);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canEdit: false, canArchive: false });
    expect((await listAs(steeringCookie)).canCreate).toBe(false);
  });

  it("may not create, edit or archive (403), and nothing is written", async () => {
    const before = countRows();
    const lastEventBefore = lastAuditId();
    const row = organisationRow(afghanOrg);
    expect(
      (await callLoader(newLoader, buildRequest("/organisations/new", { cookie: steeringCookie })))
        .status,
    ).toBe(403);
    expect(
      (
        await callAction(
          newAction,
          buildRequest("/organisations/new", { cookie: steeringCookie, form: organisationForm() }),
        )
      ).status,
    ).toBe(403);
    expect((await openEdit(steeringCookie, afghanOrg)).status).toBe(403);
    expect(
      (await postEdit(steeringCookie, afghanOrg, organisationForm({ name: "X" }))).status,
    ).toBe(403);
    expect((await postIntent(steeringCookie, afghanOrg, "archive")).status).toBe(403);
    expect(organisationRow(afghanOrg)).toEqual(row);
    // Only the denials were recorded.
    const after = countRows();
    expect(after.organisations).toBe(before.organisations);
    const newEvents = getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(gt(auditEvents.id, lastEventBefore))
      .all()
      .map((event) => event.action);
    expect(newEvents).toEqual(["denied", "denied", "denied", "denied", "denied"]);
  });
});

describe("search", () => {
  beforeAll(async () => {
    await createAsAdmin({
      name: "Zoë's Café Collective",
      type: "business",
      strandKeys: ["business"],
    });
    await createAsAdmin({ name: "Société Générale Afghane", type: "business" });
    await createAsAdmin({ name: "Mohammed Ali Foundation", type: "faith_organisation" });
    await createAsAdmin({ name: "Українська громада Лондона", communityId: "" });
    await createAsAdmin({ name: "الجالية الأفغانية في لندن" });
    await createAsAdmin({ name: "华人社区中心", communityId: "" });
    await createAsAdmin({ name: "Hội Người Việt", communityId: "", phone: "020 7946 0999" });
  });

  it.each([
    ["Zoe", "Zoë's Café Collective"],
    ["ZOË", "Zoë's Café Collective"],
    ["cafe", "Zoë's Café Collective"],
    ["societe generale", "Société Générale Afghane"],
    ["Moh", "Mohammed Ali Foundation"],
    ["україн", "Українська громада Лондона"],
    ["УКРАЇНСЬКА", "Українська громада Лондона"],
    ["Лонд", "Українська громада Лондона"],
    ["الافغانية", "الجالية الأفغانية في لندن"],
    ["الجالية", "الجالية الأفغانية في لندن"],
    ["社区", "华人社区中心"],
    ["华", "华人社区中心"],
    ["hoi nguoi viet", "Hội Người Việt"],
    ["+44 20 7946 0999", "Hội Người Việt"],
  ])("%j finds %j", async (query, name) => {
    expect(await namesListed(adminCookie, `?q=${encodeURIComponent(query)}`)).toContain(name);
  });

  it("a word that is in no name finds nothing, and says so with a way to clear the filters", async () => {
    const list = await listAs(adminCookie, "?q=Xylophone");
    expect(list.organisations).toEqual([]);
    expect(list.total).toBe(0);
    expect((await listAs(adminCookie, "?q=%21%21%21")).organisations).toEqual([]);
  });

  it("a liaison officer's search finds the non-Latin organisations they may see", async () => {
    expect(await namesListed(liaisonCookie, "?q=الجالية")).toEqual(["الجالية الأفغانية في لندن"]);
    expect(await namesListed(liaisonCookie, `?q=${encodeURIComponent("华")}`)).toEqual([
      "华人社区中心",
    ]);
  });
});

describe("CSV export", () => {
  it("starts with the byte-order mark, holds non-Latin names and audits the filter", async () => {
    await createAsAdmin({ name: "Эритрейская община", communityId: String(eritrean.id) });
    await createAsAdmin({ name: "ማኅበረሰብ ኤርትራ", communityId: String(eritrean.id) });
    const { bytes, text, headers } = await exportAs(
      adminCookie,
      `?community=${eritrean.id}&page=2`,
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(headers.get("Content-Disposition")).toMatch(/^attachment; filename="organisations-/);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Name,Type,Community,Strands,Address,Phone,Email,Website,Notes,Archived at (UTC),Last changed (UTC)",
    );
    expect(text).toContain("Эритрейская община,Community association,Eritrean community");
    expect(text).toContain("ማኅበረሰብ ኤርትራ");
    // The page number is ignored: every matching organisation is exported.
    expect(lines.length - 1).toBe((await listAs(adminCookie, `?community=${eritrean.id}`)).total);
    const exported = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export"), eq(auditEvents.entityType, "organisation")))
      .all()
      .at(-1)!;
    expect(JSON.parse(exported.detail!)).toEqual({
      filter: { community: eritrean.id },
      rows: lines.length - 1,
    });
  });
});

describe("filters, sorting and pages", () => {
  let listCommunityId: number;

  beforeAll(async () => {
    listCommunityId = createCommunity({ countryCode: "IQ", name: "Iraqi community" }).id;
    const community = String(listCommunityId);
    await createAsAdmin({
      name: "Ćevapi Kitchen",
      type: "business",
      communityId: community,
      strandKeys: ["business"],
    });
    await createAsAdmin({
      name: "Basra Mosque",
      type: "faith_organisation",
      communityId: community,
      strandKeys: ["religious"],
    });
    await createAsAdmin({
      name: "Aladdin Youth Club",
      type: "youth_organisation",
      communityId: community,
      strandKeys: ["youth", "community"],
    });
    await createAsAdmin({
      name: "ألف ليلة",
      type: "media_outlet",
      communityId: community,
      strandKeys: ["media"],
    });
  });

  it("filters by type, strand and community, together", async () => {
    const base = `?community=${listCommunityId}`;
    expect(await namesListed(adminCookie, `${base}&type=business`)).toEqual(["Ćevapi Kitchen"]);
    expect(await namesListed(adminCookie, `${base}&strand=youth`)).toEqual(["Aladdin Youth Club"]);
    expect(
      await namesListed(adminCookie, `${base}&strand=community&type=youth_organisation`),
    ).toEqual(["Aladdin Youth Club"]);
    expect(await namesListed(adminCookie, `${base}&strand=political`)).toEqual([]);
    const communityless = await listAs(adminCookie, "?community=none&archived=include");
    expect(communityless.organisations.every((row) => row.communityName === null)).toBe(true);
    expect(communityless.total).toBeGreaterThan(0);
  });

  it("sorts by name ignoring accents, either way, and shows each row's strands", async () => {
    const base = `?community=${listCommunityId}`;
    expect(await namesListed(adminCookie, base)).toEqual([
      "Aladdin Youth Club",
      "Basra Mosque",
      "Ćevapi Kitchen",
      "ألف ليلة",
    ]);
    expect(await namesListed(adminCookie, `${base}&sort=name&dir=desc`)).toEqual([
      "ألف ليلة",
      "Ćevapi Kitchen",
      "Basra Mosque",
      "Aladdin Youth Club",
    ]);
    const rows = (await listAs(adminCookie, base)).organisations;
    expect(rows[0]!.strands.map((strand) => strand.key)).toEqual(["youth", "community"]);
    expect(rows[0]!.communityName).toBe("Iraqi community");
  });

  it("sorts by last change, newest first", async () => {
    const community = String(listCommunityId);
    const mosque = (await listAs(adminCookie, `?community=${community}&type=faith_organisation`))
      .organisations[0]!.id;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postEdit(
      adminCookie,
      mosque,
      organisationForm({
        name: "Basra Grand Mosque",
        type: "faith_organisation",
        communityId: community,
        strandKeys: ["religious"],
      }),
    );
    const newest = await namesListed(adminCookie, `?community=${community}&sort=updated`);
    expect(newest[0]).toBe("Basra Grand Mosque");
    const oldest = await namesListed(adminCookie, `?community=${community}&sort=updated&dir=asc`);
    expect(oldest.at(-1)).toBe("Basra Grand Mosque");
  });

  it("pages by 25 with the total, and ignores nonsense in the URL", async () => {
    const community = createCommunity({ countryCode: "IR", name: "Iranian community" });
    for (let index = 1; index <= 27; index += 1) {
      await createAsAdmin({
        name: `Persian Society ${String(index).padStart(2, "0")}`,
        communityId: String(community.id),
      });
    }
    const first = await listAs(adminCookie, `?community=${community.id}`);
    expect(first).toMatchObject({ total: 27, page: 1, pageCount: 2 });
    expect(first.organisations).toHaveLength(25);
    const second = await listAs(adminCookie, `?community=${community.id}&page=2`);
    expect(second.organisations.map((row) => row.name)).toEqual([
      "Persian Society 26",
      "Persian Society 27",
    ]);
    const nonsense = await listAs(
      adminCookie,
      `?community=${community.id}&page=banana&sort=colour&type=spaceship&archived=maybe`,
    );
    expect(nonsense).toMatchObject({ total: 27, page: 1 });
  });
});
