// Indicators and "you said, we did" in Chromium: the demo liaison officer corrects a reading and
// sees it on the dashboard; the "you said, we did" page prints without the app's navigation and
// without the names planted around its feedback.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { setUpBrowser, signIn } from "./browser";

const { newPage } = setUpBrowser();

const LIAISON = "liaison@crg.test";
const PLANTED_CONTACT = "Farida Printplanted";
const PLANTED_EMAIL = "farida.printplanted@example.org";
const SHAREABLE_SUMMARY = "Officers should explain stop and search in Dari at the market";
const PRIVATE_SUMMARY = "Private worry raised by a named family";
const SCREENSHOT = path.resolve("test-results/you-said-we-did-print.png");

let sqlite: Database.Database;
let afghan = 0;

beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { fileMustExist: true });
  afghan = (
    sqlite.prepare("SELECT id FROM communities WHERE country_code = 'AF'").get() as { id: number }
  ).id;
  const officer = (
    sqlite.prepare("SELECT id FROM users WHERE email = ?").get(LIAISON) as { id: number }
  ).id;
  const now = Date.now();
  const contact = sqlite
    .prepare(
      `INSERT INTO contacts (name, sort_name, email, community_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(PLANTED_CONTACT, PLANTED_CONTACT.toLowerCase(), PLANTED_EMAIL, afghan, now, now);
  const insertFeedback = sqlite.prepare(
    `INSERT INTO feedback (received_on, community_id, channel, category, summary, sentiment,
       is_shareable, status, owner_user_id, response_due_on, response_outcome, response_text,
       responded_on, created_at, updated_at)
     VALUES ('2026-02-10', ?, 'meeting', 'community_tension', ?, 0, ?, 'responded', ?,
       '2026-03-10', 'acted_on', 'Patrol briefings now cover it', '2026-03-01', ?, ?)`,
  );
  for (const [summary, shareable] of [
    [SHAREABLE_SUMMARY, 1],
    [PRIVATE_SUMMARY, 0],
  ] as const) {
    const row = insertFeedback.run(afghan, summary, shareable, officer, now, now);
    sqlite
      .prepare("INSERT INTO feedback_contacts (feedback_id, contact_id) VALUES (?, ?)")
      .run(row.lastInsertRowid, contact.lastInsertRowid);
  }
});
afterAll(() => sqlite.close());

describe("indicators", () => {
  test("the liaison officer corrects a reading and the dashboard shows it", async () => {
    const page = await newPage();
    await signIn(page, LIAISON);
    await page.goto(`/communities/${afghan}/indicators`);
    const fieldset = page.getByRole("group", { name: "Police listen to concerns" });
    await fieldset.getByLabel(/^Value/).fill("4.7");
    await fieldset.getByLabel(/^Note/).fill("Corrected after the recount");
    await page.getByRole("button", { name: /^Save readings/ }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("saved");
    const quarter = new URL(page.url()).searchParams.get("quarter");
    await page.goto(`/indicators?quarter=${quarter}&community=${afghan}`);
    const row = page.getByRole("row", { name: /^Police listen to concerns/ });
    await expect.poll(() => row.textContent()).toContain("4.7");
  });
});

describe("you said, we did", () => {
  test("prints on A4 without the navigation or the controls, and with no names", async () => {
    const page = await newPage({ viewport: { width: 794, height: 1123 } });
    await signIn(page, LIAISON);
    await page.goto(`/communities/${afghan}/you-said-we-did?from=2026-01-01&to=2026-03-31`);
    // The page itself: the header around it names the signed-in officer, and is not printed.
    const html = await page.locator("main").innerHTML();
    expect(html).toContain(SHAREABLE_SUMMARY);
    expect(html).toContain("Patrol briefings now cover it");
    for (const absent of [PRIVATE_SUMMARY, PLANTED_CONTACT, PLANTED_EMAIL, "Lia Liaison"]) {
      expect(html).not.toContain(absent);
    }
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
    expect(await page.getByRole("form", { name: "Period" }).isVisible()).toBe(false);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "You said, we did: Afghan community",
    );
    expect(await page.getByText(/Produced on/).isVisible()).toBe(true);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(0);
  });
});
