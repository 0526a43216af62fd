// The retention review lists exactly the archived people kept past the retention period and the
// current people nobody has engaged with for years, oldest first, page after page, to admins only.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { contacts } from "~/db/schema";
import {
  ARCHIVED_REVIEW_MONTHS,
  DORMANT_REVIEW_MONTHS,
  RETENTION_PAGE_SIZE,
  archivedForReview,
  dormantForReview,
  monthsBefore,
} from "~/domain/retention.server";
import { loader as retentionLoader } from "~/routes/admin.retention";
import {
  buildRequest,
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
