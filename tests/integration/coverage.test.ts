import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { engagements, type StrandKey } from "~/db/schema";
import { addDays, londonToday } from "~/domain/london-time";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { loader as listLoader } from "~/routes/engagements._index";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";
import { at, insertEngagement } from "./engagement-builders";

withTestDatabase();

type Coverage = {
  period: { from: string; to: string };
  strands: { key: StrandKey; name: string }[];
  communities: {
    id: number;
    name: string;
    cells: { strandKey: StrandKey; engagements: number }[];
    total: number;
  }[];
  columnTotals: { strandKey: StrandKey; engagements: number }[];
  total: number;
};

let afghan: number;
let eritrean: number;
let archived: number;
const cookies: Record<string, string> = {};
/** March 2026: British Summer Time starts on Sunday the 29th. */
const MARCH = "?from=2026-03-01&to=2026-03-31";

beforeAll(async () => {
  afghan = createCommunity({ name: "Afghan community", countryCode: "AF" }).id;
  eritrean = createCommunity({ name: "Eritrean community", countryCode: "ER" }).id;
  archived = createCommunity({ name: "Archived community", countryCode: "IQ", archived: true }).id;
  const held = (startsAt: Date, communityIds: number[], strandKeys: StrandKey[]) =>
    insertEngagement({ startsAt, communityIds, strandKeys });
  held(at("2026-03-10", "18:00"), [afghan], ["youth"]);
  // Two communities × two strands: one in each of four cells.
  held(at("2026-03-15", "12:00"), [afghan, eritrean], ["business", "media"]);
  insertEngagement({
    startsAt: at("2026-03-12", "18:00"),
    communityIds: [afghan],
    strandKeys: ["youth"],
    status: "planned",
  });
  // The period's edges, in London time.
  held(at("2026-02-28", "23:30"), [afghan], ["youth"]);
  held(at("2026-03-01", "00:00"), [afghan], ["youth"]);
  held(at("2026-03-31", "23:30"), [eritrean], ["political"]);
  // 00:30 on 1 April in London (BST) is 23:30 on 31 March in UTC: outside March.
  held(at("2026-04-01", "00:30"), [eritrean], ["political"]);
  held(at("2026-03-10", "18:00"), [archived], ["youth"]);
  held(at("2026-03-20", "18:00"), [afghan, archived], ["community"]);

  const users = {
    admin: await createUser({ role: "admin" }),
    steering: await createUser({ role: "steering" }),
    afghanOfficer: await createUser({ role: "liaison", communityIds: [afghan] }),
    eritreanOfficer: await createUser({ role: "liaison", communityIds: [eritrean] }),
    youthLead: await createUser({ role: "strand_lead", strandKeys: ["youth"] }),
  };
  for (const [name, user] of Object.entries(users)) cookies[name] = cookieFor(user.id);
});

