// The contact form's organisation search: scoped, folded matches without loading every organisation, and a per-id check on save.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  contacts,
  organisations,
  organisationStrands,
  type StrandKey,
} from "~/db/schema";
import { ORGANISATION_CHOICE_ERROR } from "~/domain/contacts.schema";
import { indexOrganisation } from "~/domain/directory-search.server";
import { ORGANISATION_PICKER_LIMIT } from "~/domain/organisations.server";
import { sortKey } from "~/domain/search-text";
import { loader as editLoader, action as editAction } from "~/routes/contacts.$contactId.edit";
import { loader as newLoader, action as newAction } from "~/routes/contacts.new";
import {
  buildRequest,
  callAction,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

type Person = { id: number; cookie: string };
type PickerOrganisation = { id: number; name: string; communityName: string | null };
type FormAnswer = {
  result: { initialValue?: Record<string, unknown>; error?: Record<string, string[] | null> };
  organisationPicker: {
    chosenOrganisation: PickerOrganisation | null;
    organisationResults: PickerOrganisation[] | null;
    moreOrganisations: boolean;
    organisationQuery: string;
  };
};

let afghan: { id: number; name: string };
let eritrean: { id: number; name: string };
let admin: Person;
let afghanOfficer: Person;
let steering: Person;
let orgs: {
  hazratMosque: number;
  hazratEritrean: number;
  hazratArchived: number;
  societe: number;
  masjid: number;
};

async function person(options: Parameters<typeof createUser>[0]): Promise<Person> {
  const user = await createUser(options);
  return { id: user.id, cookie: cookieFor(user.id) };
}

function addOrganisation(
  name: string,
  communityId: number | null,
  strandKeys: StrandKey[] = ["community"],
  archived = false,
): number {
  const db = getDb();
  const now = new Date();
  const { id } = db
    .insert(organisations)
    .values({
      name,
      sortName: sortKey(name),
      type: "community_association",
      communityId,
      archivedAt: archived ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: organisations.id })
    .get();
  db.insert(organisationStrands)
    .values(strandKeys.map((strandKey) => ({ organisationId: id, strandKey })))
    .run();
  indexOrganisation(db, id);
  return id;
}

beforeAll(async () => {
  afghan = createCommunity({ name: "Afghan community", countryCode: "AF" });
  eritrean = createCommunity({ name: "Eritrean community", countryCode: "ER" });
  admin = await person({ role: "admin" });
  afghanOfficer = await person({ role: "liaison", communityIds: [afghan.id] });
  steering = await person({ role: "steering" });
  orgs = {
    hazratMosque: addOrganisation("Hazrat Mosque Trust", afghan.id),
    hazratEritrean: addOrganisation("Hazrat Eritrean Forum", eritrean.id),
    hazratArchived: addOrganisation("Hazrat Old Library", afghan.id, ["community"], true),
    societe: addOrganisation("Société Afghane de Londres", afghan.id),
    masjid: addOrganisation("مَسْجِد النُّور", afghan.id),
  };
  for (let n = 1; n <= ORGANISATION_PICKER_LIMIT + 5; n += 1) {
    addOrganisation(`Kabul Youth Club ${String(n).padStart(2, "0")}`, afghan.id);
  }
});

function contactCount(): number {
  return getDb().select({ total: count() }).from(contacts).get()!.total;
}
function auditCount(): number {
  return getDb().select({ total: count() }).from(auditEvents).get()!.total;
}
function contactRow(id: number) {
  return getDb().select().from(contacts).where(eq(contacts.id, id)).get()!;
}

function contactForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: "Farid Ahmadi",
    communityId: String(afghan.id),
    strandKeys: ["community"],
    confirmDuplicate: "yes",
    ...overrides,
  };
}

