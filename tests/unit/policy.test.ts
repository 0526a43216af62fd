// DESIGN.md's role table and need-to-know rule, as a table: every role, every action, in and out of scope.
import { describe, expect, it } from "vitest";
import {
  actionItemScope,
  can,
  recordScope,
  visibleCommunityIds,
  type ActionItemRecord,
  type ActionItemScope,
  type FeedbackRecord,
  type Actor,
  type RecordScope,
  type ScopedRecord,
} from "~/auth/policy";
import type { Role } from "~/db/schema";

/** Community 1 is the liaison officer's; `youth` is the strand lead's strand. */
const ASSIGNED_COMMUNITY = 1;
const OTHER_COMMUNITY = 2;

const actors: Record<Role, Actor> = {
  admin: { id: 1, role: "admin", communityIds: [], strandKeys: [] },
  steering: { id: 2, role: "steering", communityIds: [], strandKeys: [] },
  strand_lead: { id: 3, role: "strand_lead", communityIds: [], strandKeys: ["youth"] },
  liaison: { id: 4, role: "liaison", communityIds: [ASSIGNED_COMMUNITY], strandKeys: [] },
};

const records = {
  "of the assigned community, in the led strand": {
    communityIds: [ASSIGNED_COMMUNITY],
    strandKeys: ["youth"],
  },
  "of the assigned community, in another strand": {
    communityIds: [ASSIGNED_COMMUNITY],
    strandKeys: ["media"],
  },
  "of another community, in the led strand": {
    communityIds: [OTHER_COMMUNITY],
    strandKeys: ["youth"],
  },
  "of another community, in another strand": {
    communityIds: [OTHER_COMMUNITY],
    strandKeys: ["media"],
  },
  "with no community, in the led strand": { communityIds: [], strandKeys: ["youth"] },
  "with no community, in another strand": { communityIds: [], strandKeys: ["media"] },
  "of several communities, one of them assigned": {
    communityIds: [OTHER_COMMUNITY, ASSIGNED_COMMUNITY],
    strandKeys: ["media"],
  },
  "of several strands, one of them led": {
    communityIds: [OTHER_COMMUNITY],
    strandKeys: ["media", "youth"],
  },
} satisfies Record<string, ScopedRecord>;
type RecordName = keyof typeof records;

/**
 * What DESIGN.md says, written out by hand: read, write (create / update / archive) and read
 * protected notes. A liaison officer reads community-less records but cannot write them; a strand
 * lead reads and writes records of their strands in any community; steering reads all, writes
 * none and never sees protected notes; an admin does everything.
 */
// prettier-ignore
const expectations: [Role, RecordName, boolean, boolean, boolean][] = [
  // role         a record …                                        read    write   protected
  ["admin",       "of the assigned community, in the led strand",   true,   true,   true],
  ["admin",       "of the assigned community, in another strand",   true,   true,   true],
  ["admin",       "of another community, in the led strand",        true,   true,   true],
  ["admin",       "of another community, in another strand",        true,   true,   true],
  ["admin",       "with no community, in the led strand",           true,   true,   true],
  ["admin",       "with no community, in another strand",           true,   true,   true],
  ["admin",       "of several communities, one of them assigned",   true,   true,   true],
  ["admin",       "of several strands, one of them led",            true,   true,   true],

  ["steering",    "of the assigned community, in the led strand",   true,   false,  false],
  ["steering",    "of the assigned community, in another strand",   true,   false,  false],
  ["steering",    "of another community, in the led strand",        true,   false,  false],
  ["steering",    "of another community, in another strand",        true,   false,  false],
  ["steering",    "with no community, in the led strand",           true,   false,  false],
  ["steering",    "with no community, in another strand",           true,   false,  false],
  ["steering",    "of several communities, one of them assigned",   true,   false,  false],
  ["steering",    "of several strands, one of them led",            true,   false,  false],

  ["strand_lead", "of the assigned community, in the led strand",   true,   true,   true],
  ["strand_lead", "of the assigned community, in another strand",   false,  false,  false],
  ["strand_lead", "of another community, in the led strand",        true,   true,   true],
  ["strand_lead", "of another community, in another strand",        false,  false,  false],
  ["strand_lead", "with no community, in the led strand",           true,   true,   true],
  ["strand_lead", "with no community, in another strand",           false,  false,  false],
  ["strand_lead", "of several communities, one of them assigned",   false,  false,  false],
  ["strand_lead", "of several strands, one of them led",            true,   true,   true],

  ["liaison",     "of the assigned community, in the led strand",   true,   true,   true],
  ["liaison",     "of the assigned community, in another strand",   true,   true,   true],
  ["liaison",     "of another community, in the led strand",        false,  false,  false],
  ["liaison",     "of another community, in another strand",        false,  false,  false],
  // Community-less records are readable by every liaison officer, but not theirs to change.
  ["liaison",     "with no community, in the led strand",           true,   false,  false],
  ["liaison",     "with no community, in another strand",           true,   false,  false],
  ["liaison",     "of several communities, one of them assigned",   true,   true,   true],
  ["liaison",     "of several strands, one of them led",            false,  false,  false],
];

