// Soft indicator definitions, quarterly readings and the indicators dashboard, through the routes.
import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, indicatorReadings, indicators, type StrandKey } from "~/db/schema";
import { formatIndicatorValue } from "~/domain/indicator-change";
import type { IndicatorFigures } from "~/domain/indicators.server";
import * as editIndicator from "~/routes/admin.indicators.$indicatorId";
import * as indicatorList from "~/routes/admin.indicators._index";
import * as newIndicator from "~/routes/admin.indicators.new";
import * as readingsPage from "~/routes/communities.$communityId.indicators";
import * as dashboard from "~/routes/dashboard";
import * as indicatorsPage from "~/routes/indicators";
import { at, insertEngagement } from "./engagement-builders";
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

/** The fixed clock: 20 November 2026, in the quarter Oct–Dec 2026; the last complete one is Jul–Sep. */
const NOW = new Date("2026-11-20T12:00:00Z");

const people = {
  admin: { id: 0, cookie: "" },
  steering: { id: 0, cookie: "" },
  lead: { id: 0, cookie: "" },
  liaison: { id: 0, cookie: "" },
};
let north = 0;
let south = 0;
let listening = 0;
let informed = 0;

function definitionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "save",
    name: "Police listen to concerns",
    description: "Survey mean, 1 (strongly disagree) to 5 (strongly agree)",
    scaleMin: "1",
    scaleMax: "5",
    direction: "higher",
    position: "0",
    ...overrides,
  };
}

/** Field errors as conform's reply carries them. */
function errorsOf(result: { data: unknown }): Record<string, string[] | null> {
  return (result.data as { error?: Record<string, string[] | null> }).error ?? {};
}

function define(cookie: string, overrides: Record<string, string> = {}) {
  return callAction(
    newIndicator.action,
    buildRequest("/admin/indicators/new", { cookie, form: definitionForm(overrides) }),
  );
}

function lastIndicator() {
  return getDb().select().from(indicators).orderBy(desc(indicators.id)).limit(1).get()!;
}

function auditOf(entityType: string, entityId: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))))
    .orderBy(auditEvents.id)
    .all();
}

/** Posts the readings form of a community and quarter; values by indicator id ("" = blank). */
function postReadings(
  cookie: string,
  communityId: number,
  quarter: string,
  values: [indicatorId: number, value: string, note?: string][],
) {
  const form: Record<string, string> = {};
  values.forEach(([indicatorId, value, note], index) => {
    form[`readings[${index}].indicatorId`] = String(indicatorId);
    form[`readings[${index}].value`] = value;
    form[`readings[${index}].note`] = note ?? "";
  });
  return callAction(
    readingsPage.action,
    buildRequest(`/communities/${communityId}/indicators?quarter=${quarter}`, { cookie, form }),
    { communityId: String(communityId) },
  );
}

function readingsOf(communityId: number, quarter: string) {
  return getDb()
    .select()
    .from(indicatorReadings)
    .where(
      and(eq(indicatorReadings.communityId, communityId), eq(indicatorReadings.quarter, quarter)),
    )
    .all();
}

