// Demo action plans: the programme template (items for every strand) and a plan for each demo
// community already past "identified", with items in every status and RAG rating and progress
// histories written as the app writes them, some items linked to the held engagements that moved
// them on. Syria and Ukraine are left without a plan so applying
// the template can be shown. Deterministic (a seeded PRNG) and additive only: it writes nothing
// once any template item or plan exists.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Actor } from "../app/auth/policy";
import type { Db, Tx } from "../app/db/client.server";
import {
  actionItems,
  actionPlans,
  actionTemplateItems,
  communities,
  engagementCommunities,
  engagements,
  engagementStrands,
  users,
  type ActionItemStatus,
  type ActionOwnerRole,
  type StrandKey,
} from "../app/db/schema";
import {
  addProgressUpdate,
  applyTemplate,
  createTemplateItem,
  linkEngagement,
  progressProblem,
  updateActionItem,
} from "../app/domain/action-plans.server";
import { addDays, daysBetween, londonToday, londonWallClockToUtc } from "../app/domain/london-time";
import { dice, type Dice } from "./seeded-random";

// The demo accounts of scripts/demo-data.ts, named here for the same reason demo-directory.ts does.
export const LIAISON_EMAIL = "liaison@crg.test";
export const LEAD_EMAIL = "lead@crg.test";
export const ADMIN_EMAIL = "admin@crg.test";
export const LIAISON_COUNTRIES = ["AF", "AL", "ER"];
export const LEAD_STRANDS: StrandKey[] = ["political", "community"];

const SEED = 20_241_205;

// ---------------------------------------------------------------------------------------------
// The template: the programme's first year for a community, strand by strand (seed report C.2).

type DemoTemplateItem = {
  strandKey: StrandKey;
  title: string;
  description: string;
  dueOffsetDays: number;
  defaultOwnerRole: ActionOwnerRole;
};

export const DEMO_TEMPLATE: DemoTemplateItem[] = [
  {
    strandKey: "political",
    title: "Introductory meeting with the embassy",
    description:
      "Meet the embassy or high commission's community affairs lead and explain the programme.",
    dueOffsetDays: 30,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "political",
    title: "Brief the borough's elected members",
    description:
      "Brief ward councillors and the local MP's office on the community and the programme.",
    dueOffsetDays: 60,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "political",
    title: "Agree a named embassy contact for community tensions",
    description: "One person at the embassy the force can call when tensions rise, and back.",
    dueOffsetDays: 90,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "political",
    title: "Six-month review with the embassy",
    description: "Review what has been shared, what has worked and what the embassy needs from us.",
    dueOffsetDays: 180,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "business",
    title: "Map the community's business networks",
    description:
      "Trade associations, chambers and the established business people others listen to.",
    dueOffsetDays: 30,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "business",
    title: "Convene the business forum",
    description: "First meeting of the forum: terms of reference, membership and a chair.",
    dueOffsetDays: 90,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "business",
    title: "Business crime prevention briefing",
    description:
      "Robbery, fraud and extortion: how to report, with the borough's crime prevention team.",
    dueOffsetDays: 150,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "business",
    title: "Review the business forum's membership",
    description: "Who comes, who does not, and who else the forum should invite.",
    dueOffsetDays: 270,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "religious",
    title: "Identify places of worship and faith leaders",
    description: "List the places of worship the community uses and who leads them.",
    dueOffsetDays: 14,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "religious",
    title: "Introductory visit to the main place of worship",
    description: "Visit with the neighbourhood team; agree how the force is welcome to attend.",
    dueOffsetDays: 45,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "religious",
    title: "Convene the religious forum",
    description: "Faith leaders and faith-based support groups meet with the force.",
    dueOffsetDays: 120,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "youth",
    title: "Map youth groups and supplementary schools",
    description:
      "Youth clubs, sports clubs and weekend schools the community's young people attend.",
    dueOffsetDays: 30,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "youth",
    title: "Youth engagement session with schools officers",
    description: "A session run with the safer schools officers and the council's youth service.",
    dueOffsetDays: 90,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "youth",
    title: "Set up a youth advisory panel",
    description: "Young people who advise the force on what works for them, meeting each term.",
    dueOffsetDays: 180,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "media",
    title: "Identify community media and journalists",
    description:
      "Newspapers, radio, television and social media the community follows, here and abroad.",
    dueOffsetDays: 21,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "media",
    title: "Agree a protocol for appeals in community media",
    description: "How and when the force places appeals, and who approves translations.",
    dueOffsetDays: 75,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "media",
    title: "Feature on reporting exploitation and hate crime",
    description: "A feature in the community's own media on how to report and what happens next.",
    dueOffsetDays: 150,
    defaultOwnerRole: "strand_lead",
  },
  {
    strandKey: "community",
    title: "Identify key community contacts",
    description: "Record the key community members in the directory with their cadence.",
    dueOffsetDays: 14,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "community",
    title: "Introductory meeting with community leaders",
    description: "Introduce the liaison officer and the programme to the community's leaders.",
    dueOffsetDays: 21,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "community",
    title: "Link key contacts with the borough police",
    description:
      "Introduce key contacts to their safer neighbourhood teams and consultative groups.",
    dueOffsetDays: 60,
    defaultOwnerRole: "liaison",
  },
  {
    strandKey: "community",
    title: "Community open day with the neighbourhood team",
    description: "An open day at a community venue with the neighbourhood team and partners.",
    dueOffsetDays: 120,
    defaultOwnerRole: "strand_lead",
  },
];

