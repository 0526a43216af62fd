// Signing in and out in a real browser against the built app, and the error pages a user meets.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_ACCOUNTS } from "../../scripts/demo-data";
import { signIn, setUpBrowser, watchCspViolations } from "./browser";

const { newPage } = setUpBrowser();

/** What each demo account's main navigation offers (app/components/site-header.tsx `navigationFor`). */
const EVERY_ROLE = [
  "Home",
  "Communities",
  "Contacts",
  "Organisations",
  "Engagements",
  "Dashboard",
  "Strands",
  "Action plans",
  "Feedback",
  "Indicators",
];
const EXPECTED_NAVIGATION: Record<string, string[]> = {
  "admin@crg.test": [
    ...EVERY_ROLE,
    "Reviews",
    "Users",
    "Audit log",
    "Retention review",
    "Indicator definitions",
  ],
  "steering@crg.test": [...EVERY_ROLE, "Reviews"],
  "lead@crg.test": EVERY_ROLE,
  "liaison@crg.test": EVERY_ROLE,
};

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

function mainNavigationLabels(page: Page): Promise<string[]> {
  return page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link")
    .allTextContents()
    .then((labels) => labels.map((label) => label.trim()));
}

describe("signing in and out", () => {
  test.each(DEMO_ACCOUNTS.map((account) => [account.email, account] as const))(
    "%s signs in, sees only the navigation of the role, and signs out",
    async (email, account) => {
      const page = await newPage();
      await signIn(page, email);

      expect(pathOf(page)).toBe("/");
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe(`Welcome, ${account.displayName}`);
      expect(await mainNavigationLabels(page)).toEqual(EXPECTED_NAVIGATION[email]);

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL((url) => url.pathname === "/login");
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Sign in");
      expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);

      await page.goto("/");
      expect(pathOf(page)).toBe("/login");
    },
  );

  test("a wrong password is refused with a message and the typed email kept", async () => {
    const page = await newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill("liaison@crg.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();

    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe("The email address or password is not right.");
    expect(pathOf(page)).toBe("/login");
    expect(await page.getByLabel("Email").inputValue()).toBe("liaison@crg.test");
  });

  test("the sign-in form can be completed with the keyboard alone", async () => {
    const page = await newPage();
    await page.goto("/login");
    const email = page.getByLabel("Email");
    let tabs = 0;
    while (!(await email.evaluate((field) => field === document.activeElement)) && tabs < 10) {
      await page.keyboard.press("Tab");
      tabs += 1;
    }
    expect(await email.evaluate((field) => field === document.activeElement)).toBe(true);

    await page.keyboard.type("steering@crg.test");
    await page.keyboard.press("Tab");
    expect(
      await page.getByLabel("Password").evaluate((field) => field === document.activeElement),
    ).toBe(true);
    await page.keyboard.type("crg-demo-password");
    await page.keyboard.press("Enter");

    await page.waitForURL((url) => url.pathname === "/");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("Welcome, Sam Steering (demo)");
  });

  test("the app's own scripts run under the Content-Security-Policy, and nothing is blocked", async () => {
    const page = await newPage();
    const violations = watchCspViolations(page);
    await signIn(page, "lead@crg.test");
    await page.getByRole("heading", { level: 1, name: /^Welcome, / }).waitFor();
    // Remix sets this only once its client scripts have loaded and hydrated the page.
    await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 10_000 });
    expect(violations).toEqual([]);
  });
});

describe("error pages", () => {
  test("a liaison officer opening the users admin gets the 403 page inside the app's layout", async () => {
    const page = await newPage();
    await signIn(page, "liaison@crg.test");
    const response = await page.goto("/admin/users");

    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
    expect(await mainNavigationLabels(page)).toEqual(EXPECTED_NAVIGATION["liaison@crg.test"]);
    expect(await page.getByRole("table").count()).toBe(0);
  });

  test("an unknown address shows the 404 page", async () => {
    const page = await newPage();
    await signIn(page, "admin@crg.test");
    const response = await page.goto("/no-such-page");

    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.getByRole("link", { name: "Go to the home page" }).getAttribute("href")).toBe(
      "/",
    );
  });
});
