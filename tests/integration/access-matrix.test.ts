// Every role against every page, and against the records it must not reach: the server's answer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  actionItems,
  actionPlans as actionPlansTable,
  contacts,
  contactStrands,
  engagementCommunities,
  engagements,
  engagementStrands,
  feedback,
  feedbackStrands,
  indicators,
  organisations,
  organisationStrands,
  steeringReviewItems,
  type Role,
} from "~/db/schema";
import * as account from "~/routes/account";
import * as actionItemEdit from "~/routes/action-items.$itemId.edit";
import * as actionItemPage from "~/routes/action-items.$itemId._index";
import * as newActionItem from "~/routes/action-plans.$communityId.new";
import * as actionPlan from "~/routes/action-plans.$communityId._index";
import * as actionPlans from "~/routes/action-plans._index";
import * as actionPlansExport from "~/routes/action-plans.export";
import * as actionTemplate from "~/routes/action-plans.template._index";
import * as calendarFeed from "~/routes/account_.calendar";
import * as auditLog from "~/routes/admin.audit";
import * as indicatorDefinition from "~/routes/admin.indicators.$indicatorId";
import * as indicatorDefinitions from "~/routes/admin.indicators._index";
import * as newIndicatorDefinition from "~/routes/admin.indicators.new";
import * as userPage from "~/routes/admin.users.$userId";
import * as users from "~/routes/admin.users._index";
import * as newUser from "~/routes/admin.users.new";
import * as community from "~/routes/communities.$communityId._index";
import * as editCommunity from "~/routes/communities.$communityId.edit";
import * as communityReadings from "~/routes/communities.$communityId.indicators";
import * as youSaidWeDid from "~/routes/communities.$communityId.you-said-we-did";
import * as communitiesList from "~/routes/communities._index";
import * as newCommunity from "~/routes/communities.new";
import * as contactPage from "~/routes/contacts.$contactId._index";
import * as editContact from "~/routes/contacts.$contactId.edit";
import * as subjectAccess from "~/routes/contacts.$contactId.subject-access";
import * as eraseContact from "~/routes/contacts.$contactId.erase";
import * as retention from "~/routes/admin.retention";
import * as retentionDecision from "~/routes/contacts.$contactId.retention";
import * as contactsList from "~/routes/contacts._index";
import * as contactsExport from "~/routes/contacts.export";
import * as newContact from "~/routes/contacts.new";
import * as contactPicker from "~/routes/contacts.picker";
import { createReview } from "~/domain/steering-reviews.server";
import * as engagementPage from "~/routes/engagements.$engagementId._index";
import * as deleteEngagement from "~/routes/engagements.$engagementId.delete";
import * as editEngagement from "~/routes/engagements.$engagementId.edit";
import * as newFollowUp from "~/routes/engagements.$engagementId.follow-ups.new";
import * as recordHeld from "~/routes/engagements.$engagementId.held";
import * as newEngagement from "~/routes/engagements.new";
import * as dashboard from "~/routes/dashboard";
import * as engagementsList from "~/routes/engagements._index";
import * as engagementsExport from "~/routes/engagements.export";
import * as feedbackPage from "~/routes/feedback.$feedbackId._index";
import * as editFeedback from "~/routes/feedback.$feedbackId.edit";
import * as feedbackList from "~/routes/feedback._index";
import * as feedbackExport from "~/routes/feedback.export";
import * as newFeedback from "~/routes/feedback.new";
import * as home from "~/routes/_index";
import * as feedbackDecision from "~/routes/feedback.$feedbackId.decision";
import * as indicatorsDashboard from "~/routes/indicators";
import * as organisationPage from "~/routes/organisations.$organisationId._index";
import * as editOrganisation from "~/routes/organisations.$organisationId.edit";
import * as organisationsList from "~/routes/organisations._index";
import * as organisationsExport from "~/routes/organisations.export";
import * as newOrganisation from "~/routes/organisations.new";
import * as reviewPage from "~/routes/reviews.$reviewId._index";
import * as reviewExport from "~/routes/reviews.$reviewId.export";
import * as reviewItemPage from "~/routes/reviews.$reviewId.items.$feedbackId";
import * as reviewOverdue from "~/routes/reviews.$reviewId.overdue";
import * as reviewsList from "~/routes/reviews._index";
import * as newReview from "~/routes/reviews.new";
import * as search from "~/routes/search";
import * as strand from "~/routes/strands.$strandKey";
import * as strandsList from "~/routes/strands._index";
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

