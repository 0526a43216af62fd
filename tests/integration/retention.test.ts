// The retention review lists exactly the archived people kept past the retention period and the
// current people nobody has engaged with for years, oldest first, page after page, to admins only.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, contacts } from "~/db/schema";
import {
  ARCHIVED_REVIEW_MONTHS,
  DORMANT_REVIEW_MONTHS,
  RETENTION_PAGE_SIZE,
  archivedForReview,
  dormantForReview,
  keptForReview,
  monthsBefore,
} from "~/domain/retention.server";
import { addDays, londonToday } from "~/domain/london-time";
import { loader as retentionLoader } from "~/routes/admin.retention";
import { action as decisionAction } from "~/routes/contacts.$contactId.retention";
import { loader as contactLoader } from "~/routes/contacts.$contactId._index";
import {
  buildRequest,
  callAction,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";
import { insertContact } from "./engagement-builders";

withTestDatabase();

const NOW = new Date("2026-12-07T12:00:00Z");
const DAY = 86_400_000;

/** A contact whose dates are set directly: archived, last engaged and added when given. */
function contactWith(
  name: string,
  dates: { archivedAt?: Date; lastEngagedAt?: Date; createdAt?: Date },
): number {
  const id = insertContact({ name, communityId });
  getDb()
    .update(contacts)
    .set({
      archivedAt: dates.archivedAt ?? null,
      lastEngagedAt: dates.lastEngagedAt ?? null,
      createdAt: dates.createdAt ?? NOW,
    })
    .where(eq(contacts.id, id))
    .run();
  return id;
}

let communityId: number;
const archivedCutoff = () => monthsBefore(NOW, ARCHIVED_REVIEW_MONTHS);
const dormantCutoff = () => monthsBefore(NOW, DORMANT_REVIEW_MONTHS);
const ago = (from: Date, days: number) => new Date(from.getTime() - days * DAY);

beforeAll(() => {
  communityId = createCommunity({ name: "Somali community", countryCode: "SO" }).id;
  // Archived: long ago, just past the period, just inside it, recently.
  contactWith("Archived five years ago", { archivedAt: ago(archivedCutoff(), 3 * 365) });
  contactWith("Archived just past the period", { archivedAt: ago(archivedCutoff(), 1) });
  contactWith("Archived just inside the period", { archivedAt: ago(archivedCutoff(), -1) });
  contactWith("Archived last month", { archivedAt: ago(NOW, 30) });
  // Archived and quiet for years: listed once, as archived.
  contactWith("Archived and never engaged", {
    archivedAt: ago(archivedCutoff(), 10),
    createdAt: ago(dormantCutoff(), 400),
  });
  // Current: engaged long ago, never engaged and added long ago, recently engaged, new.
  contactWith("Last engaged four years ago", {
    lastEngagedAt: ago(dormantCutoff(), 365),
    createdAt: ago(dormantCutoff(), 2000),
  });
  contactWith("Never engaged, added long ago", { createdAt: ago(dormantCutoff(), 30) });
  contactWith("Last engaged just inside the period", {
    lastEngagedAt: ago(dormantCutoff(), -1),
    createdAt: ago(dormantCutoff(), 2000),
  });
  contactWith("Never engaged, added last week", { createdAt: ago(NOW, 7) });
});

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe("the retention review", () => {
  it("lists archived people kept past the period, longest archived first", () => {
    const archived = archivedForReview(getDb(), NOW, 1);
    expect(names(archived.rows)).toEqual([
      "Archived five years ago",
      "Archived and never engaged",
      "Archived just past the period",
    ]);
    expect(archived.total).toBe(3);
  });

  it("lists current people not engaged (or, never engaged, added) past the period, quietest first", () => {
    const dormant = dormantForReview(getDb(), NOW, 1);
    expect(names(dormant.rows)).toEqual([
      "Last engaged four years ago",
      "Never engaged, added long ago",
    ]);
    expect(dormant.rows[0]!.lastEngagedAt).toEqual(ago(dormantCutoff(), 365));
    expect(dormant.total).toBe(2);
  });

  it("pages a long list, each person once, in order", () => {
    const start = ago(archivedCutoff(), 4000);
    const many = Array.from({ length: RETENTION_PAGE_SIZE + 3 }, (_, index) =>
      contactWith(`Paged ${String(index).padStart(2, "0")}`, {
        archivedAt: new Date(start.getTime() + index * DAY),
      }),
    );
    const first = archivedForReview(getDb(), NOW, 1);
    const second = archivedForReview(getDb(), NOW, 2);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(RETENTION_PAGE_SIZE);
    const seen = [...first.rows, ...second.rows].map((row) => row.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => many.includes(id))).toEqual(many);
    // A page past the end shows the last one.
    expect(archivedForReview(getDb(), NOW, 99).page).toBe(2);
  });

  it("is a page for admins, with each list's dates written out", async () => {
    const admin = await createUser({ role: "admin" });
    const page = await callLoader(
      retentionLoader,
      buildRequest("/admin/retention?dormantPage=abc", { cookie: cookieFor(admin.id) }),
    );
    expect(page.status).toBe(200);
    const data = page.data as {
      archived: { rows: { name: string; archivedOn: string }[] };
      dormant: { rows: { name: string; quietText: string }[]; page: number };
    };
    expect(data.dormant.page).toBe(1);
    expect(data.dormant.rows.map((row) => row.quietText)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Never engaged; added \d+ \w+ \d{4}$/)]),
    );
    expect(data.archived.rows[0]!.archivedOn).toMatch(/^\d+ \w+ \d{4}$/);
    for (const role of ["steering", "strand_lead", "liaison"] as const) {
      const user = await createUser({ role, communityIds: [communityId] });
      const refused = await callLoader(
        retentionLoader,
        buildRequest("/admin/retention", { cookie: cookieFor(user.id) }),
      );
      expect(refused.status).toBe(403);
    }
  });
});