const recordRows = expectations.flatMap(([role, recordName, read, write, readProtected]) =>
  (
    [
      ["record.read", read],
      ["record.create", write],
      ["record.update", write],
      ["record.archive", write],
      ["record.readProtected", readProtected],
    ] as const
  ).map(([action, expected]) => ({ role, recordName, action, expected })),
);

describe("records: need-to-know", () => {
  it("covers every role and every record in the table", () => {
    const roles = new Set(expectations.map(([role]) => role));
    expect([...roles].sort()).toEqual(Object.keys(actors).sort());
    for (const role of roles) {
      expect(
        expectations
          .filter(([r]) => r === role)
          .map(([, name]) => name)
          .sort(),
      ).toEqual(Object.keys(records).sort());
    }
  });

  it.each(recordRows)(
    "$role: $action on a record $recordName → $expected",
    ({ role, recordName, action, expected }) => {
      expect(can(actors[role], action, records[recordName])).toBe(expected);
    },
  );
});

describe("whole areas", () => {
  // prettier-ignore
  const areaRows = [
    { action: "admin.area",       admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "community.manage", admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "strand.manage",    admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "contact.merge",    admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "contact.subjectAccess", admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "contact.erase",    admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "community.list",   admin: true, steering: true,  strand_lead: true,  liaison: true },
    { action: "indicator.define", admin: true, steering: false, strand_lead: false, liaison: false },
    { action: "indicator.read",   admin: true, steering: true,  strand_lead: true,  liaison: true },
    { action: "review.read",      admin: true, steering: true,  strand_lead: false, liaison: false },
    { action: "review.manage",    admin: true, steering: true,  strand_lead: false, liaison: false },
  ] as const;
  const rows = areaRows.flatMap((row) =>
    (Object.keys(actors) as Role[]).map((role) => ({
      role,
      action: row.action,
      expected: row[role],
    })),
  );

  it.each(rows)("$role: $action → $expected", ({ role, action, expected }) => {
    expect(can(actors[role], action)).toBe(expected);
  });
});

describe("community pages", () => {
  const rows = [
    { role: "admin", community: "assigned", expected: true },
    { role: "admin", community: "other", expected: true },
    { role: "steering", community: "assigned", expected: true },
    { role: "steering", community: "other", expected: true },
    // A strand lead works across all communities.
    { role: "strand_lead", community: "assigned", expected: true },
    { role: "strand_lead", community: "other", expected: true },
    { role: "liaison", community: "assigned", expected: true },
    { role: "liaison", community: "other", expected: false },
  ] as const;

  it.each(rows)("$role: community.read of the $community community → $expected", (row) => {
    const communityId = row.community === "assigned" ? ASSIGNED_COMMUNITY : OTHER_COMMUNITY;
    expect(can(actors[row.role], "community.read", { communityId })).toBe(row.expected);
  });

  it.each([
    { role: "admin", expected: "all" },
    { role: "steering", expected: "all" },
    { role: "strand_lead", expected: "all" },
    { role: "liaison", expected: [ASSIGNED_COMMUNITY] },
  ] as const)("$role: visibleCommunityIds → $expected", ({ role, expected }) => {
    expect(visibleCommunityIds(actors[role])).toEqual(expected);
  });

  it("a liaison officer with no assignment sees no community", () => {
    const unassigned: Actor = { id: 5, role: "liaison", communityIds: [], strandKeys: [] };
    expect(visibleCommunityIds(unassigned)).toEqual([]);
    expect(can(unassigned, "community.read", { communityId: ASSIGNED_COMMUNITY })).toBe(false);
  });
});

