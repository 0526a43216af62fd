// The directory in Chromium: a liaison officer adds, finds and edits a contact; axe on its pages; no-JS forms; scope by URL.
import Database from "better-sqlite3";
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { communities, contacts, organisations } from "../../app/db/schema";
import { CONTACT_EMAIL_ERROR, CONTACT_PHONE_ERROR } from "../../app/domain/contacts.schema";
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

let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
});
afterAll(() => sqlite.close());

/** The current (not archived) contacts of one community, read from the server's database. */
function contactsOf(communityName: string) {
  return drizzle(sqlite)
    .select({ id: contacts.id, name: contacts.name, latinName: contacts.latinName })
    .from(contacts)
    .innerJoin(communities, eq(contacts.communityId, communities.id))
    .where(and(eq(communities.name, communityName), isNull(contacts.archivedAt)))
    .all();
}

/** The first current organisation of one community, by id, to find with the contact form's search. */
function organisationOf(communityName: string) {
  const organisation = drizzle(sqlite)
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .innerJoin(communities, eq(organisations.communityId, communities.id))
    .where(and(eq(communities.name, communityName), isNull(organisations.archivedAt)))
    .orderBy(organisations.id)
    .limit(1)
    .get();
  if (!organisation) throw new Error(`the demo data has no organisation of the ${communityName}`);
  return organisation;
}

/** Searches the contact form's organisations and waits for the one wanted among the results. */
async function findOrganisation(
  page: Page,
  organisation: { name: string },
  communityName: string,
): Promise<Locator> {
  await page.getByLabel("Find an organisation", { exact: true }).fill(organisation.name);
  await page.getByRole("button", { name: "Search organisations" }).click();
  const found = page
    .getByRole("group", { name: "Choose one of the organisations found" })
    .getByRole("radio", { name: `${organisation.name} · ${communityName}`, exact: true });
  await found.waitFor();
  return found;
}

function contactsNamed(name: string) {
  return drizzle(sqlite).select().from(contacts).where(eq(contacts.name, name)).all();
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Remix sets this once its scripts have hydrated the page, so the form's own validation runs. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 10_000 });
}

/** Opens a page and scans it, insisting it really rendered: scanning a 404 page would prove nothing. */
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

/**
 * What the field's description says when it is marked invalid (its hint and its error), or null
 * when it is valid: the message a screen reader reads with the field.
 */
