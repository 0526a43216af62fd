import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadSessionUser } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { auditEvents, communities, contacts, organisations, strands, users } from "~/db/schema";
import { action as loginAction } from "~/routes/login";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from "../../scripts/demo-data";
import { buildRequest, callAction, withTestDatabase } from "./harness";

withTestDatabase();

function rowCounts() {
  const db = getDb();
  const rows = (
    table:
      | typeof users
      | typeof communities
      | typeof contacts
      | typeof organisations
      | typeof auditEvents,
  ) => db.select({ n: count() }).from(table).get()!.n;
  return {
    users: rows(users),
    communities: rows(communities),
    contacts: rows(contacts),
    organisations: rows(organisations),
    auditEvents: rows(auditEvents),
  };
}

describe("the demo data", () => {
  it("has the six strands, twelve communities and one account per role, and loading it again changes nothing", async () => {
    await loadDemoData(getDb());
    const first = rowCounts();
    expect(first.users).toBe(4);
    expect(first.communities).toBe(12);
    expect(
      getDb()
        .select()
        .from(strands)
        .all()
        .map((strand) => strand.key),
    ).toEqual(
      expect.arrayContaining(["political", "business", "religious", "youth", "media", "community"]),
    );
    const again = await loadDemoData(getDb());
    expect(again).toEqual({
      usersAdded: 0,
      communitiesAdded: 0,
      contactsAdded: 0,
      organisationsAdded: 0,
      engagementsAdded: 0,
      followUpsAdded: 0,
      templateItemsAdded: 0,
      actionPlansAdded: 0,
      progressUpdatesAdded: 0,
      engagementLinksAdded: 0,
      reviewsAdded: 0,
      feedbackAdded: 0,
      feedbackLinksAdded: 0,
      indicatorsAdded: 0,
      readingsAdded: 0,
    });
    expect(rowCounts()).toEqual(first);
  });

  it("lets every demo account sign in with the demo password, with the role README lists", async () => {
    await loadDemoData(getDb());
    const expectedRoles = {
      "admin@crg.test": "admin",
      "steering@crg.test": "steering",
      "lead@crg.test": "strand_lead",
      "liaison@crg.test": "liaison",
    };
    expect(DEMO_ACCOUNTS.map((account) => account.email).sort()).toEqual(
      Object.keys(expectedRoles).sort(),
    );
    for (const [email, role] of Object.entries(expectedRoles)) {
      expect(getDb().select().from(users).where(eq(users.email, email)).get()?.role).toBe(role);
      const signedIn = await callAction(
        loginAction,
        buildRequest("/login", { form: { email, password: DEMO_PASSWORD } }),
        {},
        `10.7.0.${email.length}`,
      );
      expect(signedIn.status).toBe(302);
    }
    const lead = getDb().select().from(users).where(eq(users.email, "lead@crg.test")).get()!;
    expect(loadSessionUser(getDb(), lead.id)?.strandKeys.sort()).toEqual([
      "community",
      "political",
    ]);
    const liaison = getDb().select().from(users).where(eq(users.email, "liaison@crg.test")).get()!;
    expect(loadSessionUser(getDb(), liaison.id)?.communityIds).toHaveLength(3);
  });
});
