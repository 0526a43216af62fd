// Demo engagement log: a year of held engagements, the next eight weeks of planned ones, and
// follow-ups, deliberately uneven across communities and strands so the coverage matrix shows
// real gaps and the demo liaison officer has work due. Deterministic (a seeded PRNG) and additive
// only: it writes nothing once any engagement exists.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "../app/db/client.server";
import {
  communities,
  contacts,
  contactStrands,
  engagementCommunities,
  engagementContacts,
  engagementOfficers,
  engagements,
  engagementStrands,
  followUps,
  STRAND_KEYS,
  users,
  type EngagementType,
  type ProtectiveMarking,
  type StrandKey,
} from "../app/db/schema";
import { recordAudit } from "../app/domain/audit.server";
import { recomputeLastEngaged } from "../app/domain/last-engaged.server";
import { addDays, londonToday, londonWallClockToUtc } from "../app/domain/london-time";
import { dice, type Dice } from "./seeded-random";

// The demo accounts of scripts/demo-data.ts, named here for the same reason demo-directory.ts does.
const LIAISON_EMAIL = "liaison@crg.test";
const LEAD_EMAIL = "lead@crg.test";
const ADMIN_EMAIL = "admin@crg.test";
const LIAISON_COUNTRIES = ["AF", "AL", "ER"];
const LEAD_STRANDS: StrandKey[] = ["political", "community"];

const SEED = 20_241_129;
const HELD_COUNT = 420;
const PLANNED_COUNT = 30;
const PAST_DAYS = 365;
/** Planned ones reach eight weeks ahead, a weekend moved to the Monday included. */
const PLANNED_DAYS = 54;
/** Strands a community is quiet in are left alone for this long, so the last 90 days show gaps. */
const QUIET_WINDOW_DAYS = 100;
const CHUNK = 400;

// ---------------------------------------------------------------------------------------------
// The shape of the programme: how much each community is engaged, and where it is not.

const ALL_BUT = (...kept: StrandKey[]) => STRAND_KEYS.filter((strand) => !kept.includes(strand));

/**
 * Relative share of engagements, and the strands each community has gone quiet in lately. Syria
 * and Ukraine are new to the programme and barely engaged at all.
 */
const COMMUNITY_ENGAGEMENT: Record<string, { weight: number; quietStrands: StrandKey[] }> = {
  AF: { weight: 14, quietStrands: ["media"] },
  AL: { weight: 11, quietStrands: ["religious", "media"] },
  ER: { weight: 9, quietStrands: ["business"] },
  IQ: { weight: 8, quietStrands: ["youth"] },
  IR: { weight: 5, quietStrands: ["religious", "business"] },
  SD: { weight: 3, quietStrands: ["business", "media", "religious"] },
  VN: { weight: 6, quietStrands: ["religious"] },
  CN: { weight: 7, quietStrands: ["political"] },
  SY: { weight: 1, quietStrands: ALL_BUT("community") },
  NG: { weight: 5, quietStrands: ["media"] },
  UA: { weight: 1, quietStrands: ALL_BUT("political") },
  PK: { weight: 7, quietStrands: ["youth"] },
};

const STRAND_WEIGHTS: [StrandKey, number][] = [
  ["community", 3],
  ["political", 2],
  ["youth", 2],
  ["religious", 2],
  ["business", 1.5],
  ["media", 1],
];

