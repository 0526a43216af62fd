// Steering reviews in Chromium: the demo steering member makes a review, reads its frozen pack,
// records a decision on an escalated item on the item's page, opens a community's overdue items,
// and prints the pack on A4 (screenshot of the print view).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { communities, feedback, feedbackStrands, users } from "../../app/db/schema";
import { PHONE_VIEWPORT, expectNoSeriousAxeViolations, setUpBrowser, signIn } from "./browser";

const { newPage } = setUpBrowser();

const ARTIFACTS = path.resolve("test-results");
const SUMMARY = "Dawn raids on the estate frighten the children (browser test)";

let sqlite: Database.Database;
let escalatedId = 0;
/** The review the first test makes, reopened at phone width by the second. */
let reviewPath = "";

/**
 * The feedback demo is built on another branch: one escalated item is written straight into the
 * server's database, as the feedback workflow would leave it, for the review to put before the group.
 */
beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { fileMustExist: true });
  const db = drizzle(sqlite);
  const owner = db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, "liaison@crg.test"))
    .get()!;
  const community = db
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.countryCode, "AF"))
    .get()!;
  const now = new Date();
  escalatedId = db
    .insert(feedback)
    .values({
      receivedOn: "2026-01-05",
      responseDueOn: "2026-02-02",
      communityId: community.id,
      channel: "forum_session",
      category: "operations_impact",
      summary: SUMMARY,
      sentiment: -2,
      status: "in_progress",
      ownerUserId: owner.id,
      escalatedAt: now,
      escalatedByUserId: owner.id,
      escalationReason: "No answer after two reminders",
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: feedback.id })
    .get().id;
  db.insert(feedbackStrands).values({ feedbackId: escalatedId, strandKey: "community" }).run();
});
afterAll(() => sqlite.close());

describe("a steering member's review", () => {
  test("is made, decided and printed on A4 with the navigation left out", async () => {
    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, "steering@crg.test");

    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Reviews" })
      .click();
    await page.waitForURL((url) => url.pathname === "/reviews");
    await expect
      .poll(() => page.getByRole("heading", { name: "Steering reviews" }).count())
      .toBe(1);
    // The demo's two past reviews, and the escalated item waiting for the group.
    expect(await page.getByRole("table").getByRole("row").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText(SUMMARY).count()).toBe(1);
    await expectNoSeriousAxeViolations(page);

    await page.getByRole("link", { name: "New review" }).click();
    await page.waitForURL((url) => url.pathname === "/reviews/new");
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel("Title").fill("Browser test review");
    await page.getByRole("button", { name: "Create review and freeze its pack" }).click();
    await page.waitForURL((url) => /^\/reviews\/\d+$/.test(url.pathname));
    reviewPath = new URL(page.url()).pathname;

    await expect.poll(() => page.getByText("Review created; its pack is frozen.").count()).toBe(1);
    expect(await page.getByTestId("frozen-figures").textContent()).toMatch(/^Figures frozen on /);
    for (const section of [
      "Trust and confidence indicators",
      "Feedback received in the period",
      "Escalated to the steering group",
      "Action plans: RAG summary",
      "Coverage",
    ]) {
      expect.soft(await page.getByRole("heading", { name: section, exact: true }).count()).toBe(1);
    }
    await expectNoSeriousAxeViolations(page);

    // Each item's decision is recorded on its own page, which returns to the item in the pack.
    const reviewItem = page.locator(`#item-${escalatedId}`);
    await reviewItem.getByRole("link", { name: /Record the decision/ }).click();
    await page.waitForURL((url) => url.pathname === `${reviewPath}/items/${escalatedId}`);
    await expect.poll(() => page.getByText(SUMMARY).count()).toBe(1);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel("The group's decision").fill("Borough commander to meet the families");
    await page.getByRole("button", { name: "Record decision" }).click();
    await page.waitForURL((url) => url.searchParams.get("decided") === String(escalatedId));
    expect(new URL(page.url()).pathname).toBe(reviewPath);
    await expect
      .poll(() => reviewItem.getByText("Borough commander to meet the families").count())
      .toBeGreaterThanOrEqual(1);
    // The overdue feedback is a table per community; each row opens that community's list.
    const overdue = page.getByRole("table", {
      name: "Overdue feedback before the group by community",
    });
    if ((await overdue.count()) > 0) {
      const groupLink = overdue.getByRole("link").first();
      await groupLink.click();
      await page.waitForURL((url) => url.pathname === `${reviewPath}/overdue`);
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toMatch(/^Overdue feedback: /);
      await expectNoSeriousAxeViolations(page);
      await page.getByLabel("Show").selectOption("awaiting");
      await page.getByRole("button", { name: "Apply filters" }).click();
      await page.waitForURL((url) => url.searchParams.get("decision") === "awaiting");
      await page.goto(reviewPath);
    }
    // With JavaScript running, the print button is there.
    await expect.poll(() => page.getByRole("button", { name: "Print the pack" }).count()).toBe(1);

    await page.emulateMedia({ media: "print" });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: path.join(ARTIFACTS, "steering-review-print.png"),
      fullPage: true,
    });
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Close the review" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print the pack" }).isVisible()).toBe(false);
    expect(await page.getByText("Decision recorded.", { exact: true }).isVisible()).toBe(false);
    expect(await page.getByTestId("frozen-figures").isVisible()).toBe(true);
    // The printed pack: the figures, the items needing decision and the overdue summary.
    for (const heading of [
      "Items needing the group's decision",
      "Overdue feedback before the group",
    ]) {
      expect(await page.getByRole("heading", { name: heading }).isVisible()).toBe(true);
    }
    expect(await page.getByRole("heading", { name: "Browser test review" }).isVisible()).toBe(true);
    expect(await reviewItem.getByText("Borough commander to meet the families").isVisible()).toBe(
      true,
    );
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    fs.writeFileSync(path.join(ARTIFACTS, "steering-review.pdf"), pdf);
    await page.emulateMedia({ media: "screen" });

    // The CSV of the same pack downloads.
    const csv = await page.request.get(`${reviewPath}/export`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain("Section,Row,Measure,Value");
  });

  test("reads on a phone, and records a decision outside a review on the item's page", async () => {
    const page = await newPage({ viewport: PHONE_VIEWPORT });
    await signIn(page, "steering@crg.test");
    await page.goto(reviewPath);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect.soft(overflow, "the review scrolls sideways at phone width").toBeLessThanOrEqual(0);
    await expectNoSeriousAxeViolations(page);
    await page.goto(`/feedback/${escalatedId}/decision`);
    await expect.poll(() => page.getByText(SUMMARY).count()).toBe(1);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel("A new decision").fill("Write to the community with the outcome");
    await page.getByRole("button", { name: "Record decision" }).click();
    await page.waitForURL((url) => url.searchParams.get("decided") === "1");
    await expect.poll(() => page.getByText("Decision recorded.", { exact: true }).count()).toBe(1);
    expect(await page.getByText("Write to the community with the outcome").count()).toBeGreaterThan(
      0,
    );
  });
});
