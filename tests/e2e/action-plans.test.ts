// Action plans in Chromium: the demo strand lead applies the template to a community without a
// plan, blocks one of the new items in their strand and finds it red on the cross-community view.
import Database from "better-sqlite3";
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  actionItemEngagements,
  actionItems,
  actionItemUpdates,
  actionPlans,
  actionTemplateItems,
  communities,
} from "../../app/db/schema";
import { PHONE_VIEWPORT, expectNoSeriousAxeViolations, setUpBrowser, signIn } from "./browser";

const { newPage } = setUpBrowser();

const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
const LEAD = "lead@crg.test";
/** A strand the demo strand lead leads, and the template item of it the test blocks. */
const STRAND_NAME = "Political";
const ITEM_TITLE = "Introductory meeting with the embassy";

let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
});
afterAll(() => sqlite.close());

/** The first current demo community that has no action plan yet (the demo leaves two). */
function communityWithoutPlan() {
  return drizzle(sqlite)
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .leftJoin(actionPlans, eq(actionPlans.communityId, communities.id))
    .where(and(isNull(actionPlans.id), isNull(communities.archivedAt)))
    .orderBy(asc(communities.id))
    .limit(1)
    .get();
}

function activeTemplateItemCount(): number {
  return drizzle(sqlite)
    .select({ id: actionTemplateItems.id })
    .from(actionTemplateItems)
    .where(isNull(actionTemplateItems.archivedAt))
    .all().length;
}

