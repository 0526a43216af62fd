import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  activityStamps,
  auditEvents,
  contacts,
  engagementCommunities,
  engagementContacts,
  engagements,
  engagementStrands,
  organisations,
} from "~/db/schema";
import { LIST_COUNT_LIMIT } from "~/domain/list-paging.server";
import { recomputeLastEngaged } from "~/domain/last-engaged.server";
import { loader as communityLoader } from "~/routes/communities.$communityId._index";
import { loader as contactLoader } from "~/routes/contacts.$contactId._index";
import { loader as listLoader } from "~/routes/engagements._index";
import { loader as organisationLoader } from "~/routes/organisations.$organisationId._index";
import { loader as exportLoader } from "~/routes/engagements.export";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";
import { at, insertContact, insertEngagement } from "./engagement-builders";

withTestDatabase();

type Person = { id: number; cookie: string };
async function person(options: Parameters<typeof createUser>[0]): Promise<Person> {
  const user = await createUser(options);
  return { id: user.id, cookie: cookieFor(user.id) };
}

let afghan: number;
let eritrean: number;
let paging: number;
let admin: Person;
let steering: Person;
let afghanOfficer: Person;
let eritreanOfficer: Person;
let youthLead: Person;
let farid: number;
const titles = {
  afghanYouth: "Afghan youth forum",
  eritreanCall: "Call with the Eritrean embassy",
  joint: "Joint business breakfast",
  eritreanLetter: "Letter to Eritrean media",
  midnight: "Midsummer midnight vigil",
};

beforeAll(async () => {
  afghan = createCommunity({ name: "Afghan community", countryCode: "AF" }).id;
  eritrean = createCommunity({ name: "Eritrean community", countryCode: "ER" }).id;
  paging = createCommunity({ name: "Paging community", countryCode: "VN" }).id;
  admin = await person({ role: "admin" });
  steering = await person({ role: "steering" });
  afghanOfficer = await person({ role: "liaison", communityIds: [afghan] });
  eritreanOfficer = await person({ role: "liaison", communityIds: [eritrean] });
  youthLead = await person({ role: "strand_lead", strandKeys: ["youth"] });
  farid = insertContact({ name: "Farid Ahmadi", communityId: afghan });
  insertEngagement({
    title: titles.afghanYouth,
    startsAt: at("2026-03-10", "18:00"),
    communityIds: [afghan],
    strandKeys: ["youth"],
    type: "forum_session",
    officerIds: [afghanOfficer.id],
    contactIds: [farid],
  });
  insertEngagement({
    title: titles.eritreanCall,
    startsAt: at("2026-04-05", "09:30"),
    communityIds: [eritrean],
    strandKeys: ["political"],
    type: "call",
    status: "planned",
    marking: "OFFICIAL-SENSITIVE",
    officerIds: [eritreanOfficer.id],
  });
  insertEngagement({
    title: titles.joint,
    startsAt: at("2026-05-01", "08:00"),
    communityIds: [afghan, eritrean],
    strandKeys: ["business"],
    type: "event",
    contactIds: [farid],
  });
  insertEngagement({
    title: titles.eritreanLetter,
    startsAt: at("2026-06-01", "12:00"),
    communityIds: [eritrean],
    strandKeys: ["media"],
    type: "letter",
  });
  // 00:30 on 1 July in London is still 30 June in UTC.
  insertEngagement({
    title: titles.midnight,
    startsAt: at("2026-07-01", "00:30"),
    communityIds: [eritrean],
    strandKeys: ["community"],
  });
  for (let day = 1; day <= 30; day += 1) {
    insertEngagement({
      title: `Paging ${String(day).padStart(2, "0")}`,
      startsAt: at(`2026-09-${String(day).padStart(2, "0")}`, "10:00"),
      communityIds: [paging],
      strandKeys: ["community"],
    });
  }
});

type Listed = {
  list: { engagements: { title: string }[]; total: number; page: number; pageCount: number };
};
type Timeline = {
  timeline: { engagements: { title: string }[]; total: number; page: number; pageCount: number };
};

