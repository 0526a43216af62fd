import fs from "node:fs";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { databasePath, getDb, getSqlite } from "~/db/client.server";
import {
  auditEvents,
  calendarFeeds,
  contacts,
  engagementCommunities,
  engagementContacts,
  engagementOfficers,
  engagements,
  engagementStrands,
  users,
  userCommunities,
  type EngagementStatus,
  type EngagementType,
  type StrandKey,
} from "~/db/schema";
import { hashFeedToken } from "~/domain/calendar-feed.server";
import { londonWallClockToUtc, toLondonWallClock } from "~/domain/london-time";
import { loader as pageLoader, action as pageAction } from "~/routes/account_.calendar";
import { loader as feedLoader } from "~/routes/calendar.$token[.ics]";
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

const DAY = 86_400_000;

type EngagementSpec = {
  title: string;
  startsAt: Date;
  communityIds: number[];
  officerIds: number[];
  status?: EngagementStatus;
  type?: EngagementType;
  strandKeys?: StrandKey[];
  durationMinutes?: number;
  location?: string;
  isOnline?: boolean;
  purpose?: string;
  minutes?: string;
  outcomes?: string;
  contactIds?: number[];
};

/** Part of the engagement log's writes, done directly: this file is about the feed. */
function insertEngagement(spec: EngagementSpec) {
  const db = getDb();
  const now = new Date();
  const engagement = db
    .insert(engagements)
    .values({
      type: spec.type ?? "meeting",
      status: spec.status ?? "planned",
      title: spec.title,
      startsAt: spec.startsAt,
      durationMinutes: spec.durationMinutes ?? 60,
      location: spec.location ?? "",
      isOnline: spec.isOnline ?? false,
      purpose: spec.purpose ?? "",
      minutes: spec.minutes ?? "",
      outcomes: spec.outcomes ?? "",
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  for (const communityId of spec.communityIds) {
    db.insert(engagementCommunities).values({ engagementId: engagement.id, communityId }).run();
  }
  for (const strandKey of spec.strandKeys ?? ["community"]) {
    db.insert(engagementStrands).values({ engagementId: engagement.id, strandKey }).run();
  }
  for (const userId of spec.officerIds) {
    db.insert(engagementOfficers).values({ engagementId: engagement.id, userId }).run();
  }
  for (const contactId of spec.contactIds ?? []) {
    db.insert(engagementContacts).values({ engagementId: engagement.id, contactId }).run();
  }
  return engagement;
}

function insertContact(name: string, communityId: number) {
  const now = new Date();
  return getDb()
    .insert(contacts)
    .values({ name, sortName: name.toLowerCase(), communityId, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/** A London wall-clock time as the instant the database keeps. */
function london(date: string, time: string): Date {
  const instant = londonWallClockToUtc(date, time);
  if (!instant) throw new Error(`${date} ${time} does not exist in London`);
  return instant;
}

/** The next date London moves its clocks forward (the last Sunday of March), at least a week away. */
function nextSpringForward(now: Date): string {
  for (let year = now.getUTCFullYear(); ; year += 1) {
    const lastOfMarch = new Date(Date.UTC(year, 2, 31));
    const sunday = new Date(lastOfMarch.getTime() - lastOfMarch.getUTCDay() * DAY);
    if (sunday.getTime() - now.getTime() > 7 * DAY) return sunday.toISOString().slice(0, 10);
  }
}

function shiftDate(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function postIntent(cookie: string, intent: string) {
  return callAction(pageAction, buildRequest("/account/calendar", { cookie, form: { intent } }));
}

type PageReply = { error: string | null; feedUrl: string | null };

/** Turns the feed on through the page, as the officer would, and returns the address shown. */
async function turnOn(cookie: string, intent = "turnOn"): Promise<{ url: string; token: string }> {
  const result = await postIntent(cookie, intent);
  expect(result.status).toBe(200);
  const url = (result.data as PageReply).feedUrl!;
  const token = /\/calendar\/([a-z2-7]+)\.ics$/.exec(url)?.[1];
  expect(token).toBeDefined();
  return { url, token: token! };
}

function fetchFeed(token: string) {
  return callLoader(feedLoader, buildRequest(`/calendar/${token}.ics`), { token });
}

type ParsedEvent = {
  uid: string;
  summary: string;
  location: string | null;
  categories: unknown;
  startsAt: Date;
  endsAt: Date;
};

/** Reads the feed with Mozilla's iCalendar parser, as Thunderbird would. */
function parseFeed(text: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      location: (component.getFirstPropertyValue("location") as string | null) ?? null,
      categories: component.getFirstPropertyValue("categories"),
      startsAt: event.startDate.toJSDate(),
      endsAt: event.endDate.toJSDate(),
    };
  });
  return { calendar, events };
}

async function officerWithCommunity(role: "liaison" | "strand_lead" = "liaison") {
  const community = createCommunity();
  const officer = await createUser(
    role === "liaison"
      ? { role, communityIds: [community.id] }
      : { role, strandKeys: ["community"] },
  );
  return { community, officer, cookie: cookieFor(officer.id) };
}

describe("the calendar feed address", () => {
  it("is served by the feed route at /calendar/<token>.ics, ahead of the not-found page", () => {
    const manifest = flatRoutes("app");
    const routes: AgnosticRouteObject[] = Object.values(manifest)
      .filter((route) => route.parentId === "root")
      .map((route) => ({ id: route.id, path: route.path, index: route.index }));
    const matches = matchRoutes(routes, "/calendar/abcdefghijklmnopqrstuvwxyz234567.ics");
    expect(matches?.map((match) => match.route.id)).toEqual(["routes/calendar.$token[.ics]"]);
    expect(matches?.[0]?.params.token).toBe("abcdefghijklmnopqrstuvwxyz234567");
    expect(matchRoutes(routes, "/account/calendar")?.[0]?.route.id).toBe(
      "routes/account_.calendar",
    );
  });
});

describe("the calendar feed page", () => {
  it("sends a signed-out visitor to sign in", async () => {
    const page = await callLoader(pageLoader, buildRequest("/account/calendar"));
    expect(page.status).toBe(302);
    expect(page.location).toBe("/login?redirectTo=%2Faccount%2Fcalendar");
  });

  it("is open to every role, and shows the feed as off until it is turned on", async () => {
    for (const role of ["admin", "steering", "strand_lead", "liaison"] as const) {
      const user = await createUser({ role });
      const page = await callLoader(
        pageLoader,
        buildRequest("/account/calendar", { cookie: cookieFor(user.id) }),
      );
      expect(page.status).toBe(200);
      expect(page.data).toEqual({ feedMadeAt: null });
    }
  });

  it("shows the full address once, on this site, and afterwards only that the feed is on", async () => {
    const { officer, cookie } = await officerWithCommunity();
    const { url, token } = await turnOn(cookie);
    expect(url).toBe(`http://localhost/calendar/${token}.ics`);
    // 160 bits in base32.
    expect(token).toHaveLength(32);
    const page = await callLoader(pageLoader, buildRequest("/account/calendar", { cookie }));
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).not.toContain(token);
    expect((page.data as { feedMadeAt: string | null }).feedMadeAt).toMatch(/\d{4}, \d{2}:\d{2}/);
    const row = getDb()
      .select()
      .from(calendarFeeds)
      .where(eq(calendarFeeds.userId, officer.id))
      .get();
    expect(row?.tokenHash).toBe(hashFeedToken(token));
  });

  it("refuses to turn on a feed that is on, or to replace or turn off one that is off, keeping the old address working", async () => {
    const { cookie } = await officerWithCommunity();
    const offRegenerate = await postIntent(cookie, "regenerate");
    expect(offRegenerate.status).toBe(409);
    expect((offRegenerate.data as PageReply).error).toMatch(/off/);
    expect((await postIntent(cookie, "turnOff")).status).toBe(409);
    const { token } = await turnOn(cookie);
    const again = await postIntent(cookie, "turnOn");
    expect(again.status).toBe(409);
    expect((again.data as PageReply).feedUrl).toBeNull();
    expect((await fetchFeed(token)).status).toBe(200);
  });

  it("answers an unknown button with 400 and changes nothing", async () => {
    const { officer, cookie } = await officerWithCommunity();
    const result = await postIntent(cookie, "delete-everything");
    expect(result.status).toBe(400);
    expect(
      getDb().select().from(calendarFeeds).where(eq(calendarFeeds.userId, officer.id)).get(),
    ).toBeUndefined();
  });
});

describe("the calendar feed", () => {
  it("holds exactly the officer's planned engagements, in UTC, keeping London wall-clock time across the clock change", async () => {
    const { community, officer, cookie } = await officerWithCommunity();
    const colleague = await createUser({ role: "liaison", communityIds: [community.id] });
    const contact = insertContact("Zarghona Wardak", community.id);
    const now = new Date();
    const springForward = nextSpringForward(now);
    const beforeChange = shiftDate(springForward, -3);
    const afterChange = shiftDate(springForward, 4);

    const winterForum = insertEngagement({
      title: "Youth forum: knife crime awareness",
      type: "forum_session",
      startsAt: london(beforeChange, "18:30"),
      durationMinutes: 90,
      location: "Hounslow Civic Centre",
      communityIds: [community.id],
      strandKeys: ["youth"],
      officerIds: [officer.id, colleague.id],
      purpose: "PURPOSE-do-not-publish",
      contactIds: [contact.id],
    });
    const summerForum = insertEngagement({
      title: "Youth forum: online safety",
      type: "forum_session",
      startsAt: london(afterChange, "18:30"),
      durationMinutes: 90,
      location: "Hounslow Civic Centre",
      communityIds: [community.id],
      strandKeys: ["youth"],
      officerIds: [officer.id],
    });
    const call = insertEngagement({
      title: "Call with the mosque chair",
      type: "call",
      startsAt: london(toLondonWallClock(new Date(now.getTime() + 2 * DAY)).date, "09:15"),
      durationMinutes: 30,
      isOnline: true,
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    const lastWeek = insertEngagement({
      title: "Planned visit that was never written up",
      type: "visit",
      startsAt: new Date(now.getTime() - 7 * DAY),
      location: "Feltham",
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    // Held, someone else's, too old, or outside what the officer may still read: all absent.
    insertEngagement({
      title: "Held meeting",
      status: "held",
      startsAt: new Date(now.getTime() - DAY),
      communityIds: [community.id],
      officerIds: [officer.id],
      minutes: "MINUTES-do-not-publish",
      outcomes: "OUTCOMES-do-not-publish",
      contactIds: [contact.id],
    });
    insertEngagement({
      title: "Colleague's own meeting",
      startsAt: new Date(now.getTime() + 3 * DAY),
      communityIds: [community.id],
      officerIds: [colleague.id],
    });
    insertEngagement({
      title: "Planned two months ago",
      startsAt: new Date(now.getTime() - 60 * DAY),
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    const otherCommunity = createCommunity();
    insertEngagement({
      title: "Meeting in a community no longer assigned",
      startsAt: new Date(now.getTime() + 5 * DAY),
      communityIds: [otherCommunity.id],
      officerIds: [officer.id],
    });

    const { token } = await turnOn(cookie);
    const feed = await fetchFeed(token);
    expect(feed.status).toBe(200);
    const text = feed.data as string;
    const { calendar, events } = parseFeed(text);

    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBeTruthy();
    expect(calendar.getFirstPropertyValue("calscale")).toBe("GREGORIAN");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("CRG engagements");

    expect(events.map((event) => event.uid)).toEqual(
      [lastWeek, call, winterForum, summerForum].map(
        (engagement) => `engagement-${engagement.id}@crg-engagement`,
      ),
    );
    const byUid = new Map(events.map((event) => [event.uid, event]));
    const winter = byUid.get(`engagement-${winterForum.id}@crg-engagement`)!;
    const summer = byUid.get(`engagement-${summerForum.id}@crg-engagement`)!;
    // 18:30 in London both times: 18:30 UTC in winter time, 17:30 UTC in summer time.
    expect(winter.startsAt.toISOString()).toBe(`${beforeChange}T18:30:00.000Z`);
    expect(winter.endsAt.toISOString()).toBe(`${beforeChange}T20:00:00.000Z`);
    expect(summer.startsAt.toISOString()).toBe(`${afterChange}T17:30:00.000Z`);
    expect(toLondonWallClock(summer.startsAt)).toEqual({ date: afterChange, time: "18:30" });
    expect(text).toContain(`DTSTART:${beforeChange.replace(/-/g, "")}T183000Z`);
    expect(text).toContain(`DTSTART:${afterChange.replace(/-/g, "")}T173000Z`);
    expect(winter.summary).toBe("Youth forum: knife crime awareness");
    expect(winter.location).toBe("Hounslow Civic Centre");
    expect(winter.categories).toBe("Forum session");
    const onlineCall = byUid.get(`engagement-${call.id}@crg-engagement`)!;
    expect(onlineCall.location).toBe("Online");
    expect(onlineCall.categories).toBe("Call");
    expect(onlineCall.endsAt.getTime() - onlineCall.startsAt.getTime()).toBe(30 * 60_000);

    for (const secret of [
      "PURPOSE-do-not-publish",
      "MINUTES-do-not-publish",
      "OUTCOMES-do-not-publish",
      "Zarghona",
      "Held meeting",
      "Colleague's own meeting",
      "Planned two months ago",
      "no longer assigned",
    ]) {
      expect(text).not.toContain(secret);
    }
    // Only the listed properties: no description, attendees or organiser.
    const eventProperties = new Set(
      calendar
        .getAllSubcomponents("vevent")
        .flatMap((event) => event.getAllProperties().map((property) => property.name)),
    );
    expect([...eventProperties].sort()).toEqual(
      ["categories", "dtend", "dtstamp", "dtstart", "location", "summary", "uid"].sort(),
    );
  });

  it("is plain iCalendar text: CRLF line ends, no line over 75 octets, no caching and no cookie", async () => {
    const { community, officer, cookie } = await officerWithCommunity();
    insertEngagement({
      title: "A meeting with a deliberately long title to make sure folding happens somewhere",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    const { token } = await turnOn(cookie);
    const feed = await fetchFeed(token);
    expect(feed.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(feed.headers.get("Cache-Control")).toBe("no-store");
    expect(feed.headers.get("Set-Cookie")).toBeNull();
    const text = feed.data as string;
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
  });

  it("round-trips a long title with commas, semicolons, backslashes, line breaks and non-Latin text", async () => {
    const { community, officer, cookie } = await officerWithCommunity();
    const title =
      "Ramadan iftar; community safety, trust & confidence — إفطار رمضان مع المجتمع, 社区论坛；安全 \\ Đà Nẵng Việt, Ukrainian «Громада»\nsecond line";
    insertEngagement({
      title,
      startsAt: new Date(Date.now() + DAY),
      location: "Mosque hall, 12 Alder Row; London",
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    const { token } = await turnOn(cookie);
    const text = (await fetchFeed(token)).data as string;
    for (const line of text.split("\r\n")) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
    const [event] = parseFeed(text).events;
    expect(event?.summary).toBe(title);
    expect(event?.location).toBe("Mosque hall, 12 Alder Row; London");
  });

  it("stops working at the old address when a new one is made, and altogether when turned off", async () => {
    const { community, officer, cookie } = await officerWithCommunity();
    insertEngagement({
      title: "Strand meeting",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    const first = await turnOn(cookie);
    expect((await fetchFeed(first.token)).status).toBe(200);
    const second = await turnOn(cookie, "regenerate");
    expect(second.token).not.toBe(first.token);
    expect((await fetchFeed(first.token)).status).toBe(404);
    expect(parseFeed((await fetchFeed(second.token)).data as string).events).toHaveLength(1);

    const off = await postIntent(cookie, "turnOff");
    expect(off.status).toBe(302);
    expect(off.location).toBe("/account/calendar?done=off");
    expect((await fetchFeed(second.token)).status).toBe(404);
    expect(
      getDb().select().from(calendarFeeds).where(eq(calendarFeeds.userId, officer.id)).get(),
    ).toBeUndefined();
    const page = await callLoader(pageLoader, buildRequest("/account/calendar", { cookie }));
    expect(page.data).toEqual({ feedMadeAt: null });

    const events = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityType, "calendar_feed"))
      .all()
      .filter((event) => event.entityId === String(officer.id));
    expect(events.map((event) => [event.action, event.actorUserId])).toEqual([
      ["create", officer.id],
      ["update", officer.id],
      ["delete", officer.id],
    ]);
  });

  it("answers 404 for an unknown or malformed token and for a deactivated officer", async () => {
    expect((await fetchFeed("abcdefghijklmnopqrstuvwxyz234567")).status).toBe(404);
    expect((await fetchFeed("not-a-token")).status).toBe(404);
    expect((await fetchFeed("")).status).toBe(404);
    const { officer, cookie } = await officerWithCommunity();
    const { token } = await turnOn(cookie);
    expect((await fetchFeed(token)).status).toBe(200);
    getDb().update(users).set({ isActive: false }).where(eq(users.id, officer.id)).run();
    const feed = await fetchFeed(token);
    expect(feed.status).toBe(404);
    expect(feed.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
  });

  it("follows the officer's current scope: an engagement of a community taken away leaves the feed", async () => {
    const { community, officer, cookie } = await officerWithCommunity();
    insertEngagement({
      title: "Community meeting",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    const { token } = await turnOn(cookie);
    expect(parseFeed((await fetchFeed(token)).data as string).events).toHaveLength(1);
    getDb().delete(userCommunities).where(eq(userCommunities.userId, officer.id)).run();
    expect(parseFeed((await fetchFeed(token)).data as string).events).toHaveLength(0);
  });

  it("shows a strand lead the engagements of their strands they attend", async () => {
    const { community, officer, cookie } = await officerWithCommunity("strand_lead");
    insertEngagement({
      title: "Community contacts review",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      strandKeys: ["community"],
      officerIds: [officer.id],
    });
    insertEngagement({
      title: "Business forum outside the lead's strands",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      strandKeys: ["business"],
      officerIds: [officer.id],
    });
    const { token } = await turnOn(cookie);
    expect(
      parseFeed((await fetchFeed(token)).data as string).events.map((event) => event.summary),
    ).toEqual(["Community contacts review"]);
  });

  it("never shows one officer's engagements in another officer's feed", async () => {
    const { community, officer, cookie } = await officerWithCommunity();
    const neighbour = await createUser({ role: "liaison", communityIds: [community.id] });
    insertEngagement({
      title: "Only for the first officer",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      officerIds: [officer.id],
    });
    insertEngagement({
      title: "Only for the neighbour",
      startsAt: new Date(Date.now() + DAY),
      communityIds: [community.id],
      officerIds: [neighbour.id],
    });
    const mine = await turnOn(cookie);
    const theirs = await turnOn(cookieFor(neighbour.id));
    const myText = (await fetchFeed(mine.token)).data as string;
    const theirText = (await fetchFeed(theirs.token)).data as string;
    expect(parseFeed(myText).events.map((event) => event.summary)).toEqual([
      "Only for the first officer",
    ]);
    expect(parseFeed(theirText).events.map((event) => event.summary)).toEqual([
      "Only for the neighbour",
    ]);
  });

  it("keeps only the token's SHA-256: the token itself is nowhere in the database or its audit log", async () => {
    const { officer, cookie } = await officerWithCommunity();
    const { token } = await turnOn(cookie);
    const replaced = await turnOn(cookie, "regenerate");
    const stored = getDb()
      .select()
      .from(calendarFeeds)
      .where(eq(calendarFeeds.userId, officer.id))
      .get()!;
    expect(stored.tokenHash).toBe(hashFeedToken(replaced.token));
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const auditText = JSON.stringify(getDb().select().from(auditEvents).all());
    // Every byte written so far, whether still in the write-ahead log or already in the file.
    getSqlite().pragma("wal_checkpoint(FULL)");
    const files = [databasePath(), `${databasePath()}-wal`].filter((file) => fs.existsSync(file));
    for (const secret of [token, replaced.token]) {
      expect(auditText).not.toContain(secret);
      for (const file of files) expect(fs.readFileSync(file).includes(secret)).toBe(false);
    }
  });
});
