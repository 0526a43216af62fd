// "You said, we did": only a community's shareable feedback of the period, and no personal data
// anywhere in what the loader returns or the page renders.
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { YouSaidWeDidItems, type YouSaidWeDidItem } from "~/components/you-said-we-did-items";
import { getDb } from "~/db/client.server";
import { contacts, feedback, feedbackContacts, type FeedbackStatus } from "~/db/schema";
import * as youSaidWeDidPage from "~/routes/communities.$communityId.you-said-we-did";
import { at, insertContact, insertEngagement } from "./engagement-builders";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

const NOW = new Date("2026-11-20T12:00:00Z");

/** Personal data planted around the feedback: none of it may reach the page. */
const PLANTED = {
  contactName: "Zainab Plantedcontact",
  contactEmail: "zainab.planted@example.org",
  contactPhone: "+44 20 7946 0999",
  officerName: "Oswald Plantedofficer",
  officerEmail: "oswald.planted@police.test",
  engagementTitle: "Private meeting at Plantedhouse",
  escalationReason: "Escalated because Plantedreason",
  decision: "Steering Plantedecision",
};

let north = 0;
let south = 0;
const cookies = { steering: "", liaison: "", otherLiaison: "" };

function plantFeedback(options: {
  communityId: number | null;
  receivedOn: string;
  summary: string;
  isShareable: boolean;
  status?: FeedbackStatus;
  answer?: { outcome: "acted_on" | "not_taken"; text: string; on: string };
  ownerUserId: number;
  engagementId: number;
  contactId: number;
}) {
  const now = new Date();
  const row = getDb()
    .insert(feedback)
    .values({
      receivedOn: options.receivedOn,
      communityId: options.communityId,
      engagementId: options.engagementId,
      channel: "meeting",
      category: "community_tension",
      summary: options.summary,
      sentiment: 0,
      isShareable: options.isShareable,
      status: options.status ?? (options.answer ? "responded" : "in_progress"),
      ownerUserId: options.ownerUserId,
      responseDueOn: "2026-10-30",
      responseOutcome: options.answer?.outcome ?? null,
      responseText: options.answer?.text ?? "",
      respondedOn: options.answer?.on ?? null,
      escalatedAt: now,
      escalatedByUserId: options.ownerUserId,
      escalationReason: PLANTED.escalationReason,
      steeringDecision: PLANTED.decision,
      createdByUserId: options.ownerUserId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: feedback.id })
    .get();
  getDb()
    .insert(feedbackContacts)
    .values({ feedbackId: row.id, contactId: options.contactId })
    .run();
}