async function describedAs(field: Locator): Promise<string | null> {
  if ((await field.getAttribute("aria-invalid")) !== "true") return null;
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(
    describedBy
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => field.page().locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(" ").trim();
}

/** The error shown in the field's own box, right after the input, as a sighted user reads it. */
function errorBeside(field: Locator): Promise<string | null> {
  return field.evaluate(
    (input) =>
      input.parentElement?.querySelector("input ~ p, select ~ p, textarea ~ p")?.textContent ??
      null,
  );
}

/** The contact form's fields, found as a person finds them: by their labels. */
function contactForm(page: Page) {
  return {
    name: page.getByLabel("Name", { exact: true }),
    latinName: page.getByLabel("Name in Latin letters", { exact: true }),
    pronouns: page.getByLabel("Pronouns", { exact: true }),
    roleTitle: page.getByLabel("Role or title", { exact: true }),
    community: page.getByLabel("Community", { exact: true }),
    strand: (name: string) => page.getByRole("checkbox", { name, exact: true }),
    email: page.getByLabel("Email", { exact: true }),
    phone: page.getByLabel("Phone", { exact: true }),
    preferredLanguage: page.getByLabel("Preferred language", { exact: true }),
    tags: page.getByLabel("Tags", { exact: true }),
    notes: page.getByLabel("Notes", { exact: true }),
  };
}

/** The link in the first row of a directory list: each row is headed by the record's name. */
function firstListedLink(page: Page): Locator {
  return page.getByRole("table").getByRole("rowheader").first().getByRole("link");
}

/** Which option of a select is chosen, by what the user reads. */
function selectedLabel(select: Locator): Promise<string> {
  return select.evaluate((element) => {
    const chosen = (element as HTMLSelectElement).selectedOptions[0];
    return chosen?.textContent?.trim() ?? "";
  });
}

describe("a liaison officer's directory in the browser", () => {
  test("adds a contact written in Arabic script, finds it from the header search, and fixes a bad email on the edit form", async () => {
    const page = await newPage({ viewport: DESKTOP_VIEWPORT });
    const cspViolations = watchCspViolations(page);
    await signIn(page, LIAISON);

    await openAndScan(page, "/contacts/new");
    await hydrated(page);
    const form = contactForm(page);
    await form.name.fill("فريدة نوري");
    await form.latinName.fill("Farida Noori");
    await form.pronouns.fill("she/her");
    await form.roleTitle.fill("Women's group coordinator");
    await form.community.selectOption({ label: "Afghan community" });
    await form.strand("Religious forum").check();
    await form.email.fill("farida.noori@example.org");
    await form.phone.fill("07911 123456");
    await form.preferredLanguage.fill("fa");
    await form.notes.fill("Prefers a call after Friday prayers.");
    const organisation = organisationOf("Afghan community");
    const found = await findOrganisation(page, organisation, "Afghan community");
    // The search came back into the same form, with everything typed still there.
    expect(await form.name.inputValue()).toBe("فريدة نوري");
    expect(await form.email.inputValue()).toBe("farida.noori@example.org");
    expect(await form.strand("Religious forum").isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "No organisation" }).isChecked()).toBe(true);
    await expectNoSeriousAxeViolations(page);
    await found.check();
    await page.getByRole("button", { name: "Add contact" }).click();

    await page.waitForURL(/\/contacts\/\d+\?done=created$/);
    // The address changes before the page is drawn, and the form had a status line of its own.
    await page.getByRole("heading", { level: 1, name: "فريدة نوري" }).waitFor();
    const contactPath = pathOf(page);
    expect(await page.getByRole("status").textContent()).toBe("The contact was added.");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("فريدة نوري");
    expect(await page.getByText("Farida Noori", { exact: true }).count()).toBe(1);

    // Part of the name in its own script, then the start of its Latin form.
    const headerSearch = page.getByLabel("Search contacts and organisations");
    const contactResults = page.getByRole("region", { name: /^Contacts \(\d+\)$/ });
    for (const typed of ["فريد", "Farid"]) {
      await headerSearch.fill(typed);
      await headerSearch.press("Enter");
      await page.waitForURL(
        (url) => url.pathname === "/search" && url.searchParams.get("q") === typed,
      );
      await contactResults.getByRole("link", { name: "فريدة نوري", exact: true }).waitFor();
      if (typed === "Farid") await expectNoSeriousAxeViolations(page);
    }
    await contactResults.getByRole("link", { name: "فريدة نوري", exact: true }).click();
    await page.waitForURL((url) => url.pathname === contactPath);
    await page.getByRole("heading", { level: 1, name: "فريدة نوري" }).waitFor();
    await expectNoSeriousAxeViolations(page);

    await page.getByRole("link", { name: "Edit contact" }).click();
    await page.waitForURL((url) => url.pathname === `${contactPath}/edit`);
    await hydrated(page);
    expect(
      await page
        .getByRole("radio", { name: `${organisation.name} · Afghan community`, exact: true })
        .isChecked(),
    ).toBe(true);
    await form.pronouns.fill("she/they");
    await form.roleTitle.fill("Chair of the women's group");
    await form.phone.fill("020 7946 0123");
    await form.tags.fill("women's group, faith");
    await form.notes.fill("Chairs the Saturday meeting.");
    await form.email.fill("farida.noori@");
    await page.getByRole("button", { name: "Save changes" }).click();

    await expect.poll(() => errorBeside(form.email)).toBe(CONTACT_EMAIL_ERROR);
    expect(await describedAs(form.email)).toBe(CONTACT_EMAIL_ERROR);
    expect(pathOf(page)).toBe(`${contactPath}/edit`);
    expect(contactsNamed("فريدة نوري")[0]).toMatchObject({
      email: "farida.noori@example.org",
      pronouns: "she/her",
    });
    expect(await form.name.inputValue()).toBe("فريدة نوري");
    expect(await form.latinName.inputValue()).toBe("Farida Noori");
    expect(await form.pronouns.inputValue()).toBe("she/they");
    expect(await form.roleTitle.inputValue()).toBe("Chair of the women's group");
    expect(await selectedLabel(form.community)).toBe("Afghan community");
    expect(await form.strand("Religious forum").isChecked()).toBe(true);
    expect(await form.email.inputValue()).toBe("farida.noori@");
    expect(await form.phone.inputValue()).toBe("020 7946 0123");
    expect(await form.preferredLanguage.inputValue()).toBe("fa");
    expect(await form.tags.inputValue()).toBe("women's group, faith");
    expect(await form.notes.inputValue()).toBe("Chairs the Saturday meeting.");
    for (const other of [form.name, form.latinName, form.pronouns, form.phone, form.notes]) {
      expect(await describedAs(other)).toBeNull();
    }
    await expectNoSeriousAxeViolations(page);

    await form.email.fill("farida.noori@example.net");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL((url) => url.pathname === contactPath);
    // As on adding: the address changes before the contact page replaces the form.
    await page.getByRole("heading", { level: 1, name: "فريدة نوري" }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe("The changes were saved.");
    expect(await page.getByRole("link", { name: "farida.noori@example.net" }).count()).toBe(1);
    expect(await page.getByText("Chair of the women's group", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "+44 20 7946 0123" }).count()).toBe(1);

    const [saved] = contactsNamed("فريدة نوري");
    expect(saved).toMatchObject({
      latinName: "Farida Noori",
      email: "farida.noori@example.net",
      pronouns: "she/they",
      phone: "+44 20 7946 0123",
      notes: "Chairs the Saturday meeting.",
      organisationId: organisation.id,
    });
    expect(`/contacts/${saved!.id}`).toBe(contactPath);
    expect(cspViolations).toEqual([]);
  });

  test("axe finds nothing serious on the directory's lists, pages and forms, and the contact pages fit a phone", async () => {
    const page = await newPage({ viewport: DESKTOP_VIEWPORT });
    const cspViolations = watchCspViolations(page);
    await signIn(page, LIAISON);

    await openAndScan(page, "/contacts");
    const contactPath = await firstListedLink(page).getAttribute("href");
    // The contact page at desktop width is scanned in the first test, on the contact it adds.
    expect(contactPath).toMatch(/^\/contacts\/\d+$/);

    await openAndScan(page, "/organisations");
    const organisationPath = await firstListedLink(page).getAttribute("href");
    expect(organisationPath).toMatch(/^\/organisations\/\d+$/);
    await openAndScan(page, organisationPath!);
    await openAndScan(page, "/organisations/new");

    await page.setViewportSize(PHONE_VIEWPORT);
    for (const path of ["/contacts", contactPath!]) {
      await openAndScan(page, path);
      await expectNoSidewaysScroll(page);
    }
    expect(cspViolations).toEqual([]);
  });
});