/** Titles by strand, each with the type of engagement it describes; {c} is the community's adjective. */
const TITLES: Record<StrandKey, [EngagementType, string][]> = {
  political: [
    ["meeting", "Meeting with the {c} embassy's community affairs team"],
    ["call", "Call with the {c} embassy on community tensions"],
    ["letter", "Letter to the {c} embassy about the consular outreach day"],
    ["email", "Email to the {c} embassy: hate crime reporting leaflet"],
    ["visit", "Visit to the {c} embassy's consular section"],
    ["meeting", "Meeting with the borough's resettlement lead about {c} families"],
  ],
  business: [
    ["forum_session", "{c} business forum"],
    ["meeting", "Meeting with {c} shop owners about robberies"],
    ["visit", "Visit to {c} traders on the high street"],
    ["event", "Business crime prevention breakfast with {c} traders"],
    ["email", "Email to the {c} business network: card fraud alert"],
  ],
  religious: [
    ["visit", "Visit to the {c} place of worship"],
    ["meeting", "Meeting with {c} faith leaders"],
    ["forum_session", "{c} religious forum"],
    ["event", "Open day at the {c} place of worship"],
    ["call", "Call with a {c} faith leader after the local incident"],
  ],
  youth: [
    ["forum_session", "{c} youth forum"],
    ["event", "Football tournament with {c} young people"],
    ["visit", "Visit to the {c} youth project"],
    ["meeting", "Meeting with {c} youth workers about knife crime"],
    ["call", "Call with the {c} youth project coordinator"],
  ],
  media: [
    ["media_briefing", "Briefing for {c} community media"],
    ["call", "Call with {c} community radio about the witness appeal"],
    ["email", "Email to {c} community media: appeal for witnesses"],
    ["media_briefing", "Press briefing on the hate crime campaign for {c} journalists"],
    ["letter", "Letter to the editor of the {c} community newspaper"],
  ],
  community: [
    ["meeting", "{c} community reference group meeting"],
    ["forum_session", "{c} community forum"],
    ["call", "Call with the {c} community association chair"],
    ["visit", "Visit to the {c} advice surgery"],
    ["event", "{c} community safety open evening"],
    ["email", "Email to {c} CRG members: minutes and actions"],
    ["letter", "Letter to {c} CRG members: terms of reference renewal"],
  ],
};

const PURPOSES: Record<StrandKey, string[]> = {
  political: [
    "Share the force's approach to community tensions and hear the embassy's concerns.",
    "Agree how consular staff can signpost victims of crime to the police.",
  ],
  business: [
    "Hear traders' experience of shop theft and robbery and explain how to report it.",
    "Introduce the business crime officer and the shop-watch radio scheme.",
  ],
  religious: [
    "Reassure worshippers after recent incidents and explain the hate crime reporting routes.",
    "Discuss security advice for places of worship and the protective security grant.",
  ],
  youth: [
    "Hear young people's views on stop and search and on safety after school.",
    "Plan summer activities with youth workers and the safer neighbourhood team.",
  ],
  media: [
    "Brief community media on the current appeal and how to share it in community languages.",
    "Explain the force's media protocol and agree a contact for urgent messages.",
  ],
  community: [
    "Review the action plan with CRG members and hear what the community is raising.",
    "Hear residents' concerns about local policing and explain how to contact the local team.",
  ],
};

const MINUTES = [
  "Attendees raised concerns about response times to non-emergency calls; the officer explained the 101 and online reporting routes.",
  "Members said some residents are reluctant to report incidents because of past experiences; this is recorded as their account.",
  "The group discussed the translation of the hate crime leaflet and agreed which languages come first.",
  "Concerns were raised about anti-social behaviour near the station in the evenings.",
  "The chair thanked the police for the quick response to last month's incident.",
  "Young people described being stopped several times in one week; the officer explained how to give feedback on a stop.",
  "Traders reported a rise in shop theft and asked for more visible patrols at closing time.",
  "The embassy offered to share police safety messages through its consular newsletter.",
  "Faith leaders asked for advice on securing the building during festivals.",
  "Community media agreed to broadcast the appeal in two languages this week.",
  "Members reviewed the action plan; two items are behind because of venue problems.",
  "The group asked for a named contact in the safer neighbourhood team.",
];

const OUTCOMES = [
  "Leaflet translations to be commissioned.",
  "Safer neighbourhood team to attend the next session.",
  "Patrol times near the high street reviewed with the local inspector.",
  "Community contact list updated and shared with the local team.",
  "Appeal shared on community radio and messaging groups.",
  "Feedback passed to the borough commander.",
  "Follow-up meeting agreed for next month.",
  "No further action needed; relationship maintained.",
];