/**
 * How long ago each community's plan started. Eritrea and Sudan had the template applied only
 * weeks ago and have not started an item (so they stay `template_applied`); the rest are months in.
 */
const PLAN_STARTED_DAYS_AGO: Record<string, number> = {
  AF: 300,
  AL: 240,
  ER: 20,
  IQ: 330,
  IR: 150,
  SD: 45,
  VN: 200,
  CN: 320,
  NG: 120,
  PK: 280,
};

// ---------------------------------------------------------------------------------------------
// Progress notes. {c} is the community's adjective.

const START_NOTES = [
  "Started: first contact made and a date pencilled in.",
  "Picked this up with the {c} community's chair; work under way.",
  "Started: drafted the list and shared it with the neighbourhood team.",
  "Under way: agreed the approach with the strand lead.",
];
const PROGRESS_NOTES = [
  "Phoned two of the {c} contacts; both willing to help.",
  "Meeting held; notes on the engagement record. Next step agreed.",
  "Chased by email, waiting for a reply.",
  "Venue options narrowed to two; checking accessibility.",
  "Translations of the invitation back from the language service.",
  "Discussed at the monthly {c} catch-up; support is good.",
  "Draft shared with the community's chair for comments.",
  "Spoke to the borough's community engagement officer; they will join.",
  "Short delay: the key contact was abroad for two weeks.",
  "Second meeting held; agreed who else to invite.",
  "Updated the directory with three new contacts from this.",
  "Checked in with the strand lead; still on course.",
];
const BLOCKED_NOTES = [
  "Blocked: the embassy has not replied to three requests.",
  "Blocked: no venue available until the council's hall reopens.",
  "Blocked: the community's chair has stepped down; waiting for a successor.",
  "Blocked: the language service cannot supply an interpreter before next month.",
];
const UNBLOCKED_NOTES = [
  "Unblocked: reply received and a date agreed.",
  "Back on: a new venue has been found.",
  "Unblocked: the new chair is willing to take this forward.",
];
const DONE_NOTES = [
  "Done: held as planned, well attended. Actions recorded on the engagement.",
  "Done: list complete and recorded in the directory.",
  "Done: agreed and written up; copy sent to the strand lead.",
  "Done: feedback from the {c} community was positive.",
];
const CANCELLED_NOTES = [
  "Cancelled: covered by the borough's own programme this year.",
  "Cancelled: the community asked us to fold this into the open day.",
  "Cancelled: no longer needed after the forum's change of scope.",
];
const NOT_STARTED_NOTES = [
  "Not started yet: waiting on the introductory meeting first.",
  "Discussed with the {c} community's chair; will start after the holidays.",
];

// ---------------------------------------------------------------------------------------------
// Planning an item's history: the status it ends in and the dated updates that take it there.

type PlannedUpdate = { day: string; note: string; newStatus: ActionItemStatus | null };

type DemoItem = {
  id: number;
  communityId: number;
  countryCode: string;
  adjective: string;
  strandKey: StrandKey;
  ownerUserId: number | null;
  dueOn: string;
  createdOn: string;
};

