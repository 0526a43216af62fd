import { and, count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  contacts,
  ENGAGEMENT_TYPES,
  engagementCommunities,
  engagementContacts,
  engagementOfficers,
  engagements,
  engagementStrands,
  followUps,
  STRAND_KEYS,
  userCommunities,
  users,
} from "~/db/schema";
import { addDays, londonToday, toLondonWallClock } from "~/domain/london-time";
import { loadDemoData } from "../../scripts/demo-data";
import { withTestDatabase } from "./harness";

withTestDatabase();

const DAY = 86_400_000;
const now = new Date("2026-11-28T10:00:00Z");
const today = londonToday(now);
let added: { engagementsAdded: number; followUpsAdded: number };

beforeAll(async () => {
  added = await loadDemoData(getDb(), now);
});

function userId(email: string): number {
  return getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
}

function allEngagements() {
  return getDb().select().from(engagements).all();
}

describe("the demo engagement log", () => {
  it("holds a year of held engagements and the next eight weeks of planned ones", () => {
    const rows = allEngagements();
    expect(rows).toHaveLength(added.engagementsAdded);
    const held = rows.filter((row) => row.status === "held");
    const planned = rows.filter((row) => row.status === "planned");
    expect(held.length).toBeGreaterThanOrEqual(300);
    expect(held.length).toBeLessThanOrEqual(500);
    expect(planned.length).toBeGreaterThanOrEqual(20);
    expect(planned.length).toBeLessThanOrEqual(40);
    for (const row of held) {
      expect(row.startsAt.getTime()).toBeLessThan(now.getTime());
      expect(row.startsAt.getTime()).toBeGreaterThan(now.getTime() - 368 * DAY);
    }
    for (const row of planned) {
      expect(row.startsAt.getTime()).toBeGreaterThan(now.getTime());
      expect(row.startsAt.getTime()).toBeLessThan(now.getTime() + 57 * DAY);
    }
  });

  it("uses every type and every strand, and several types in the planned ones", () => {
    const rows = allEngagements();
    expect(new Set(rows.map((row) => row.type))).toEqual(new Set(ENGAGEMENT_TYPES));
    expect(
      new Set(rows.filter((row) => row.status === "planned").map((row) => row.type)).size,
    ).toBeGreaterThanOrEqual(5);
    const strandKeys = getDb()
      .selectDistinct({ key: engagementStrands.strandKey })
      .from(engagementStrands)
      .all()
      .map((row) => row.key);
    expect(new Set(strandKeys)).toEqual(new Set(STRAND_KEYS));
  });

  it("starts every engagement on a quarter hour of London time", () => {
    for (const row of allEngagements()) {
      expect(toLondonWallClock(row.startsAt).time).toMatch(/^\d{2}:(00|15|30|45)$/);
    }
  });

  it("records minutes, outcomes and a sentiment for held engagements only, and marks some OFFICIAL-SENSITIVE", () => {
    const rows = allEngagements();
    for (const row of rows) {
      if (row.status === "held") {
        expect(row.minutes).not.toBe("");
        expect(row.outcomes).not.toBe("");
        expect(row.sentiment).toBeGreaterThanOrEqual(-2);
        expect(row.sentiment).toBeLessThanOrEqual(2);
      } else {
        expect(row.minutes).toBe("");
        expect(row.sentiment).toBeNull();
      }
      expect(row.purpose).not.toBe("");
    }
    const sensitive = rows.filter((row) => row.marking === "OFFICIAL-SENSITIVE").length;
    expect(sensitive).toBeGreaterThan(10);
    expect(sensitive).toBeLessThan(rows.length / 3);
  });

  it("draws attendees from the engagement's communities (or from no community) and officers from the demo accounts", () => {
    const db = getDb();
    const contactCommunity = new Map(
      db
        .select({ id: contacts.id, communityId: contacts.communityId })
        .from(contacts)
        .all()
        .map((row) => [row.id, row.communityId]),
    );
    const communitiesOf = new Map<number, number[]>();
    for (const row of db.select().from(engagementCommunities).all()) {
      communitiesOf.set(row.engagementId, [
        ...(communitiesOf.get(row.engagementId) ?? []),
        row.communityId,
      ]);
    }
    const attendance = db.select().from(engagementContacts).all();
    expect(attendance.length).toBeGreaterThan(1000);
    for (const row of attendance) {
      const communityId = contactCommunity.get(row.contactId);
      if (communityId !== null) expect(communitiesOf.get(row.engagementId)).toContain(communityId);
    }
    for (const ids of communitiesOf.values()) expect(ids.length).toBeGreaterThanOrEqual(1);

    // The liaison officer attends only in their own communities.
    const liaison = userId("liaison@crg.test");
    const liaisonCommunities = new Set(
      db
        .select({ id: userCommunities.communityId })
        .from(userCommunities)
        .where(eq(userCommunities.userId, liaison))
        .all()
        .map((row) => row.id),
    );
    const liaisonEngagements = db
      .select({ engagementId: engagementOfficers.engagementId })
      .from(engagementOfficers)
      .where(eq(engagementOfficers.userId, liaison))
      .all();
    expect(liaisonEngagements.length).toBeGreaterThan(50);
    for (const { engagementId } of liaisonEngagements) {
      expect(communitiesOf.get(engagementId)!.some((id) => liaisonCommunities.has(id))).toBe(true);
    }
    const officerIds = new Set(
      db
        .selectDistinct({ id: engagementOfficers.userId })
        .from(engagementOfficers)
        .all()
        .map((row) => row.id),
    );
    expect(officerIds).toEqual(
      new Set([userId("liaison@crg.test"), userId("lead@crg.test"), userId("admin@crg.test")]),
    );
    const withoutOfficer = db
      .select({ id: engagements.id })
      .from(engagements)
      .all()
      .filter(
        (row) =>
          !db
            .select()
            .from(engagementOfficers)
            .where(eq(engagementOfficers.engagementId, row.id))
            .get(),
      );
    expect(withoutOfficer).toEqual([]);
  });

  it("leaves real gaps in the coverage of the last 90 days, with a couple of communities barely engaged", () => {
    const since = new Date(now.getTime() - 90 * DAY);
    const db = getDb();
    const recentHeld = db
      .select({ id: engagements.id })
      .from(engagements)
      .where(eq(engagements.status, "held"))
      .all()
      .map((row) => row.id);
    const startsAt = new Map(allEngagements().map((row) => [row.id, row.startsAt]));
    const inWindow = new Set(recentHeld.filter((id) => startsAt.get(id)! >= since));
    const strandsOf = new Map<number, string[]>();
    for (const row of db.select().from(engagementStrands).all()) {
      strandsOf.set(row.engagementId, [...(strandsOf.get(row.engagementId) ?? []), row.strandKey]);
    }
    const cells = new Map<string, number>();
    const perCommunity = new Map<number, number>();
    for (const row of db.select().from(engagementCommunities).all()) {
      if (!inWindow.has(row.engagementId)) continue;
      perCommunity.set(row.communityId, (perCommunity.get(row.communityId) ?? 0) + 1);
      for (const strand of strandsOf.get(row.engagementId) ?? []) {
        const key = `${row.communityId}:${strand}`;
        cells.set(key, (cells.get(key) ?? 0) + 1);
      }
    }
    const communityIds = db
      .select({ id: communities.id })
      .from(communities)
      .all()
      .map((row) => row.id);
    expect(communityIds).toHaveLength(12);
    const counts = communityIds.flatMap((communityId) =>
      STRAND_KEYS.map((strand) => cells.get(`${communityId}:${strand}`) ?? 0),
    );
    const zeroCells = counts.filter((n) => n === 0).length;
    expect(zeroCells).toBeGreaterThanOrEqual(8);
    expect(counts.length - zeroCells).toBeGreaterThanOrEqual(30);
    const barelyEngaged = communityIds.filter((id) => (perCommunity.get(id) ?? 0) <= 2);
    expect(barelyEngaged.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perCommunity.values())).toBeGreaterThanOrEqual(15);
  });

  it("gives the liaison officer follow-ups overdue, due this week, due later and completed", () => {
    const rows = getDb()
      .select()
      .from(followUps)
      .where(eq(followUps.ownerUserId, userId("liaison@crg.test")))
      .all();
    const open = rows.filter((row) => row.completedAt === null);
    const weekEnd = addDays(today, 6);
    expect(open.filter((row) => row.dueOn < today).length).toBeGreaterThanOrEqual(3);
    expect(
      open.filter((row) => row.dueOn >= today && row.dueOn <= weekEnd).length,
    ).toBeGreaterThanOrEqual(2);
    expect(open.filter((row) => row.dueOn > weekEnd).length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((row) => row.completedAt !== null).length).toBeGreaterThanOrEqual(3);
    for (const row of getDb().select().from(followUps).all()) {
      if (!row.completedAt) continue;
      expect(row.completedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(row.completedAt.getTime()).toBeGreaterThanOrEqual(row.createdAt.getTime());
    }
    // Each belongs to a held engagement the officer attended, before it fell due.
    const engagementIds = rows.map((row) => row.engagementId);
    const attended = getDb()
      .select({ id: engagements.id, startsAt: engagements.startsAt, status: engagements.status })
      .from(engagements)
      .innerJoin(engagementOfficers, eq(engagementOfficers.engagementId, engagements.id))
      .where(
        and(
          inArray(engagements.id, engagementIds),
          eq(engagementOfficers.userId, userId("liaison@crg.test")),
        ),
      )
      .all();
    const byId = new Map(attended.map((row) => [row.id, row]));
    for (const row of rows) {
      const engagement = byId.get(row.engagementId)!;
      expect(engagement.status).toBe("held");
      expect(toLondonWallClock(engagement.startsAt).date < row.dueOn).toBe(true);
    }
  });

  it("leaves the liaison officer key contacts past their cadence and contacts not engaged for 90 days", () => {
    const owned = getDb()
      .select()
      .from(contacts)
      .where(eq(contacts.ownerUserId, userId("liaison@crg.test")))
      .all()
      .filter((contact) => contact.archivedAt === null);
    const daysSince = (contact: (typeof owned)[number]) =>
      contact.lastEngagedAt ? (now.getTime() - contact.lastEngagedAt.getTime()) / DAY : Infinity;
    const keyContacts = owned.filter((contact) => contact.keyContactCadenceDays !== null);
    const overdue = keyContacts.filter(
      (contact) => daysSince(contact) > contact.keyContactCadenceDays!,
    );
    const withinCadence = keyContacts.filter(
      (contact) => daysSince(contact) <= contact.keyContactCadenceDays!,
    );
    expect(overdue.length).toBeGreaterThanOrEqual(4);
    expect(overdue.filter((contact) => contact.lastEngagedAt !== null).length).toBeGreaterThan(2);
    expect(withinCadence.length).toBeGreaterThanOrEqual(4);
    const notFor90Days = owned.filter(
      (contact) =>
        contact.keyContactCadenceDays === null &&
        contact.lastEngagedAt !== null &&
        daysSince(contact) >= 90,
    );
    expect(notFor90Days.length).toBeGreaterThanOrEqual(4);
  });

  it("sets every contact's last-engaged instant to the start of their latest held engagement", () => {
    const db = getDb();
    const latest = new Map<number, number>();
    for (const row of db
      .select({ contactId: engagementContacts.contactId, startsAt: engagements.startsAt })
      .from(engagementContacts)
      .innerJoin(engagements, eq(engagements.id, engagementContacts.engagementId))
      .where(eq(engagements.status, "held"))
      .all()) {
      latest.set(row.contactId, Math.max(latest.get(row.contactId) ?? 0, row.startsAt.getTime()));
    }
    expect(latest.size).toBeGreaterThan(150);
    for (const contact of db
      .select({ id: contacts.id, lastEngagedAt: contacts.lastEngagedAt })
      .from(contacts)
      .all()) {
      expect(contact.lastEngagedAt?.getTime() ?? null).toBe(latest.get(contact.id) ?? null);
    }
  });

  it("records one 'demo data' audit event for each engagement", () => {
    const events = getDb()
      .select({ entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "engagement"),
          eq(auditEvents.action, "create"),
          eq(auditEvents.detail, "demo data"),
        ),
      )
      .all();
    expect(events).toHaveLength(added.engagementsAdded);
    expect(new Set(events.map((event) => event.entityId)).size).toBe(added.engagementsAdded);
  });

  it("adds nothing when loaded again", async () => {
    const db = getDb();
    const counts = () =>
      [
        engagements,
        engagementCommunities,
        engagementStrands,
        engagementContacts,
        engagementOfficers,
        followUps,
        auditEvents,
      ].map((table) => db.select({ n: count() }).from(table).get()!.n);
    const before = counts();
    const again = await loadDemoData(db, new Date(now.getTime() + 3 * DAY));
    expect(again.engagementsAdded).toBe(0);
    expect(again.followUpsAdded).toBe(0);
    expect(counts()).toEqual(before);
  });
});