describe("without JavaScript", () => {
  test("the contacts list filters by community through its GET form, and the new-contact form keeps what was typed beside a phone error", async () => {
    const page = await newPage({ viewport: DESKTOP_VIEWPORT, javaScriptEnabled: false });
    await signIn(page, LIAISON);

    await page.goto("/contacts");
    const communityCells = page.locator("table tbody tr td:nth-of-type(2)");
    const unfiltered = new Set(await communityCells.allTextContents());
    expect(unfiltered.size, "the unfiltered list spans several communities").toBeGreaterThan(1);

    const communityFilter = page.getByLabel("Community", { exact: true });
    await communityFilter.selectOption({ label: "Albanian community" });
    const albanianId = await communityFilter.inputValue();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("community") === albanianId);

    const filtered = await communityCells.allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered)).toEqual(new Set(["Albanian community"]));
    expect(await selectedLabel(communityFilter)).toBe("Albanian community");

    await page.goto("/contacts/new");
    const form = contactForm(page);
    await form.name.fill("Besa Krasniqi");
    await form.pronouns.fill("she/her");
    await form.roleTitle.fill("Youth worker");
    await form.community.selectOption({ label: "Albanian community" });
    await form.strand("Religious forum").check();
    await form.email.fill("besa.krasniqi@example.org");
    await form.phone.fill("12345");
    await form.preferredLanguage.fill("sq");
    await form.tags.fill("youth, sport");
    await form.notes.fill("Runs the Sunday football club.");
    // Without JavaScript the search posts the whole form, which comes back kept with the results.
    const organisation = organisationOf("Albanian community");
    const found = await findOrganisation(page, organisation, "Albanian community");
    expect(await form.name.inputValue()).toBe("Besa Krasniqi");
    expect(await form.phone.inputValue()).toBe("12345");
    expect(await selectedLabel(form.community)).toBe("Albanian community");
    expect(await describedAs(form.phone)).toBeNull();
    await found.check();
    const [response] = await Promise.all([
      page.waitForResponse(
        (answer) => answer.request().method() === "POST" && answer.url().includes("/contacts/new"),
      ),
      page.getByRole("button", { name: "Add contact" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState();

    expect(await errorBeside(form.phone)).toBe(CONTACT_PHONE_ERROR);
    expect(await describedAs(form.phone)).toContain(CONTACT_PHONE_ERROR);
    expect(await form.name.inputValue()).toBe("Besa Krasniqi");
    expect(await form.pronouns.inputValue()).toBe("she/her");
    expect(await form.roleTitle.inputValue()).toBe("Youth worker");
    expect(await selectedLabel(form.community)).toBe("Albanian community");
    expect(await form.strand("Religious forum").isChecked()).toBe(true);
    expect(await form.email.inputValue()).toBe("besa.krasniqi@example.org");
    expect(await form.phone.inputValue()).toBe("12345");
    expect(await form.preferredLanguage.inputValue()).toBe("sq");
    expect(await form.tags.inputValue()).toBe("youth, sport");
    expect(await form.notes.inputValue()).toBe("Runs the Sunday football club.");
    expect(
      await page
        .getByRole("radio", { name: `${organisation.name} · Albanian community`, exact: true })
        .isChecked(),
    ).toBe(true);
    expect(await describedAs(form.email)).toBeNull();
    expect(contactsNamed("Besa Krasniqi")).toEqual([]);
  });
});

describe("scope", () => {
  test("a liaison officer opening another community's contact by its address gets the 404 page", async () => {
    const [chineseContact] = contactsOf("Chinese community");
    expect(chineseContact, "the demo data has a Chinese community contact").toBeDefined();
    const page = await newPage({ viewport: DESKTOP_VIEWPORT });
    await signIn(page, LIAISON);

    for (const path of [
      `/contacts/${chineseContact!.id}`,
      `/contacts/${chineseContact!.id}/edit`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
      const text = await page.locator("body").textContent();
      for (const name of [chineseContact!.name, chineseContact!.latinName].filter(Boolean)) {
        expect(text).not.toContain(name);
      }
    }
  });
});
