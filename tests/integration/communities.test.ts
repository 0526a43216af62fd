import { and, count, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, communities, contacts, contactStrands, organisations } from "~/db/schema";
import { loader as communitiesLoader } from "~/routes/communities._index";
import { loader as newLoader, action as newAction } from "~/routes/communities.new";
import { loader as communityLoader } from "~/routes/communities.$communityId._index";
import { loader as editLoader, action as editAction } from "~/routes/communities.$communityId.edit";
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

const LIMIT_MESSAGE =
  "There are already 12 active communities, the most the programme allows. Archive one before adding another.";
const TWELVE_COUNTRIES = ["AF", "AL", "ER", "IQ", "IR", "SD", "VN", "CN", "SY", "NG", "UA", "PK"];

// Each test starts from no active community; archived rows stay, as they do in the product.
beforeEach(() => {
  getDb()
    .update(communities)
    .set({ archivedAt: new Date() })
    .where(isNull(communities.archivedAt))
    .run();
});

function communityForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "save",
    name: "Somali community",
    countryCode: "SO",
    languages: "so, ar",
    status: "identified",
    leadOfficerId: "",
    notes: "",
    ...overrides,
  };
}

function fillToActiveLimit() {
  return TWELVE_COUNTRIES.map((countryCode) => createCommunity({ countryCode }));
}

function communityRow(id: number) {
  return getDb().select().from(communities).where(eq(communities.id, id)).get();
}

function communityCount(): number {
  return getDb().select({ total: count() }).from(communities).get()!.total;
}

function auditFor(id: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "community"), eq(auditEvents.entityId, String(id))))
    .orderBy(auditEvents.id)
    .all();
}

type Reply = { status?: string; error?: Record<string, string[] | null> };
const errorsOf = (data: unknown) => (data as Reply).error ?? {};
const editErrorsOf = (data: unknown) => errorsOf((data as { result: Reply }).result);

async function adminCookie() {
  const admin = await createUser({ role: "admin" });
  return { admin, cookie: cookieFor(admin.id) };
}

