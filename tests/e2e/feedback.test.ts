// The "you said, we did" loop in Chromium: a liaison officer records the advice given at an
// engagement, answers it, and finds it counted as answered on time on the dashboard.
import Database from "better-sqlite3";
import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { londonToday } from "../../app/domain/london-time";
import { communities, engagementCommunities, engagements } from "../../app/db/schema";
import { expectNoSeriousAxeViolations, setUpBrowser, signIn, watchCspViolations } from "./browser";

const { newPage } = setUpBrowser();

const LIAISON = "liaison@crg.test";
const COMMUNITY = "Afghan community";
const ON_TIME = "Feedback answered by its due date";

let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
});
afterAll(() => sqlite.close());

/** The community's latest held engagement: where the advice was given. */
function heldEngagementOf(communityName: string): number {
  const row = drizzle(sqlite)
    .select({ id: engagements.id })
    .from(engagements)
    .innerJoin(engagementCommunities, eq(engagementCommunities.engagementId, engagements.id))
    .innerJoin(communities, eq(communities.id, engagementCommunities.communityId))
    .where(and(eq(communities.name, communityName), eq(engagements.status, "held")))
    .orderBy(desc(engagements.startsAt))
    .limit(1)
    .get();
  if (!row) throw new Error(`no held engagement of ${communityName}`);
  return row.id;
}

/** "3 of 4 so far" under the on-time share on the dashboard; 0 of 0 when nothing is due yet. */
async function answeredOnTime(page: Page): Promise<{ part: number; whole: number }> {
  await page.goto("/dashboard");
  const card = page.getByRole("listitem").filter({ hasText: ON_TIME });
  const counts = card.getByText(/\d+ of \d+ so far/);
  if ((await counts.count()) === 0) return { part: 0, whole: 0 };
  const [part, whole] = ((await counts.textContent()) ?? "").match(/\d+/g)!.map(Number);
  return { part: part!, whole: whole! };
}

describe("a liaison officer's feedback loop in the browser", () => {
  test("records feedback from an engagement, responds, and sees it counted on time on the dashboard", async () => {
    const page = await newPage();
    const cspViolations = watchCspViolations(page);
    await signIn(page, LIAISON);
    const before = await answeredOnTime(page);

    await page.goto(`/engagements/${heldEngagementOf(COMMUNITY)}`);
    await page.getByRole("link", { name: "Record feedback" }).click();
    await page.waitForURL(/\/feedback\/new\?engagementId=\d+/);
    // Prefilled from the engagement: its community is chosen.
    await expect
      .poll(() => page.getByLabel("Community", { exact: true }).inputValue())
      .not.toBe("");
    await expectNoSeriousAxeViolations(page);

    const summary = `Hold surgeries after Friday prayers, not during them ${Date.now()}`;
    const today = londonToday(new Date());
    await page.getByLabel("Received on", { exact: true }).fill(today);
    await page
      .getByLabel("Category", { exact: true })
      .selectOption({ label: "Cultural sensitivity" });
    await page.getByLabel("Summary", { exact: true }).fill(summary);
    await page.getByLabel("Sentiment", { exact: true }).selectOption({ label: "Positive (+1)" });
    // Due today, so the answer falls in this quarter's figures whatever the date of the run.
    await page.getByLabel("Response due on", { exact: true }).fill(today);
    await page
      .getByLabel("Reason for another due date", { exact: true })
      .fill("Promised an answer at the meeting itself");
    await page.getByRole("button", { name: "Record feedback" }).click();
    await page.waitForURL(/\/feedback\/\d+\?done=recorded/);
    // With JavaScript the page renders after the address changes: wait for the content itself.
    await page.getByText(summary).first().waitFor();

    await page.getByLabel("Next step", { exact: true }).selectOption({ label: "Acknowledged" });
    await page.getByRole("button", { name: "Change status" }).click();
    await page.waitForURL(/done=status/);
    await page.getByText("Status changed.").waitFor();
    await page
      .getByLabel("Outcome", { exact: true })
      .selectOption({ label: "We did: the advice was acted on" });
    await page
      .getByLabel("What was done, or why not", { exact: true })
      .fill("Surgeries moved to Saturday mornings from next week.");
    await page.getByLabel("Responded on", { exact: true }).fill(today);
    await page.getByRole("button", { name: "Record response" }).click();
    await page.waitForURL(/done=responded/);
    await page.getByText("Response recorded.").waitFor();
    expect(await page.getByText("Surgeries moved to Saturday mornings").count()).toBeGreaterThan(0);
    await expectNoSeriousAxeViolations(page);

    const after = await answeredOnTime(page);
    expect(after).toEqual({ part: before.part + 1, whole: before.whole + 1 });
    await expectNoSeriousAxeViolations(page);
    expect(cspViolations).toEqual([]);
  });
});