/** `count` distinct days from `from` to `to` inclusive, ascending (fewer if the range is short). */
function spreadDays(roll: Dice, from: string, to: string, count: number): string[] {
  const span = daysBetween(from, to);
  if (span < 0) return [];
  const days = new Set<number>();
  for (let attempt = 0; days.size < Math.min(count, span + 1) && attempt < count * 20; attempt++) {
    days.add(roll.whole(0, span));
  }
  return [...days].sort((a, b) => a - b).map((offset) => addDays(from, offset));
}

function finalStatusFor(roll: Dice, item: DemoItem, today: string, stillNew: boolean) {
  // A plan applied weeks ago has nothing started: the community is still `template_applied`.
  if (stillNew) return "not_started" as const;
  const overdue = item.dueOn < today;
  return roll.weighted<ActionItemStatus>(
    overdue
      ? [
          ["done", 50],
          ["in_progress", 17],
          ["not_started", 12],
          ["blocked", 12],
          ["cancelled", 9],
        ]
      : [
          ["not_started", 35],
          ["in_progress", 38],
          ["blocked", 10],
          ["done", 10],
          ["cancelled", 7],
        ],
  );
}

function planHistory(roll: Dice, item: DemoItem, today: string, stillNew: boolean) {
  const note = (list: readonly string[]) => roll.pick(list).replaceAll("{c}", item.adjective);
  const final = finalStatusFor(roll, item, today, stillNew);
  const yesterday = addDays(today, -1);
  const firstDay = addDays(item.createdOn, 2);
  if (firstDay > yesterday) return [];
  const updates: PlannedUpdate[] = [];
  if (final === "not_started") {
    if (roll.chance(0.5)) {
      const [day] = spreadDays(roll, firstDay, yesterday, 1);
      if (day) updates.push({ day, note: note(NOT_STARTED_NOTES), newStatus: null });
    }
    return updates;
  }
  // One item in five of the longer-running ones has a long history: a note most weeks or two.
  const long = final !== "cancelled" && daysBetween(firstDay, yesterday) > 90 && roll.chance(0.2);
  const noteCount = long ? roll.whole(7, 12) : roll.whole(0, 3);
  // An in-progress item left alone for a month or more is what turns amber for staleness.
  const goneQuiet = final === "in_progress" && roll.chance(0.3);
  const lastDay = goneQuiet ? addDays(today, -roll.whole(31, 75)) : yesterday;
  const recentFrom = final === "in_progress" && !goneQuiet ? addDays(today, -20) : null;
  const days = spreadDays(roll, firstDay, lastDay, noteCount + 3);
  if (days.length < 2) return [];
  if (recentFrom && days[days.length - 1]! < recentFrom) {
    days[days.length - 1] = addDays(today, -roll.whole(1, 20));
  }
  const [startDay, ...rest] = days;
  const finalDay = rest.pop()!;
  if (final === "cancelled" && roll.chance(0.5)) {
    updates.push({ day: finalDay, note: note(CANCELLED_NOTES), newStatus: "cancelled" });
    return updates;
  }
  updates.push({ day: startDay!, note: note(START_NOTES), newStatus: "in_progress" });
  const blockedOnce = long && rest.length > 4 && final !== "blocked";
  rest.forEach((day, index) => {
    if (blockedOnce && index === 1) {
      updates.push({ day, note: note(BLOCKED_NOTES), newStatus: "blocked" });
    } else if (blockedOnce && index === 3) {
      updates.push({ day, note: note(UNBLOCKED_NOTES), newStatus: "in_progress" });
    } else {
      updates.push({ day, note: note(PROGRESS_NOTES), newStatus: null });
    }
  });
  const closing: Record<Exclude<ActionItemStatus, "not_started">, PlannedUpdate> = {
    in_progress: { day: finalDay, note: note(PROGRESS_NOTES), newStatus: null },
    blocked: { day: finalDay, note: note(BLOCKED_NOTES), newStatus: "blocked" },
    done: { day: finalDay, note: note(DONE_NOTES), newStatus: "done" },
    cancelled: { day: finalDay, note: note(CANCELLED_NOTES), newStatus: "cancelled" },
  };
  updates.push(closing[final]);
  return updates;
}