beforeAll(async () => {
  north = createCommunity({ name: "Northern community" }).id;
  south = createCommunity({ name: "Southern community" }).id;
  const make = async (
    key: keyof typeof people,
    role: "admin" | "steering" | "strand_lead" | "liaison",
    extra: { communityIds?: number[]; strandKeys?: StrandKey[] } = {},
  ) => {
    const user = await createUser({ role, ...extra });
    people[key] = { id: user.id, cookie: cookieFor(user.id) };
  };
  await make("admin", "admin");
  await make("steering", "steering");
  await make("lead", "strand_lead", { strandKeys: ["youth"] });
  await make("liaison", "liaison", { communityIds: [north] });
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("soft indicator definitions", () => {
  it("an admin defines an indicator, and the definition is audited", async () => {
    const result = await define(people.admin.cookie);
    expect(result.status).toBe(302);
    const created = lastIndicator();
    listening = created.id;
    expect(created).toMatchObject({
      name: "Police listen to concerns",
      scaleMin: 1,
      scaleMax: 5,
      higherIsBetter: true,
    });
    const [event] = auditOf("indicator", created.id);
    expect(event).toMatchObject({ action: "create", actorUserId: people.admin.id });
    expect(event!.changes).toMatchObject({ name: [null, "Police listen to concerns"] });

    expect(
      (await define(people.admin.cookie, { name: "Well informed", position: "1" })).status,
    ).toBe(302);
    informed = lastIndicator().id;
    const list = await callLoader(
      indicatorList.loader,
      buildRequest("/admin/indicators", { cookie: people.admin.cookie }),
    );
    expect((list.data as { indicators: { name: string }[] }).indicators.map((i) => i.name)).toEqual(
      ["Police listen to concerns", "Well informed"],
    );
  });

  it("no other role may open the definitions or define one", async () => {
    const before = getDb().select().from(indicators).all().length;
    for (const person of [people.steering, people.lead, people.liaison]) {
      const page = await callLoader(
        indicatorList.loader,
        buildRequest("/admin/indicators", { cookie: person.cookie }),
      );
      expect(page.status).toBe(403);
      const posted = await define(person.cookie, { name: `Sneaky ${person.id}` });
      expect(posted.status).toBe(403);
      const edited = await callAction(
        editIndicator.action,
        buildRequest(`/admin/indicators/${listening}`, {
          cookie: person.cookie,
          form: { intent: "archive" },
        }),
        { indicatorId: String(listening) },
      );
      expect(edited.status).toBe(403);
    }
    expect(getDb().select().from(indicators).all().length).toBe(before);
    const stillActive = getDb().select().from(indicators).where(eq(indicators.id, listening)).get();
    expect(stillActive!.archivedAt).toBeNull();
  });

  it("refuses a bad scale, a fractional end and a missing name with field errors", async () => {
    const before = getDb().select().from(indicators).all().length;
    const reversed = await define(people.admin.cookie, {
      name: "Reversed",
      scaleMin: "5",
      scaleMax: "1",
    });
    expect(reversed.status).toBe(400);
    expect(errorsOf(reversed).scaleMax?.[0]).toMatch(/greater than the lowest/);
    const equal = await define(people.admin.cookie, { name: "Flat", scaleMin: "3", scaleMax: "3" });
    expect(errorsOf(equal).scaleMax).toBeTruthy();
    const fractional = await define(people.admin.cookie, { name: "Half", scaleMin: "0.5" });
    expect(errorsOf(fractional).scaleMin?.[0]).toMatch(/whole number/);
    const nameless = await define(people.admin.cookie, { name: "  ", direction: "sideways" });
    expect(errorsOf(nameless).name).toBeTruthy();
    expect(errorsOf(nameless).direction).toBeTruthy();
    expect(getDb().select().from(indicators).all().length).toBe(before);
  });

  it("refuses a duplicate name, whatever its case, when adding and when renaming", async () => {
    const duplicate = await define(people.admin.cookie, { name: "police LISTEN to concerns" });
    expect(duplicate.status).toBe(400);
    expect(errorsOf(duplicate).name?.[0]).toMatch(/already exists/);
    const renamed = await callAction(
      editIndicator.action,
      buildRequest(`/admin/indicators/${informed}`, {
        cookie: people.admin.cookie,
        form: definitionForm({ name: "Police listen to concerns" }),
      }),
      { indicatorId: String(informed) },
    );
    expect(renamed.status).toBe(400);
    expect(errorsOf(renamed).name?.[0]).toMatch(/already exists/);
  });

  it("an edit is audited with the old and new values", async () => {
    const result = await callAction(
      editIndicator.action,
      buildRequest(`/admin/indicators/${informed}`, {
        cookie: people.admin.cookie,
        form: definitionForm({ name: "Well informed about local policing", position: "1" }),
      }),
      { indicatorId: String(informed) },
    );
    expect(result.status).toBe(302);
    const update = auditOf("indicator", informed).find((event) => event.action === "update");
    expect(update!.changes).toMatchObject({
      name: ["Well informed", "Well informed about local policing"],
    });
  });
});

describe("readings", () => {
  it("the form lists every active indicator for the quarter, blank until recorded", async () => {
    const page = await callLoader(
      readingsPage.loader,
      buildRequest(`/communities/${north}/indicators?quarter=2026-Q3`, {
        cookie: people.liaison.cookie,
      }),
      { communityId: String(north) },
    );
    expect(page.status).toBe(200);
    const loaded = page.data as {
      quarter: string;
      canRecord: boolean;
      rows: { indicatorId: number; value: string; recorded: boolean }[];
    };
    expect(loaded.quarter).toBe("2026-Q3");
    expect(loaded.canRecord).toBe(true);
    expect(loaded.rows.map((row) => [row.indicatorId, row.value, row.recorded])).toEqual([
      [listening, "", false],
      [informed, "", false],
    ]);
  });

  it("a liaison officer records a decimal reading for their community; a blank one records nothing", async () => {
    const result = await postReadings(people.liaison.cookie, north, "2026-Q3", [
      [listening, "3.4", "Autumn survey, 212 replies"],
      [informed, ""],
    ]);
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/communities/${north}/indicators?quarter=2026-Q3&done=saved`);
    const saved = readingsOf(north, "2026-Q3");
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      indicatorId: listening,
      value: 3.4,
      note: "Autumn survey, 212 replies",
      recordedByUserId: people.liaison.id,
    });
    expect(auditOf("indicator_reading", saved[0]!.id)[0]).toMatchObject({ action: "create" });
  });

  it("refuses a value outside the scale or not a number, per indicator, and writes nothing", async () => {
    const outside = await postReadings(people.liaison.cookie, north, "2026-Q3", [
      [listening, "3.9"],
      [informed, "6"],
    ]);
    expect(outside.status).toBe(400);
    expect(errorsOf(outside)["readings[1].value"]?.[0]).toBe("Enter a value from 1 to 5");
    expect(errorsOf(outside)["readings[0].value"]).toBeFalsy();
    const words = await postReadings(people.liaison.cookie, north, "2026-Q3", [
      [listening, "good"],
      [informed, "2", ""],
    ]);
    expect(words.status).toBe(400);
    expect(errorsOf(words)["readings[0].value"]).toBeTruthy();
    const noteAlone = await postReadings(people.liaison.cookie, north, "2026-Q3", [
      [listening, "3.4"],
      [informed, "", "Forum vote postponed"],
    ]);
    expect(errorsOf(noteAlone)["readings[1].value"]?.[0]).toMatch(/value for this note/);
    // Nothing half-written: the earlier reading is untouched and no second one appeared.
    expect(readingsOf(north, "2026-Q3").map((reading) => reading.value)).toEqual([3.4]);
  });

  it("recording again corrects the one reading of the quarter, audited as an update with old and new value", async () => {
    const result = await postReadings(people.admin.cookie, north, "2026-Q3", [
      [listening, "3.8", "Autumn survey, corrected weighting"],
      [informed, "4"],
    ]);
    expect(result.status).toBe(302);
    const saved = readingsOf(north, "2026-Q3");
    expect(saved).toHaveLength(2);
    const corrected = saved.find((reading) => reading.indicatorId === listening)!;
    expect(corrected.value).toBe(3.8);
    const update = auditOf("indicator_reading", corrected.id).find(
      (event) => event.action === "update",
    );
    expect(update).toMatchObject({ actorUserId: people.admin.id });
    expect(update!.changes).toMatchObject({ value: [3.4, 3.8] });
  });

  it("a strand lead may record for any community; steering reads but may not record", async () => {
    expect(
      (await postReadings(people.lead.cookie, south, "2026-Q3", [[listening, "3"]])).status,
    ).toBe(302);
    const steeringPage = await callLoader(
      readingsPage.loader,
      buildRequest(`/communities/${south}/indicators?quarter=2026-Q3`, {
        cookie: people.steering.cookie,
      }),
      { communityId: String(south) },
    );
    expect(steeringPage.status).toBe(200);
    const loaded = steeringPage.data as { canRecord: boolean; rows: { value: string }[] };
    expect(loaded.canRecord).toBe(false);
    expect(loaded.rows[0]!.value).toBe("3");
    const refused = await postReadings(people.steering.cookie, south, "2026-Q3", [
      [listening, "5"],
    ]);
    expect(refused.status).toBe(403);
    expect(readingsOf(south, "2026-Q3")[0]!.value).toBe(3);
  });

  it("a liaison officer of another community gets 404 for its readings, and writes nothing", async () => {
    const page = await callLoader(
      readingsPage.loader,
      buildRequest(`/communities/${south}/indicators`, { cookie: people.liaison.cookie }),
      { communityId: String(south) },
    );
    expect(page.status).toBe(404);
    const posted = await postReadings(people.liaison.cookie, south, "2026-Q3", [[listening, "1"]]);
    expect(posted.status).toBe(404);
    expect(readingsOf(south, "2026-Q3")[0]!.value).toBe(3);
  });

  it("a future quarter is neither shown nor written", async () => {
    const page = await callLoader(
      readingsPage.loader,
      buildRequest(`/communities/${north}/indicators?quarter=2027-Q1`, {
        cookie: people.liaison.cookie,
      }),
      { communityId: String(north) },
    );
    expect(page.data).toMatchObject({ quarter: "2026-Q4", fellBack: true });
    const posted = await postReadings(people.liaison.cookie, north, "2027-Q1", [[listening, "4"]]);
    expect(posted.status).toBe(400);
    expect(readingsOf(north, "2027-Q1")).toHaveLength(0);
  });

  it("clearing a recorded value removes the reading, audited with the old value", async () => {
    await postReadings(people.liaison.cookie, north, "2026-Q2", [
      [listening, "3"],
      [informed, "2.5"],
    ]);
    const before = readingsOf(north, "2026-Q2").find(
      (reading) => reading.indicatorId === informed,
    )!;
    await postReadings(people.liaison.cookie, north, "2026-Q2", [
      [listening, "3"],
      [informed, ""],
    ]);
    expect(readingsOf(north, "2026-Q2").map((reading) => reading.indicatorId)).toEqual([listening]);
    const removal = auditOf("indicator_reading", before.id).find(
      (event) => event.action === "delete",
    );
    expect(removal!.changes).toMatchObject({ value: [2.5, null] });
  });

  it("a scale cannot shrink past a recorded reading", async () => {
    const result = await callAction(
      editIndicator.action,
      buildRequest(`/admin/indicators/${listening}`, {
        cookie: people.admin.cookie,
        form: definitionForm({ scaleMax: "3" }),
      }),
      { indicatorId: String(listening) },
    );
    expect(result.status).toBe(400);
    expect(errorsOf(result).scaleMax?.[0]).toMatch(/3.8 is already recorded/);
  });
});

type DashboardData = {
  quarter: string;
  previous: string;
  fellBack: boolean;
  communities: { id: number; name: string }[];
  chosenCommunity: { id: number } | null;
  figures: IndicatorFigures;
};

async function openDashboard(cookie: string, query = "") {
  const result = await callLoader(
    indicatorsPage.loader,
    buildRequest(`/indicators${query}`, { cookie }),
  );
  return { status: result.status, data: result.data as DashboardData };
}

/** The chosen quarter's and the previous quarter's figure of one series. */
function lastTwo(values: (number | null)[]) {
  return { current: values[values.length - 1], previous: values[values.length - 2] };
}

describe("the indicators dashboard", () => {
  beforeAll(() => {
    // One held engagement of the north in Jul–Sep 2026, for a hard indicator beside the soft ones.
    insertEngagement({ startsAt: at("2026-08-10"), communityIds: [north], strandKeys: ["youth"] });
  });

  it("shows, by default, the last complete quarter with eight quarters of trend and the one before", async () => {
    const { status, data } = await openDashboard(people.admin.cookie);
    expect(status).toBe(200);
    expect(data.quarter).toBe("2026-Q3");
    expect(data.previous).toBe("2026-Q2");
    expect(data.figures.quarters).toHaveLength(9);
    expect(data.figures.quarters.at(-1)).toBe("2026-Q3");
    expect(data.figures.indicators.map((indicator) => indicator.key)).toEqual([
      "hard:engagementsHeld",
      "hard:contactsEngaged",
      "hard:strandsCovered",
      "hard:feedbackAnsweredOnTime",
      "hard:actionItemsDoneOnTime",
      "hard:averageSentiment",
      `soft:${listening}`,
      `soft:${informed}`,
    ]);
  });

  it("gives each indicator per community and overall (the mean of the communities' readings), with last quarter's figure", async () => {
    const { data } = await openDashboard(people.admin.cookie, "?quarter=2026-Q3");
    const series = (key: string) => data.figures.series.find((entry) => entry.key === key)!;
    const ofCommunity = (key: string, communityId: number) =>
      series(key).communities.find((entry) => entry.communityId === communityId)!.values;
    const soft = `soft:${listening}`;
    expect(lastTwo(ofCommunity(soft, north))).toEqual({ current: 3.8, previous: 3 });
    expect(lastTwo(ofCommunity(soft, south))).toEqual({ current: 3, previous: null });
    // (3.8 + 3) / 2; last quarter only the north had a reading.
    expect(lastTwo(series(soft).overall)).toEqual({ current: 3.4, previous: 3 });
    expect(lastTwo(ofCommunity("hard:engagementsHeld", north))).toEqual({
      current: 1,
      previous: 0,
    });
    expect(lastTwo(series("hard:engagementsHeld").overall)).toEqual({ current: 1, previous: 0 });
  });

  it("a quarter without readings has no figure (null, shown as “no reading”), not 0", async () => {
    const { data } = await openDashboard(people.admin.cookie, "?quarter=2026-Q1");
    const soft = data.figures.series.find((entry) => entry.key === `soft:${listening}`)!;
    expect(soft.overall.every((value) => value === null)).toBe(true);
    expect(soft.communities.every((entry) => entry.values.every((value) => value === null))).toBe(
      true,
    );
    expect(formatIndicatorValue(soft.overall.at(-1)!, "scale")).toBe("no reading");
  });

  it("a liaison officer sees only their communities, and overall only over them", async () => {
    const { data } = await openDashboard(
      people.liaison.cookie,
      `?quarter=2026-Q3&community=${south}`,
    );
    expect(data.communities.map((community) => community.id)).toEqual([north]);
    expect(data.chosenCommunity).toBeNull();
    for (const entry of data.figures.series) {
      expect(entry.communities.map((community) => community.communityId)).toEqual([north]);
    }
    const soft = data.figures.series.find((entry) => entry.key === `soft:${listening}`)!;
    expect(lastTwo(soft.overall).current).toBe(3.8);
  });

  it("a chosen community the user may see joins the trend charts", async () => {
    const { data } = await openDashboard(people.steering.cookie, `?community=${south}`);
    expect(data.chosenCommunity).toMatchObject({ id: south });
  });

  it("falls back to the last complete quarter for a quarter it cannot read or that has not begun", async () => {
    for (const query of ["?quarter=2026-Q9", "?quarter=yesterday", "?quarter=2027-Q1"]) {
      const { status, data } = await openDashboard(people.admin.cookie, query);
      expect(status).toBe(200);
      expect(data).toMatchObject({ quarter: "2026-Q3", fellBack: true });
    }
    const current = await openDashboard(people.admin.cookie, "?quarter=2026-Q4");
    expect(current.data).toMatchObject({ quarter: "2026-Q4", fellBack: false });
  });

  it("an archived indicator leaves the dashboard but keeps its readings", async () => {
    const archived = await callAction(
      editIndicator.action,
      buildRequest(`/admin/indicators/${informed}`, {
        cookie: people.admin.cookie,
        form: { intent: "archive" },
      }),
      { indicatorId: String(informed) },
    );
    expect(archived.status).toBe(302);
    expect(auditOf("indicator", informed).some((event) => event.action === "archive")).toBe(true);
    const { data } = await openDashboard(people.admin.cookie);
    expect(data.figures.indicators.some((indicator) => indicator.key === `soft:${informed}`)).toBe(
      false,
    );
    expect(readingsOf(north, "2026-Q3").some((reading) => reading.indicatorId === informed)).toBe(
      true,
    );
    // And it takes no new readings.
    const posted = await postReadings(people.liaison.cookie, north, "2026-Q3", [[informed, "5"]]);
    expect(posted.status).toBe(409);
  });

  it("the main dashboard shows each indicator's overall figure this quarter and last", async () => {
    const result = await callLoader(
      dashboard.loader,
      buildRequest("/dashboard", { cookie: people.admin.cookie }),
    );
    const summary = (
      result.data as {
        trustAndConfidence: {
          quarter: string;
          indicators: { key: string; current: number | null; previous: number | null }[];
        };
      }
    ).trustAndConfidence;
    expect(summary.quarter).toBe("2026-Q4");
    expect(summary.indicators.find((indicator) => indicator.key === `soft:${listening}`)).toEqual(
      expect.objectContaining({ current: null, previous: 3.4 }),
    );
  });
});