describe("adding a community", () => {
  it("stores what the admin entered and audits every field", async () => {
    const { admin, cookie } = await adminCookie();
    const lead = await createUser({ role: "liaison", displayName: "Amina Yusuf" });
    const result = await callAction(
      newAction,
      buildRequest("/communities/new", {
        cookie,
        form: communityForm({
          languages: "so ar,  so",
          status: "template_applied",
          leadOfficerId: String(lead.id),
          notes: "Met at the Somali Week festival.",
        }),
      }),
    );
    expect(result.status).toBe(302);
    const id = Number(/^\/communities\/(\d+)\?done=created$/.exec(result.location ?? "")?.[1]);
    const stored = communityRow(id)!;
    expect(stored).toMatchObject({
      name: "Somali community",
      countryCode: "SO",
      languages: ["so", "ar"],
      status: "template_applied",
      leadOfficerId: lead.id,
      notes: "Met at the Somali Week festival.",
      archivedAt: null,
    });
    const [created] = auditFor(id);
    expect(created).toMatchObject({ action: "create", actorUserId: admin.id });
    expect(created!.changes).toMatchObject({
      name: [null, "Somali community"],
      countryCode: [null, "SO"],
      languages: [null, ["so", "ar"]],
      leadOfficerId: [null, lead.id],
    });

    const page = await callLoader(communityLoader, buildRequest(`/communities/${id}`, { cookie }), {
      communityId: String(id),
    });
    const shown = (page.data as { community: Record<string, unknown> }).community;
    expect(shown).toMatchObject({
      countryName: "Somalia",
      leadOfficer: { displayName: "Amina Yusuf" },
    });
    expect(shown.languageNames).toEqual([
      { code: "so", name: "Somali" },
      { code: "ar", name: "Arabic" },
    ]);
  });

  it("refuses a 13th active community with the programme's message, writing nothing", async () => {
    const { cookie } = await adminCookie();
    fillToActiveLimit();
    const rowsBefore = communityCount();
    const auditBefore = getDb().select({ total: count() }).from(auditEvents).get()!.total;

    const result = await callAction(
      newAction,
      buildRequest("/communities/new", { cookie, form: communityForm() }),
    );

    expect(result.status).toBe(409);
    expect(errorsOf(result.data)[""]).toEqual([LIMIT_MESSAGE]);
    expect(communityCount()).toBe(rowsBefore);
    expect(getDb().select({ total: count() }).from(auditEvents).get()!.total).toBe(auditBefore);
    // What the admin typed comes back to the form.
    expect((result.data as { initialValue: Record<string, string> }).initialValue.name).toBe(
      "Somali community",
    );
    const form = await callLoader(newLoader, buildRequest("/communities/new", { cookie }));
    expect((form.data as { atLimit: boolean }).atLimit).toBe(true);
  });

  it("allows the twelfth", async () => {
    const { cookie } = await adminCookie();
    TWELVE_COUNTRIES.slice(0, 11).forEach((countryCode) => createCommunity({ countryCode }));
    const result = await callAction(
      newAction,
      buildRequest("/communities/new", { cookie, form: communityForm() }),
    );
    expect(result.status).toBe(302);
    const active = getDb()
      .select({ total: count() })
      .from(communities)
      .where(isNull(communities.archivedAt))
      .get()!.total;
    expect(active).toBe(12);
  });

  it("refuses country codes that are not assigned ISO 3166-1 countries, per field", async () => {
    const { cookie } = await adminCookie();
    const rowsBefore = communityCount();
    for (const countryCode of ["ZZ", "so", "XK", "UK", "EU", "S0", "SOM", ""]) {
      const result = await callAction(
        newAction,
        buildRequest("/communities/new", { cookie, form: communityForm({ countryCode }) }),
      );
      expect(result.status, countryCode).toBe(400);
      expect(errorsOf(result.data).countryCode?.length, countryCode).toBeGreaterThan(0);
    }
    expect(communityCount()).toBe(rowsBefore);
  });

  it("refuses language codes that are not ISO 639-1, naming each bad one", async () => {
    const { cookie } = await adminCookie();
    const rowsBefore = communityCount();
    const result = await callAction(
      newAction,
      buildRequest("/communities/new", {
        cookie,
        form: communityForm({ languages: "so, xx, SO, iw, somali" }),
      }),
    );
    expect(result.status).toBe(400);
    const messages = errorsOf(result.data).languages!;
    expect(messages).toEqual([
      "“xx” is not an ISO 639-1 language code",
      "“SO” should be written in lowercase: “so”",
      "“iw” is a withdrawn code; use “he”",
      "“somali” is not a two-letter ISO 639-1 code",
    ]);
    expect(communityCount()).toBe(rowsBefore);
  });

  it("answers a field error, not a crash, for a second active community of the same country", async () => {
    const { cookie } = await adminCookie();
    createCommunity({ countryCode: "SO", name: "Somali community" });
    const rowsBefore = communityCount();
    const result = await callAction(
      newAction,
      buildRequest("/communities/new", {
        cookie,
        form: communityForm({ name: "Somaliland community" }),
      }),
    );
    expect(result.status).toBe(400);
    expect(errorsOf(result.data).countryCode).toEqual([
      "Somali community is already the active community for Somalia; only one per country",
    ]);
    expect(communityCount()).toBe(rowsBefore);
  });

  it("lets a country return once its earlier community is archived", async () => {
    const { cookie } = await adminCookie();
    createCommunity({ countryCode: "SO", archived: true });
    const result = await callAction(
      newAction,
      buildRequest("/communities/new", { cookie, form: communityForm() }),
    );
    expect(result.status).toBe(302);
  });

  it("refuses a deactivated user as lead officer", async () => {
    const { cookie } = await adminCookie();
    const gone = await createUser({ role: "liaison", isActive: false });
    const result = await callAction(
      newAction,
      buildRequest("/communities/new", {
        cookie,
        form: communityForm({ leadOfficerId: String(gone.id) }),
      }),
    );
    expect(result.status).toBe(400);
    expect(errorsOf(result.data).leadOfficerId).toEqual(["Choose an active user as lead officer"]);
  });
});