// ---------------------------------------------------------------------------------------------
// Writing it.

type DemoActors = { admin: Actor; lead: Actor; liaison: Actor };

export function demoActor(tx: Tx, email: string, scope: Omit<Actor, "id" | "role">): Actor {
  const user = tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(eq(users.email, email))
    .get();
  if (!user) throw new Error(`Demo account ${email} is missing: load the demo accounts first`);
  return { id: user.id, role: user.role, ...scope };
}

/** Who writes an update: mostly the owner, else whoever else runs the item; cancelling needs a manager. */
function authorOf(roll: Dice, item: DemoItem, actors: DemoActors, update: PlannedUpdate): Actor {
  const managers = [actors.admin];
  if (LEAD_STRANDS.includes(item.strandKey)) managers.push(actors.lead);
  if (update.newStatus === "cancelled") return roll.pick(managers);
  const everyone = [...managers];
  if (LIAISON_COUNTRIES.includes(item.countryCode)) everyone.push(actors.liaison);
  const owner = everyone.find((actor) => actor.id === item.ownerUserId);
  return owner && roll.chance(0.7) ? owner : roll.pick(everyone);
}

/** A working-hours instant on a London date, so updates read as written during the day. */
export function duringTheDay(roll: Dice, day: string): Date {
  const time = `${String(roll.whole(8, 17)).padStart(2, "0")}:${String(roll.whole(0, 59)).padStart(2, "0")}`;
  return londonWallClockToUtc(day, time) ?? londonWallClockToUtc(day, "12:00")!;
}

/**
 * Loads the demo template and plans in one transaction, through the app's own template, apply and
 * progress functions (nested as savepoints), so every plan, item, update, status move and audit
 * event follows the same rules as one made in the app. Adds nothing once any template item or plan
 * exists, so it is safe to run again and never touches a programme in real use.
 */
