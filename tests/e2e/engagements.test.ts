// The engagement log in Chromium: a liaison officer logs a held meeting with two contacts chosen
// in the picker, finds it on both contacts' timelines and counted in the coverage matrix.
import Database from "better-sqlite3";
import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { addDays, londonToday } from "../../app/domain/london-time";
import { communities, contacts } from "../../app/db/schema";
import {
  PHONE_VIEWPORT,
  expectNoSeriousAxeViolations,
  setUpBrowser,
  signIn,
  watchCspViolations,
} from "./browser";

const { newPage } = setUpBrowser();

const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
const LIAISON = "liaison@crg.test";
const COMMUNITY = "Afghan community";
const STRAND = "Youth forum";

let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
});
afterAll(() => sqlite.close());

/** Two current contacts of the community with distinct Latin names, to find in the picker. */
function twoContactsOf(communityName: string) {
  return drizzle(sqlite)
    .select({ id: contacts.id, name: contacts.name, latinName: contacts.latinName })
    .from(contacts)
    .innerJoin(communities, eq(contacts.communityId, communities.id))
    .where(
      and(
        eq(communities.name, communityName),
        isNull(contacts.archivedAt),
        ne(contacts.latinName, ""),
      ),
    )
    .orderBy(asc(contacts.id))
    .limit(2)
    .all();
}

/** Remix sets this once its scripts have hydrated the page, so the picker searches as one types. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 10_000 });
}

async function openAndScan(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect.soft(response?.status(), `status of ${path}`).toBe(200);
  await expectNoSeriousAxeViolations(page);
}

/** The number in one cell of the coverage matrix, found by its row and column headers. */
async function coverageCell(page: Page, community: string, strand: string): Promise<number> {
  await page.goto("/dashboard");
  return page.evaluate(
    ([communityName, strandName]) => {
      const table = [...document.querySelectorAll("table")].find((candidate) =>
        candidate.caption?.textContent?.includes("Held engagements by community and strand"),
      );
      if (!table) throw new Error("no coverage matrix");
      const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
      const column = headers.findIndex((text) => text.trim() === strandName);
      const row = [...table.querySelectorAll("tbody tr")].find((tr) =>
        tr.querySelector("th")?.textContent?.includes(communityName),
      );
      const cell = row?.children[column];
      if (column < 0 || !cell) throw new Error(`no cell for ${communityName} × ${strandName}`);
      return Number.parseInt((cell.textContent ?? "").trim(), 10);
    },
    [community, strand] as const,
  );
}

describe("a liaison officer's engagement log in the browser", () => {
  test("logs a held meeting with two contacts from the picker, then finds it on both timelines and in the coverage matrix", async () => {
    const page = await newPage({ viewport: DESKTOP_VIEWPORT });
    const cspViolations = watchCspViolations(page);
    await signIn(page, LIAISON);
    const [first, second] = twoContactsOf(COMMUNITY);
    expect(first && second, "the demo community has two contacts with Latin names").toBeTruthy();
    const countBefore = await coverageCell(page, COMMUNITY, STRAND);
    await expectNoSeriousAxeViolations(page);

    await openAndScan(page, "/engagements/new?status=held");
    await hydrated(page);
    const title = `Youth forum catch-up ${Date.now()}`;
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Type", { exact: true }).selectOption({ label: "Meeting" });
    expect(await page.getByRole("radio", { name: "Held" }).isChecked()).toBe(true);
    const yesterday = addDays(londonToday(new Date()), -1);
    await page.getByLabel("Date", { exact: true }).fill(yesterday);
    await page.getByLabel("Start time", { exact: true }).fill("10:00");
    await page.getByLabel("Duration (minutes)", { exact: true }).fill("90");
    await page.getByLabel("Place", { exact: true }).fill("Community centre, Hounslow");
    await page.getByRole("checkbox", { name: COMMUNITY, exact: true }).check();
    await page.getByRole("checkbox", { name: STRAND, exact: true }).check();

    const finder = page.getByLabel("Find contacts", { exact: true });
    for (const contact of [first!, second!]) {
      await finder.fill(contact.latinName);
      const add = page
        .getByRole("list", { name: "Search results" })
        .getByRole("button", { name: `Add ${contact.latinName}`, exact: true });
      await add.first().click();
      await page
        .getByRole("checkbox", { name: new RegExp(contact.latinName) })
        .first()
        .waitFor();
    }
    await expectNoSeriousAxeViolations(page);

    await page.getByLabel("Minutes", { exact: true }).fill("Agreed a summer football league.");
    await page.getByLabel("Outcomes", { exact: true }).fill("Venue to be confirmed.");
    await page.getByLabel("Sentiment", { exact: true }).selectOption({ label: "Positive (+1)" });
    await page.getByRole("button", { name: "Save engagement" }).click();

    await page.waitForURL(/\/engagements\/\d+/);
    const engagementPath = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await expectNoSeriousAxeViolations(page);
    for (const contact of [first!, second!]) {
      expect(await page.getByRole("link", { name: contact.name }).count()).toBeGreaterThan(0);
    }

    for (const contact of [first!, second!]) {
      await page.goto(`/contacts/${contact.id}`);
      const timeline = page.getByRole("region", { name: "Engagement history" });
      const entry = timeline.getByRole("link", { name: title, exact: true });
      await entry.waitFor();
      expect(await entry.getAttribute("href")).toBe(engagementPath);
    }

    expect(await coverageCell(page, COMMUNITY, STRAND)).toBe(countBefore + 1);
    expect(cspViolations).toEqual([]);
  });

  test("axe finds nothing serious on the engagement list and the dashboard, which fit a phone", async () => {
    const page = await newPage({ viewport: PHONE_VIEWPORT });
    const cspViolations = watchCspViolations(page);
    await signIn(page, LIAISON);
    for (const path of ["/engagements", "/dashboard", "/"]) {
      await openAndScan(page, path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect.soft(overflow, `${path} scrolls sideways at phone width`).toBeLessThanOrEqual(0);
    }
    expect(cspViolations).toEqual([]);
  });
});