async function listTitles(actor: Person, query = ""): Promise<string[]> {
  const result = await callLoader(
    listLoader,
    buildRequest(`/engagements${query}`, { cookie: actor.cookie }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(200);
  return (result.data as Listed).list.engagements.map((engagement) => engagement.title);
}

/** The export as the browser receives it: bytes, so the byte-order mark is seen. */
async function exportFor(actor: Person, query = "") {
  const result = await callLoader(
    async (args) => {
      const response = (await exportLoader(args)) as Response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return {
        status: response.status,
        type: response.headers.get("Content-Type"),
        text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes),
      };
    },
    buildRequest(`/engagements/export${query}`, { cookie: actor.cookie }),
  );
  return result;
}

describe("the engagement list's filters", () => {
  const directory = [titles.afghanYouth, titles.eritreanCall, titles.joint, titles.eritreanLetter];

  it("filters by community, counting an engagement of two communities in both", async () => {
    const listed = await listTitles(admin, `?community=${afghan}`);
    expect(listed).toEqual([titles.joint, titles.afghanYouth]);
    expect(await listTitles(admin, `?community=${eritrean}&to=2026-06-30`)).toEqual([
      titles.eritreanLetter,
      titles.joint,
      titles.eritreanCall,
    ]);
  });

  it("filters by strand, type, officer, contact, status and marking", async () => {
    expect(await listTitles(admin, "?strand=business")).toEqual([titles.joint]);
    expect(await listTitles(admin, "?type=letter")).toEqual([titles.eritreanLetter]);
    expect(await listTitles(admin, `?officer=${eritreanOfficer.id}`)).toEqual([
      titles.eritreanCall,
    ]);
    expect(await listTitles(admin, `?contact=${farid}`)).toEqual([
      titles.joint,
      titles.afghanYouth,
    ]);
    expect(await listTitles(admin, "?status=planned")).toEqual([titles.eritreanCall]);
    expect(await listTitles(admin, "?marking=OFFICIAL-SENSITIVE")).toEqual([titles.eritreanCall]);
    const held = await listTitles(admin, "?status=held&to=2026-06-30");
    expect(held).toEqual([titles.eritreanLetter, titles.joint, titles.afghanYouth]);
  });

  it("reads from and to as London days, both included", async () => {
    expect(await listTitles(admin, "?from=2026-04-05&to=2026-05-01")).toEqual([
      titles.joint,
      titles.eritreanCall,
    ]);
    // The vigil is at 00:30 on 1 July in London (23:30 on 30 June in UTC).
    expect(await listTitles(admin, "?from=2026-07-01&to=2026-07-01")).toEqual([titles.midnight]);
    expect(await listTitles(admin, "?from=2026-06-30&to=2026-06-30")).toEqual([]);
  });

  it("combines filters and treats empty boxes of the form as no filter", async () => {
    expect(
      await listTitles(admin, `?community=${eritrean}&strand=&type=&status=held&to=2026-06-30`),
    ).toEqual([titles.eritreanLetter, titles.joint]);
    expect(await listTitles(admin, "?to=2026-08-31&marking=")).toEqual([
      titles.midnight,
      ...[...directory].reverse(),
    ]);
  });

  it("says so when nothing matches, and the page offers to clear the filters", async () => {
    const result = await callLoader(
      listLoader,
      buildRequest("/engagements?type=visit", { cookie: admin.cookie }),
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ list: { total: 0 }, isFiltered: true });
  });
});

