// The organisation list stops counting at ORGANISATION_COUNT_LIMIT, as the contact list does:
// past it the total is a lower bound everywhere it is shown, and a narrower filter counts exactly.
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { organisations } from "~/db/schema";
import { indexOrganisation } from "~/domain/directory-search.server";
import { ORGANISATION_COUNT_LIMIT, ORGANISATION_PAGE_SIZE } from "~/domain/organisations.server";
import { loader as communityLoader } from "~/routes/communities.$communityId._index";
import { loader as listLoader } from "~/routes/organisations._index";
import { loader as searchLoader } from "~/routes/search";
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
  organisations: { name: string }[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
};

describe("the organisation list's count", () => {
  it("says 'more than' past the limit, in the list, the search and the community page", async () => {
    const community = createCommunity({ name: "Counted community", countryCode: "AF" }).id;
    const admin = await createUser({ role: "admin" });
    const now = new Date();
    getDb().transaction((tx) => {
      for (let index = 0; index < ORGANISATION_COUNT_LIMIT + 40; index += 1) {
        const name = `Counted Society ${String(index).padStart(5, "0")}`;
        const { id } = tx
          .insert(organisations)
          .values({
            name,
            sortName: name.toLowerCase(),
            type: "community_association",
            // A few in another community, for a narrower filter counted exactly.
            communityId: index < 30 ? null : community,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: organisations.id })
          .get();
        indexOrganisation(tx, id);
      }
    });
    const cookie = cookieFor(admin.id);

    const list = (await callLoader(listLoader, buildRequest("/organisations?page=999", { cookie })))
      .data as Listed;
    expect(list).toMatchObject({
      total: ORGANISATION_COUNT_LIMIT,
      totalIsLowerBound: true,
      pageCount: ORGANISATION_COUNT_LIMIT / ORGANISATION_PAGE_SIZE,
      page: ORGANISATION_COUNT_LIMIT / ORGANISATION_PAGE_SIZE,
    });
    expect(list.organisations).toHaveLength(ORGANISATION_PAGE_SIZE);
    expect(list.organisations[0]!.name).toBe(
      `Counted Society ${String(ORGANISATION_COUNT_LIMIT - ORGANISATION_PAGE_SIZE).padStart(5, "0")}`,
    );

    const narrowed = (
      await callLoader(listLoader, buildRequest("/organisations?community=none", { cookie }))
    ).data as Listed;
    expect(narrowed).toMatchObject({ total: 30, totalIsLowerBound: false });

    const found = await callLoader(searchLoader, buildRequest("/search?q=Counted", { cookie }));
    expect(found.data).toMatchObject({
      organisationTotal: ORGANISATION_COUNT_LIMIT,
      organisationTotalIsLowerBound: true,
    });

    const communityPage = await callLoader(
      communityLoader,
      buildRequest(`/communities/${community}`, { cookie }),
      { communityId: String(community) },
    );
    expect(communityPage.status).toBe(200);
    expect(communityPage.data).toMatchObject({
      organisations: { total: ORGANISATION_COUNT_LIMIT, totalIsLowerBound: true },
    });
  });
});