describe("editing a community", () => {
  it("saves the changes and audits only the fields that changed", async () => {
    const { admin, cookie } = await adminCookie();
    const community = createCommunity({ countryCode: "ER", name: "Eritrean community" });
    const result = await callAction(
      editAction,
      buildRequest(`/communities/${community.id}/edit`, {
        cookie,
        form: communityForm({
          name: "Eritrean and Tigrinya-speaking community",
          countryCode: "ER",
          languages: "ti",
          status: "identified",
        }),
      }),
      { communityId: String(community.id) },
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/communities/${community.id}?done=saved`);
    expect(communityRow(community.id)).toMatchObject({
      name: "Eritrean and Tigrinya-speaking community",
      languages: ["ti"],
    });
    const [updated] = auditFor(community.id);
    expect(updated).toMatchObject({ action: "update", actorUserId: admin.id });
    expect(updated!.changes).toEqual({
      name: ["Eritrean community", "Eritrean and Tigrinya-speaking community"],
      languages: [[], ["ti"]],
    });
  });

  it("gives a field error when the new country already has an active community", async () => {
    const { cookie } = await adminCookie();
    createCommunity({ countryCode: "AF", name: "Afghan community" });
    const other = createCommunity({ countryCode: "IR", name: "Iranian community" });
    const result = await callAction(
      editAction,
      buildRequest(`/communities/${other.id}/edit`, {
        cookie,
        form: communityForm({ name: "Iranian community", countryCode: "AF" }),
      }),
      { communityId: String(other.id) },
    );
    expect(result.status).toBe(400);
    expect(editErrorsOf(result.data).countryCode).toEqual([
      "Afghan community is already the active community for Afghanistan; only one per country",
    ]);
    expect(communityRow(other.id)!.countryCode).toBe("IR");
    expect(auditFor(other.id)).toHaveLength(0);
  });

  it("archives without deleting, and restores", async () => {
    const { cookie } = await adminCookie();
    const community = createCommunity({ countryCode: "VN", name: "Vietnamese community" });
    const params = { communityId: String(community.id) };

    const archived = await callAction(
      editAction,
      buildRequest(`/communities/${community.id}/edit`, { cookie, form: { intent: "archive" } }),
      params,
    );
    expect(archived.location).toBe(`/communities/${community.id}?done=archived`);
    const row = communityRow(community.id)!;
    expect(row.archivedAt).toBeInstanceOf(Date);
    expect(row.name).toBe("Vietnamese community");

    const activeList = await callLoader(
      communitiesLoader,
      buildRequest("/communities", { cookie }),
    );
    const names = (data: unknown) =>
      (data as { communities: { name: string }[] }).communities.map((c) => c.name);
    expect(names(activeList.data)).not.toContain("Vietnamese community");
    const withArchived = await callLoader(
      communitiesLoader,
      buildRequest("/communities?archived=include", { cookie }),
    );
    expect(names(withArchived.data)).toContain("Vietnamese community");

    const restored = await callAction(
      editAction,
      buildRequest(`/communities/${community.id}/edit`, { cookie, form: { intent: "restore" } }),
      params,
    );
    expect(restored.location).toBe(`/communities/${community.id}?done=restored`);
    expect(communityRow(community.id)!.archivedAt).toBeNull();

    const events = auditFor(community.id);
    expect(events.map((event) => event.action)).toEqual(["archive", "restore"]);
    expect(events[0]!.changes!.archivedAt![0]).toBeNull();
    expect(typeof events[0]!.changes!.archivedAt![1]).toBe("string");
    expect(events[1]!.changes!.archivedAt![1]).toBeNull();
  });

  it("refuses to restore an archived community while twelve are active", async () => {
    const { cookie } = await adminCookie();
    const archived = createCommunity({
      countryCode: "SO",
      name: "Somali community",
      archived: true,
    });
    fillToActiveLimit();
    const result = await callAction(
      editAction,
      buildRequest(`/communities/${archived.id}/edit`, { cookie, form: { intent: "restore" } }),
      { communityId: String(archived.id) },
    );
    expect(result.status).toBe(409);
    expect((result.data as { error: string }).error).toBe(LIMIT_MESSAGE);
    expect(communityRow(archived.id)!.archivedAt).not.toBeNull();
    expect(auditFor(archived.id)).toHaveLength(0);
  });

  it("refuses to restore a community whose country is active again", async () => {
    const { cookie } = await adminCookie();
    const old = createCommunity({ countryCode: "SD", name: "Sudanese (old)", archived: true });
    createCommunity({ countryCode: "SD", name: "Sudanese community" });
    const result = await callAction(
      editAction,
      buildRequest(`/communities/${old.id}/edit`, { cookie, form: { intent: "restore" } }),
      { communityId: String(old.id) },
    );
    expect(result.status).toBe(409);
    expect((result.data as { error: string }).error).toContain(
      "Sudanese community is already the active community for Sudan",
    );
    expect(communityRow(old.id)!.archivedAt).not.toBeNull();
  });
});

describe("who may manage communities", () => {
  it.each(["steering", "strand_lead", "liaison"] as const)(
    "a %s user is refused (403) by the new and edit pages and their actions, and nothing changes",
    async (role) => {
      const community = createCommunity({ countryCode: "NG", name: "Nigerian community" });
      const user = await createUser({ role, communityIds: [community.id], strandKeys: ["youth"] });
      const cookie = cookieFor(user.id);
      const params = { communityId: String(community.id) };
      const rowsBefore = communityCount();

      const results = [
        await callLoader(newLoader, buildRequest("/communities/new", { cookie })),
        await callAction(
          newAction,
          buildRequest("/communities/new", { cookie, form: communityForm() }),
        ),
        await callLoader(
          editLoader,
          buildRequest(`/communities/${community.id}/edit`, { cookie }),
          params,
        ),
        await callAction(
          editAction,
          buildRequest(`/communities/${community.id}/edit`, {
            cookie,
            form: communityForm({ name: "Renamed", countryCode: "NG" }),
          }),
          params,
        ),
        await callAction(
          editAction,
          buildRequest(`/communities/${community.id}/edit`, {
            cookie,
            form: { intent: "archive" },
          }),
          params,
        ),
      ];
      expect(results.map((result) => result.status)).toEqual([403, 403, 403, 403, 403]);
      expect(communityCount()).toBe(rowsBefore);
      expect(communityRow(community.id)).toMatchObject({
        name: "Nigerian community",
        archivedAt: null,
      });
      const denials = getDb()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "denied"), eq(auditEvents.actorUserId, user.id)))
        .all();
      expect(denials).toHaveLength(5);

      const list = await callLoader(communitiesLoader, buildRequest("/communities", { cookie }));
      expect(list.data).toMatchObject({ canManage: false, activeCount: null });
    },
  );

  it("shows admins the active count out of twelve", async () => {
    const { cookie } = await adminCookie();
    TWELVE_COUNTRIES.slice(0, 9).forEach((countryCode) => createCommunity({ countryCode }));
    const list = await callLoader(communitiesLoader, buildRequest("/communities", { cookie }));
    expect(list.data).toMatchObject({ canManage: true, activeCount: 9 });
  });
});

describe("what a liaison officer sees", () => {
  it("lists only their communities and answers 404 for any other community's page", async () => {
    const theirs = createCommunity({ countryCode: "AL", name: "Albanian community" });
    const other = createCommunity({ countryCode: "IQ", name: "Iraqi community" });
    const liaison = await createUser({ role: "liaison", communityIds: [theirs.id] });
    const cookie = cookieFor(liaison.id);

    const list = await callLoader(communitiesLoader, buildRequest("/communities", { cookie }));
    expect(
      (list.data as { communities: { name: string }[] }).communities.map((c) => c.name),
    ).toEqual(["Albanian community"]);

    const own = await callLoader(
      communityLoader,
      buildRequest(`/communities/${theirs.id}`, { cookie }),
      { communityId: String(theirs.id) },
    );
    expect(own.status).toBe(200);

    const refused = await callLoader(
      communityLoader,
      buildRequest(`/communities/${other.id}`, { cookie }),
      { communityId: String(other.id) },
    );
    expect(refused.status).toBe(404);
    const missing = await callLoader(
      communityLoader,
      buildRequest("/communities/999999", { cookie }),
      { communityId: "999999" },
    );
    expect(missing.status).toBe(404);
    const denial = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "denied"), eq(auditEvents.actorUserId, liaison.id)))
      .all();
    expect(denial.map((event) => event.entityId)).toContain(String(other.id));
  });

  it("does not show archived communities even when the URL asks for them", async () => {
    const archived = createCommunity({
      countryCode: "TR",
      name: "Turkish community",
      archived: true,
    });
    const liaison = await createUser({ role: "liaison", communityIds: [archived.id] });
    const list = await callLoader(
      communitiesLoader,
      buildRequest("/communities?archived=include", { cookie: cookieFor(liaison.id) }),
    );
    expect((list.data as { communities: unknown[] }).communities).toHaveLength(0);
  });
});

describe("the community page", () => {
  it("names the liaison officers assigned to the community, and only active ones", async () => {
    const community = createCommunity({ countryCode: "CN", name: "Chinese community" });
    await createUser({ role: "liaison", displayName: "Li Wei", communityIds: [community.id] });
    await createUser({
      role: "liaison",
      displayName: "Former officer",
      communityIds: [community.id],
      isActive: false,
    });
    await createUser({ role: "liaison", displayName: "Someone elsewhere" });
    const steering = await createUser({ role: "steering" });
    const page = await callLoader(
      communityLoader,
      buildRequest(`/communities/${community.id}`, { cookie: cookieFor(steering.id) }),
      { communityId: String(community.id) },
    );
    expect(page.status).toBe(200);
    const officers = (page.data as { liaisonOfficers: { displayName: string }[] }).liaisonOfficers;
    expect(officers.map((officer) => officer.displayName)).toEqual(["Li Wei"]);
    expect(page.data).toMatchObject({ canManage: false });
  });

  it("answers 404 for an id that is not a number", async () => {
    const { cookie } = await adminCookie();
    const page = await callLoader(communityLoader, buildRequest("/communities/abc", { cookie }), {
      communityId: "abc",
    });
    expect(page.status).toBe(404);
  });
});

describe("a community's page", () => {
  it("lists the community's contacts and organisations the user may see, and no one else's", async () => {
    const db = getDb();
    const community = createCommunity({ countryCode: "KE" });
    const elsewhere = createCommunity({ countryCode: "GH" });
    const now = new Date();
    const place = (name: string, communityId: number) =>
      db
        .insert(organisations)
        .values({
          name,
          sortName: name.toLowerCase(),
          type: "community_association",
          communityId,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
    const person = (name: string, communityId: number, strandKey: "youth" | "media") => {
      const contact = db
        .insert(contacts)
        .values({ name, sortName: name.toLowerCase(), communityId, createdAt: now, updatedAt: now })
        .returning()
        .get();
      db.insert(contactStrands).values({ contactId: contact.id, strandKey }).run();
      return contact;
    };
    place("Kenyan Elders Association", community.id);
    place("Ghanaian Union", elsewhere.id);
    person("Achieng Otieno", community.id, "youth");
    person("Wanjiru Kamau", community.id, "media");
    person("Kwame Mensah", elsewhere.id, "youth");

    const liaison = await createUser({ role: "liaison", communityIds: [community.id] });
    const page = await callLoader(
      communityLoader,
      buildRequest(`/communities/${community.id}`, { cookie: cookieFor(liaison.id) }),
      {
        communityId: String(community.id),
      },
    );
    const shown = page.data as {
      contacts: { total: number; contacts: { name: string }[] };
      organisations: { organisations: { name: string }[] };
    };
    expect(shown.contacts.contacts.map((contact) => contact.name).sort()).toEqual([
      "Achieng Otieno",
      "Wanjiru Kamau",
    ]);
    expect(shown.organisations.organisations.map((organisation) => organisation.name)).toEqual([
      "Kenyan Elders Association",
    ]);

    // A strand lead sees only the people of their strands in the same community.
    const lead = await createUser({ role: "strand_lead", strandKeys: ["youth"] });
    const leadPage = await callLoader(
      communityLoader,
      buildRequest(`/communities/${community.id}`, { cookie: cookieFor(lead.id) }),
      {
        communityId: String(community.id),
      },
    );
    expect(
      (leadPage.data as typeof shown).contacts.contacts.map((contact) => contact.name),
    ).toEqual(["Achieng Otieno"]);
  });
});