describe("pagination", () => {
  it("gives 25 a page, newest first, every engagement exactly once", async () => {
    const first = await callLoader(
      listLoader,
      buildRequest(`/engagements?community=${paging}`, { cookie: admin.cookie }),
    );
    const second = await callLoader(
      listLoader,
      buildRequest(`/engagements?community=${paging}&page=2`, { cookie: admin.cookie }),
    );
    const one = (first.data as Listed).list;
    const two = (second.data as Listed).list;
    expect(one).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(one.engagements).toHaveLength(25);
    expect(two.engagements).toHaveLength(5);
    expect(one.engagements[0]!.title).toBe("Paging 30");
    const all = [...one.engagements, ...two.engagements].map((engagement) => engagement.title);
    expect(all).toEqual(
      Array.from({ length: 30 }, (_, index) => `Paging ${String(30 - index).padStart(2, "0")}`),
    );
  });

  it("shows the last page for a page number past the end", async () => {
    const result = await callLoader(
      listLoader,
      buildRequest(`/engagements?community=${paging}&page=9`, { cookie: admin.cookie }),
    );
    expect((result.data as Listed).list).toMatchObject({ page: 2, pageCount: 2 });
  });

  it("stops counting past the limit and says there are more, offering only the first pages", async () => {
    const busy = createCommunity({ name: "Busy community", countryCode: "PK" }).id;
    const busyOfficer = await person({ role: "liaison", communityIds: [busy] });
    const db = getDb();
    const now = new Date();
    db.transaction((tx) => {
      for (let index = 0; index < LIST_COUNT_LIMIT + 5; index += 1) {
        const id = tx
          .insert(engagements)
          .values({
            type: "call",
            status: "held",
            title: `Busy ${index}`,
            startsAt: new Date(Date.UTC(2031, 0, 1) + index * 3_600_000),
            durationMinutes: 15,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: engagements.id })
          .get().id;
        tx.insert(engagementCommunities).values({ engagementId: id, communityId: busy }).run();
        tx.insert(engagementStrands).values({ engagementId: id, strandKey: "community" }).run();
      }
    });

    const result = await callLoader(
      listLoader,
      buildRequest("/engagements?page=999", { cookie: busyOfficer.cookie }),
    );
    const list = (result.data as Listed).list;
    expect(list).toMatchObject({
      total: LIST_COUNT_LIMIT,
      totalIsLowerBound: true,
      pageCount: LIST_COUNT_LIMIT / 25,
      page: LIST_COUNT_LIMIT / 25,
    });
    expect(list.engagements).toHaveLength(25);
    expect(list.engagements[0]!.title).toBe(`Busy ${4 + 25}`);

    const narrowed = await callLoader(
      listLoader,
      buildRequest("/engagements?to=2031-01-02", { cookie: busyOfficer.cookie }),
    );
    expect((narrowed.data as Listed).list).toMatchObject({ total: 48, totalIsLowerBound: false });

    // The community page's timeline counts the same way: its first page, and "more than".
    const community = await callLoader(
      communityLoader,
      buildRequest(`/communities/${busy}`, { cookie: busyOfficer.cookie }),
      { communityId: String(busy) },
    );
    const timeline = (community.data as Timeline).timeline;
    expect(timeline).toMatchObject({
      total: LIST_COUNT_LIMIT,
      totalIsLowerBound: true,
      page: 1,
      pageCount: LIST_COUNT_LIMIT / 10,
    });
    expect(timeline.engagements[0]!.title).toBe(`Busy ${LIST_COUNT_LIMIT + 4}`);
  });
});

describe("scope", () => {
  const outsidePaging = "?to=2026-08-31";

  it("shows a liaison officer only engagements of their communities, an engagement of two communities to both officers", async () => {
    expect(await listTitles(afghanOfficer, outsidePaging)).toEqual([
      titles.joint,
      titles.afghanYouth,
    ]);
    expect(await listTitles(eritreanOfficer, outsidePaging)).toEqual([
      titles.midnight,
      titles.eritreanLetter,
      titles.joint,
      titles.eritreanCall,
    ]);
    // Filtering by another community's id shows nothing of it.
    expect(await listTitles(afghanOfficer, `?community=${eritrean}&to=2026-08-31`)).toEqual([
      titles.joint,
    ]);
  });

  it("shows a strand lead only engagements of their strands, in any community", async () => {
    expect(await listTitles(youthLead)).toEqual([titles.afghanYouth]);
  });

  it("shows steering and admins every engagement", async () => {
    expect(await listTitles(steering, outsidePaging)).toHaveLength(5);
    expect(await listTitles(admin, outsidePaging)).toHaveLength(5);
  });

  it("keeps another community's engagements out of a liaison officer's export", async () => {
    const exported = await exportFor(afghanOfficer);
    const csv = (exported.data as { text: string }).text;
    expect(csv).toContain(titles.afghanYouth);
    expect(csv).toContain(titles.joint);
    expect(csv).not.toContain(titles.eritreanCall);
    expect(csv).not.toContain(titles.eritreanLetter);
    expect(csv).not.toContain("Paging");
  });
});

