// The feedback list stops counting at LIST_COUNT_LIMIT, as the contact and engagement lists do:
// past it the total is a lower bound, the list offers the first pages only, and a narrower filter
// counts exactly.
import { expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { feedback } from "~/db/schema";
import { LIST_COUNT_LIMIT } from "~/domain/list-paging.server";
import { FEEDBACK_PAGE_SIZE } from "~/domain/feedback.schema";
import { loader as feedbackListLoader } from "~/routes/feedback._index";
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
  feedback: { summary: string }[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
};

it("says 'more than' past the limit, offers the first pages, and counts a narrower filter exactly", async () => {
  const busy = createCommunity({ name: "Busy community", countryCode: "PK" }).id;
  const quiet = createCommunity({ name: "Quiet community", countryCode: "AF" }).id;
  const officer = await createUser({ role: "liaison", communityIds: [busy, quiet] });
  const now = new Date();
  getDb().transaction((tx) => {
    for (let index = 0; index < LIST_COUNT_LIMIT + 10; index += 1) {
      // Received one day apart, newest last: the list shows the newest first.
      const receivedOn = new Date(Date.UTC(2020, 0, 1) + index * 86_400_000)
        .toISOString()
        .slice(0, 10);
      tx.insert(feedback)
        .values({
          receivedOn,
          communityId: index < 40 ? quiet : busy,
          channel: "meeting",
          category: "operations_impact",
          summary: `Advice ${String(index).padStart(5, "0")}`,
          sentiment: 0,
          ownerUserId: officer.id,
          responseDueOn: receivedOn,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
  });

  const { data } = await callLoader(
    feedbackListLoader,
    buildRequest("/feedback?page=999", { cookie: cookieFor(officer.id) }),
  );
  const list = data as Listed;
  expect(list).toMatchObject({
    total: LIST_COUNT_LIMIT,
    totalIsLowerBound: true,
    pageCount: LIST_COUNT_LIMIT / FEEDBACK_PAGE_SIZE,
    page: LIST_COUNT_LIMIT / FEEDBACK_PAGE_SIZE,
  });
  expect(list.feedback).toHaveLength(FEEDBACK_PAGE_SIZE);
  // The last offered page: rows 1,976–2,000 counted from the newest (index 2,009).
  expect(list.feedback[0]!.summary).toBe(
    `Advice ${String(LIST_COUNT_LIMIT + 9 - (LIST_COUNT_LIMIT - FEEDBACK_PAGE_SIZE)).padStart(5, "0")}`,
  );

  const narrowed = await callLoader(
    feedbackListLoader,
    buildRequest(`/feedback?community=${quiet}`, { cookie: cookieFor(officer.id) }),
  );
  expect(narrowed.data as Listed).toMatchObject({ total: 40, totalIsLowerBound: false });
});
