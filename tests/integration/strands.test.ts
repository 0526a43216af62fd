import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, strands, userStrands } from "~/db/schema";
import { loader as strandsLoader } from "~/routes/strands._index";
import { loader as strandLoader, action as strandAction } from "~/routes/strands.$strandKey";
import {
  buildRequest,
  callAction,
  callLoader,
  cookieFor,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

const SIX_STRANDS = [
  ["political", "Political"],
  ["business", "Business forum"],
  ["religious", "Religious forum"],
  ["youth", "Youth forum"],
  ["media", "Media strategy"],
  ["community", "Cultivation of community contacts"],
];

function strandRows() {
  return getDb().select().from(strands).orderBy(asc(strands.position)).all();
}

function leadIdsOf(strandKey: "political" | "youth" | "media") {
  return getDb()
    .select({ userId: userStrands.userId })
    .from(userStrands)
    .where(eq(userStrands.strandKey, strandKey))
    .all()
    .map((row) => row.userId)
    .sort((a, b) => a - b);
}

function strandAudit(strandKey: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "strand"), eq(auditEvents.entityId, strandKey)))
    .orderBy(asc(auditEvents.id))
    .all();
}

describe("the strands list", () => {
  it.each(["admin", "steering", "strand_lead", "liaison"] as const)(
    "shows a %s user the six strands in order, with their leads",
    async (role) => {
      const lead = await createUser({
        role: "strand_lead",
        displayName: "Farah Media",
        strandKeys: ["media"],
      });
      const user = await createUser({ role });
      const result = await callLoader(
        strandsLoader,
        buildRequest("/strands", { cookie: cookieFor(user.id) }),
      );
      expect(result.status).toBe(200);
      const shown = (
        result.data as { strands: { key: string; name: string; leads: { id: number }[] }[] }
      ).strands;
      expect(shown.map((strand) => [strand.key, strand.name])).toEqual(SIX_STRANDS);
      expect(shown.find((strand) => strand.key === "media")!.leads.map((l) => l.id)).toContain(
        lead.id,
      );
    },
  );
});

describe("a strand's page", () => {
  it("answers 404 for a key that is not one of the six", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = cookieFor(admin.id);
    const page = await callLoader(strandLoader, buildRequest("/strands/sport", { cookie }), {
      strandKey: "sport",
    });
    expect(page.status).toBe(404);
    const post = await callAction(
      strandAction,
      buildRequest("/strands/sport", { cookie, form: { description: "Sport" } }),
      { strandKey: "sport" },
    );
    expect(post.status).toBe(404);
    expect(strandRows().map((strand) => strand.key)).toEqual(SIX_STRANDS.map(([key]) => key));
  });

  it("offers the edit form only to admins", async () => {
    const admin = await createUser({ role: "admin" });
    const liaison = await createUser({ role: "liaison" });
    const forAdmin = await callLoader(
      strandLoader,
      buildRequest("/strands/youth", { cookie: cookieFor(admin.id) }),
      { strandKey: "youth" },
    );
    const forLiaison = await callLoader(
      strandLoader,
      buildRequest("/strands/youth", { cookie: cookieFor(liaison.id) }),
      { strandKey: "youth" },
    );
    expect(forAdmin.data).toMatchObject({ canManage: true, strand: { name: "Youth forum" } });
    expect(forLiaison.data).toMatchObject({ canManage: false, leadChoices: [] });
  });
});