async function find(actor: Person, query: string, overrides: Record<string, string> = {}) {
  const result = await callAction(
    newAction,
    buildRequest("/contacts/new", {
      cookie: actor.cookie,
      form: contactForm({ organisationQuery: query, intent: "find-organisations", ...overrides }),
    }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(200);
  return result.data as FormAnswer;
}
const namesFound = (answer: FormAnswer) =>
  answer.organisationPicker.organisationResults!.map((organisation) => organisation.name);

async function addContactAs(actor: Person, organisationId: number): Promise<number> {
  const result = await callAction(
    newAction,
    buildRequest("/contacts/new", {
      cookie: actor.cookie,
      form: contactForm({ organisationId: String(organisationId) }),
    }),
  );
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return Number(/\/contacts\/(\d+)/.exec(result.location!)![1]);
}

describe("the new contact form", () => {
  it("loads no organisations: it starts with none chosen and no search made", async () => {
    const result = await callLoader(
      newLoader,
      buildRequest("/contacts/new", { cookie: afghanOfficer.cookie }),
    );
    expect(result.status).toBe(200);
    expect((result.data as FormAnswer).organisationPicker).toEqual({
      chosenOrganisation: null,
      organisationResults: null,
      moreOrganisations: false,
      organisationQuery: "",
    });
    expect(JSON.stringify(result.data)).not.toContain("Hazrat");
  });

  it("finds only current organisations the officer may see, keeps what was typed, and writes and audits nothing", async () => {
    const contactsBefore = contactCount();
    const auditsBefore = auditCount();
    const answer = await find(afghanOfficer, "hazrat", {
      name: "Half-typed name",
      email: "not-an-email",
      notes: "Met at the Eid fair.",
    });
    expect(answer.organisationPicker.organisationResults).toEqual([
      { id: orgs.hazratMosque, name: "Hazrat Mosque Trust", communityName: "Afghan community" },
    ]);
    expect(answer.organisationPicker.moreOrganisations).toBe(false);
    expect(answer.organisationPicker.organisationQuery).toBe("hazrat");
    expect(answer.result.initialValue).toMatchObject({
      name: "Half-typed name",
      email: "not-an-email",
      notes: "Met at the Eid fair.",
      communityId: String(afghan.id),
    });
    // A search judges nothing yet: the bad email is not an error until the form is saved.
    expect(answer.result.error).toEqual({});
    expect(contactCount()).toBe(contactsBefore);
    expect(auditCount()).toBe(auditsBefore);

    // An admin sees every community's organisations, but archived ones are never offered.
    expect(namesFound(await find(admin, "hazrat"))).toEqual([
      "Hazrat Eritrean Forum",
      "Hazrat Mosque Trust",
    ]);
  });

  it("matches across accents and Arabic vowel signs, as the organisations list does", async () => {
    expect(namesFound(await find(afghanOfficer, "societe afgh"))).toEqual([
      "Société Afghane de Londres",
    ]);
    expect(namesFound(await find(afghanOfficer, "مسجد"))).toEqual(["مَسْجِد النُّور"]);
  });

  it("shows the first matches by name and says when there are more", async () => {
    const many = await find(afghanOfficer, "kabul youth");
    expect(namesFound(many)).toHaveLength(ORGANISATION_PICKER_LIMIT);
    expect(namesFound(many)[0]).toBe("Kabul Youth Club 01");
    expect(many.organisationPicker.moreOrganisations).toBe(true);

    const narrowed = await find(afghanOfficer, "kabul youth 25");
    expect(namesFound(narrowed)).toEqual(["Kabul Youth Club 25"]);
    expect(narrowed.organisationPicker.moreOrganisations).toBe(false);
  });

  it("searches nothing for a one-letter query, and says nothing rather than 'none found'", async () => {
    expect((await find(afghanOfficer, "h")).organisationPicker.organisationResults).toBeNull();
  });

  it("keeps a chosen organisation through a search, but never names one the officer may not see", async () => {
    const kept = await find(afghanOfficer, "kabul", { organisationId: String(orgs.hazratMosque) });
    expect(kept.organisationPicker.chosenOrganisation?.name).toBe("Hazrat Mosque Trust");

    const hidden = await find(afghanOfficer, "kabul", {
      organisationId: String(orgs.hazratEritrean),
    });
    expect(hidden.organisationPicker.chosenOrganisation).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain("Eritrean Forum");
  });

  it("saves the organisation chosen from the results", async () => {
    const id = await addContactAs(afghanOfficer, orgs.societe);
    expect(contactRow(id).organisationId).toBe(orgs.societe);
  });

  it("refuses an organisation the officer may not see, or an archived one, beside the field, writing nothing", async () => {
    for (const organisationId of [orgs.hazratEritrean, orgs.hazratArchived, 999_999]) {
      const contactsBefore = contactCount();
      const auditsBefore = auditCount();
      const result = await callAction(
        newAction,
        buildRequest("/contacts/new", {
          cookie: afghanOfficer.cookie,
          form: contactForm({ name: "Refused Person", organisationId: String(organisationId) }),
        }),
      );
      expect(result.status).toBe(400);
      const answer = result.data as FormAnswer;
      expect(answer.result.error?.organisationId).toEqual([ORGANISATION_CHOICE_ERROR]);
      expect(answer.result.initialValue).toMatchObject({ name: "Refused Person" });
      expect(answer.organisationPicker.chosenOrganisation).toBeNull();
      expect(contactCount()).toBe(contactsBefore);
      expect(auditCount()).toBe(auditsBefore);
    }
  });

  it("lets no one search who may not add contacts", async () => {
    const result = await callAction(
      newAction,
      buildRequest("/contacts/new", {
        cookie: steering.cookie,
        form: { organisationQuery: "hazrat", intent: "find-organisations" },
      }),
    );
    expect(result.status).toBe(403);
    expect(String(result.data)).not.toContain("Hazrat");
  });
});

describe("the edit form", () => {
  async function editAs(actor: Person, contactId: number, form: Record<string, string | string[]>) {
    return callAction(
      editAction,
      buildRequest(`/contacts/${contactId}/edit`, { cookie: actor.cookie, form }),
      { contactId: String(contactId) },
    );
  }

  it("shows the contact's organisation chosen", async () => {
    const id = await addContactAs(afghanOfficer, orgs.hazratMosque);
    const result = await callLoader(
      editLoader,
      buildRequest(`/contacts/${id}/edit`, { cookie: afghanOfficer.cookie }),
      { contactId: String(id) },
    );
    expect(result.status).toBe(200);
    expect((result.data as FormAnswer).organisationPicker.chosenOrganisation).toEqual({
      id: orgs.hazratMosque,
      name: "Hazrat Mosque Trust",
      communityName: "Afghan community",
    });
  });

  it("finds, keeps the typed values, and writes and audits nothing; then saves the one chosen", async () => {
    const id = await addContactAs(afghanOfficer, orgs.hazratMosque);
    const auditsBefore = auditCount();
    const search = await editAs(afghanOfficer, id, {
      ...contactForm({ name: "Renamed while searching" }),
      organisationId: String(orgs.hazratMosque),
      organisationQuery: "societe",
      intent: "find-organisations",
    });
    expect(search.status).toBe(200);
    const answer = search.data as FormAnswer;
    expect(namesFound(answer)).toEqual(["Société Afghane de Londres"]);
    expect(answer.organisationPicker.chosenOrganisation?.id).toBe(orgs.hazratMosque);
    expect(answer.result.initialValue).toMatchObject({ name: "Renamed while searching" });
    expect(contactRow(id)).toMatchObject({
      name: "Farid Ahmadi",
      organisationId: orgs.hazratMosque,
    });
    expect(auditCount()).toBe(auditsBefore);

    const saved = await editAs(
      afghanOfficer,
      id,
      contactForm({ organisationId: String(orgs.societe) }),
    );
    expect(saved.status, JSON.stringify(saved.data)).toBe(302);
    expect(contactRow(id).organisationId).toBe(orgs.societe);

    const cleared = await editAs(afghanOfficer, id, contactForm({ organisationId: "" }));
    expect(cleared.status, JSON.stringify(cleared.data)).toBe(302);
    expect(contactRow(id).organisationId).toBeNull();
  });

  it("keeps a link to an organisation since archived, but refuses a new one the officer may not see", async () => {
    const id = await addContactAs(afghanOfficer, orgs.hazratMosque);
    getDb()
      .update(organisations)
      .set({ archivedAt: new Date() })
      .where(eq(organisations.id, orgs.hazratMosque))
      .run();
    try {
      const page = await callLoader(
        editLoader,
        buildRequest(`/contacts/${id}/edit`, { cookie: afghanOfficer.cookie }),
        { contactId: String(id) },
      );
      expect((page.data as FormAnswer).organisationPicker.chosenOrganisation?.name).toBe(
        "Hazrat Mosque Trust",
      );
      const kept = await editAs(
        afghanOfficer,
        id,
        contactForm({ organisationId: String(orgs.hazratMosque), notes: "Still there" }),
      );
      expect(kept.status, JSON.stringify(kept.data)).toBe(302);
      expect(contactRow(id)).toMatchObject({
        notes: "Still there",
        organisationId: orgs.hazratMosque,
      });

      const refused = await editAs(
        afghanOfficer,
        id,
        contactForm({ organisationId: String(orgs.hazratEritrean), notes: "Moved" }),
      );
      expect(refused.status).toBe(400);
      expect((refused.data as FormAnswer).result.error?.organisationId).toEqual([
        ORGANISATION_CHOICE_ERROR,
      ]);
      expect(contactRow(id)).toMatchObject({
        notes: "Still there",
        organisationId: orgs.hazratMosque,
      });
    } finally {
      getDb()
        .update(organisations)
        .set({ archivedAt: null })
        .where(eq(organisations.id, orgs.hazratMosque))
        .run();
    }
  });
});
