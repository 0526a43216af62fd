import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { isValidPhoneNumber } from "libphonenumber-js";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, migrateDatabase, openDatabase, type Db } from "~/db/client.server";
import {
  auditEvents,
  communities,
  contacts,
  contactStrands,
  contactTags,
  ORGANISATION_TYPES,
  organisations,
  STRAND_KEYS,
  userCommunities,
  users,
} from "~/db/schema";
import { contactMatchCondition } from "~/domain/directory-search.server";
import { DEMO_COMMUNITIES, loadDemoData } from "../../scripts/demo-data";
import { loadDemoDirectory } from "../../scripts/demo-directory";
import { withTestDatabase } from "./harness";

withTestDatabase();

const now = new Date("2026-11-28T10:00:00Z");
const today = "2026-11-28";
const in30Days = "2026-12-28";
const yearAgo = "2025-11-28";
let added: { contactsAdded: number; organisationsAdded: number };

beforeAll(async () => {
  // The demo command's loader brings the directory with the accounts and communities.
  added = await loadDemoData(getDb(), now);
});

function contactCount(db: Db = getDb()): number {
  return db.select({ n: count() }).from(contacts).get()!.n;
}
function organisationCount(db: Db = getDb()): number {
  return db.select({ n: count() }).from(organisations).get()!.n;
}
function userId(email: string): number {
  return getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
}