describe("a decision to keep someone past the period", () => {
  let adminCookie: string;
  let person: number;
  const today = () => londonToday(new Date());

  beforeAll(async () => {
    adminCookie = cookieFor((await createUser({ role: "admin" })).id);
    person = contactWith("Archived, then kept", { archivedAt: ago(archivedCutoff(), 50) });
  });

  const decide = (form: Record<string, string>) =>
    callAction(
      decisionAction,
      buildRequest(`/contacts/${person}/retention`, { cookie: adminCookie, form }),
      { contactId: String(person) },
    );
  const inArchivedList = (now: Date) => {
    const { pageCount } = archivedForReview(getDb(), now, 1);
    return Array.from({ length: pageCount }, (_, index) =>
      names(archivedForReview(getDb(), now, index + 1).rows),
    )
      .flat()
      .includes("Archived, then kept");
  };
  const inKeptList = (now: Date) =>
    names(keptForReview(getDb(), now, 1).rows).includes("Archived, then kept");

  it("refuses a date not after today or too far ahead, or no reason, changing nothing", async () => {
    for (const form of [
      { retainedUntil: today(), retentionReason: "Legal hold" },
      { retainedUntil: addDays(today(), 11 * 366), retentionReason: "Legal hold" },
      { retainedUntil: "2027-02-30", retentionReason: "Legal hold" },
      { retainedUntil: addDays(today(), 30), retentionReason: " " },
    ]) {
      const result = await decide(form);
      expect(result.status, JSON.stringify(form)).toBe(400);
    }
    expect(getDb().select().from(contacts).where(eq(contacts.id, person)).get()).toMatchObject({
      retainedUntil: null,
      retentionReason: "",
    });
  });

  it("leaves them out of the review until the day after the date, listed as kept, audited", async () => {
    const until = addDays(today(), 30);
    const result = await decide({ retainedUntil: until, retentionReason: "Legal hold, case 17" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/admin/retention");
    const now = new Date();
    expect(inArchivedList(now)).toBe(false);
    expect(inKeptList(now)).toBe(true);
    // On the date itself they are still kept; the day after, the review asks again.
    const onTheDate = new Date(`${until}T12:00:00Z`);
    const dayAfter = new Date(`${addDays(until, 1)}T12:00:00Z`);
    expect(inArchivedList(onTheDate)).toBe(false);
    expect(inArchivedList(dayAfter)).toBe(true);
    expect(inKeptList(dayAfter)).toBe(false);

    const [event] = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "contact"), eq(auditEvents.entityId, String(person))))
      .orderBy(desc(auditEvents.id))
      .limit(1)
      .all();
    expect(event).toMatchObject({
      action: "update",
      detail: "Kept past the retention period",
      changes: { retainedUntil: [null, until], retentionReason: ["", "Legal hold, case 17"] },
    });
  });

  it("shows the decision on the record to admins only", async () => {
    const until = addDays(today(), 60);
    expect(
      (await decide({ retainedUntil: until, retentionReason: "Open complaint, ref C-88" })).status,
    ).toBe(302);
    const steering = await createUser({ role: "steering" });
    const pageFor = async (cookie: string) =>
      (
        await callLoader(contactLoader, buildRequest(`/contacts/${person}`, { cookie }), {
          contactId: String(person),
        })
      ).data as { contact: { retention: { until: string; reason: string } | null } };
    expect((await pageFor(adminCookie)).contact.retention).toEqual({
      until,
      reason: "Open complaint, ref C-88",
    });
    const readerPage = await pageFor(cookieFor(steering.id));
    expect(readerPage.contact.retention).toBeNull();
    expect(JSON.stringify(readerPage)).not.toContain("C-88");
  });

  it("puts them back on the review when they are no longer kept", async () => {
    const result = await decide({ intent: "release" });
    expect(result.status).toBe(302);
    expect(inArchivedList(new Date())).toBe(true);
    expect(inKeptList(new Date())).toBe(false);
  });
});