const ROLES: Role[] = ["admin", "steering", "strand_lead", "liaison"];
const cookies = {} as Record<Role, string>;
const ids = {
  ownCommunity: 0,
  otherCommunity: 0,
  otherOrganisation: 0,
  otherContact: 0,
  otherEngagement: 0,
  someUser: 0,
  /** An action item of the other community, in a strand the strand lead does not lead. */
  otherActionItem: 0,
  review: 0,
  /** Escalated feedback of the other community, in a strand the strand lead does not lead. */
  otherEscalatedFeedback: 0,
  /** Escalated feedback of the liaison officer's community, in the strand lead's strand. */
  ownEscalatedFeedback: 0,
  /** Feedback of the other community, in a strand the strand lead does not lead. */
  otherFeedback: 0,
  indicator: 0,
};

beforeAll(async () => {
  const db = getDb();
  const own = createCommunity();
  const other = createCommunity();
  ids.ownCommunity = own.id;
  ids.otherCommunity = other.id;
  const now = new Date();
  // A record of a community the liaison officer is not assigned to, in a strand the lead does not lead.
  const organisation = db
    .insert(organisations)
    .values({
      name: "Other Business Forum",
      sortName: "other business forum",
      type: "business",
      communityId: other.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  db.insert(organisationStrands)
    .values({ organisationId: organisation.id, strandKey: "business" })
    .run();
  const contact = db
    .insert(contacts)
    .values({
      name: "Other Person",
      sortName: "otherperson",
      communityId: other.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  db.insert(contactStrands).values({ contactId: contact.id, strandKey: "business" }).run();
  const plan = db
    .insert(actionPlansTable)
    .values({ communityId: other.id, startOn: "2026-01-01", createdAt: now, updatedAt: now })
    .returning()
    .get();
  db.insert(actionPlansTable)
    .values({ communityId: own.id, startOn: "2026-01-01", createdAt: now, updatedAt: now })
    .run();
  ids.otherActionItem = db
    .insert(actionItems)
    .values({
      planId: plan.id,
      communityId: other.id,
      strandKey: "business",
      title: "Meet the business forum",
      dueOn: "2026-03-01",
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get().id;
  ids.otherOrganisation = organisation.id;
  ids.otherContact = contact.id;
  const engagement = db
    .insert(engagements)
    .values({
      type: "meeting",
      status: "planned",
      title: "Other business forum meeting",
      startsAt: now,
      durationMinutes: 60,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  db.insert(engagementCommunities)
    .values({ engagementId: engagement.id, communityId: other.id })
    .run();
  db.insert(engagementStrands).values({ engagementId: engagement.id, strandKey: "business" }).run();
  ids.otherEngagement = engagement.id;
  ids.indicator = db
    .insert(indicators)
    .values({ name: "Police listen", scaleMin: 1, scaleMax: 5, createdAt: now, updatedAt: now })
    .returning()
    .get().id;
  for (const role of ROLES) {
    const user = await createUser({
      role,
      communityIds: role === "liaison" ? [own.id] : [],
      strandKeys: role === "strand_lead" ? ["political"] : [],
    });
    cookies[role] = cookieFor(user.id);
    ids.someUser = user.id;
    if (role === "admin") {
      const created = createReview(
        db,
        { id: user.id, role, communityIds: [], strandKeys: [] },
        {
          title: "Review",
          periodStart: "2026-01-01",
          periodEnd: "2026-03-31",
          heldOn: "2026-04-14",
        },
      );
      if (!created.ok) throw new Error("the review was not made");
      ids.review = created.id;
    }
  }
  const escalatedFeedback = (communityId: number, strandKey: "business" | "political") => {
    const id = db
      .insert(feedback)
      .values({
        receivedOn: "2026-01-10",
        communityId,
        channel: "meeting",
        category: "community_tension",
        summary: "Escalated advice",
        sentiment: 0,
        ownerUserId: ids.someUser,
        responseDueOn: "2026-02-07",
        escalatedAt: now,
        escalatedByUserId: ids.someUser,
        escalationReason: "No answer",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: feedback.id })
      .get().id;
    db.insert(feedbackStrands).values({ feedbackId: id, strandKey }).run();
    return id;
  };
  ids.otherEscalatedFeedback = escalatedFeedback(other.id, "business");
  ids.ownEscalatedFeedback = escalatedFeedback(own.id, "political");
  // The review was made before these existed: one is put before it, as a later review would.
  db.insert(steeringReviewItems)
    .values({
      reviewId: ids.review,
      feedbackId: ids.otherEscalatedFeedback,
      reason: "escalated",
      communityId: other.id,
      responseDueOn: "2026-02-07",
    })
    .run();
  ids.otherFeedback = db
    .insert(feedback)
    .values({
      receivedOn: "2026-02-01",
      communityId: other.id,
      channel: "meeting",
      category: "other",
      summary: "Other business forum's advice",
      sentiment: 0,
      ownerUserId: ids.someUser,
      responseDueOn: "2026-03-01",
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get().id;
  db.insert(feedbackStrands).values({ feedbackId: ids.otherFeedback, strandKey: "business" }).run();
  // Overdue and put before the review, for its community's list of overdue items.
  db.insert(steeringReviewItems)
    .values({
      reviewId: ids.review,
      feedbackId: ids.otherFeedback,
      reason: "overdue",
      communityId: other.id,
      responseDueOn: "2026-03-01",
    })
    .run();
});

type Loader = (args: LoaderFunctionArgs) => unknown;
type Expected = Record<Role, 200 | 403 | 404>;
const everyone: Expected = { admin: 200, steering: 200, strand_lead: 200, liaison: 200 };
const adminOnly: Expected = { admin: 200, steering: 403, strand_lead: 403, liaison: 403 };
const writers: Expected = { admin: 200, steering: 403, strand_lead: 200, liaison: 200 };
/** A record of another community and another strand. */
const outOfScopeRead: Expected = { admin: 200, steering: 200, strand_lead: 404, liaison: 404 };
const outOfScopeWrite: Expected = { admin: 200, steering: 403, strand_lead: 404, liaison: 404 };
/** The steering group's area: reviews and their packs. */
const reviewers: Expected = { admin: 200, steering: 200, strand_lead: 403, liaison: 403 };

/** Each page's loader, its route params, what each role gets and, if it needs one, its query. */
const pages: [string, Loader, () => Record<string, string>, Expected, (() => string)?][] = [
  ["home", home.loader, () => ({}), everyone],
  ["own account", account.loader, () => ({}), everyone],
  ["own calendar feed page", calendarFeed.loader, () => ({}), everyone],
  ["users list", users.loader, () => ({}), adminOnly],
  ["new user form", newUser.loader, () => ({}), adminOnly],
  ["retention review", retention.loader, () => ({}), adminOnly],
  ["a user's page", userPage.loader, () => ({ userId: String(ids.someUser) }), adminOnly],
  ["audit log", auditLog.loader, () => ({}), adminOnly],
  ["communities list", communitiesList.loader, () => ({}), everyone],
  ["new community form", newCommunity.loader, () => ({}), adminOnly],
  [
    "own community page",
    community.loader,
    () => ({ communityId: String(ids.ownCommunity) }),
    everyone,
  ],
  [
    "another community's page",
    community.loader,
    () => ({ communityId: String(ids.otherCommunity) }),
    { ...everyone, liaison: 404 },
  ],
  [
    "community edit form",
    editCommunity.loader,
    () => ({ communityId: String(ids.ownCommunity) }),
    adminOnly,
  ],
  ["strands list", strandsList.loader, () => ({}), everyone],
  ["a strand's page", strand.loader, () => ({ strandKey: "business" }), everyone],
  ["organisations list", organisationsList.loader, () => ({}), everyone],
  ["organisations export", organisationsExport.loader, () => ({}), everyone],
  ["new organisation form", newOrganisation.loader, () => ({}), writers],
  [
    "another community's organisation",
    organisationPage.loader,
    () => ({ organisationId: String(ids.otherOrganisation) }),
    outOfScopeRead,
  ],
  [
    "its edit form",
    editOrganisation.loader,
    () => ({ organisationId: String(ids.otherOrganisation) }),
    outOfScopeWrite,
  ],
  ["contacts list", contactsList.loader, () => ({}), everyone],
  ["contacts export", contactsExport.loader, () => ({}), everyone],
  ["new contact form", newContact.loader, () => ({}), writers],
  [
    "another community's contact",
    contactPage.loader,
    () => ({ contactId: String(ids.otherContact) }),
    outOfScopeRead,
  ],
  [
    "its edit form",
    editContact.loader,
    () => ({ contactId: String(ids.otherContact) }),
    outOfScopeWrite,
  ],
  [
    "its subject access download",
    subjectAccess.loader,
    () => ({ contactId: String(ids.otherContact) }),
    adminOnly,
  ],
  [
    "its erasure page",
    eraseContact.loader,
    () => ({ contactId: String(ids.otherContact) }),
    adminOnly,
  ],
  [
    "its retention decision",
    retentionDecision.loader,
    () => ({ contactId: String(ids.otherContact) }),
    adminOnly,
  ],
  ["search", search.loader, () => ({}), everyone],
  ["contact picker", contactPicker.loader, () => ({}), everyone],
  ["new engagement form", newEngagement.loader, () => ({}), writers],
  [
    "another community's engagement",
    engagementPage.loader,
    () => ({ engagementId: String(ids.otherEngagement) }),
    outOfScopeRead,
  ],
  [
    "its edit form",
    editEngagement.loader,
    () => ({ engagementId: String(ids.otherEngagement) }),
    outOfScopeWrite,
  ],
  [
    "its record-as-held form",
    recordHeld.loader,
    () => ({ engagementId: String(ids.otherEngagement) }),
    outOfScopeWrite,
  ],
  [
    "its delete confirmation",
    deleteEngagement.loader,
    () => ({ engagementId: String(ids.otherEngagement) }),
    outOfScopeWrite,
  ],
  [
    "its new follow-up form",
    newFollowUp.loader,
    () => ({ engagementId: String(ids.otherEngagement) }),
    outOfScopeWrite,
  ],
  ["engagements list", engagementsList.loader, () => ({}), everyone],
  ["engagements export", engagementsExport.loader, () => ({}), everyone],
  ["dashboard", dashboard.loader, () => ({}), everyone],
  ["action plans overview", actionPlans.loader, () => ({}), everyone],
  ["action items export", actionPlansExport.loader, () => ({}), everyone],
  [
    "action-plan template",
    actionTemplate.loader,
    () => ({}),
    { admin: 200, steering: 403, strand_lead: 200, liaison: 403 },
  ],
  [
    "own community's action plan",
    actionPlan.loader,
    () => ({ communityId: String(ids.ownCommunity) }),
    everyone,
  ],
  [
    "another community's action plan",
    actionPlan.loader,
    () => ({ communityId: String(ids.otherCommunity) }),
    { ...everyone, liaison: 404 },
  ],
  [
    "new action item form",
    newActionItem.loader,
    () => ({ communityId: String(ids.ownCommunity) }),
    { admin: 200, steering: 403, strand_lead: 200, liaison: 403 },
  ],
  [
    "another community's action item",
    actionItemPage.loader,
    () => ({ itemId: String(ids.otherActionItem) }),
    outOfScopeRead,
  ],
  [
    "its edit form",
    actionItemEdit.loader,
    () => ({ itemId: String(ids.otherActionItem) }),
    outOfScopeWrite,
  ],
  ["steering reviews list", reviewsList.loader, () => ({}), reviewers],
  ["new steering review form", newReview.loader, () => ({}), reviewers],
  ["a steering review", reviewPage.loader, () => ({ reviewId: String(ids.review) }), reviewers],
  [
    "a steering review's CSV",
    reviewExport.loader,
    () => ({ reviewId: String(ids.review) }),
    reviewers,
  ],
  [
    "a steering review that does not exist",
    reviewPage.loader,
    () => ({ reviewId: "999999" }),
    { admin: 404, steering: 404, strand_lead: 403, liaison: 403 },
  ],
  [
    "a community's overdue items before a steering review",
    reviewOverdue.loader,
    () => ({ reviewId: String(ids.review) }),
    reviewers,
    () => `community=${ids.otherCommunity}`,
  ],
  [
    "the overdue items of a community with none before the steering review",
    reviewOverdue.loader,
    () => ({ reviewId: String(ids.review) }),
    { admin: 404, steering: 404, strand_lead: 403, liaison: 403 },
    () => `community=${ids.ownCommunity}`,
  ],
  [
    "an item before a steering review",
    reviewItemPage.loader,
    () => ({ reviewId: String(ids.review), feedbackId: String(ids.otherEscalatedFeedback) }),
    reviewers,
  ],
  [
    "feedback that is not before the steering review",
    reviewItemPage.loader,
    () => ({ reviewId: String(ids.review), feedbackId: String(ids.ownEscalatedFeedback) }),
    { admin: 404, steering: 404, strand_lead: 403, liaison: 403 },
  ],
  [
    "the decision page of another community's escalated feedback",
    feedbackDecision.loader,
    () => ({ feedbackId: String(ids.otherEscalatedFeedback) }),
    outOfScopeRead,
  ],
  [
    "the decision page of own community's escalated feedback",
    feedbackDecision.loader,
    () => ({ feedbackId: String(ids.ownEscalatedFeedback) }),
    { admin: 200, steering: 200, strand_lead: 403, liaison: 403 },
  ],
  ["feedback list", feedbackList.loader, () => ({}), everyone],
  ["feedback export", feedbackExport.loader, () => ({}), everyone],
  ["record feedback form", newFeedback.loader, () => ({}), writers],
  [
    "another community's feedback",
    feedbackPage.loader,
    () => ({ feedbackId: String(ids.otherFeedback) }),
    outOfScopeRead,
  ],
  [
    "its edit form",
    editFeedback.loader,
    () => ({ feedbackId: String(ids.otherFeedback) }),
    outOfScopeWrite,
  ],
  ["indicators dashboard", indicatorsDashboard.loader, () => ({}), everyone],
  ["indicator definitions", indicatorDefinitions.loader, () => ({}), adminOnly],
  ["new indicator form", newIndicatorDefinition.loader, () => ({}), adminOnly],
  [
    "an indicator's definition",
    indicatorDefinition.loader,
    () => ({ indicatorId: String(ids.indicator) }),
    adminOnly,
  ],
  [
    "own community's indicator readings",
    communityReadings.loader,
    () => ({ communityId: String(ids.ownCommunity) }),
    everyone,
  ],
  [
    "another community's indicator readings",
    communityReadings.loader,
    () => ({ communityId: String(ids.otherCommunity) }),
    { ...everyone, liaison: 404 },
  ],
  [
    "own community's you said, we did",
    youSaidWeDid.loader,
    () => ({ communityId: String(ids.ownCommunity) }),
    everyone,
  ],
  [
    "another community's you said, we did",
    youSaidWeDid.loader,
    () => ({ communityId: String(ids.otherCommunity) }),
    { ...everyone, liaison: 404 },
  ],
];

describe.each(ROLES)("a signed-in %s", (role) => {
  it.each(pages)(
    "opening the %s answers as the policy says",
    async (_name, loader, params, expected, query) => {
      const result = await callLoader(
        loader,
        buildRequest(`/page?${query?.() ?? "q=other"}`, { cookie: cookies[role] }),
        params(),
      );
      expect(result.status).toBe(expected[role]);
    },
  );
});

describe("signed out", () => {
  it.each(pages)("opening the %s redirects to sign in", async (_name, loader, params) => {
    const result = await callLoader(loader, buildRequest("/page"), params());
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/login/);
  });
});

describe("admin-only writes", () => {
  const adminActions: [
    string,
    (args: LoaderFunctionArgs) => unknown,
    () => Record<string, string>,
  ][] = [
    ["create a user", newUser.action, () => ({})],
    ["edit a user", userPage.action, () => ({ userId: String(ids.someUser) })],
    ["create a community", newCommunity.action, () => ({})],
    ["edit a community", editCommunity.action, () => ({ communityId: String(ids.ownCommunity) })],
    ["edit a strand", strand.action, () => ({ strandKey: "business" })],
    ["erase a contact", eraseContact.action, () => ({ contactId: String(ids.otherContact) })],
    [
      "keep a contact past the retention period",
      retentionDecision.action,
      () => ({ contactId: String(ids.otherContact) }),
    ],
    ["define an indicator", newIndicatorDefinition.action, () => ({})],
    [
      "edit an indicator",
      indicatorDefinition.action,
      () => ({ indicatorId: String(ids.indicator) }),
    ],
  ];
  it.each(ROLES.filter((role) => role !== "admin"))(
    "are refused with 403 for a %s",
    async (role) => {
      for (const [, action, params] of adminActions) {
        const result = await callAction(
          action,
          buildRequest("/x", { cookie: cookies[role], form: { description: "x", name: "x" } }),
          params(),
        );
        expect(result.status).toBe(403);
      }
    },
  );
});

describe("steering-group writes", () => {
  const steeringActions: [
    string,
    (args: LoaderFunctionArgs) => unknown,
    () => Record<string, string>,
    Record<string, string>,
  ][] = [
    [
      "create a review",
      newReview.action,
      () => ({}),
      { title: "x", periodStart: "2026-01-01", periodEnd: "2026-03-31", heldOn: "2026-04-01" },
    ],
    [
      "close a review",
      reviewPage.action,
      () => ({ reviewId: String(ids.review) }),
      { intent: "close" },
    ],
    [
      "record a decision in a review",
      reviewItemPage.action,
      () => ({ reviewId: String(ids.review), feedbackId: String(ids.otherEscalatedFeedback) }),
      { decision: "x" },
    ],
    [
      "record a decision",
      feedbackDecision.action,
      () => ({ feedbackId: String(ids.ownEscalatedFeedback) }),
      { decision: "x" },
    ],
  ];
  it.each(["strand_lead", "liaison"] as const)("are refused with 403 for a %s", async (role) => {
    for (const [, action, params, form] of steeringActions) {
      const result = await callAction(
        action,
        buildRequest("/x", { cookie: cookies[role], form }),
        params(),
      );
      expect(result.status).toBe(403);
    }
  });
});

describe("feedback of another community and strand", () => {
  it.each(ROLES)(
    "answers a %s's record form from its engagement as the policy says",
    async (role) => {
      const result = await callLoader(
        newFeedback.loader,
        buildRequest(`/feedback/new?engagementId=${ids.otherEngagement}`, {
          cookie: cookies[role],
        }),
      );
      expect(result.status).toBe(
        { admin: 200, steering: 403, strand_lead: 404, liaison: 404 }[role],
      );
    },
  );

  it.each(ROLES.filter((role) => role !== "admin"))(
    "refuses a %s's workflow step and edit: 404 out of scope, 403 for steering",
    async (role) => {
      const params = { feedbackId: String(ids.otherFeedback) };
      const expected = role === "steering" ? 403 : 404;
      const progressed = await callAction(
        feedbackPage.action,
        buildRequest("/x", {
          cookie: cookies[role],
          form: { intent: "status", toStatus: "acknowledged" },
        }),
        params,
      );
      expect(progressed.status).toBe(expected);
      const edited = await callAction(
        editFeedback.action,
        buildRequest("/x", { cookie: cookies[role], form: { summary: "x" } }),
        params,
      );
      expect(edited.status).toBe(expected);
    },
  );
});

describe("recording indicator readings", () => {
  // Saved (302) by those who may record for any community; refused as the policy says otherwise.
  const expected: Record<Role, number> = {
    admin: 302,
    steering: 403,
    strand_lead: 302,
    liaison: 404,
  };
  it.each(ROLES)("for another community answers a %s as the policy says", async (role) => {
    const result = await callAction(
      communityReadings.action,
      buildRequest("/x?quarter=2026-Q1", {
        cookie: cookies[role],
        form: { "readings[0].indicatorId": String(ids.indicator), "readings[0].value": "3" },
      }),
      { communityId: String(ids.otherCommunity) },
    );
    expect(result.status).toBe(expected[role]);
  });
});