beforeAll(async () => {
  north = createCommunity({ name: "Northern community" }).id;
  south = createCommunity({ name: "Southern community" }).id;
  const officer = await createUser({
    role: "liaison",
    displayName: PLANTED.officerName,
    email: PLANTED.officerEmail,
    communityIds: [north],
  });
  cookies.liaison = cookieFor(officer.id);
  cookies.steering = cookieFor((await createUser({ role: "steering" })).id);
  cookies.otherLiaison = cookieFor(
    (await createUser({ role: "liaison", communityIds: [south] })).id,
  );
  const contactId = insertContact({ name: PLANTED.contactName, communityId: north });
  getDb()
    .update(contacts)
    .set({ email: PLANTED.contactEmail, phone: PLANTED.contactPhone })
    .where(eq(contacts.id, contactId))
    .run();
  const engagementId = insertEngagement({
    startsAt: at("2026-07-02"),
    communityIds: [north],
    strandKeys: ["community"],
    title: PLANTED.engagementTitle,
    contactIds: [contactId],
    officerIds: [officer.id],
  });
  const common = { ownerUserId: officer.id, engagementId, contactId };
  plantFeedback({
    ...common,
    communityId: north,
    receivedOn: "2026-07-03",
    summary: "Stop and search at the market felt targeted",
    isShareable: true,
    answer: { outcome: "acted_on", text: "Briefed the market patrols", on: "2026-07-25" },
  });
  plantFeedback({
    ...common,
    communityId: north,
    receivedOn: "2026-09-30",
    summary: "Appeals should run in community radio",
    isShareable: true,
    answer: { outcome: "not_taken", text: "No budget this year; will revisit", on: "2026-10-20" },
  });
  plantFeedback({
    ...common,
    communityId: north,
    receivedOn: "2026-08-14",
    summary: "More Tigrinya interpreters at the front desk",
    isShareable: true,
  });
  plantFeedback({
    ...common,
    communityId: north,
    receivedOn: "2026-08-01",
    summary: "Confidential: a named family's complaint",
    isShareable: false,
  });
  plantFeedback({
    ...common,
    communityId: north,
    receivedOn: "2026-06-30",
    summary: "Said in the quarter before",
    isShareable: true,
  });
  plantFeedback({
    ...common,
    communityId: south,
    receivedOn: "2026-08-01",
    summary: "Said by the southern community",
    isShareable: true,
  });
  plantFeedback({
    ...common,
    communityId: null,
    receivedOn: "2026-08-01",
    summary: "Said by the whole group",
    isShareable: true,
  });
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

type PageData = {
  community: { name: string };
  report: {
    period: { from: string; to: string };
    generatedOn: string;
    items: YouSaidWeDidItem[];
  } | null;
};

async function open(cookie: string, communityId: number, query = "") {
  const result = await callLoader(
    youSaidWeDidPage.loader,
    buildRequest(`/communities/${communityId}/you-said-we-did${query}`, { cookie }),
    { communityId: String(communityId) },
  );
  return { status: result.status, data: result.data as PageData };
}

function expectNoPersonalData(text: string) {
  for (const value of Object.values(PLANTED)) expect(text).not.toContain(value);
  expect(text).not.toContain("Confidential");
}

describe("the “you said, we did” page", () => {
  it("shows, by default, the last complete quarter's shareable items of the community only, oldest first", async () => {
    const { status, data } = await open(cookies.steering, north);
    expect(status).toBe(200);
    expect(data.report!.period).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(data.report!.generatedOn).toBe("2026-11-20");
    expect(data.report!.items).toEqual([
      {
        category: "Community tension",
        receivedMonth: "July 2026",
        youSaid: "Stop and search at the market felt targeted",
        weDid: {
          outcome: "What we did",
          text: "Briefed the market patrols",
          respondedOn: "2026-07-25",
        },
      },
      {
        category: "Community tension",
        receivedMonth: "August 2026",
        youSaid: "More Tigrinya interpreters at the front desk",
        weDid: null,
      },
      {
        category: "Community tension",
        receivedMonth: "September 2026",
        youSaid: "Appeals should run in community radio",
        weDid: {
          outcome: "Why we did not act on it",
          text: "No budget this year; will revisit",
          respondedOn: "2026-10-20",
        },
      },
    ]);
  });

  it("holds no names, contact details, officers, engagement titles or escalation notes, in its data or its HTML", async () => {
    const { data } = await open(cookies.liaison, north);
    expectNoPersonalData(JSON.stringify(data));
    const html = renderToString(createElement(YouSaidWeDidItems, { items: data.report!.items }));
    expect(html).toContain("Stop and search at the market felt targeted");
    expect(html).toContain("Being worked on");
    expect(html).toContain("Why we did not act on it");
    expectNoPersonalData(html);
  });

  it("keeps to the period asked for, both days included", async () => {
    const { data } = await open(cookies.liaison, north, "?from=2026-06-30&to=2026-07-03");
    expect(data.report!.items.map((item) => item.youSaid)).toEqual([
      "Said in the quarter before",
      "Stop and search at the market felt targeted",
    ]);
    const oneEnd = await open(cookies.liaison, north, "?from=2026-09-01");
    expect(oneEnd.data.report!.period).toEqual({ from: "2026-09-01", to: "2026-09-30" });
  });

  it("answers impossible dates with 400 and the form's errors, never a 500", async () => {
    const reversed = await open(cookies.liaison, north, "?from=2026-09-30&to=2026-07-01");
    expect(reversed.status).toBe(400);
    expect(reversed.data.report).toBeNull();
    expect((await open(cookies.liaison, north, "?from=2026-02-30")).status).toBe(400);
  });

  it("is 404 for a liaison officer of another community", async () => {
    const { status } = await open(cookies.otherLiaison, north);
    expect(status).toBe(404);
  });
});