const FOLLOW_UP_TASKS = [
  "Send the minutes to everyone who attended",
  "Share the hate crime reporting leaflet in community languages",
  "Arrange a follow-up meeting with the youth project",
  "Ask the safer neighbourhood team to attend the next forum",
  "Reply to the embassy's letter",
  "Pass the concerns about the high street to the borough commander",
  "Check with the local inspector about evening patrols",
  "Invite the community association to the open day",
  "Send the security advice for places of worship",
  "Confirm the venue for the next forum session",
];

const VENUES = [
  "Community centre hall",
  "Borough police station, community room",
  "Civic centre, committee room 2",
  "Public library meeting room",
  "Youth club, main hall",
];

const DURATIONS: Record<EngagementType, number[]> = {
  meeting: [60, 60, 90],
  forum_session: [90, 120],
  call: [15, 30, 30],
  visit: [60, 90],
  event: [120, 180],
  media_briefing: [45, 60],
  email: [15],
  letter: [30],
};

/** Evening events suit the communities; calls, letters and office meetings keep office hours. */
const HOURS: Record<EngagementType, [number, number]> = {
  meeting: [9, 17],
  forum_session: [17, 19],
  call: [9, 16],
  visit: [10, 16],
  event: [17, 19],
  media_briefing: [10, 15],
  email: [9, 16],
  letter: [9, 15],
};

const ATTENDEES: Record<EngagementType, [number, number]> = {
  meeting: [1, 4],
  forum_session: [4, 9],
  call: [1, 1],
  visit: [1, 3],
  event: [4, 10],
  media_briefing: [2, 4],
  email: [1, 3],
  letter: [1, 2],
};

/** Sentiment −2…+2: mostly neutral to positive, with some hard conversations. */
const SENTIMENTS: [number, number][] = [
  [-2, 0.05],
  [-1, 0.15],
  [0, 0.3],
  [1, 0.35],
  [2, 0.15],
];

// ---------------------------------------------------------------------------------------------
// Planning.

type DemoContact = {
  id: number;
  communityId: number | null;
  strands: StrandKey[];
  ownerUserId: number | null;
  cadenceDays: number | null;
  createdAt: Date;
  /** Days before today this contact may be seen at the latest, so they show as due for contact. */
  notSinceDays: number;
};

type EngagementPlan = {
  type: EngagementType;
  status: "planned" | "held";
  title: string;
  /** London calendar date, and days from it to today (negative in the future). */
  date: string;
  daysAgo: number;
  startsAt: Date;
  durationMinutes: number;
  location: string;
  isOnline: boolean;
  purpose: string;
  minutes: string;
  outcomes: string;
  sentiment: number | null;
  marking: ProtectiveMarking;
  communityIds: number[];
  strandKeys: StrandKey[];
  contactIds: Set<number>;
  officerIds: number[];
  createdAt: Date;
};

type FollowUpPlan = {
  engagement: EngagementPlan;
  description: string;
  ownerUserId: number;
  dueOn: string;
  completedAt: Date | null;
};

type Officers = { liaison: number; lead: number; admin: number };

type Community = { id: number; countryCode: string; adjective: string };

function quarterHourIn(roll: Dice, [from, to]: [number, number]): string {
  const hour = roll.whole(from, to);
  const minute = roll.pick(["00", "15", "30", "45"]);
  return `${String(hour).padStart(2, "0")}:${minute}`;
}