describe("assignments count only for the role they belong to", () => {
  // An officer moved from liaison to strand lead may still have old rows; they grant nothing.
  const strandLeadWithCommunities: Actor = {
    id: 6,
    role: "strand_lead",
    communityIds: [ASSIGNED_COMMUNITY],
    strandKeys: ["youth"],
  };
  const liaisonWithStrands: Actor = {
    id: 7,
    role: "liaison",
    communityIds: [ASSIGNED_COMMUNITY],
    strandKeys: ["media"],
  };

  it("a strand lead's community ids do not open records of other strands", () => {
    const record = records["of the assigned community, in another strand"];
    expect(can(strandLeadWithCommunities, "record.read", record)).toBe(false);
    expect(can(strandLeadWithCommunities, "record.update", record)).toBe(false);
  });

  it("a liaison officer's strand keys do not open records of other communities", () => {
    const record = records["of another community, in another strand"];
    expect(can(liaisonWithStrands, "record.read", record)).toBe(false);
    expect(can(liaisonWithStrands, "record.update", record)).toBe(false);
    expect(
      can(liaisonWithStrands, "record.update", records["with no community, in another strand"]),
    ).toBe(false);
  });
});

describe("recordScope: the same rule as a WHERE clause", () => {
  const scopeRows: { role: Role; purpose: "read" | "write"; expected: RecordScope }[] = [
    { role: "admin", purpose: "read", expected: { kind: "all" } },
    { role: "admin", purpose: "write", expected: { kind: "all" } },
    { role: "steering", purpose: "read", expected: { kind: "all" } },
    {
      role: "steering",
      purpose: "write",
      expected: { kind: "communities", communityIds: [], includeCommunityless: false },
    },
    { role: "strand_lead", purpose: "read", expected: { kind: "strands", strandKeys: ["youth"] } },
    { role: "strand_lead", purpose: "write", expected: { kind: "strands", strandKeys: ["youth"] } },
    {
      role: "liaison",
      purpose: "read",
      expected: {
        kind: "communities",
        communityIds: [ASSIGNED_COMMUNITY],
        includeCommunityless: true,
      },
    },
    {
      role: "liaison",
      purpose: "write",
      expected: {
        kind: "communities",
        communityIds: [ASSIGNED_COMMUNITY],
        includeCommunityless: false,
      },
    },
  ];

  it.each(scopeRows)("$role, to $purpose → $expected.kind", ({ role, purpose, expected }) => {
    expect(recordScope(actors[role], purpose)).toEqual(expected);
  });

  /** How a query applies a scope: the reading of the shape that lists and searches rely on. */
  function scopeAdmits(scope: RecordScope, record: ScopedRecord): boolean {
    switch (scope.kind) {
      case "all":
        return true;
      case "strands":
        return record.strandKeys.some((key) => scope.strandKeys.includes(key));
      case "communities":
        return (
          record.communityIds.some((id) => scope.communityIds.includes(id)) ||
          (scope.includeCommunityless && record.communityIds.length === 0)
        );
    }
  }

  const agreementRows = (Object.keys(actors) as Role[]).flatMap((role) =>
    (Object.keys(records) as RecordName[]).flatMap((recordName) => [
      { role, recordName, purpose: "read" as const, action: "record.read" as const },
      { role, recordName, purpose: "write" as const, action: "record.update" as const },
    ]),
  );

  it.each(agreementRows)(
    "$role: a list to $purpose holds a record $recordName exactly when $action allows it",
    ({ role, recordName, purpose, action }) => {
      const record = records[recordName];
      expect(scopeAdmits(recordScope(actors[role], purpose), record)).toBe(
        can(actors[role], action, record),
      );
    },
  );
});

