// The contact list stops counting at CONTACT_COUNT_LIMIT, as the engagement list does: past it the
// total is a lower bound, the list offers the first pages only, and narrower filters count exactly.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { contacts, contactStrands } from "~/db/schema";
import { CONTACT_COUNT_LIMIT, CONTACT_PAGE_SIZE } from "~/domain/contacts.server";
import { loader as contactListLoader } from "~/routes/contacts._index";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

type Listed = {
  contacts: { name: string }[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
};

describe("the contact list's count", () => {
  it("says 'more than' past the limit for a strand lead's strands, and counts a narrower filter exactly", async () => {
    const community = createCommunity({ name: "Counted community", countryCode: "AF" }).id;
    const lead = await createUser({ role: "strand_lead", strandKeys: ["political", "community"] });
    const db = getDb();
    const now = new Date();
    db.transaction((tx) => {
      for (let index = 0; index < CONTACT_COUNT_LIMIT + 10; index += 1) {
        const name = `Counted ${String(index).padStart(5, "0")}`;
        const id = tx
          .insert(contacts)
          .values({
            name,
            sortName: name.toLowerCase(),
            communityId: index < 30 ? community : null,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: contacts.id })
          .get().id;
        // Alternate strands, some in both: each contact counted once.
        const strands =
          index % 3 === 0
            ? ["political", "community"]
            : index % 3 === 1
              ? ["political"]
              : ["community"];
        for (const strandKey of strands) {
          tx.insert(contactStrands)
            .values({ contactId: id, strandKey: strandKey as "political" | "community" })
            .run();
        }
      }
    });

    const { data } = await callLoader(
      contactListLoader,
      buildRequest("/contacts?page=999", { cookie: cookieFor(lead.id) }),
    );
    const list = data as Listed;
    expect(list).toMatchObject({
      total: CONTACT_COUNT_LIMIT,
      totalIsLowerBound: true,
      pageCount: CONTACT_COUNT_LIMIT / CONTACT_PAGE_SIZE,
      page: CONTACT_COUNT_LIMIT / CONTACT_PAGE_SIZE,
    });
    expect(list.contacts).toHaveLength(CONTACT_PAGE_SIZE);
    expect(list.contacts[0]!.name).toBe(
      `Counted ${String(CONTACT_COUNT_LIMIT - CONTACT_PAGE_SIZE).padStart(5, "0")}`,
    );

    const narrowed = await callLoader(
      contactListLoader,
      buildRequest(`/contacts?community=${community}`, { cookie: cookieFor(lead.id) }),
    );
    expect(narrowed.data as Listed).toMatchObject({
      total: 30,
      totalIsLowerBound: false,
      pageCount: 2,
    });
  });
});
