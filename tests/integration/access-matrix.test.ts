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
  indicators,
  organisations,
  organisationStrands,
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
import * as contactsList from "~/routes/contacts._index";
import * as contactsExport from "~/routes/contacts.export";
import * as newContact from "~/routes/contacts.new";
import * as contactPicker from "~/routes/contacts.picker";
import * as engagementPage from "~/routes/engagements.$engagementId._index";
import * as deleteEngagement from "~/routes/engagements.$engagementId.delete";
import * as editEngagement from "~/routes/engagements.$engagementId.edit";
import * as newFollowUp from "~/routes/engagements.$engagementId.follow-ups.new";
import * as recordHeld from "~/routes/engagements.$engagementId.held";
import * as newEngagement from "~/routes/engagements.new";
import * as dashboard from "~/routes/dashboard";
import * as engagementsList from "~/routes/engagements._index";
import * as engagementsExport from "~/routes/engagements.export";
import * as home from "~/routes/_index";
import * as indicatorsDashboard from "~/routes/indicators";
import * as organisationPage from "~/routes/organisations.$organisationId._index";
import * as editOrganisation from "~/routes/organisations.$organisationId.edit";
import * as organisationsList from "~/routes/organisations._index";
import * as organisationsExport from "~/routes/organisations.export";
import * as newOrganisation from "~/routes/organisations.new";
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
  }
});

type Loader = (args: LoaderFunctionArgs) => unknown;
type Expected = Record<Role, 200 | 403 | 404>;
const everyone: Expected = { admin: 200, steering: 200, strand_lead: 200, liaison: 200 };
const adminOnly: Expected = { admin: 200, steering: 403, strand_lead: 403, liaison: 403 };
const writers: Expected = { admin: 200, steering: 403, strand_lead: 200, liaison: 200 };
/** A record of another community and another strand. */
const outOfScopeRead: Expected = { admin: 200, steering: 200, strand_lead: 404, liaison: 404 };
const outOfScopeWrite: Expected = { admin: 200, steering: 403, strand_lead: 404, liaison: 404 };

const pages: [string, Loader, () => Record<string, string>, Expected][] = [
  ["home", home.loader, () => ({}), everyone],
  ["own account", account.loader, () => ({}), everyone],
  ["own calendar feed page", calendarFeed.loader, () => ({}), everyone],
  ["users list", users.loader, () => ({}), adminOnly],
  ["new user form", newUser.loader, () => ({}), adminOnly],
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
    async (_name, loader, params, expected) => {
      const result = await callLoader(
        loader,
        buildRequest("/page?q=other", { cookie: cookies[role] }),
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