describe("editing a strand", () => {
  it("saves the description and replaces the leads, auditing both", async () => {
    const admin = await createUser({ role: "admin" });
    const staying = await createUser({ role: "strand_lead", strandKeys: ["youth", "media"] });
    const leaving = await createUser({ role: "strand_lead", strandKeys: ["youth"] });
    const joining = await createUser({ role: "strand_lead" });

    const result = await callAction(
      strandAction,
      buildRequest("/strands/youth", {
        cookie: cookieFor(admin.id),
        form: {
          description: "Young people, schools and youth services.",
          leadUserIds: [String(staying.id), String(joining.id)],
        },
      }),
      { strandKey: "youth" },
    );

    expect(result.status).toBe(302);
    expect(result.location).toBe("/strands/youth?saved=1");
    expect(strandRows().find((strand) => strand.key === "youth")!.description).toBe(
      "Young people, schools and youth services.",
    );
    expect(leadIdsOf("youth")).toEqual([staying.id, joining.id].sort((a, b) => a - b));
    // A lead's other strands are not touched.
    expect(leadIdsOf("media")).toContain(staying.id);

    const page = await callLoader(
      strandLoader,
      buildRequest("/strands/youth", { cookie: cookieFor(admin.id) }),
      { strandKey: "youth" },
    );
    const leadIds = (page.data as { strand: { leads: { id: number }[] } }).strand.leads.map(
      (lead) => lead.id,
    );
    expect(leadIds).not.toContain(leaving.id);

    const [event] = strandAudit("youth");
    expect(event).toMatchObject({ action: "update", actorUserId: admin.id });
    expect(event!.changes).toEqual({
      description: [
        "Young people, youth services and local-authority partners.",
        "Young people, schools and youth services.",
      ],
      leadUserIds: [
        [staying.id, leaving.id].sort((a, b) => a - b),
        [staying.id, joining.id].sort((a, b) => a - b),
      ],
    });
  });

  it("removes every lead when none is ticked", async () => {
    const admin = await createUser({ role: "admin" });
    const lead = await createUser({ role: "strand_lead", strandKeys: ["political"] });
    expect(leadIdsOf("political")).toContain(lead.id);
    const result = await callAction(
      strandAction,
      buildRequest("/strands/political", {
        cookie: cookieFor(admin.id),
        form: { description: "Embassies, high commissions and government departments." },
      }),
      { strandKey: "political" },
    );
    expect(result.status).toBe(302);
    expect(leadIdsOf("political")).toEqual([]);
  });

  it("never changes a strand's key or name, whatever is posted", async () => {
    const admin = await createUser({ role: "admin" });
    const before = strandRows();
    const result = await callAction(
      strandAction,
      buildRequest("/strands/media", {
        cookie: cookieFor(admin.id),
        form: {
          key: "press",
          name: "Press office",
          position: "1",
          description: "London and foreign journalists, and community media.",
        },
      }),
      { strandKey: "media" },
    );
    expect(result.status).toBe(302);
    const after = strandRows();
    expect(after.map(({ key, name, position }) => ({ key, name, position }))).toEqual(
      before.map(({ key, name, position }) => ({ key, name, position })),
    );
    expect(after.map(({ key, name }) => [key, name])).toEqual(SIX_STRANDS);
  });

  it("accepts only active strand-lead users as leads", async () => {
    const admin = await createUser({ role: "admin" });
    const liaison = await createUser({ role: "liaison" });
    const former = await createUser({ role: "strand_lead", isActive: false });
    const before = leadIdsOf("media");
    for (const userId of [liaison.id, former.id, 999999]) {
      const result = await callAction(
        strandAction,
        buildRequest("/strands/media", {
          cookie: cookieFor(admin.id),
          form: { description: "Changed", leadUserIds: String(userId) },
        }),
        { strandKey: "media" },
      );
      expect(result.status).toBe(400);
      expect((result.data as { error: Record<string, string[]> }).error.leadUserIds).toEqual([
        "Choose leads from the active strand leads listed",
      ]);
    }
    expect(leadIdsOf("media")).toEqual(before);
    expect(strandRows().find((strand) => strand.key === "media")!.description).not.toBe("Changed");
  });

  it.each(["steering", "strand_lead", "liaison"] as const)(
    "refuses a %s user with 403 and changes nothing",
    async (role) => {
      const user = await createUser({ role, strandKeys: role === "strand_lead" ? ["youth"] : [] });
      const before = strandRows();
      const leadsBefore = leadIdsOf("youth");
      const result = await callAction(
        strandAction,
        buildRequest("/strands/youth", {
          cookie: cookieFor(user.id),
          form: { description: "Taken over", leadUserIds: String(user.id) },
        }),
        { strandKey: "youth" },
      );
      expect(result.status).toBe(403);
      expect(strandRows()).toEqual(before);
      expect(leadIdsOf("youth")).toEqual(leadsBefore);
    },
  );
});