async function coverageFor(who: string, query = MARCH): Promise<Coverage> {
  const result = await callLoader(
    dashboardLoader,
    buildRequest(`/dashboard${query}`, { cookie: cookies[who] }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(200);
  return (result.data as { coverage: Coverage }).coverage;
}

/** The matrix as { community: { strand: count } } without the zero cells, plus the totals. */
function counts(coverage: Coverage) {
  return {
    cells: Object.fromEntries(
      coverage.communities.map((community) => [
        community.name,
        Object.fromEntries(
          community.cells
            .filter((cell) => cell.engagements > 0)
            .map((cell) => [cell.strandKey, cell.engagements]),
        ),
      ]),
    ),
    rowTotals: Object.fromEntries(
      coverage.communities.map((community) => [community.name, community.total]),
    ),
    columnTotals: Object.fromEntries(
      coverage.columnTotals
        .filter((column) => column.engagements > 0)
        .map((column) => [column.strandKey, column.engagements]),
    ),
    total: coverage.total,
  };
}

describe("the coverage matrix", () => {
  it("counts held engagements in the period per community × strand, a multi-community, multi-strand one in each cell", async () => {
    const coverage = await coverageFor("admin");
    expect(coverage.strands.map((strand) => strand.key)).toEqual([
      "political",
      "business",
      "religious",
      "youth",
      "media",
      "community",
    ]);
    expect(counts(coverage)).toEqual({
      cells: {
        "Afghan community": { youth: 2, business: 1, media: 1, community: 1 },
        "Eritrean community": { political: 1, business: 1, media: 1 },
      },
      // Each engagement once: the four-cell engagement is one engagement of each community.
      rowTotals: { "Afghan community": 4, "Eritrean community": 2 },
      columnTotals: { political: 1, business: 1, youth: 2, media: 1, community: 1 },
      total: 5,
    });
  });

  it("shows steering the same figures as an admin", async () => {
    expect(counts(await coverageFor("steering"))).toEqual(counts(await coverageFor("admin")));
  });

  it("limits a liaison officer to their communities' rows and engagements", async () => {
    expect(counts(await coverageFor("afghanOfficer"))).toEqual({
      cells: { "Afghan community": { youth: 2, business: 1, media: 1, community: 1 } },
      rowTotals: { "Afghan community": 4 },
      columnTotals: { business: 1, youth: 2, media: 1, community: 1 },
      total: 4,
    });
    expect(counts(await coverageFor("eritreanOfficer"))).toEqual({
      cells: { "Eritrean community": { political: 1, business: 1, media: 1 } },
      rowTotals: { "Eritrean community": 2 },
      columnTotals: { political: 1, business: 1, media: 1 },
      total: 2,
    });
  });

  it("limits a strand lead to the engagements of their strands, in every community", async () => {
    expect(counts(await coverageFor("youthLead"))).toEqual({
      cells: { "Afghan community": { youth: 2 }, "Eritrean community": {} },
      rowTotals: { "Afghan community": 2, "Eritrean community": 0 },
      columnTotals: { youth: 2 },
      total: 2,
    });
  });

  it("links each cell to the engagement list filtered to exactly its engagements", async () => {
    const result = await callLoader(
      listLoader,
      buildRequest(
        `/engagements?community=${afghan}&strand=youth&status=held&from=2026-03-01&to=2026-03-31`,
        { cookie: cookies.admin },
      ),
    );
    expect((result.data as { list: { total: number } }).list.total).toBe(2);
  });

  it("covers the last 90 days up to today when no period is chosen", async () => {
    const today = londonToday(new Date());
    const coverage = await coverageFor("admin", "");
    expect(coverage.period).toEqual({ from: addDays(today, -89), to: today });
  });

  it("refuses impossible or reversed dates with 400", async () => {
    for (const query of ["?from=2026-02-30", "?from=2026-04-01&to=2026-03-01", "?to=soon"]) {
      const result = await callLoader(
        dashboardLoader,
        buildRequest(`/dashboard${query}`, { cookie: cookies.admin }),
      );
      expect(result.status).toBe(400);
      expect(result.data).toMatchObject({ coverage: null });
    }
  });

  it("adds up a period of several months piece by piece and sees every change at once", async () => {
    // Part of February, all of March (remembered whole) and part of April.
    const period = "?from=2026-02-15&to=2026-04-10";
    const before = counts(await coverageFor("admin", period));
    expect(before.total).toBe(7);
    expect(before.cells["Eritrean community"]).toEqual({ political: 2, business: 1, media: 1 });
    const march = insertEngagement({
      startsAt: at("2026-03-05"),
      communityIds: [eritrean],
      strandKeys: ["youth"],
    });
    insertEngagement({ startsAt: at("2026-04-05"), communityIds: [afghan], strandKeys: ["media"] });
    const after = counts(await coverageFor("admin", period));
    expect(after.total).toBe(9);
    expect(after.cells["Eritrean community"]!.youth).toBe(1);
    expect(after.cells["Afghan community"]!.media).toBe(2);
    getDb().update(engagements).set({ status: "planned" }).where(eq(engagements.id, march)).run();
    const unheld = counts(await coverageFor("admin", period));
    expect(unheld.total).toBe(8);
    expect(unheld.cells["Eritrean community"]!.youth).toBeUndefined();
  });
});