describe("export", () => {
  it("is UTF-8 CSV with a BOM, London times, without minutes, audited with its filter", async () => {
    const officer = await person({ role: "liaison", communityIds: [afghan] });
    const exported = await exportFor(officer, `?community=${afghan}&strand=youth&page=1`);
    const { status, type, text } = exported.data as { status: number; type: string; text: string };
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/csv/);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("Protective marking");
    expect(lines[1]).toContain(titles.afghanYouth);
    expect(lines[1]).toContain("2026-03-10,18:00");
    expect(lines[1]).toContain(",Afghan community,Youth forum,Test liaison,1,");
    expect(text).not.toContain("Minutes that never leave");
    const joint = (await exportFor(admin, "?strand=business")).data as { text: string };
    const jointRow = joint.text.trim().split("\r\n")[1]!;
    expect(jointRow).toContain(",Afghan community; Eritrean community,Business forum,");
    const audited = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export"), eq(auditEvents.actorUserId, officer.id)))
      .all();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.entityType).toBe("engagement");
    expect(JSON.parse(audited[0]!.detail!)).toEqual({
      filter: { community: afghan, strand: "youth" },
      rows: 1,
    });
  });
});

describe("bad filters", () => {
  it.each([
    ["a community that is not a number", "?community=abc", "Choose a community from the list"],
    ["an unknown strand", "?strand=sports", "Choose a strand from the list"],
    ["an impossible date", "?from=2026-02-30", "The from date is not a real date"],
    ["dates the wrong way round", "?from=2026-05-02&to=2026-05-01", "on or after the from date"],
    ["an unknown status", "?status=cancelled", "Choose planned or held"],
  ])("answer 400 with the field's message for %s", async (_name, query, message) => {
    const result = await callLoader(
      listLoader,
      buildRequest(`/engagements${query}`, { cookie: admin.cookie }),
    );
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.data)).toContain(message);
    expect(result.data).toMatchObject({ list: null });
  });

  it("refuse an export with 400 and write no audit event", async () => {
    const officer = await person({ role: "liaison", communityIds: [afghan] });
    const result = await callLoader(
      exportLoader,
      buildRequest("/engagements/export?marking=SECRET", { cookie: officer.cookie }),
    );
    expect(result.status).toBe(400);
    expect(result.data).toContain("Choose a marking from the list");
    const audited = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export"), eq(auditEvents.actorUserId, officer.id)))
      .all();
    expect(audited).toHaveLength(0);
  });
});