function planEngagements(
  now: Date,
  communityList: Community[],
  contactList: DemoContact[],
  officers: Officers,
): { engagements: EngagementPlan[]; followUps: FollowUpPlan[] } {
  const roll = dice(SEED);
  const today = londonToday(now);
  const communityWeights = communityList.map(
    (community) => [community, COMMUNITY_ENGAGEMENT[community.countryCode]?.weight ?? 1] as const,
  );
  const contactsOf = new Map<number, DemoContact[]>();
  for (const contact of contactList) {
    if (contact.communityId === null) continue;
    const list = contactsOf.get(contact.communityId) ?? [];
    list.push(contact);
    contactsOf.set(contact.communityId, list);
  }
  const londonContacts = contactList.filter((contact) => contact.communityId === null);
  const liaisonCommunityIds = new Set(
    communityList
      .filter((community) => LIAISON_COUNTRIES.includes(community.countryCode))
      .map((community) => community.id),
  );

  const quietIn = (community: Community, strand: StrandKey) =>
    COMMUNITY_ENGAGEMENT[community.countryCode]?.quietStrands.includes(strand) ?? false;

  const officersFor = (community: Community, strands: StrandKey[]): number[] => {
    const leadStrand = strands.some((strand) => LEAD_STRANDS.includes(strand));
    if (liaisonCommunityIds.has(community.id)) {
      return leadStrand && roll.chance(0.35)
        ? [officers.liaison, officers.lead]
        : [officers.liaison];
    }
    if (leadStrand) return roll.chance(0.2) ? [officers.lead, officers.admin] : [officers.lead];
    return [officers.admin];
  };

  const chooseAttendees = (
    community: Community,
    strand: StrandKey,
    type: EngagementType,
    startsAt: Date,
    daysAgo: number,
  ): Set<number> => {
    const available = (contactsOf.get(community.id) ?? []).filter(
      (contact) => contact.createdAt < startsAt && contact.notSinceDays <= daysAgo,
    );
    const inStrand = available.filter((contact) => contact.strands.includes(strand));
    const [least, most] = ATTENDEES[type];
    const wanted = roll.whole(least, most);
    const chosen = roll.shuffle(inStrand).slice(0, wanted);
    if (chosen.length < wanted) {
      const others = available.filter((contact) => !chosen.includes(contact));
      chosen.push(...roll.shuffle(others).slice(0, wanted - chosen.length));
    }
    // Journalists and ministries without a community join some media and political engagements.
    if ((strand === "media" || strand === "political") && roll.chance(0.3)) {
      const outsiders = londonContacts.filter(
        (contact) => contact.strands.includes(strand) && contact.createdAt < startsAt,
      );
      if (outsiders.length > 0) chosen.push(roll.pick(outsiders));
    }
    return new Set(chosen.map((contact) => contact.id));
  };

  const planOne = (status: "planned" | "held", daysAgo: number): EngagementPlan => {
    const community = roll.weighted(communityWeights);
    const recent = status === "planned" || daysAgo <= QUIET_WINDOW_DAYS;
    const strandChoices = STRAND_WEIGHTS.filter(
      ([strand]) => !(recent && quietIn(community, strand)),
    );
    const strand = roll.weighted(strandChoices);
    const [type, titleTemplate] = roll.pick(TITLES[strand]);
    const strandKeys = new Set<StrandKey>([strand]);
    if (roll.chance(0.2)) {
      const second = roll.weighted(strandChoices);
      strandKeys.add(second);
    }
    const communityIds = [community.id];
    // A few joint sessions: a second community sharing a language or a concern.
    if ((type === "forum_session" || type === "event") && roll.chance(0.12)) {
      const partner = roll.weighted(communityWeights);
      const fits = [...strandKeys].every((key) => !(recent && quietIn(partner, key)));
      if (partner.id !== community.id && fits) communityIds.push(partner.id);
    }
    let date = addDays(today, -daysAgo);
    // Office business stays on weekdays, moved to the Friday or Monday that keeps a held
    // engagement in the past and a planned one in the future.
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (!["forum_session", "event"].includes(type) && (weekday === 0 || weekday === 6)) {
      const isHeld = status === "held";
      const shift = weekday === 0 ? (!isHeld || daysAgo > 1 ? 1 : -2) : isHeld ? -1 : 2;
      date = addDays(date, shift);
      daysAgo -= shift;
    }
    const time = quarterHourIn(roll, HOURS[type]);
    const startsAt = londonWallClockToUtc(date, time)!;
    const isOnline =
      type === "call" || type === "email" || (type === "meeting" && roll.chance(0.15));
    const inPerson = ["meeting", "forum_session", "visit", "event", "media_briefing"].includes(
      type,
    );
    const location = isOnline
      ? type === "meeting"
        ? "Microsoft Teams"
        : ""
      : inPerson
        ? `${roll.pick(VENUES)}, ${community.adjective} community`
        : "";
    const held = status === "held";
    const sensitive = roll.chance(strandKeys.has("political") ? 0.3 : 0.08);
    const minutes = held ? roll.shuffle(MINUTES).slice(0, roll.whole(1, 3)).join(" ") : "";
    return {
      type,
      status,
      title: titleTemplate.replace("{c}", community.adjective),
      date,
      daysAgo,
      startsAt,
      durationMinutes: roll.pick(DURATIONS[type]),
      location,
      isOnline,
      purpose: roll.pick(PURPOSES[strand]),
      minutes,
      outcomes: held ? roll.pick(OUTCOMES) : "",
      sentiment: held ? roll.weighted(SENTIMENTS) : null,
      marking: sensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL",
      communityIds,
      strandKeys: [...strandKeys],
      contactIds: chooseAttendees(community, strand, type, startsAt, daysAgo),
      officerIds: officersFor(community, [...strandKeys]),
      // Held ones are written up the same day or soon after; planned ones were booked weeks ahead.
      createdAt: held
        ? new Date(startsAt.getTime() + roll.whole(2, 72) * 3_600_000)
        : new Date(now.getTime() - roll.whole(1, 21) * 86_400_000),
    };
  };

  const plans: EngagementPlan[] = [];
  for (let i = 0; i < HELD_COUNT; i += 1) plans.push(planOne("held", roll.whole(1, PAST_DAYS)));
  for (let i = 0; i < PLANNED_COUNT; i += 1) {
    plans.push(planOne("planned", -roll.whole(1, PLANNED_DAYS)));
  }
  // Written up later than "now" would be odd in the demo: cap at the load time.
  for (const plan of plans) if (plan.createdAt > now) plan.createdAt = now;

  const held = plans.filter((plan) => plan.status === "held");
  const heldIn = (communityId: number, fromDaysAgo: number, toDaysAgo: number) =>
    held.filter(
      (plan) =>
        plan.communityIds.includes(communityId) &&
        plan.daysAgo >= fromDaysAgo &&
        plan.daysAgo <= toDaysAgo,
    );

  // Contacts kept away lately were still engaged once, longer ago; the liaison officer's other
  // key contacts were seen within their cadence, so "due for contact" is a short, real list.
  for (const contact of contactList) {
    if (contact.communityId === null) continue;
    const attended = held.filter((plan) => plan.contactIds.has(contact.id));
    if (contact.notSinceDays > 0) {
      if (attended.length > 0) continue;
      const older = heldIn(contact.communityId, contact.notSinceDays, PAST_DAYS).filter(
        (plan) => plan.startsAt > contact.createdAt,
      );
      if (older.length > 0) roll.pick(older).contactIds.add(contact.id);
    } else if (
      contact.cadenceDays !== null &&
      contact.ownerUserId === officers.liaison &&
      !attended.some((plan) => plan.daysAgo < contact.cadenceDays! - 2)
    ) {
      const recent = heldIn(contact.communityId, 1, contact.cadenceDays - 3);
      if (recent.length > 0) roll.pick(recent).contactIds.add(contact.id);
    }
  }

  // Follow-ups. The liaison officer's are set out on purpose: some overdue, some due this week,
  // some later and some done; everyone else's fall where they fall.
  const followUpPlans: FollowUpPlan[] = [];
  const liaisonHeld = held
    .filter((plan) => plan.officerIds.includes(officers.liaison))
    .sort((a, b) => a.daysAgo - b.daysAgo);
  const liaisonDue: [number, "open" | "done"][] = [
    [-18, "open"],
    [-9, "open"],
    [-4, "open"],
    [-1, "open"],
    [0, "open"],
    [2, "open"],
    [5, "open"],
    [10, "open"],
    [17, "open"],
    [26, "open"],
    [-25, "done"],
    [-12, "done"],
    [-6, "done"],
    [-2, "done"],
    [4, "done"],
  ];
  for (const [dueIn, state] of liaisonDue) {
    const dueOn = addDays(today, dueIn);
    // An engagement at least three days before the due date, among the officer's recent ones.
    const candidates = liaisonHeld.filter(
      (plan) => plan.daysAgo >= 3 - dueIn && plan.daysAgo <= 60 - dueIn,
    );
    if (candidates.length === 0) continue;
    const engagement = roll.pick(candidates);
    followUpPlans.push({
      engagement,
      description: roll.pick(FOLLOW_UP_TASKS),
      ownerUserId: officers.liaison,
      dueOn,
      completedAt:
        state === "done"
          ? new Date(engagement.createdAt.getTime() + roll.whole(1, 10) * 86_400_000)
          : null,
    });
  }
  for (const plan of held) {
    if (plan.officerIds.includes(officers.liaison) || !roll.chance(0.3)) continue;
    const dueOn = addDays(plan.date, roll.whole(7, 28));
    const overdue = dueOn < today;
    followUpPlans.push({
      engagement: plan,
      description: roll.pick(FOLLOW_UP_TASKS),
      ownerUserId: roll.pick(plan.officerIds),
      dueOn,
      completedAt:
        overdue && roll.chance(0.85)
          ? new Date(plan.createdAt.getTime() + roll.whole(1, 20) * 86_400_000)
          : null,
    });
  }
  // Done after the engagement was written up, and never later than the load.
  for (const followUp of followUpPlans) {
    if (followUp.completedAt && followUp.completedAt > now) {
      followUp.completedAt = new Date(
        Math.max(followUp.engagement.createdAt.getTime(), now.getTime() - 3_600_000),
      );
    }
  }
  return { engagements: plans, followUps: followUpPlans };
}