describe("action plans: strand leads drive items, owners report progress", () => {
  const items = {
    "in the assigned community, in the led strand, owned by nobody": {
      communityId: ASSIGNED_COMMUNITY,
      strandKey: "youth",
      ownerUserId: null,
    },
    "in the assigned community, in another strand, owned by the liaison officer": {
      communityId: ASSIGNED_COMMUNITY,
      strandKey: "media",
      ownerUserId: actors.liaison.id,
    },
    "in another community, in the led strand, owned by nobody": {
      communityId: OTHER_COMMUNITY,
      strandKey: "youth",
      ownerUserId: null,
    },
    "in another community, in another strand, owned by nobody": {
      communityId: OTHER_COMMUNITY,
      strandKey: "media",
      ownerUserId: null,
    },
    "in another community, in another strand, owned by the liaison officer": {
      communityId: OTHER_COMMUNITY,
      strandKey: "media",
      ownerUserId: actors.liaison.id,
    },
    "in another community, in another strand, owned by the strand lead": {
      communityId: OTHER_COMMUNITY,
      strandKey: "media",
      ownerUserId: actors.strand_lead.id,
    },
  } satisfies Record<string, ActionItemRecord>;
  type ItemName = keyof typeof items;

  // prettier-ignore
  const itemExpectations: [Role, ItemName, boolean, boolean, boolean][] = [
    // role         an item …                                                                   read   manage progress
    ["admin",       "in the assigned community, in the led strand, owned by nobody",            true,  true,  true],
    ["admin",       "in another community, in another strand, owned by nobody",                 true,  true,  true],
    ["steering",    "in the assigned community, in the led strand, owned by nobody",            true,  false, false],
    ["steering",    "in another community, in another strand, owned by nobody",                 true,  false, false],
    ["strand_lead", "in the assigned community, in the led strand, owned by nobody",            true,  true,  true],
    ["strand_lead", "in another community, in the led strand, owned by nobody",                 true,  true,  true],
    ["strand_lead", "in another community, in another strand, owned by nobody",                 false, false, false],
    // An owner outside the strand still sees and reports on their own item, but does not manage it.
    ["strand_lead", "in another community, in another strand, owned by the strand lead",       true,  false, true],
    ["liaison",     "in the assigned community, in the led strand, owned by nobody",            true,  false, false],
    ["liaison",     "in the assigned community, in another strand, owned by the liaison officer", true, false, true],
    ["liaison",     "in another community, in the led strand, owned by nobody",                 false, false, false],
    ["liaison",     "in another community, in another strand, owned by the liaison officer",    true,  false, true],
  ];

  it.each(itemExpectations)(
    "a %s and an item %s: read %s, manage %s, progress %s",
    (role, itemName, read, manage, progress) => {
      const item = items[itemName];
      expect(can(actors[role], "actionItem.read", item)).toBe(read);
      expect(can(actors[role], "actionItem.manage", item)).toBe(manage);
      expect(can(actors[role], "actionItem.progress", item)).toBe(progress);
    },
  );

  // prettier-ignore
  const planExpectations: [Role, boolean, boolean, boolean, boolean, boolean][] = [
    // role         template of led strand, of another, apply, read own plan, read another's
    ["admin",       true,  true,  true,  true,  true],
    ["steering",    false, false, false, true,  true],
    ["strand_lead", true,  false, true,  true,  true],
    ["liaison",     false, false, false, true,  false],
  ];

  it.each(planExpectations)(
    "a %s: edits the led strand's template %s, another's %s; applies %s; reads the assigned community's plan %s, another's %s",
    (role, ledTemplate, otherTemplate, apply, ownPlan, otherPlan) => {
      const actor = actors[role];
      expect(can(actor, "actionTemplate.edit", { strandKey: "youth" })).toBe(ledTemplate);
      expect(can(actor, "actionTemplate.edit", { strandKey: "media" })).toBe(otherTemplate);
      expect(can(actor, "actionPlan.apply", { communityId: OTHER_COMMUNITY })).toBe(apply);
      expect(can(actor, "actionPlan.read", { communityId: ASSIGNED_COMMUNITY })).toBe(ownPlan);
      expect(can(actor, "actionPlan.read", { communityId: OTHER_COMMUNITY })).toBe(otherPlan);
    },
  );

  function itemScopeAdmits(scope: ActionItemScope, item: ActionItemRecord): boolean {
    if (scope.kind === "all") return true;
    return (
      scope.communityIds.includes(item.communityId) ||
      scope.strandKeys.includes(item.strandKey) ||
      item.ownerUserId === scope.ownerUserId
    );
  }

  const scopeRows = (Object.keys(actors) as Role[]).flatMap((role) =>
    (Object.keys(items) as ItemName[]).map((itemName) => ({ role, itemName })),
  );

  it.each(scopeRows)(
    "$role: item lists hold the item $itemName exactly when actionItem.read allows it",
    ({ role, itemName }) => {
      const item = items[itemName];
      expect(itemScopeAdmits(actionItemScope(actors[role]), item)).toBe(
        can(actors[role], "actionItem.read", item),
      );
    },
  );
});