export function loadDemoActionPlans(
  db: Db,
  now: Date,
): {
  templateItemsAdded: number;
  actionPlansAdded: number;
  progressUpdatesAdded: number;
  engagementLinksAdded: number;
} {
  return db.transaction((tx) => {
    const nothing = {
      templateItemsAdded: 0,
      actionPlansAdded: 0,
      progressUpdatesAdded: 0,
      engagementLinksAdded: 0,
    };
    if (tx.select({ id: actionTemplateItems.id }).from(actionTemplateItems).limit(1).get()) {
      return nothing;
    }
    if (tx.select({ id: actionPlans.id }).from(actionPlans).limit(1).get()) return nothing;
    const communityList = tx
      .select({ id: communities.id, countryCode: communities.countryCode, name: communities.name })
      .from(communities)
      .where(
        and(
          inArray(communities.countryCode, Object.keys(PLAN_STARTED_DAYS_AGO)),
          isNull(communities.archivedAt),
        ),
      )
      .orderBy(asc(communities.id))
      .all();
    if (communityList.length === 0) return nothing;
    const liaisonCommunityIds = communityList
      .filter((community) => LIAISON_COUNTRIES.includes(community.countryCode))
      .map((community) => community.id);
    const actors: DemoActors = {
      admin: demoActor(tx, ADMIN_EMAIL, { communityIds: [], strandKeys: [] }),
      lead: demoActor(tx, LEAD_EMAIL, { communityIds: [], strandKeys: LEAD_STRANDS }),
      liaison: demoActor(tx, LIAISON_EMAIL, { communityIds: liaisonCommunityIds, strandKeys: [] }),
    };
    // The domain functions open their own transaction; inside this one that is a savepoint.
    const nested = tx as unknown as Db;
    const today = londonToday(now);
    const templateWrittenAt = londonWallClockToUtc(addDays(today, -400), "10:00")!;
    DEMO_TEMPLATE.forEach((item, index) => {
      const written = createTemplateItem(
        nested,
        actors.admin,
        { ...item, position: index },
        templateWrittenAt,
      );
      if (!written.ok) throw new Error(`Demo template item refused: ${item.title}`);
    });

    const heldEngagements = heldEngagementsByCommunityAndStrand(tx);
    const roll = dice(SEED);
    let progressUpdatesAdded = 0;
    let engagementLinksAdded = 0;
    for (const community of communityList) {
      const startedDaysAgo = PLAN_STARTED_DAYS_AGO[community.countryCode]!;
      const startOn = addDays(today, -startedDaysAgo);
      const applied = applyTemplate(
        nested,
        actors.admin,
        community.id,
        startOn,
        duringTheDay(roll, startOn),
      );
      if (!applied.ok) throw new Error(`Demo plan refused for ${community.name}`);
      const stillNew = startedDaysAgo < 60;
      const items = tx
        .select({
          id: actionItems.id,
          strandKey: actionItems.strandKey,
          title: actionItems.title,
          description: actionItems.description,
          ownerUserId: actionItems.ownerUserId,
          dueOn: actionItems.dueOn,
          createdAt: actionItems.createdAt,
        })
        .from(actionItems)
        .where(eq(actionItems.planId, applied.planId))
        .orderBy(asc(actionItems.id))
        .all();
      for (const row of items) {
        // The demo has no lead for four strands: the programme manager takes most of their items
        // on when the plan is made, and a few stay unowned, as gaps to show.
        if (row.ownerUserId === null && roll.chance(0.75)) {
          const reassigned = updateActionItem(
            nested,
            actors.admin,
            row.id,
            {
              title: row.title,
              description: row.description,
              ownerUserId: actors.admin.id,
              dueOn: row.dueOn,
            },
            row.createdAt,
          );
          if (!reassigned.ok) throw new Error(`Demo reassignment refused on item ${row.id}`);
          row.ownerUserId = actors.admin.id;
        }
        const item: DemoItem = {
          ...row,
          communityId: community.id,
          countryCode: community.countryCode,
          adjective: community.name.replace(/ community$/, ""),
          createdOn: londonToday(row.createdAt),
        };
        let status: ActionItemStatus = "not_started";
        for (const update of planHistory(roll, item, today, stillNew)) {
          const author = authorOf(roll, item, actors, update);
          const input = { happenedOn: update.day, note: update.note, newStatus: update.newStatus };
          // The same check the app makes, so a history the rules would refuse fails loudly here.
          const problem = progressProblem(status, input, { mayManage: true, today });
          if (problem) throw new Error(`Demo progress refused: ${JSON.stringify(problem)}`);
          const written = addProgressUpdate(
            nested,
            author,
            item.id,
            input,
            duringTheDay(roll, update.day),
          );
          if (!written.ok) throw new Error(`Demo progress refused on item ${item.id}`);
          if (update.newStatus) status = update.newStatus;
          progressUpdatesAdded += 1;
        }
        // Some of the items worked on point at the meetings that moved them on.
        if (status === "not_started" || status === "cancelled" || !roll.chance(0.4)) continue;
        const candidates = (heldEngagements.get(`${item.communityId}:${item.strandKey}`) ?? [])
          .filter((engagement) => engagement.startsAt >= row.createdAt)
          .slice(0, 2);
        for (const engagement of candidates) {
          const linked = linkEngagement(nested, actors.admin, item.id, engagement.id, now);
          if (!linked.ok) throw new Error(`Demo link refused on item ${item.id}`);
          engagementLinksAdded += 1;
        }
      }
    }
    return {
      templateItemsAdded: DEMO_TEMPLATE.length,
      actionPlansAdded: communityList.length,
      progressUpdatesAdded,
      engagementLinksAdded,
    };
  });
}

/** Held engagements by "community:strand", newest first, read in one query. */
function heldEngagementsByCommunityAndStrand(tx: Tx) {
  const rows = tx
    .select({
      id: engagements.id,
      startsAt: engagements.startsAt,
      communityId: engagementCommunities.communityId,
      strandKey: engagementStrands.strandKey,
    })
    .from(engagements)
    .innerJoin(engagementCommunities, eq(engagementCommunities.engagementId, engagements.id))
    .innerJoin(engagementStrands, eq(engagementStrands.engagementId, engagements.id))
    .where(eq(engagements.status, "held"))
    .orderBy(desc(engagements.startsAt), asc(engagements.id))
    .all();
  const byKey = new Map<string, { id: number; startsAt: Date }[]>();
  for (const row of rows) {
    const key = `${row.communityId}:${row.strandKey}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { id: row.id, startsAt: row.startsAt }]);
  }
  return byKey;
}