// ---------------------------------------------------------------------------------------------
// Writing.

function demoUserId(tx: Tx, email: string): number {
  const user = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`Demo user ${email} is missing: run loadDemoData first.`);
  return user.id;
}

function inChunks<T>(rows: T[], write: (chunk: T[]) => void): void {
  for (let start = 0; start < rows.length; start += CHUNK) write(rows.slice(start, start + CHUNK));
}

/** Which of the liaison officer's contacts are kept away lately, and for how long. */
function keepSomeAway(roll: Dice, contactList: DemoContact[], liaisonId: number): void {
  const mine = roll.shuffle(contactList.filter((contact) => contact.ownerUserId === liaisonId));
  const keyContacts = mine.filter((contact) => contact.cadenceDays !== null);
  // About two in five of their key contacts have gone past their cadence.
  for (const contact of keyContacts.slice(0, Math.max(4, Math.round(keyContacts.length * 0.4)))) {
    contact.notSinceDays = contact.cadenceDays! + roll.whole(5, 30);
  }
  // And a handful of their other contacts have not been seen for three months or more.
  for (const contact of mine.filter((contact) => contact.cadenceDays === null).slice(0, 8)) {
    contact.notSinceDays = roll.whole(95, 200);
  }
}

/**
 * Loads the demo engagement log in one transaction. Adds nothing once any engagement exists, so
 * it is safe to run again and never mixes demo engagements into a log in real use.
 */