describe("timelines", () => {
  let organisation: number;
  let selam: number;
  let neverEngaged: number;
  beforeAll(() => {
    const now = new Date();
    organisation = getDb()
      .insert(organisations)
      .values({
        name: "Afghan Welfare Association",
        sortName: "afghan welfare association",
        type: "community_association",
        communityId: afghan,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: organisations.id })
      .get().id;
    getDb()
      .update(contacts)
      .set({ organisationId: organisation })
      .where(eq(contacts.id, farid))
      .run();
    // An Afghan contact who also came, as a guest, to an engagement of the Eritrean community only.
    selam = insertContact({
      name: "Selam Tesfaye",
      communityId: afghan,
      organisationId: organisation,
    });
    insertEngagement({
      title: "Eritrean elders' meeting",
      startsAt: at("2026-05-20", "19:00"),
      communityIds: [eritrean],
      strandKeys: ["religious"],
      contactIds: [selam],
    });
    insertEngagement({
      title: "Planned welfare visit",
      startsAt: at("2026-10-02", "11:00"),
      communityIds: [afghan],
      strandKeys: ["community"],
      status: "planned",
      contactIds: [selam],
    });
    getDb().insert(engagementContacts).values({ engagementId: jointId(), contactId: selam }).run();
    recomputeLastEngaged(getDb(), [selam]);
    neverEngaged = insertContact({ name: "Nadia Karimi", communityId: afghan });
  });

  function jointId(): number {
    return getDb()
      .select({ id: engagements.id })
      .from(engagements)
      .where(eq(engagements.title, titles.joint))
      .get()!.id;
  }

  async function timelineOf(
    loader: (args: LoaderFunctionArgs) => unknown,
    actor: Person,
    path: string,
    params: Record<string, string>,
  ) {
    const result = await callLoader(loader, buildRequest(path, { cookie: actor.cookie }), params);
    expect(result.status, String(result.data)).toBe(200);
    return (result.data as Timeline).timeline;
  }

  it("shows a contact's engagements newest first, planned ones too, and their last held engagement", async () => {
    const timeline = await timelineOf(contactLoader, admin, `/contacts/${selam}`, {
      contactId: String(selam),
    });
    expect(timeline.engagements.map((engagement) => engagement.title)).toEqual([
      "Planned welfare visit",
      "Eritrean elders' meeting",
      titles.joint,
    ]);
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${selam}`, { cookie: admin.cookie }),
      { contactId: String(selam) },
    );
    const contact = (page.data as { contact: { lastEngagedAt: Date | null } }).contact;
    // The planned visit is later, but only held engagements count.
    expect(contact.lastEngagedAt).toEqual(at("2026-05-20", "19:00"));
  });

  it("says a contact was never engaged", async () => {
    const page = await callLoader(
      contactLoader,
      buildRequest(`/contacts/${neverEngaged}`, { cookie: admin.cookie }),
      { contactId: String(neverEngaged) },
    );
    expect(page.data).toMatchObject({
      contact: { lastEngagedAt: null },
      timeline: { total: 0, engagements: [] },
    });
  });

  it("leaves out of a contact's timeline the engagements the reader may not see", async () => {
    const timeline = await timelineOf(contactLoader, afghanOfficer, `/contacts/${selam}`, {
      contactId: String(selam),
    });
    expect(timeline.engagements.map((engagement) => engagement.title)).toEqual([
      "Planned welfare visit",
      titles.joint,
    ]);
  });

  it("shows an organisation the engagements of any of its people, once each, within scope", async () => {
    const forAdmin = await timelineOf(organisationLoader, admin, `/organisations/${organisation}`, {
      organisationId: String(organisation),
    });
    expect(forAdmin.engagements.map((engagement) => engagement.title)).toEqual([
      "Planned welfare visit",
      "Eritrean elders' meeting",
      titles.joint,
      titles.afghanYouth,
    ]);
    const forOfficer = await timelineOf(
      organisationLoader,
      afghanOfficer,
      `/organisations/${organisation}`,
      { organisationId: String(organisation) },
    );
    expect(forOfficer.engagements.map((engagement) => engagement.title)).toEqual([
      "Planned welfare visit",
      titles.joint,
      titles.afghanYouth,
    ]);
  });

  it("pages a community's timeline with its own page parameter", async () => {
    const first = await timelineOf(communityLoader, admin, `/communities/${paging}`, {
      communityId: String(paging),
    });
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 3 });
    expect(first.engagements[0]!.title).toBe("Paging 30");
    const third = await timelineOf(
      communityLoader,
      admin,
      `/communities/${paging}?engagementsPage=3&page=7`,
      { communityId: String(paging) },
    );
    expect(third.page).toBe(3);
    expect(third.engagements.map((engagement) => engagement.title)).toEqual(
      Array.from({ length: 10 }, (_, index) => `Paging ${String(10 - index).padStart(2, "0")}`),
    );
  });

  it("shows a strand lead only the community's engagements of their strands", async () => {
    const timeline = await timelineOf(communityLoader, youthLead, `/communities/${afghan}`, {
      communityId: String(afghan),
    });
    expect(timeline.engagements.map((engagement) => engagement.title)).toEqual([
      titles.afghanYouth,
    ]);
  });
});

describe("remembered counts", () => {
  async function listTotal(actor: Person, query = ""): Promise<number> {
    const result = await callLoader(
      listLoader,
      buildRequest(`/engagements${query}`, { cookie: actor.cookie }),
    );
    expect(result.status).toBe(200);
    return (result.data as Listed).list.total;
  }
  async function timelineTotal(actor: Person, communityId: number): Promise<number> {
    const result = await callLoader(
      communityLoader,
      buildRequest(`/communities/${communityId}`, { cookie: actor.cookie }),
      { communityId: String(communityId) },
    );
    return (result.data as Timeline).timeline.total;
  }

  it("follow every change to what they count: new, moved, rescheduled, re-planned and deleted engagements", async () => {
    const counted = createCommunity({ name: "Counted community", countryCode: "SO" }).id;
    const other = createCommunity({ name: "Neighbouring community", countryCode: "SD" }).id;
    const officer = await person({ role: "liaison", communityIds: [counted] });
    const first = insertEngagement({
      startsAt: at("2027-02-01"),
      communityIds: [counted],
      strandKeys: ["religious"],
    });
    expect(await listTotal(officer)).toBe(1);
    expect(await listTotal(officer, "?status=held&from=2027-01-01")).toBe(1);
    expect(await timelineTotal(officer, counted)).toBe(1);

    const second = insertEngagement({
      startsAt: at("2027-03-01"),
      communityIds: [counted],
      strandKeys: ["religious"],
    });
    expect(await listTotal(officer)).toBe(2);
    expect(await timelineTotal(officer, counted)).toBe(2);

    const db = getDb();
    db.update(engagements).set({ status: "planned" }).where(eq(engagements.id, second)).run();
    expect(await listTotal(officer, "?status=held&from=2027-01-01")).toBe(1);
    db.update(engagements)
      .set({ startsAt: at("2026-12-31") })
      .where(eq(engagements.id, first))
      .run();
    expect(await listTotal(officer, "?status=held&from=2027-01-01")).toBe(0);

    db.update(engagementCommunities)
      .set({ communityId: other })
      .where(eq(engagementCommunities.engagementId, first))
      .run();
    expect(await listTotal(officer)).toBe(1);
    expect(await timelineTotal(officer, counted)).toBe(1);

    db.transaction((tx) => {
      tx.delete(engagementCommunities).where(eq(engagementCommunities.engagementId, second)).run();
      tx.delete(engagementStrands).where(eq(engagementStrands.engagementId, second)).run();
      tx.delete(engagements).where(eq(engagements.id, second)).run();
    });
    expect(await listTotal(officer)).toBe(0);
    expect(await timelineTotal(officer, counted)).toBe(0);
  });

  it("are read from memory until a stamp changes, and a count by officer, type or marking never is", async () => {
    const quiet = createCommunity({ name: "Quiet community", countryCode: "YE" }).id;
    const officer = await person({ role: "liaison", communityIds: [quiet] });
    insertEngagement({
      startsAt: at("2027-04-01"),
      communityIds: [quiet],
      strandKeys: ["religious"],
    });
    expect(await listTotal(officer)).toBe(1);
    expect(await listTotal(officer, `?officer=${officer.id}`)).toBe(0);

    // A change no trigger stamps (the stamps put back as they were) is not seen by a remembered
    // count, which shows the count came from memory; the unstamped officer filter counts afresh.
    const db = getDb();
    db.run(sql`CREATE TEMP TABLE saved_stamps AS SELECT * FROM ${activityStamps}`);
    insertEngagement({
      startsAt: at("2027-04-02"),
      communityIds: [quiet],
      strandKeys: ["religious"],
      officerIds: [officer.id],
    });
    db.transaction((tx) => {
      tx.run(sql`DELETE FROM ${activityStamps}`);
      tx.run(sql`INSERT INTO ${activityStamps} SELECT * FROM saved_stamps`);
    });
    expect(await listTotal(officer)).toBe(1);
    expect(await listTotal(officer, `?officer=${officer.id}`)).toBe(1);

    db.run(sql`UPDATE ${activityStamps} SET stamp = stamp + 1 WHERE month = '2027-04'`);
    expect(await listTotal(officer)).toBe(2);
  });
});