describe("feedback: writers answer it, owners answer their own, steering decides", () => {
  const inAssigned = { communityIds: [ASSIGNED_COMMUNITY], strandKeys: ["media"] } as const;
  const inOtherLed = { communityIds: [OTHER_COMMUNITY], strandKeys: ["youth"] } as const;
  const inOther = { communityIds: [OTHER_COMMUNITY], strandKeys: ["media"] } as const;
  const nobody = 999;

  // prettier-ignore
  const rows: [Role, string, FeedbackRecord, boolean, boolean][] = [
    // role         feedback …                                    record                                          progress decide
    ["admin",       "of another community",                       { ...inOther, ownerUserId: nobody },             true,  true],
    ["steering",    "of another community",                       { ...inOther, ownerUserId: nobody },             false, true],
    ["strand_lead", "of another community, in the led strand",    { ...inOtherLed, ownerUserId: nobody },          true,  false],
    ["strand_lead", "of another community and strand",            { ...inOther, ownerUserId: nobody },             false, false],
    ["strand_lead", "of another community and strand, owned",     { ...inOther, ownerUserId: actors.strand_lead.id }, true, false],
    ["liaison",     "of the assigned community",                  { ...inAssigned, ownerUserId: nobody },          true,  false],
    ["liaison",     "of another community",                       { ...inOther, ownerUserId: nobody },             false, false],
    ["liaison",     "of another community, owned",                { ...inOther, ownerUserId: actors.liaison.id },  true,  false],
  ];

  it.each(rows)(
    "a %s and feedback %s: progress %s, decide %s",
    (role, _name, item, progress, decide) => {
      expect(can(actors[role], "feedback.progress", item)).toBe(progress);
      expect(can(actors[role], "feedback.decide", item)).toBe(decide);
    },
  );

  // prettier-ignore
  const readingRows: [Role, boolean, boolean][] = [
    // role         assigned community, another community
    ["admin",       true,  true],
    ["steering",    false, false],
    ["strand_lead", true,  true],
    ["liaison",     true,  false],
  ];

  it.each(readingRows)(
    "a %s records indicator readings for the assigned community %s, another %s",
    (role, assigned, other) => {
      expect(can(actors[role], "indicator.record", { communityId: ASSIGNED_COMMUNITY })).toBe(
        assigned,
      );
      expect(can(actors[role], "indicator.record", { communityId: OTHER_COMMUNITY })).toBe(other);
    },
  );
});