export function loadDemoEngagements(
  db: Db,
  now: Date,
): { engagementsAdded: number; followUpsAdded: number } {
  return db.transaction((tx) => {
    if (tx.select({ id: engagements.id }).from(engagements).limit(1).get()) {
      return { engagementsAdded: 0, followUpsAdded: 0 };
    }
    const officers: Officers = {
      liaison: demoUserId(tx, LIAISON_EMAIL),
      lead: demoUserId(tx, LEAD_EMAIL),
      admin: demoUserId(tx, ADMIN_EMAIL),
    };
    const communityList = tx
      .select({ id: communities.id, countryCode: communities.countryCode, name: communities.name })
      .from(communities)
      .where(
        and(
          inArray(communities.countryCode, Object.keys(COMMUNITY_ENGAGEMENT)),
          isNull(communities.archivedAt),
        ),
      )
      .orderBy(communities.id)
      .all()
      .map((community) => ({
        id: community.id,
        countryCode: community.countryCode,
        adjective: community.name.replace(/ community$/, ""),
      }));
    if (communityList.length === 0) return { engagementsAdded: 0, followUpsAdded: 0 };

    const strandsOf = new Map<number, StrandKey[]>();
    for (const row of tx.select().from(contactStrands).all()) {
      strandsOf.set(row.contactId, [...(strandsOf.get(row.contactId) ?? []), row.strandKey]);
    }
    const contactList: DemoContact[] = tx
      .select({
        id: contacts.id,
        communityId: contacts.communityId,
        ownerUserId: contacts.ownerUserId,
        cadenceDays: contacts.keyContactCadenceDays,
        createdAt: contacts.createdAt,
      })
      .from(contacts)
      .where(isNull(contacts.archivedAt))
      .orderBy(contacts.id)
      .all()
      .map((contact) => ({
        id: contact.id,
        communityId: contact.communityId,
        strands: strandsOf.get(contact.id) ?? [],
        ownerUserId: contact.ownerUserId,
        cadenceDays: contact.cadenceDays,
        createdAt: contact.createdAt,
        notSinceDays: 0,
      }));
    keepSomeAway(dice(SEED + 1), contactList, officers.liaison);

    const plan = planEngagements(now, communityList, contactList, officers);
    const ids = new Map<EngagementPlan, number>();
    for (const engagement of plan.engagements) {
      const { id } = tx
        .insert(engagements)
        .values({
          type: engagement.type,
          status: engagement.status,
          title: engagement.title,
          startsAt: engagement.startsAt,
          durationMinutes: engagement.durationMinutes,
          location: engagement.location,
          isOnline: engagement.isOnline,
          purpose: engagement.purpose,
          minutes: engagement.minutes,
          outcomes: engagement.outcomes,
          sentiment: engagement.sentiment,
          marking: engagement.marking,
          createdByUserId: engagement.officerIds[0]!,
          createdAt: engagement.createdAt,
          updatedAt: engagement.createdAt,
        })
        .returning({ id: engagements.id })
        .get();
      ids.set(engagement, id);
      recordAudit(tx, {
        actorUserId: null,
        action: "create",
        entityType: "engagement",
        entityId: id,
        detail: "demo data",
        at: now,
      });
    }
    const rowsOf = <T>(rowsFor: (engagement: EngagementPlan, id: number) => T[]) =>
      plan.engagements.flatMap((engagement) => rowsFor(engagement, ids.get(engagement)!));
    inChunks(
      rowsOf((engagement, engagementId) =>
        engagement.communityIds.map((communityId) => ({ engagementId, communityId })),
      ),
      (chunk) => tx.insert(engagementCommunities).values(chunk).run(),
    );
    inChunks(
      rowsOf((engagement, engagementId) =>
        engagement.strandKeys.map((strandKey) => ({ engagementId, strandKey })),
      ),
      (chunk) => tx.insert(engagementStrands).values(chunk).run(),
    );
    inChunks(
      rowsOf((engagement, engagementId) =>
        [...engagement.contactIds].map((contactId) => ({ engagementId, contactId })),
      ),
      (chunk) => tx.insert(engagementContacts).values(chunk).run(),
    );
    inChunks(
      rowsOf((engagement, engagementId) =>
        engagement.officerIds.map((userId) => ({ engagementId, userId })),
      ),
      (chunk) => tx.insert(engagementOfficers).values(chunk).run(),
    );
    inChunks(
      plan.followUps.map((followUp) => ({
        engagementId: ids.get(followUp.engagement)!,
        description: followUp.description,
        ownerUserId: followUp.ownerUserId,
        dueOn: followUp.dueOn,
        completedAt: followUp.completedAt,
        createdAt: followUp.engagement.createdAt,
        updatedAt: followUp.completedAt ?? followUp.engagement.createdAt,
      })),
      (chunk) => tx.insert(followUps).values(chunk).run(),
    );
    recomputeLastEngaged(
      tx,
      plan.engagements.flatMap((engagement) => [...engagement.contactIds]),
    );
    return { engagementsAdded: plan.engagements.length, followUpsAdded: plan.followUps.length };
  });
}