/** The demo item of the lead's strands with the longest progress history, and one linked engagement. */
function longestHistoryInLeadStrands() {
  const db = drizzle(sqlite);
  const item = db
    .select({ id: actionItems.id, title: actionItems.title, updates: count() })
    .from(actionItems)
    .innerJoin(actionItemUpdates, eq(actionItemUpdates.itemId, actionItems.id))
    .where(inArray(actionItems.strandKey, ["political", "community"]))
    .groupBy(actionItems.id)
    .orderBy(desc(count()), asc(actionItems.id))
    .limit(1)
    .get();
  const link = db
    .select({ engagementId: actionItemEngagements.engagementId, itemTitle: actionItems.title })
    .from(actionItemEngagements)
    .innerJoin(actionItems, eq(actionItems.id, actionItemEngagements.itemId))
    .where(inArray(actionItems.strandKey, ["political", "community"]))
    .orderBy(asc(actionItemEngagements.itemId))
    .limit(1)
    .get();
  return { item, link };
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

async function openAndScan(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect.soft(response?.status(), `status of ${path}`).toBe(200);
  expect.soft(pathOf(page), `${path} redirected`).toBe(new URL(path, page.url()).pathname);
  await expectNoSeriousAxeViolations(page);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect.soft(overflow, `${pathOf(page)} scrolls sideways at phone width`).toBeLessThanOrEqual(0);
}

/** The text of the item's row in the table with this caption, or null when it is not listed. */
async function rowText(page: Page, caption: string, itemTitle: string): Promise<string | null> {
  return page.evaluate(
    ([captionText, title]) => {
      const table = [...document.querySelectorAll("table")].find(
        (candidate) => candidate.caption?.textContent?.trim() === captionText,
      );
      const row = [...(table?.querySelectorAll("tbody tr") ?? [])].find((tr) =>
        tr.textContent?.includes(title),
      );
      return row ? (row as HTMLElement).innerText.replace(/\s+/g, " ").trim() : null;
    },
    [caption, itemTitle] as const,
  );
}

/** The overview's numbers for one community, by column header (Not started, …, Red, Amber, Green). */
async function overviewCounts(page: Page, communityName: string): Promise<Record<string, number>> {
  return page.evaluate((wanted) => {
    const table = [...document.querySelectorAll("table")].find((candidate) =>
      candidate.caption?.textContent?.includes("Items per community by status and RAG"),
    );
    if (!table) throw new Error("no overview table");
    const headers = [...table.querySelectorAll("thead th")].map(
      (th) => th.textContent?.trim() ?? "",
    );
    const row = [...table.querySelectorAll("tbody tr")].find(
      (tr) => tr.querySelector("th a")?.textContent?.trim() === wanted,
    );
    if (!row) throw new Error(`no overview row for ${wanted}`);
    const counts: Record<string, number> = {};
    [...row.children].forEach((cell, index) => {
      if (cell.tagName === "TD") counts[headers[index]!] = Number(cell.textContent?.trim());
    });
    return counts;
  }, communityName);
}

describe("a strand lead's action plans in the browser", () => {
  test("applies the template to a community without a plan, blocks an item of their strand and sees it red on the strand view", async () => {
    const community = communityWithoutPlan();
    expect(community, "the demo leaves a community without a plan").toBeTruthy();
    const { id, name } = community!;
    const templateCount = activeTemplateItemCount();
    expect(templateCount).toBeGreaterThan(0);

    const page = await newPage({ viewport: DESKTOP_VIEWPORT });
    await signIn(page, LEAD);
    await openAndScan(page, "/action-plans");
    await openAndScan(page, "/action-plans/template");

    await openAndScan(page, `/action-plans/${id}`);
    await expect
      .poll(() => page.getByText("The template has not been applied yet.").count())
      .toBe(1);
    await page.getByRole("button", { name: "Apply the template" }).click();
    await page.waitForURL((url) => url.searchParams.has("added"));
    await expect
      .poll(() => page.getByText(`${templateCount} items were added from the template.`).count())
      .toBe(1);
    await expectNoSeriousAxeViolations(page);

    const planCaption = `${STRAND_NAME} items of ${name}'s plan`;
    // Due a month after today's start and just created, the item is not yet red.
    expect(await rowText(page, planCaption, ITEM_TITLE)).toMatch(/Green|Amber/);
    await page
      .getByRole("table", { name: planCaption })
      .getByRole("link", { name: ITEM_TITLE })
      .click();
    await page.waitForURL((url) => url.pathname.startsWith("/action-items/"));
    const itemPath = pathOf(page);
    await page.getByRole("heading", { level: 1, name: ITEM_TITLE }).waitFor();
    await expectNoSeriousAxeViolations(page);

    await page
      .getByLabel("Progress note")
      .fill("Blocked: the embassy has not answered our letter.");
    await page.getByLabel("New status").selectOption({ label: "Blocked" });
    await page.getByRole("button", { name: "Record progress" }).click();
    await page.waitForURL((url) => url.searchParams.has("updated"));
    expect(pathOf(page)).toBe(itemPath);
    await expect.poll(() => page.getByText("Progress recorded.").count()).toBe(1);
    await expect
      .poll(() => page.getByText("Blocked: the embassy has not answered our letter.").count())
      .toBe(1);
    await expectNoSeriousAxeViolations(page);

    // The strand lead's view across communities, narrowed to this community by its URL filters.
    await openAndScan(page, `/action-plans?community=${id}&strand=political`);
    const listed = await rowText(page, "Action items matching the filters, red first", ITEM_TITLE);
    expect(listed).toContain("Red");
    expect(listed).toContain("Blocked");
    const redOnly = `/action-plans?rag=red&strand=political&community=${id}`;
    await page.goto(redOnly);
    expect(
      await rowText(page, "Action items matching the filters, red first", ITEM_TITLE),
    ).toContain("Red");
    // The overview's row for the community counts the blocked item among its red ones.
    await page.goto("/action-plans?strand=political");
    const counts = await overviewCounts(page, name);
    expect(counts["Blocked"]).toBeGreaterThanOrEqual(1);
    expect(counts["Red"]).toBeGreaterThanOrEqual(1);

    await page.setViewportSize(PHONE_VIEWPORT);
    await page.goto(`/action-plans/${id}`);
    await expectNoSidewaysScroll(page);
    await page.goto(itemPath);
    await expectNoSidewaysScroll(page);
  });

  test("a demo item with a long history and an engagement linked to an item read well, on a phone too", async () => {
    const { item, link } = longestHistoryInLeadStrands();
    expect(item?.updates, "the demo has long histories").toBeGreaterThanOrEqual(8);
    expect(link, "the demo links items to engagements").toBeTruthy();
    const page = await newPage({ viewport: DESKTOP_VIEWPORT });
    await signIn(page, LEAD);
    await openAndScan(page, `/action-items/${item!.id}`);
    expect(await page.locator("#history-heading + ol > li").count()).toBe(item!.updates);
    await openAndScan(page, `/engagements/${link!.engagementId}`);
    // The other side of the link: the engagement lists the item.
    await expect
      .poll(() =>
        page
          .getByRole("table", { name: "Action-plan items linked to this engagement" })
          .getByRole("link", { name: link!.itemTitle })
          .count(),
      )
      .toBeGreaterThanOrEqual(1);
    await page.setViewportSize(PHONE_VIEWPORT);
    await page.goto(`/action-items/${item!.id}`);
    await expectNoSidewaysScroll(page);
    await page.goto("/action-plans");
    await expectNoSidewaysScroll(page);
  });
});
