// Browser helpers for the e2e tests: one Debian Chromium per file, a fresh context per page, sign-in and axe.
import AxeBuilder from "@axe-core/playwright";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/demo-data";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  // Without these Chromium reaches for the network at start, and the closed network refuses it.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const PHONE_VIEWPORT = { width: 390, height: 844 };

/**
 * Launches the browser for this test file and closes every context a test opened when it ends,
 * so no cookie or page state leaks from one test into the next.
 */
export function setUpBrowser(): { newPage: (options?: BrowserContextOptions) => Promise<Page> } {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(options) {
      if (!browser) throw new Error("setUpBrowser() must be called at the top of the test file");
      const context = await browser.newContext({ baseURL: inject("baseUrl"), ...options });
      contexts.push(context);
      return context.newPage();
    },
  };
}

/** Signs in through the login form, as a person would, and waits until the app has moved on. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  if (new URL(page.url(), "http://x").pathname !== "/login") await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/**
 * Fails on any axe violation of impact serious or critical, listing each one with where it is.
 * A soft failure, so a test scanning several pages reports every page's violations at once.
 */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  // Legacy mode runs axe in the page itself instead of opening a second page for the report:
  // the same rules, a second or so faster per scan, and the app has no cross-origin frames.
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  const report = serious
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes.map((node) => `    ${node.target.join(" ")}: ${node.html}`).join("\n"),
    )
    .join("\n");
  expect.soft(report, `axe violations on ${page.url()}`).toBe("");
}

/** Collects what Chromium reports when the Content-Security-Policy blocks something on the page. */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return violations;
}