/** Opens a second, empty database migrated by the app's own code, and removes it afterwards. */
function withScratchDatabase<T>(work: (db: Db) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-demo-"));
  const { sqlite, db } = openDatabase(path.join(dir, "scratch.sqlite"));
  migrateDatabase(db);
  return Promise.resolve(work(db)).finally(() => {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

describe("the demo directory", () => {
  it("holds a few hundred contacts and several dozen organisations", () => {
    expect(added.contactsAdded).toBeGreaterThanOrEqual(250);
    expect(added.contactsAdded).toBeLessThanOrEqual(350);
    expect(added.organisationsAdded).toBeGreaterThanOrEqual(40);
    expect(added.organisationsAdded).toBeLessThanOrEqual(70);
    expect(contactCount()).toBe(added.contactsAdded);
    expect(organisationCount()).toBe(added.organisationsAdded);
  });

  it("has people in every one of the twelve communities, in all six strands of each", () => {
    const cells = getDb()
      .select({
        countryCode: communities.countryCode,
        strandKey: contactStrands.strandKey,
        people: count(),
      })
      .from(contacts)
      .innerJoin(communities, eq(communities.id, contacts.communityId))
      .innerJoin(contactStrands, eq(contactStrands.contactId, contacts.id))
      .groupBy(communities.countryCode, contactStrands.strandKey)
      .all();
    for (const community of DEMO_COMMUNITIES) {
      for (const strandKey of STRAND_KEYS) {
        const cell = cells.find(
          (row) => row.countryCode === community.countryCode && row.strandKey === strandKey,
        );
        expect(cell?.people ?? 0, `${community.countryCode} × ${strandKey}`).toBeGreaterThan(0);
      }
    }
    const withoutCommunity = getDb()
      .select({ n: count() })
      .from(contacts)
      .where(isNull(contacts.communityId))
      .get()!.n;
    expect(withoutCommunity / contactCount()).toBeGreaterThan(0.05);
    expect(withoutCommunity / contactCount()).toBeLessThan(0.15);
  });

  it("writes names in Arabic, Cyrillic, Han and Ge'ez scripts with a Latin transliteration", () => {
    const people = getDb()
      .select({ name: contacts.name, latinName: contacts.latinName })
      .from(contacts)
      .all();
    for (const script of [/\p{Script=Arabic}/u, /\p{Script=Cyrillic}/u, /\p{Script=Han}/u]) {
      const written = people.filter((person) => script.test(person.name));
      expect(written.length, String(script)).toBeGreaterThanOrEqual(15);
      for (const person of written) expect(person.latinName).toMatch(/^[A-Za-z' -]+$/);
    }
    const geez = people.filter((person) => /\p{Script=Ethiopic}/u.test(person.name));
    expect(geez.length).toBeGreaterThanOrEqual(15);
    expect(people.some((person) => /[ăâđêôơư]/iu.test(person.name))).toBe(true);
    expect(people.some((person) => /[ëç]/iu.test(person.name))).toBe(true);
    expect(people.some((person) => person.name.startsWith("Zoë"))).toBe(true);
  });

  it("gives every filter of the lists something to find", () => {
    const db = getDb();
    const types = new Set(
      db
        .select({ type: organisations.type })
        .from(organisations)
        .all()
        .map((row) => row.type),
    );
    expect([...types].sort()).toEqual([...ORGANISATION_TYPES].sort());
    const peopleByOrganisationType = db
      .select({ type: organisations.type, people: count() })
      .from(contacts)
      .innerJoin(organisations, eq(organisations.id, contacts.organisationId))
      .groupBy(organisations.type)
      .all();
    expect(peopleByOrganisationType.map((row) => row.type).sort()).toEqual(
      [...ORGANISATION_TYPES].sort(),
    );

    const tags = db
      .select({ tag: contactTags.tag, people: count() })
      .from(contactTags)
      .groupBy(contactTags.tag)
      .all();
    expect(tags.map((row) => row.tag).sort()).toEqual([
      "business owner",
      "elder",
      "faith leader",
      "interpreter",
      "media spokesperson",
      "women's group",
      "youth worker",
    ]);

    for (const email of ["liaison@crg.test", "lead@crg.test"]) {
      const owned = db
        .select({ n: count() })
        .from(contacts)
        .where(eq(contacts.ownerUserId, userId(email)))
        .get()!.n;
      expect(owned, email).toBeGreaterThanOrEqual(20);
    }

    const members = db.select().from(contacts).where(eq(contacts.isCrgMember, true)).all();
    expect(members.length).toBeGreaterThanOrEqual(35);
    expect(members.length).toBeLessThanOrEqual(45);
    expect(members.filter((member) => member.termsOfReferenceSignedOn).length).toBeGreaterThan(30);
    const dueSoon = members.filter(
      (member) =>
        member.vettingReviewOn &&
        member.vettingReviewOn >= today &&
        member.vettingReviewOn <= in30Days,
    );
    expect(dueSoon.length).toBeGreaterThan(0);
    const lapsed = members.filter(
      (member) => member.vettingStatus === "lapsed" && member.vettingReviewOn! < today,
    );
    expect(lapsed.length).toBeGreaterThan(0);
    // Declarations renewed within the year by most members, not yet by some.
    const declared = members.filter((member) => member.interestsDeclaredOn);
    expect(declared.length).toBeGreaterThan(30);
    expect(
      declared.filter((member) => member.interestsDeclaredOn! > yearAgo).length,
    ).toBeGreaterThan(20);
    expect(declared.some((member) => member.interestsDeclaredOn! <= yearAgo)).toBe(true);

    const archived = db
      .select({ n: count() })
      .from(contacts)
      .where(isNotNull(contacts.archivedAt))
      .get()!.n;
    expect(archived / contactCount()).toBeGreaterThan(0.05);
    expect(archived / contactCount()).toBeLessThan(0.12);
    expect(
      db
        .select({ n: count() })
        .from(organisations)
        .where(isNotNull(organisations.archivedAt))
        .get()!.n,
    ).toBeGreaterThan(0);

    const keyContacts = db
      .select({ n: count() })
      .from(contacts)
      .where(isNotNull(contacts.keyContactCadenceDays))
      .get()!.n;
    expect(keyContacts).toBeGreaterThanOrEqual(50);
    expect(keyContacts).toBeLessThanOrEqual(70);
  });

  it("gives the liaison officer a few dozen contacts in their communities, and owns only those", () => {
    const liaisonId = userId("liaison@crg.test");
    const liaisonCommunityIds = getDb()
      .select({ id: userCommunities.communityId })
      .from(userCommunities)
      .where(eq(userCommunities.userId, liaisonId))
      .all()
      .map((row) => row.id);
    expect(liaisonCommunityIds).toHaveLength(3);
    const perCommunity = getDb()
      .select({ communityId: contacts.communityId, people: count() })
      .from(contacts)
      .where(and(inArray(contacts.communityId, liaisonCommunityIds), isNull(contacts.archivedAt)))
      .groupBy(contacts.communityId)
      .all();
    expect(perCommunity).toHaveLength(3);
    for (const row of perCommunity) expect(row.people).toBeGreaterThanOrEqual(15);
    expect(perCommunity.reduce((sum, row) => sum + row.people, 0)).toBeGreaterThanOrEqual(50);

    const ownedElsewhere = getDb()
      .select({ n: count() })
      .from(contacts)
      .where(
        and(
          eq(contacts.ownerUserId, liaisonId),
          sql`(${contacts.communityId} IS NULL OR ${contacts.communityId} NOT IN (${sql.join(liaisonCommunityIds, sql`, `)}))`,
        ),
      )
      .get()!.n;
    expect(ownedElsewhere).toBe(0);

    // The strand lead owns only people of their own strands, whom they can see.
    const leadOwnedOutsideStrands = getDb()
      .select({ n: count() })
      .from(contacts)
      .where(
        and(
          eq(contacts.ownerUserId, userId("lead@crg.test")),
          sql`NOT EXISTS (SELECT 1 FROM contact_strands s WHERE s.contact_id = ${contacts.id}
            AND s.strand_key IN ('political', 'community'))`,
        ),
      )
      .get()!.n;
    expect(leadOwnedOutsideStrands).toBe(0);
  });

  it("uses only fictional contact details that pass the directory's own checks", () => {
    const details = [
      ...getDb().select({ email: contacts.email, phone: contacts.phone }).from(contacts).all(),
      ...getDb()
        .select({ email: organisations.email, phone: organisations.phone })
        .from(organisations)
        .all(),
    ];
    const emails = details.map((row) => row.email).filter(Boolean);
    const phones = details.map((row) => row.phone).filter(Boolean);
    expect(emails.length).toBeGreaterThan(250);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9.-]+@example\.(org|com)$/);
    expect(new Set(emails).size).toBe(emails.length);
    expect(phones.length).toBeGreaterThan(250);
    for (const phone of phones) {
      expect(phone).toMatch(/^\+44 (20 7946 0|113 496 0)\d{3}$/);
      expect(isValidPhoneNumber(phone), phone).toBe(true);
    }
    expect(new Set(phones).size).toBe(phones.length);
  });

  it("indexes every contact and organisation, so search finds them in every script", () => {
    const rows = getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM directory_search`);
    expect(rows.n).toBe(contactCount() + organisationCount());

    const find = (query: string) =>
      getDb()
        .select({ name: contacts.name })
        .from(contacts)
        .where(contactMatchCondition(query)!.list)
        .all()
        .map((row) => row.name);
    const names = getDb()
      .select({ name: contacts.name })
      .from(contacts)
      .all()
      .map((row) => row.name);
    const cyrillic = names.find((name) => /\p{Script=Cyrillic}/u.test(name))!;
    expect(find(cyrillic.slice(0, 3))).toContain(cyrillic);
    const arabic = names.find((name) => /\p{Script=Arabic}/u.test(name))!;
    expect(find(arabic.split(" ")[0]!)).toContain(arabic);
    expect(find("Zoe")).toEqual(expect.arrayContaining([expect.stringMatching(/^Zoë /)]));
    const chen = names.filter((name) => name.startsWith("陈"));
    expect(chen.length).toBeGreaterThan(0);
    expect(find("陈").sort()).toEqual(chen.sort());
  });

  it("records one 'demo data' audit event for each record it created", () => {
    for (const [entityType, total] of [
      ["contact", contactCount()],
      ["organisation", organisationCount()],
    ] as const) {
      const events = getDb()
        .select({ entityId: auditEvents.entityId })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.entityType, entityType),
            eq(auditEvents.action, "create"),
            eq(auditEvents.detail, "demo data"),
            isNull(auditEvents.actorUserId),
          ),
        )
        .all();
      expect(events).toHaveLength(total);
      expect(new Set(events.map((event) => event.entityId)).size).toBe(total);
    }
  });

  it("adds nothing when run again", () => {
    const before = {
      contacts: contactCount(),
      organisations: organisationCount(),
      events: getDb().select({ n: count() }).from(auditEvents).get()!.n,
    };
    expect(loadDemoDirectory(getDb(), new Date())).toEqual({
      contactsAdded: 0,
      organisationsAdded: 0,
    });
    expect({
      contacts: contactCount(),
      organisations: organisationCount(),
      events: getDb().select({ n: count() }).from(auditEvents).get()!.n,
    }).toEqual(before);
  });

  it("makes the same directory on every run", async () => {
    const snapshot = (db: Db) =>
      db
        .select({
          name: contacts.name,
          email: contacts.email,
          phone: contacts.phone,
          countryCode: communities.countryCode,
          organisation: organisations.name,
          createdAt: contacts.createdAt,
        })
        .from(contacts)
        .leftJoin(communities, eq(communities.id, contacts.communityId))
        .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
        .orderBy(asc(contacts.id))
        .all();
    const elsewhere = await withScratchDatabase(async (db) => {
      await loadDemoData(db, now);
      loadDemoDirectory(db, now);
      return snapshot(db);
    });
    expect(elsewhere).toEqual(snapshot(getDb()));
  });

  it("refuses, writing nothing, when the demo communities and accounts are missing", async () => {
    await withScratchDatabase((db) => {
      expect(() => loadDemoDirectory(db, now)).toThrow(/loadDemoData/);
      expect(contactCount(db)).toBe(0);
      expect(organisationCount(db)).toBe(0);
    });
  });
});
