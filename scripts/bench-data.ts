// Benchmark data: a realistic directory and engagement log far larger than the real programme,
// written into its own SQLite file through the app's migrations, for scripts/bench.ts.
//
// What it holds: the 6 strands (seeded by the migrations), the 12 demo communities, officers
// (liaison officers for every community, strand leads, steering members, admins, all with one
// password), organisations, contacts named in the communities' own scripts (Latin with
// diacritics, Arabic, Persian, Urdu, Ge'ez, Cyrillic, Chinese, Vietnamese) with strands, tags
// and the full-text search rows the app writes, engagements over five years with communities,
// strands, attending contacts and officers and follow-ups, each contact's derived last-engaged
// instant; the demo action-plan template and a plan for every community with its items, progress
// histories and linked engagements; feedback with its contacts, strands, workflow history
// (received to closed, moved due dates, escalations and steering decisions) and links to action
// items; trust-and-confidence indicators read every quarter for every community; and an audit
// log of ten events per contact (a million at the default size). Steering reviews are left out:
// a review's pack is the frozen output of the app's own pack builder.
//
// Deterministic for a seed and an anchor day (by default today, so the data always looks
// current). Fast because it decides ids itself and writes each table with one prepared statement
// in one transaction, with the journal and fsync off while the file is private to this process;
// the file is built under a temporary name and renamed only once complete.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type Database from "better-sqlite3";
import { hashPassword } from "../app/auth/password.server";
import { migrateDatabase, openDatabase } from "../app/db/client.server";
import {
  ACTION_OWNER_ROLES,
  FEEDBACK_STATUSES,
  LAWFUL_BASES,
  STRAND_KEYS,
  VETTING_STATUSES,
  type ActionItemStatus,
  type EngagementType,
  type FeedbackCategory,
  type FeedbackChannel,
  type FeedbackEventKind,
  type FeedbackPriority,
  type FeedbackStatus,
  type OrganisationType,
  type StrandKey,
} from "../app/db/schema";
import { recomputeLastEngaged } from "../app/domain/last-engaged.server";
import { foldForSearch, phoneSearchText, sortKey } from "../app/domain/search-text";
import { DEMO_TEMPLATE } from "./demo-action-plans";
import { DEMO_COMMUNITIES } from "./demo-data";
import { COMMUNITY_PROFILES, LONDON_FAMILY, LONDON_GIVEN, type NamePart } from "./demo-directory";
import { mulberry32 } from "./seeded-random";

export const BENCH_PASSWORD = "crg-bench-password";
export const DEFAULT_BENCH_SEED = 20_261_129;
export const DEFAULT_BENCH_CONTACTS = 100_000;

/** The accounts the bench signs in as; every officer of the file shares the one password. */
export const BENCH_ACCOUNTS = {
  /** Liaison officer of the Afghan and Albanian communities. */
  liaison: "liaison.af.1@bench.test",
  /** Strand lead of Political and Cultivation of community contacts. */
  lead: "lead.political.1@bench.test",
  steering: "steering.1@bench.test",
  admin: "admin.1@bench.test",
} as const;

const DAY = 86_400_000;
const FIVE_YEARS_DAYS = 5 * 365;
const DEFAULT_ACTION_ITEMS_PER_PLAN = 150;
const LIAISON_OFFICERS_PER_COMMUNITY = 4;
const LEADS_PER_STRAND = 2;
const STEERING_MEMBERS = 4;
const ADMINS = 2;

export function defaultBenchDatabasePath(contactCount: number): string {
  return path.join("bench", "data", `bench-${contactCount}.sqlite`);
}

export type BenchDataOptions = {
  contacts: number;
  /**
   * Defaults: a fifth of the contacts, five engagements and ten audit events per contact, one
   * feedback item per ten engagements, 150 action items in each community's plan.
   */
  organisations?: number;
  engagements?: number;
  auditEvents?: number;
  feedback?: number;
  actionItemsPerPlan?: number;
  seed?: number;
  out?: string;
  /** The day the data is "now" for; the five years of history end here. */
  now?: Date;
  log?: (message: string) => void;
};

export type BenchDataSummary = {
  file: string;
  seed: number;
  now: string;
  seconds: number;
  rows: Record<string, number>;
};

// ---------------------------------------------------------------------------------------------
// The few seeded draws the generator needs.

class Dice {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  whole(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** A choice by weight: [[value, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
  /** Up to `count` distinct items of a list. */
  some<T>(list: readonly T[], count: number): T[] {
    if (list.length <= count) return [...list];
    const chosen = new Set<T>();
    while (chosen.size < count) chosen.add(this.pick(list));
    return [...chosen];
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const BOROUGHS = [
  "Hounslow",
  "Ealing",
  "Brent",
  "Haringey",
  "Hackney",
  "Lambeth",
  "Southwark",
  "Croydon",
  "Newham",
  "Tower Hamlets",
  "Barnet",
  "Harrow",
  "Lewisham",
  "Camden",
  "Westminster",
  "Enfield",
  "Redbridge",
  "Wandsworth",
  "Greenwich",
  "Hillingdon",
];
const STREETS = [
  "Alder Row",
  "Fenmore Street",
  "Kestrel Lane",
  "Marlow Yard",
  "Quillan Road",
  "Saffron Walk",
  "Tanner's Court",
  "Wexley Gardens",
  "Hollin Mews",
  "Brackley Parade",
];
const ORGANISATION_KINDS: Record<OrganisationType, string[]> = {
  embassy: ["Embassy"],
  government_department: ["Home Office Engagement Unit", "Integration Policy Team"],
  business: ["Business Network", "Traders Association", "Chamber of Commerce", "Food Market"],
  faith_organisation: ["Mosque", "Church", "Temple", "Faith Centre", "Parish"],
  youth_organisation: ["Youth Forum", "Youth Club", "Football Academy", "Student Society"],
  media_outlet: ["Community Radio", "Weekly News", "Online TV", "Newsletter"],
  community_association: ["Community Association", "Families Association", "Women's Centre"],
  local_authority: ["Council Community Safety Team", "Council Youth Services"],
  consultative_group: ["Police and Communities Consultative Group", "Safer Neighbourhood Panel"],
  other: ["Legal Clinic", "Supplementary School", "Advice Centre"],
};
const ORGANISATION_STRANDS: Record<OrganisationType, StrandKey[]> = {
  embassy: ["political"],
  government_department: ["political"],
  business: ["business"],
  faith_organisation: ["religious"],
  youth_organisation: ["youth"],
  media_outlet: ["media"],
  community_association: ["community"],
  local_authority: ["youth", "community"],
  consultative_group: ["community", "political"],
  other: ["community"],
};
const ORGANISATION_TYPE_WEIGHTS: [OrganisationType, number][] = [
  ["community_association", 25],
  ["business", 25],
  ["faith_organisation", 15],
  ["youth_organisation", 10],
  ["media_outlet", 6],
  ["other", 8],
  ["consultative_group", 5],
  ["local_authority", 3],
  ["government_department", 3],
];
const ROLE_TITLES = [
  "Chair",
  "Secretary",
  "Treasurer",
  "Trustee",
  "Volunteer",
  "Caseworker",
  "Advice Worker",
  "Youth Worker",
  "Imam",
  "Pastor",
  "Reporter",
  "Presenter",
  "Shop Owner",
  "Restaurant Owner",
  "Teacher",
  "Student",
  "Community Elder",
  "Policy Officer",
];
const TAGS = [
  "faith leader",
  "youth worker",
  "interpreter",
  "elder",
  "business owner",
  "media spokesperson",
  "women's group",
  "parent",
  "student",
  "volunteer",
  "councillor",
  "campaigner",
];
const CONTACT_NOTES = [
  "Prefers to be contacted by email in the first instance.",
  "Available on weekday evenings; works daytime shifts.",
  "Asked to receive the minutes of strand meetings.",
  "Offered to host a forum session at their premises.",
  "Happy to share police messages through community groups.",
  "Contact details confirmed by phone.",
  "Away for part of the summer; check availability before inviting.",
];
const ENGAGEMENT_TITLES: Record<EngagementType, string> = {
  meeting: "Meeting",
  forum_session: "Forum session",
  call: "Call",
  visit: "Visit",
  event: "Community event",
  media_briefing: "Media briefing",
  email: "Email exchange",
  letter: "Letter",
};
const TOPICS = [
  "reporting hate crime",
  "youth safety near the high street",
  "stop and search explained",
  "Ramadan and festival policing",
  "police recruitment open day",
  "victim care and support services",
  "fraud targeting older residents",
  "community tension after a local incident",
  "road safety outside the school",
  "online scams in community languages",
  "domestic abuse support",
  "knife crime prevention",
  "introducing the new neighbourhood team",
  "feedback on a recent operation",
];
const MINUTES = [
  "Attendees raised concerns about response times to non-urgent reports; the officer explained the online reporting route.",
  "The group welcomed the update and asked for translated leaflets.",
  "Discussion of recent incidents; members agreed to circulate the reporting guidance.",
  "Members asked for a follow-up session with the borough commander.",
  "A frank exchange about trust after a recent arrest; recorded as the group's account.",
];
const FOLLOW_UPS = [
  "Send translated leaflets",
  "Arrange a visit by the neighbourhood team",
  "Share the minutes with attendees",
  "Reply to the question about stop and search figures",
  "Introduce the victim care coordinator",
];
const AUDIT_CHANGES = [
  ["phone", "+44 20 7946 0112", "+44 20 7946 0457"],
  ["roleTitle", "Volunteer", "Trustee"],
  ["notes", "", "Contact details confirmed by phone."],
  ["email", "old@example.org", "new@example.org"],
  ["ownerUserId", 3, 7],
] as const;

const PAST_DUE_ITEM_STATUSES: [ActionItemStatus, number][] = [
  ["done", 70],
  ["cancelled", 5],
  ["in_progress", 10],
  ["blocked", 5],
  ["not_started", 10],
];
const FUTURE_DUE_ITEM_STATUSES: [ActionItemStatus, number][] = [
  ["not_started", 40],
  ["in_progress", 45],
  ["blocked", 5],
  ["done", 10],
];
const HAND_ADDED_ITEMS = [
  "Follow up the forum's questions on stop and search",
  "Arrange a station visit for the youth group",
  "Translate the hate crime reporting leaflet",
  "Invite faith leaders to the borough briefing",
  "Introduce the new neighbourhood sergeant",
  "Share recruitment open day details",
  "Agree a media contact for critical incidents",
  "Map the community's organisations in the borough",
];
const PROGRESS_NOTES = [
  "Discussed at the strand meeting; next steps agreed.",
  "Chased by email; waiting for a reply.",
  "Spoke to the community association chair by phone.",
  "Draft shared with the liaison officer for comments.",
  "Raised at the forum; members supportive.",
];
const PROGRESS_NOTES_WITH_STATUS: Record<ActionItemStatus, string[]> = {
  not_started: ["Reset: the plan was changed."],
  in_progress: ["Started: first contact made.", "Work resumed after the meeting."],
  blocked: ["Blocked: waiting for the venue to confirm.", "Blocked: no reply from the embassy."],
  done: ["Done: meeting held and minutes shared.", "Done: leaflets delivered."],
  cancelled: ["Cancelled: overtaken by the borough's own plan."],
};
const FEEDBACK_STATUS_WEIGHTS: Record<"recent" | "due" | "old", [FeedbackStatus, number][]> = {
  recent: [
    ["received", 30],
    ["acknowledged", 40],
    ["in_progress", 25],
    ["responded", 5],
  ],
  due: [
    ["acknowledged", 10],
    ["in_progress", 30],
    ["responded", 45],
    ["closed", 15],
  ],
  old: [
    ["in_progress", 3],
    ["responded", 12],
    ["closed", 85],
  ],
};
const FEEDBACK_CHANNEL_WEIGHTS: [FeedbackChannel, number][] = [
  ["call", 20],
  ["email", 30],
  ["letter", 5],
  ["survey", 15],
  ["social_media", 10],
  ["forum_session", 15],
  ["other", 5],
];
const FEEDBACK_CATEGORY_WEIGHTS: [FeedbackCategory, number][] = [
  ["operations_impact", 25],
  ["community_tension", 15],
  ["cultural_sensitivity", 12],
  ["communications_media", 12],
  ["victim_care", 12],
  ["policy_legislation", 8],
  ["praise", 10],
  ["other", 6],
];
const FEEDBACK_CATEGORY_SUMMARIES: Record<FeedbackCategory, string> = {
  operations_impact: "Concern about how a local operation affected families",
  community_tension: "Rising tension reported in the community",
  cultural_sensitivity: "Advice on cultural sensitivities during visits",
  communications_media: "Request for police messages in community languages",
  victim_care: "Victims unsure how to get support",
  policy_legislation: "Questions about a change in the law",
  praise: "Thanks for the officers' response",
  other: "Suggestion from a forum member",
};
const FEEDBACK_PRIORITY_WEIGHTS: [FeedbackPriority, number][] = [
  ["low", 30],
  ["medium", 50],
  ["high", 20],
];
const WE_DID = [
  "Briefed the neighbourhood team; patrols adjusted near the venue.",
  "Translated the guidance and shared it through the community's groups.",
  "Invited members to observe the next stop and search scrutiny panel.",
  "Arranged a meeting with the victim care coordinator.",
];
const NOT_TAKEN_REASONS = [
  "Not taken: the operation's timing was set by a court order.",
  "Not taken: national guidance does not allow this locally.",
];
const DUE_DATE_REASONS = [
  "Waiting for the borough's figures.",
  "The responsible officer is on leave.",
  "Needs a decision at the next strand meeting.",
];
const ESCALATION_REASONS = [
  "Repeated concern with no answer from the borough.",
  "Affects several communities; needs a steering view.",
  "Risk to trust after a critical incident.",
];
const STEERING_DECISIONS = [
  "Borough commander to reply in writing within two weeks.",
  "Added to the next quarter's priorities.",
  "Referred to the force's independent advisory group.",
];
const BENCH_INDICATORS = [
  {
    name: "Trust in the police",
    description: "Share of surveyed members who trust the police (per cent).",
    min: 0,
    max: 100,
    higherIsBetter: true,
  },
  {
    name: "Confidence to report a crime",
    description: "Forum members' average answer, 1 (none) to 5 (full).",
    min: 1,
    max: 5,
    higherIsBetter: true,
  },
  {
    name: "Satisfaction with the response to feedback",
    description: "Average rating of the police answers this quarter, 1 to 5.",
    min: 1,
    max: 5,
    higherIsBetter: true,
  },
  {
    name: "Perceived fairness of stop and search",
    description: "Average rating, 1 (unfair) to 5 (fair).",
    min: 1,
    max: 5,
    higherIsBetter: true,
  },
  {
    name: "Reported hate incidents",
    description: "Incidents members told the liaison officer about this quarter.",
    min: 0,
    max: 50,
    higherIsBetter: false,
  },
  {
    name: "Awareness of the CRG",
    description: "Share of surveyed members who know the group exists (per cent).",
    min: 0,
    max: 100,
    higherIsBetter: true,
  },
];

const londonDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
function londonDate(instant: number): string {
  return londonDay.format(new Date(instant));
}

/** The calendar quarter ("YYYY-Qn") of an instant, in London. */
function londonQuarter(instant: number): string {
  const [year, month] = londonDate(instant).split("-");
  return `${year}-Q${Math.ceil(Number(month) / 3)}`;
}

function stripAccents(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

function slug(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

type NameSource = {
  given: NamePart[];
  family: NamePart[];
  familyNameFirst: boolean;
  joiner: string;
  /** Whether a second given name is usual (not for Chinese and Vietnamese given names). */
  middleNames: boolean;
};

/** A person's name as they write it and its transliteration ("" when already in plain Latin). */
function personName(roll: Dice, source: NameSource): { name: string; latinName: string } {
  const given = [roll.pick(source.given)];
  if (source.middleNames && roll.chance(0.25)) given.push(roll.pick(source.given));
  const family = roll.pick(source.family);
  const nativeGiven = given.map((part) => part.native).join(" ");
  const latinGiven = given.map((part) => part.latin).join(" ");
  const name = source.familyNameFirst
    ? `${family.native}${source.joiner}${nativeGiven}`
    : `${nativeGiven}${source.joiner}${family.native}`;
  const latin = source.familyNameFirst
    ? `${family.latin} ${latinGiven}`
    : `${latinGiven} ${family.latin}`;
  return { name, latinName: /^[\x20-\x7e]*$/.test(name) ? "" : latin };
}

// ---------------------------------------------------------------------------------------------
// Writing.

function insertAll<T>(
  sqlite: Database.Database,
  statementSql: string,
  count: number,
  row: (index: number) => T[] | null,
): number {
  const statement = sqlite.prepare(statementSql);
  let written = 0;
  sqlite.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const values = row(index);
      if (values === null) continue;
      statement.run(...values);
      written += 1;
    }
  })();
  return written;
}

/**
 * What a bulk load runs faster without: the triggers that stamp a month on every change
 * (migration 0007), a fifth of the build when they fire for millions of rows one by one, and the
 * non-unique indexes, which SQLite builds several times faster by sorting once at the end than
 * by inserting each row into each of them (the contacts alone have eleven).
 */
function suspendWhileLoading(sqlite: Database.Database): { name: string; sql: string }[] {
  const suspended = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
        WHERE (type = 'trigger' AND name GLOB '*_activity_stamp_*')
           OR (type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%')`,
    )
    .all() as { type: "trigger" | "index"; name: string; sql: string }[];
  for (const { type, name } of suspended) {
    sqlite.exec(`DROP ${type === "trigger" ? "TRIGGER" : "INDEX"} "${name}"`);
  }
  return suspended;
}

/** Puts the indexes and triggers back and stamps every month that holds records, as the migration does. */
function restoreAfterLoading(
  sqlite: Database.Database,
  suspended: readonly { name: string; sql: string }[],
): void {
  for (const { sql } of suspended) sqlite.exec(sql);
  sqlite.exec(`INSERT INTO activity_stamps (month, stamp)
    SELECT month, random() FROM (
      SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch') AS month FROM engagements
      UNION SELECT substr(received_on, 1, 7) FROM feedback
      UNION SELECT substr(response_due_on, 1, 7) FROM feedback
      UNION SELECT substr(due_on, 1, 7) FROM action_items
    ) WHERE month IS NOT NULL
    ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp`);
}

/** Generates the file and returns what it holds. Refuses to overwrite an existing file. */
export async function generateBenchData(options: BenchDataOptions): Promise<BenchDataSummary> {
  const started = Date.now();
  const contactCount = options.contacts;
  if (!Number.isInteger(contactCount) || contactCount < 50) {
    throw new Error("--contacts must be a whole number of at least 50");
  }
  const organisationCount = options.organisations ?? Math.max(40, Math.round(contactCount / 5));
  const engagementCount = options.engagements ?? contactCount * 5;
  const auditCount = options.auditEvents ?? contactCount * 10;
  const feedbackCount = options.feedback ?? Math.round(engagementCount / 10);
  const itemsPerPlan = options.actionItemsPerPlan ?? DEFAULT_ACTION_ITEMS_PER_PLAN;
  const seed = options.seed ?? DEFAULT_BENCH_SEED;
  const out = path.resolve(options.out ?? defaultBenchDatabasePath(contactCount));
  const anchor = options.now ?? new Date();
  const now = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate(), 12);
  const log = options.log ?? (() => undefined);
  if (fs.existsSync(out)) throw new Error(`${out} exists already; delete it to build it again`);

  const partial = `${out}.partial`;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(partial + suffix, { force: true });
  const { sqlite, db } = openDatabase(partial);
  migrateDatabase(db);
  const suspended = suspendWhileLoading(sqlite);
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("locking_mode = EXCLUSIVE");
  sqlite.pragma("cache_size = -1000000");
  sqlite.pragma("temp_store = MEMORY");

  const roll = new Dice(seed);
  const rows: Record<string, number> = {};
  const lap = (label: string) => log(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const dayOffset = (days: number) => now - Math.round(days * DAY);
  const historyStart = dayOffset(FIVE_YEARS_DAYS);

  // Officers -----------------------------------------------------------------------------------
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const communityCount = DEMO_COMMUNITIES.length;
  type Officer = { id: number; email: string; name: string; role: string };
  const officers: Officer[] = [];
  const addOfficer = (email: string, name: string, role: string) => {
    const officer = { id: officers.length + 1, email, name, role };
    officers.push(officer);
    return officer.id;
  };
  const liaisonByCommunity: number[][] = DEMO_COMMUNITIES.map(() => []);
  const assignments: [number, number][] = [];
  DEMO_COMMUNITIES.forEach((community, index) => {
    const code = community.countryCode.toLowerCase();
    for (let k = 1; k <= LIAISON_OFFICERS_PER_COMMUNITY; k += 1) {
      const id = addOfficer(
        `liaison.${code}.${k}@bench.test`,
        `${community.name.replace(/ community$/, "")} Liaison ${k} (bench)`,
        "liaison",
      );
      liaisonByCommunity[index]!.push(id);
      assignments.push([id, index + 1]);
    }
  });
  // The first officer of each community also covers the next one, as officers often do.
  DEMO_COMMUNITIES.forEach((_, index) => {
    const next = (index + 1) % communityCount;
    const officer = liaisonByCommunity[index]![0]!;
    liaisonByCommunity[next]!.push(officer);
    assignments.push([officer, next + 1]);
  });
  const leadsByStrand = new Map<StrandKey, number[]>(STRAND_KEYS.map((key) => [key, []]));
  const leadStrands: [number, StrandKey][] = [];
  for (const strand of STRAND_KEYS) {
    for (let k = 1; k <= LEADS_PER_STRAND; k += 1) {
      const id = addOfficer(
        `lead.${strand}.${k}@bench.test`,
        `${strand} Lead ${k} (bench)`,
        "strand_lead",
      );
      leadsByStrand.get(strand)!.push(id);
      leadStrands.push([id, strand]);
    }
  }
  // The bench's strand lead leads two strands, like the demo's.
  const benchLead = officers.find((officer) => officer.email === BENCH_ACCOUNTS.lead)!.id;
  leadsByStrand.get("community")!.push(benchLead);
  leadStrands.push([benchLead, "community"]);
  for (let k = 1; k <= STEERING_MEMBERS; k += 1) {
    addOfficer(`steering.${k}@bench.test`, `Steering Member ${k} (bench)`, "steering");
  }
  for (let k = 1; k <= ADMINS; k += 1)
    addOfficer(`admin.${k}@bench.test`, `Admin ${k} (bench)`, "admin");
  const officerCreatedAt = historyStart - 30 * DAY;
  rows.users = insertAll(
    sqlite,
    `INSERT INTO users (id, email, display_name, role, password_hash, is_active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    officers.length,
    (i) => {
      const officer = officers[i]!;
      return [
        officer.id,
        officer.email,
        officer.name,
        officer.role,
        passwordHash,
        officerCreatedAt,
        officerCreatedAt,
      ];
    },
  );
  rows.communities = insertAll(
    sqlite,
    `INSERT INTO communities (id, country_code, name, languages, status, lead_officer_id, notes, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)`,
    communityCount,
    (i) => {
      const community = DEMO_COMMUNITIES[i]!;
      return [
        i + 1,
        community.countryCode,
        community.name,
        JSON.stringify(community.languages),
        community.status,
        liaisonByCommunity[i]![0]!,
        officerCreatedAt,
        officerCreatedAt,
      ];
    },
  );
  rows.user_communities = insertAll(
    sqlite,
    "INSERT INTO user_communities (user_id, community_id) VALUES (?, ?)",
    assignments.length,
    (i) => assignments[i]!,
  );
  rows.user_strands = insertAll(
    sqlite,
    "INSERT INTO user_strands (user_id, strand_key) VALUES (?, ?)",
    leadStrands.length,
    (i) => leadStrands[i]!,
  );
  lap("officers and communities");

  // Organisations ------------------------------------------------------------------------------
  // Community ids are 1…12; 0 stands for "no community" in the in-memory pools.
  const adjectives = DEMO_COMMUNITIES.map((community) => community.name.replace(/ community$/, ""));
  const organisationNames: string[] = [""];
  const organisationStrandsOf: StrandKey[][] = [[]];
  const organisationTypes: OrganisationType[] = ["other"];
  const organisationsByCommunity: number[][] = Array.from({ length: communityCount + 1 }, () => []);
  const usedOrganisationNames = new Map<string, number>();
  const organisationStrandRows: [number, StrandKey][] = [];
  const organisationSearchRows: (string | number)[][] = [];
  rows.organisations = insertAll(
    sqlite,
    `INSERT INTO organisations (id, name, sort_name, type, community_id, address, phone, email, website, notes, archived_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    organisationCount,
    (i) => {
      const id = i + 1;
      // One embassy per community comes first; the rest are drawn by type.
      const type: OrganisationType =
        i < communityCount ? "embassy" : roll.weighted(ORGANISATION_TYPE_WEIGHTS);
      const londonWide = type === "local_authority" || type === "government_department";
      const community =
        i < communityCount
          ? i + 1
          : londonWide || roll.chance(0.08)
            ? 0
            : roll.whole(1, communityCount);
      const borough = roll.pick(BOROUGHS);
      const base =
        type === "embassy"
          ? `Embassy of the ${adjectives[i]} people (bench)`
          : `${community ? adjectives[community - 1] : "London"} ${roll.pick(ORGANISATION_KINDS[type])}, ${borough}`;
      const seen = usedOrganisationNames.get(base) ?? 0;
      usedOrganisationNames.set(base, seen + 1);
      const name = seen === 0 ? base : `${base} ${seen + 1}`;
      const strands = new Set<StrandKey>(ORGANISATION_STRANDS[type]);
      if (roll.chance(0.2)) strands.add(roll.pick(STRAND_KEYS));
      const createdAt = dayOffset(roll.next() * FIVE_YEARS_DAYS);
      const updatedAt = roll.chance(0.5)
        ? createdAt
        : createdAt + Math.floor(roll.next() * (now - createdAt));
      const archivedAt = i >= communityCount && roll.chance(0.05) ? updatedAt : null;
      const phone = roll.chance(0.8)
        ? `+44 20 7946 0${String(roll.whole(0, 999)).padStart(3, "0")}`
        : "";
      const email = `${slug(name)}@example.org`;
      const website = roll.chance(0.5) ? `https://example.org/${slug(name)}` : "";
      const address = `${roll.whole(1, 200)} ${roll.pick(STREETS)}, ${borough}`;
      const notes = roll.chance(0.3)
        ? "Meets monthly; the hall is available for forum sessions."
        : "";
      organisationNames.push(name);
      organisationTypes.push(type);
      organisationStrandsOf.push([...strands]);
      if (!archivedAt) organisationsByCommunity[community]!.push(id);
      for (const strand of STRAND_KEYS)
        if (strands.has(strand)) organisationStrandRows.push([id, strand]);
      // The row indexOrganisation writes (directory-search.server.ts), folded the same way.
      organisationSearchRows.push([
        id * 2 + 1,
        foldForSearch(name),
        foldForSearch(name),
        foldForSearch(`${email} ${phone} ${phoneSearch(phone)} ${website} ${address}`),
        foldForSearch(""),
        foldForSearch(notes),
      ]);
      return [
        id,
        name,
        sortKey(name),
        type,
        community || null,
        address,
        phone,
        email,
        website,
        notes,
        archivedAt,
        createdAt,
        archivedAt ?? updatedAt,
      ];
    },
  );
  rows.organisation_strands = insertAll(
    sqlite,
    "INSERT INTO organisation_strands (organisation_id, strand_key) VALUES (?, ?)",
    organisationStrandRows.length,
    (i) => organisationStrandRows[i]!,
  );
  lap("organisations");

  // Contacts -----------------------------------------------------------------------------------
  const profiles = new Map(COMMUNITY_PROFILES.map((profile) => [profile.countryCode, profile]));
  const nameSources: NameSource[] = [
    {
      given: LONDON_GIVEN,
      family: LONDON_FAMILY,
      familyNameFirst: false,
      joiner: " ",
      middleNames: true,
    },
    ...DEMO_COMMUNITIES.map((community) => {
      const profile = profiles.get(community.countryCode)!;
      return {
        given: profile.given,
        family: profile.family,
        familyNameFirst: profile.familyNameFirst,
        joiner: profile.joiner,
        middleNames: !profile.familyNameFirst,
      };
    }),
  ];
  const contactsByCommunity: number[][] = Array.from({ length: communityCount + 1 }, () => []);
  const contactStrandRows: [number, StrandKey][] = [];
  const contactTagRows: [number, string][] = [];
  const contactSearchRows: (string | number)[][] = [];
  const contactStatement = sqlite.prepare(
    `INSERT INTO contacts (id, name, latin_name, sort_name, pronouns, role_title, organisation_id, community_id, email, phone,
       preferred_language, interpreter_needed, is_crg_member, terms_of_reference_signed_on, vetting_status, vetting_on,
       vetting_review_on, lawful_basis, lawful_basis_recorded_on, key_contact_cadence_days, owner_user_id, notes,
       archived_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let id = 1; id <= contactCount; id += 1) {
      const community = roll.chance(0.08) ? 0 : roll.whole(1, communityCount);
      const { name, latinName } = personName(roll, nameSources[community]!);
      const pool = organisationsByCommunity[community]!;
      const organisationId = pool.length > 0 && roll.chance(0.7) ? roll.pick(pool) : null;
      const strands = new Set<StrandKey>(
        organisationId ? organisationStrandsOf[organisationId]! : [roll.pick(STRAND_KEYS)],
      );
      if (roll.chance(0.25)) strands.add(roll.pick(STRAND_KEYS));
      const isCrgMember = community > 0 && roll.chance(0.012);
      if (isCrgMember) strands.add("community");
      const tags = new Set<string>();
      if (roll.chance(0.35)) tags.add(roll.pick(TAGS));
      if (roll.chance(0.1)) tags.add(roll.pick(TAGS));
      const createdAt = dayOffset(roll.next() * FIVE_YEARS_DAYS);
      const updatedAt = roll.chance(0.4)
        ? createdAt
        : createdAt + Math.floor(roll.next() * (now - createdAt));
      const archivedAt = !isCrgMember && roll.chance(0.08) ? updatedAt : null;
      const local = slug(latinName || name).replace(/-/g, ".");
      const email = roll.chance(0.85) ? `${local}${id}@example.org` : "";
      const phone = roll.chance(0.75)
        ? `+44 ${roll.chance(0.5) ? "20 7946" : "113 496"} 0${String(roll.whole(0, 999)).padStart(3, "0")}`
        : "";
      const roleTitle = roll.chance(0.8) ? roll.pick(ROLE_TITLES) : "";
      const languages = community ? DEMO_COMMUNITIES[community - 1]!.languages : ["en"];
      const preferredLanguage = roll.chance(0.6) ? roll.pick(languages) : "en";
      let ownerUserId: number | null = null;
      if (community && roll.chance(0.65))
        ownerUserId = roll.pick(liaisonByCommunity[community - 1]!);
      else if (roll.chance(0.3)) ownerUserId = roll.pick(leadsByStrand.get([...strands][0]!)!);
      const vetting = isCrgMember ? roll.pick(VETTING_STATUSES) : null;
      const vettingOn =
        vetting && vetting !== "not_started" ? londonDate(createdAt + 20 * DAY) : null;
      const lawfulBasis = isCrgMember
        ? "consent"
        : roll.chance(0.85)
          ? roll.pick(LAWFUL_BASES)
          : null;
      const notes = roll.chance(0.3) ? roll.pick(CONTACT_NOTES) : "";
      contactStatement.run(
        id,
        name,
        latinName,
        // Sorted by the transliteration where there is one, as the app does.
        sortKey(latinName || name),
        roll.chance(0.3) ? roll.pick(["she/her", "he/him", "they/them"]) : "",
        roleTitle,
        organisationId,
        community || null,
        email,
        phone,
        preferredLanguage,
        preferredLanguage !== "en" && roll.chance(0.15) ? 1 : 0,
        isCrgMember ? 1 : 0,
        isCrgMember ? londonDate(createdAt + 10 * DAY) : null,
        vetting,
        vettingOn,
        vettingOn ? londonDate(createdAt + 3 * 365 * DAY) : null,
        lawfulBasis,
        lawfulBasis ? londonDate(createdAt) : null,
        ownerUserId && roll.chance(0.05) ? roll.pick([14, 30, 60, 90]) : null,
        ownerUserId,
        notes,
        archivedAt,
        createdAt,
        updatedAt,
      );
      contactsByCommunity[community]!.push(id);
      for (const strand of STRAND_KEYS)
        if (strands.has(strand)) contactStrandRows.push([id, strand]);
      // contact_tags is read back in primary-key order, so the index row lists tags sorted.
      const sortedTags = [...tags].sort();
      for (const tag of sortedTags) contactTagRows.push([id, tag]);
      // The row indexContact writes (directory-search.server.ts), folded the same way.
      contactSearchRows.push([
        id * 2,
        foldForSearch(`${name} ${latinName}`),
        foldForSearch(organisationId ? organisationNames[organisationId]! : ""),
        foldForSearch(`${email} ${phone} ${phoneSearch(phone)} ${roleTitle}`),
        foldForSearch(sortedTags.join(" ")),
        foldForSearch(notes),
      ]);
    }
  })();
  rows.contacts = contactCount;
  rows.contact_strands = insertAll(
    sqlite,
    "INSERT INTO contact_strands (contact_id, strand_key) VALUES (?, ?)",
    contactStrandRows.length,
    (i) => contactStrandRows[i]!,
  );
  rows.contact_tags = insertAll(
    sqlite,
    "INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)",
    contactTagRows.length,
    (i) => contactTagRows[i]!,
  );
  const searchRows = [...contactSearchRows, ...organisationSearchRows];
  rows.directory_search = insertAll(
    sqlite,
    "INSERT INTO directory_search (rowid, names, organisation, contact_details, tags, notes) VALUES (?, ?, ?, ?, ?, ?)",
    searchRows.length,
    (i) => searchRows[i]!,
  );
  lap("contacts and search index");

  // Engagements --------------------------------------------------------------------------------
  const engagementStatement = sqlite.prepare(
    `INSERT INTO engagements (id, type, status, title, starts_at, duration_minutes, location, is_online, purpose, minutes,
       outcomes, sentiment, marking, created_by_user_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const engagementCommunity = sqlite.prepare(
    "INSERT INTO engagement_communities (engagement_id, community_id) VALUES (?, ?)",
  );
  const engagementStrand = sqlite.prepare(
    "INSERT INTO engagement_strands (engagement_id, strand_key) VALUES (?, ?)",
  );
  const engagementContact = sqlite.prepare(
    "INSERT INTO engagement_contacts (engagement_id, contact_id) VALUES (?, ?)",
  );
  const engagementOfficer = sqlite.prepare(
    "INSERT INTO engagement_officers (engagement_id, user_id) VALUES (?, ?)",
  );
  const followUp = sqlite.prepare(
    `INSERT INTO follow_ups (id, engagement_id, description, owner_user_id, due_on, completed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const links = { communities: 0, strands: 0, contacts: 0, officers: 0, followUps: 0 };
  const typeWeights: [EngagementType, number][] = [
    ["meeting", 30],
    ["forum_session", 15],
    ["call", 20],
    ["visit", 10],
    ["event", 8],
    ["media_briefing", 4],
    ["email", 10],
    ["letter", 3],
  ];
  // What the action plans and feedback below draw on: each engagement's first community,
  // start and whether it was held, and the held engagements of each community.
  const engagementCommunityOf = new Uint8Array(engagementCount + 1);
  const engagementStartOf = new Float64Array(engagementCount + 1);
  const heldEngagementsByCommunity: number[][] = Array.from(
    { length: communityCount + 1 },
    () => [],
  );
  sqlite.transaction(() => {
    // Spread evenly over five years, a tenth planned in the next four months, in time order
    // so ids grow with time as they would in use.
    const upcoming = Math.round(engagementCount * 0.1);
    for (let id = 1; id <= engagementCount; id += 1) {
      const future = id > engagementCount - upcoming;
      const position = future
        ? (id - (engagementCount - upcoming)) / upcoming
        : id / (engagementCount - upcoming);
      const day = future
        ? now + position * 120 * DAY
        : historyStart + position * (now - historyStart);
      const startsAt = Math.floor(day / (15 * 60_000)) * (15 * 60_000);
      const held = !future && roll.chance(0.97);
      const type = roll.weighted(typeWeights);
      const communityIds = [roll.whole(1, communityCount)];
      if (roll.chance(0.15)) communityIds.push(roll.whole(1, communityCount));
      const uniqueCommunities = [...new Set(communityIds)];
      const strands = new Set<StrandKey>([roll.pick(STRAND_KEYS)]);
      if (roll.chance(0.35)) strands.add(roll.pick(STRAND_KEYS));
      const officerIds = new Set<number>([
        roll.pick(liaisonByCommunity[uniqueCommunities[0]! - 1]!),
      ]);
      if (roll.chance(0.3)) officerIds.add(roll.pick(leadsByStrand.get([...strands][0]!)!));
      const attendeeCount =
        type === "forum_session" || type === "event" ? roll.whole(3, 8) : roll.whole(1, 3);
      const attendees = new Set<number>();
      for (let k = 0; k < attendeeCount; k += 1) {
        const pool = contactsByCommunity[roll.chance(0.1) ? 0 : roll.pick(uniqueCommunities)]!;
        if (pool.length) attendees.add(roll.pick(pool));
      }
      const topic = roll.pick(TOPICS);
      const createdBy = [...officerIds][0]!;
      const createdAt = future ? now - roll.whole(1, 30) * DAY : startsAt - roll.whole(0, 14) * DAY;
      const isOnline = roll.chance(0.25);
      const location = isOnline
        ? "Microsoft Teams"
        : `${roll.pick(["Community hall", "Borough police station", "Mosque meeting room", "Library"])}, ${roll.pick(BOROUGHS)}`;
      engagementStatement.run(
        id,
        type,
        held ? "held" : "planned",
        `${ENGAGEMENT_TITLES[type]}: ${topic}`,
        startsAt,
        roll.pick([30, 45, 60, 90, 120]),
        location,
        isOnline ? 1 : 0,
        `To discuss ${topic} with the ${adjectives[uniqueCommunities[0]! - 1]} community.`,
        held ? roll.pick(MINUTES) : "",
        held && roll.chance(0.6) ? "Actions agreed; see the follow-ups." : "",
        held && roll.chance(0.8) ? roll.whole(-2, 2) : null,
        roll.chance(0.1) ? "OFFICIAL-SENSITIVE" : "OFFICIAL",
        createdBy,
        createdAt,
        held ? Math.max(createdAt, startsAt + roll.whole(0, 3) * DAY) : createdAt,
      );
      engagementCommunityOf[id] = uniqueCommunities[0]!;
      engagementStartOf[id] = startsAt;
      for (const community of uniqueCommunities.sort((a, b) => a - b)) {
        engagementCommunity.run(id, community);
        links.communities += 1;
        if (held) heldEngagementsByCommunity[community]!.push(id);
      }
      for (const strand of strands) {
        engagementStrand.run(id, strand);
        links.strands += 1;
      }
      for (const contact of attendees) {
        engagementContact.run(id, contact);
        links.contacts += 1;
      }
      for (const officer of officerIds) {
        engagementOfficer.run(id, officer);
        links.officers += 1;
      }
      if (held && roll.chance(0.3)) {
        for (let k = roll.whole(1, 2); k > 0; k -= 1) {
          links.followUps += 1;
          const due = startsAt + roll.whole(7, 28) * DAY;
          const done =
            due < now && roll.chance(0.85) ? Math.min(now, due - roll.whole(0, 6) * DAY) : null;
          followUp.run(
            links.followUps,
            id,
            roll.pick(FOLLOW_UPS),
            roll.pick([...officerIds]),
            londonDate(due),
            done,
            startsAt,
            done ?? startsAt,
          );
        }
      }
    }
  })();
  rows.engagements = engagementCount;
  rows.engagement_communities = links.communities;
  rows.engagement_strands = links.strands;
  rows.engagement_contacts = links.contacts;
  rows.engagement_officers = links.officers;
  rows.follow_ups = links.followUps;
  lap("engagements");

  // Action plans -------------------------------------------------------------------------------
  // The demo template, and a plan for every community holding the template's items and many
  // more added by hand over the years, in every status, with progress histories and links to
  // the community's held engagements. Plans belong to communities, not to the directory, so
  // their size does not follow the contact count.
  const steeringIds = officers.filter((o) => o.role === "steering").map((o) => o.id);
  const adminIds = officers.filter((o) => o.role === "admin").map((o) => o.id);
  rows.action_template_items = insertAll(
    sqlite,
    `INSERT INTO action_template_items (id, strand_key, title, description, due_offset_days, default_owner_role, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    DEMO_TEMPLATE.length,
    (i) => {
      const item = DEMO_TEMPLATE[i]!;
      return [
        i + 1,
        item.strandKey,
        item.title,
        item.description,
        item.dueOffsetDays,
        item.defaultOwnerRole,
        i,
        officerCreatedAt,
        officerCreatedAt,
      ];
    },
  );
  const planStarts = DEMO_COMMUNITIES.map(() => dayOffset(roll.whole(365, FIVE_YEARS_DAYS - 30)));
  rows.action_plans = insertAll(
    sqlite,
    `INSERT INTO action_plans (id, community_id, start_on, created_by_user_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    communityCount,
    (i) => [
      i + 1,
      i + 1,
      londonDate(planStarts[i]!),
      roll.pick(adminIds),
      planStarts[i]!,
      planStarts[i]!,
    ],
  );
  const itemStatement = sqlite.prepare(
    `INSERT INTO action_items (id, plan_id, community_id, strand_key, template_item_id, title, description, owner_user_id,
       due_on, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateStatement = sqlite.prepare(
    `INSERT INTO action_item_updates (id, item_id, author_user_id, happened_on, note, new_status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const itemEngagement = sqlite.prepare(
    "INSERT INTO action_item_engagements (item_id, engagement_id) VALUES (?, ?)",
  );
  const itemsByCommunity: number[][] = Array.from({ length: communityCount + 1 }, () => []);
  const plan = { items: 0, updates: 0, engagements: 0 };
  sqlite.transaction(() => {
    for (let community = 1; community <= communityCount; community += 1) {
      const startedAt = planStarts[community - 1]!;
      const handAdded = Math.max(0, itemsPerPlan - DEMO_TEMPLATE.length);
      for (let k = 0; k < DEMO_TEMPLATE.length + handAdded; k += 1) {
        const template = k < DEMO_TEMPLATE.length ? DEMO_TEMPLATE[k]! : null;
        const strand = template?.strandKey ?? roll.pick(STRAND_KEYS);
        const createdAt = template ? startedAt : startedAt + roll.next() * (now - startedAt);
        const due = template
          ? startedAt + template.dueOffsetDays * DAY
          : createdAt + roll.whole(14, 180) * DAY;
        const past = due < now;
        const status: ActionItemStatus = past
          ? roll.weighted(PAST_DUE_ITEM_STATUSES)
          : roll.weighted(FUTURE_DUE_ITEM_STATUSES);
        const ownerRole = template?.defaultOwnerRole ?? roll.pick(ACTION_OWNER_ROLES);
        const owner = roll.chance(0.05)
          ? null
          : ownerRole === "liaison"
            ? roll.pick(liaisonByCommunity[community - 1]!)
            : roll.pick(leadsByStrand.get(strand)!);
        const id = ++plan.items;
        itemsByCommunity[community]!.push(id);
        // The history walks the item to its status: started, perhaps blocked and unblocked,
        // notes along the way, then done or cancelled.
        const path: (ActionItemStatus | null)[] = [];
        if (status !== "not_started") {
          path.push("in_progress");
          if (status === "blocked" || roll.chance(0.15)) path.push("blocked");
          if (status !== "blocked" && path.at(-1) === "blocked") path.push("in_progress");
          for (let n = roll.whole(0, 10); n > 0; n -= 1) path.splice(1, 0, null);
          if (status === "done" || status === "cancelled") path.push(status);
        }
        const historyEnd = Math.min(now, past ? due + roll.whole(-20, 30) * DAY : now);
        const step = Math.max(DAY, (historyEnd - createdAt) / (path.length + 1));
        let at = createdAt;
        for (const newStatus of path) {
          at = Math.min(now, at + step * (0.5 + roll.next()));
          plan.updates += 1;
          updateStatement.run(
            plan.updates,
            id,
            owner ?? roll.pick(liaisonByCommunity[community - 1]!),
            londonDate(at - roll.whole(0, 2) * DAY),
            roll.pick(newStatus ? PROGRESS_NOTES_WITH_STATUS[newStatus] : PROGRESS_NOTES),
            newStatus,
            at,
          );
        }
        itemStatement.run(
          id,
          community,
          community,
          strand,
          template ? k + 1 : null,
          template?.title ?? `${roll.pick(HAND_ADDED_ITEMS)} (${adjectives[community - 1]})`,
          template?.description ?? "",
          owner,
          londonDate(due),
          status,
          createdAt,
          Math.max(at, createdAt),
        );
        const held = heldEngagementsByCommunity[community]!;
        if (status !== "not_started" && held.length && roll.chance(0.3)) {
          for (const engagementId of roll.some(held, roll.whole(1, 3))) {
            itemEngagement.run(id, engagementId);
            plan.engagements += 1;
          }
        }
      }
    }
  })();
  rows.action_items = plan.items;
  rows.action_item_updates = plan.updates;
  rows.action_item_engagements = plan.engagements;
  lap("action plans");

  // Feedback -----------------------------------------------------------------------------------
  // Advice given at held engagements (a tenth of them) or through other channels, along the
  // "you said, we did" workflow by age: recent items still open, older ones answered and closed,
  // a few overdue, escalated and decided; each with its append-only history.
  const feedbackStatement = sqlite.prepare(
    `INSERT INTO feedback (id, received_on, community_id, engagement_id, channel, category, summary, sentiment, priority,
       is_shareable, status, owner_user_id, response_due_on, response_outcome, response_text, responded_on,
       escalated_at, escalated_by_user_id, escalation_reason, steering_decision, steering_decided_at,
       steering_decided_by_user_id, created_by_user_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const feedbackContact = sqlite.prepare(
    "INSERT INTO feedback_contacts (feedback_id, contact_id) VALUES (?, ?)",
  );
  const feedbackStrand = sqlite.prepare(
    "INSERT INTO feedback_strands (feedback_id, strand_key) VALUES (?, ?)",
  );
  const feedbackEvent = sqlite.prepare(
    `INSERT INTO feedback_events (id, feedback_id, kind, from_value, to_value, note, actor_user_id, occurred_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const itemFeedback = sqlite.prepare(
    "INSERT INTO action_item_feedback (item_id, feedback_id) VALUES (?, ?)",
  );
  const advice = { contacts: 0, strands: 0, events: 0, items: 0 };
  // Engagements up to here are in the past: feedback follows them in time.
  const pastEngagements = engagementCount - Math.round(engagementCount * 0.1);
  sqlite.transaction(() => {
    for (let id = 1; id <= feedbackCount; id += 1) {
      const engagementId = Math.min(
        pastEngagements,
        1 + Math.floor(((id - 1 + roll.next()) / feedbackCount) * pastEngagements),
      );
      const fromEngagement = roll.chance(0.6);
      const receivedAt = Math.min(now, engagementStartOf[engagementId]! + roll.whole(0, 3) * DAY);
      const community = roll.chance(0.1) ? 0 : engagementCommunityOf[engagementId]!;
      const strands = new Set<StrandKey>([roll.pick(STRAND_KEYS)]);
      if (roll.chance(0.3)) strands.add(roll.pick(STRAND_KEYS));
      const owner = community
        ? roll.pick(liaisonByCommunity[community - 1]!)
        : roll.pick(leadsByStrand.get([...strands][0]!)!);
      const ageDays = (now - receivedAt) / DAY;
      const status: FeedbackStatus = roll.weighted(
        ageDays > 60
          ? FEEDBACK_STATUS_WEIGHTS.old
          : ageDays > 28
            ? FEEDBACK_STATUS_WEIGHTS.due
            : FEEDBACK_STATUS_WEIGHTS.recent,
      );
      const receivedOn = londonDate(receivedAt);
      const firstDue = receivedAt + 28 * DAY;
      const dueMoved = roll.chance(0.08);
      const dueAt = dueMoved ? firstDue + roll.whole(7, 28) * DAY : firstDue;
      const answered = status === "responded" || status === "closed";
      const respondedAt = answered
        ? Math.min(now, receivedAt + roll.whole(3, dueMoved ? 50 : 35) * DAY)
        : null;
      const escalated = !answered && ageDays > 20 ? roll.chance(0.1) : roll.chance(0.03);
      const escalatedAt = escalated
        ? Math.min(now, receivedAt + roll.whole(7, Math.max(7, Math.min(60, ageDays))) * DAY)
        : null;
      const decidedAt =
        escalatedAt && roll.chance(0.6)
          ? Math.min(now, escalatedAt + roll.whole(1, 30) * DAY)
          : null;
      const category = roll.weighted(FEEDBACK_CATEGORY_WEIGHTS);
      const createdBy = owner;
      // The history, in time order: recorded, each workflow step, the moved due date, a new owner,
      // the escalation and the decision.
      const events: [FeedbackEventKind, string | null, string | null, string, number, number][] = [
        ["recorded", null, "received", "", createdBy, receivedAt],
      ];
      const steps = FEEDBACK_STATUSES.slice(1, FEEDBACK_STATUSES.indexOf(status) + 1);
      const stepsEnd =
        respondedAt ?? Math.max(receivedAt, Math.min(now, receivedAt + ageDays * DAY * 0.8));
      steps.forEach((step, index) => {
        const at =
          step === "responded" && respondedAt
            ? respondedAt
            : step === "closed" && respondedAt
              ? Math.min(now, respondedAt + roll.whole(0, 14) * DAY)
              : receivedAt + ((index + 1) / (steps.length + 1)) * (stepsEnd - receivedAt);
        events.push(["status", FEEDBACK_STATUSES[index]!, step, "", owner, at]);
      });
      if (dueMoved) {
        events.push([
          "due_date",
          londonDate(firstDue),
          londonDate(dueAt),
          roll.pick(DUE_DATE_REASONS),
          owner,
          Math.min(now, receivedAt + roll.whole(5, 27) * DAY),
        ]);
      }
      let currentOwner = owner;
      if (community && roll.chance(0.05)) {
        currentOwner = roll.pick(liaisonByCommunity[community - 1]!);
        events.push([
          "owner",
          String(owner),
          String(currentOwner),
          "",
          roll.pick(adminIds),
          Math.min(now, receivedAt + roll.whole(1, 10) * DAY),
        ]);
      }
      const escalatedBy = escalatedAt ? roll.pick([owner, ...adminIds]) : null;
      const escalationReason = escalatedAt ? roll.pick(ESCALATION_REASONS) : "";
      if (escalatedAt)
        events.push(["escalated", null, null, escalationReason, escalatedBy!, escalatedAt]);
      const decidedBy = decidedAt ? roll.pick(steeringIds) : null;
      const decision = decidedAt ? roll.pick(STEERING_DECISIONS) : "";
      if (decidedAt) events.push(["decision", null, null, decision, decidedBy!, decidedAt]);
      events.sort((a, b) => a[5] - b[5]);
      const outcome = answered ? (roll.chance(0.75) ? "acted_on" : "not_taken") : null;
      feedbackStatement.run(
        id,
        receivedOn,
        community || null,
        fromEngagement && community ? engagementId : null,
        fromEngagement && community ? "meeting" : roll.weighted(FEEDBACK_CHANNEL_WEIGHTS),
        category,
        `${FEEDBACK_CATEGORY_SUMMARIES[category]}: ${roll.pick(TOPICS)}.`,
        category === "praise" ? roll.whole(1, 2) : roll.whole(-2, 1),
        roll.weighted(FEEDBACK_PRIORITY_WEIGHTS),
        roll.chance(0.4) ? 1 : 0,
        status,
        currentOwner,
        londonDate(dueAt),
        outcome,
        outcome === "acted_on"
          ? roll.pick(WE_DID)
          : outcome === "not_taken"
            ? roll.pick(NOT_TAKEN_REASONS)
            : "",
        respondedAt ? londonDate(respondedAt) : null,
        escalatedAt,
        escalatedBy,
        escalationReason,
        decision,
        decidedAt,
        decidedBy,
        createdBy,
        receivedAt,
        events.at(-1)![5],
      );
      for (const [kind, from, to, note, actor, at] of events) {
        advice.events += 1;
        feedbackEvent.run(advice.events, id, kind, from, to, note, actor, at);
      }
      for (const strand of strands) {
        feedbackStrand.run(id, strand);
        advice.strands += 1;
      }
      const people = contactsByCommunity[community]!;
      if (people.length && roll.chance(0.7)) {
        for (const contactId of roll.some(people, roll.whole(1, 2))) {
          feedbackContact.run(id, contactId);
          advice.contacts += 1;
        }
      }
      const items = itemsByCommunity[community]!;
      if (items.length && roll.chance(0.05)) {
        itemFeedback.run(roll.pick(items), id);
        advice.items += 1;
      }
    }
  })();
  rows.feedback = feedbackCount;
  rows.feedback_events = advice.events;
  rows.feedback_strands = advice.strands;
  rows.feedback_contacts = advice.contacts;
  rows.action_item_feedback = advice.items;
  lap("feedback");

  // Indicators ---------------------------------------------------------------------------------
  // The soft trust-and-confidence indicators, read for every community every quarter of the
  // five years (a wandering value, now and then a quarter missed).
  rows.indicators = insertAll(
    sqlite,
    `INSERT INTO indicators (id, name, description, scale_min, scale_max, higher_is_better, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    BENCH_INDICATORS.length,
    (i) => {
      const indicator = BENCH_INDICATORS[i]!;
      return [
        i + 1,
        indicator.name,
        indicator.description,
        indicator.min,
        indicator.max,
        indicator.higherIsBetter ? 1 : 0,
        i,
        officerCreatedAt,
        officerCreatedAt,
      ];
    },
  );
  const quarters: { quarter: string; endsAt: number }[] = [];
  for (let at = historyStart; at <= now; at += 91 * DAY) {
    const quarter = londonQuarter(at);
    if (quarters.at(-1)?.quarter !== quarter) quarters.push({ quarter, endsAt: at });
  }
  const readings: (string | number)[][] = [];
  BENCH_INDICATORS.forEach((indicator, index) => {
    for (let community = 1; community <= communityCount; community += 1) {
      let value = indicator.min + (indicator.max - indicator.min) * (0.3 + 0.4 * roll.next());
      for (const { quarter, endsAt } of quarters) {
        value += (indicator.max - indicator.min) * 0.1 * (roll.next() - 0.5);
        value = Math.min(indicator.max, Math.max(indicator.min, value));
        if (roll.chance(0.05)) continue;
        const recordedAt = Math.min(now, endsAt + roll.whole(1, 20) * DAY);
        readings.push([
          readings.length + 1,
          index + 1,
          community,
          quarter,
          Math.round(value * 10) / 10,
          roll.chance(0.2) ? "From the quarterly community survey." : "",
          roll.pick(liaisonByCommunity[community - 1]!),
          recordedAt,
          recordedAt,
        ]);
      }
    }
  });
  rows.indicator_readings = insertAll(
    sqlite,
    `INSERT INTO indicator_readings (id, indicator_id, community_id, quarter, value, note, recorded_by_user_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    readings.length,
    (i) => readings[i]!,
  );
  lap("indicators");

  // Audit log ----------------------------------------------------------------------------------
  const lastOfficer = officers.length;
  rows.audit_events = insertAll(
    sqlite,
    `INSERT INTO audit_events (id, occurred_at, actor_user_id, action, entity_type, entity_id, changes, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    auditCount,
    (i) => {
      const occurredAt =
        historyStart + Math.floor(((i + roll.next()) / auditCount) * (now - historyStart));
      const actor = roll.whole(1, lastOfficer);
      const kind = roll.weighted([
        ["view", 55],
        ["update", 15],
        ["createEngagement", 10],
        ["updateEngagement", 6],
        ["createContact", 4],
        ["organisation", 5],
        ["login", 5],
        ["actionItem", 4],
        ["feedback", 5],
      ] as const);
      switch (kind) {
        case "view":
          return [
            i + 1,
            occurredAt,
            actor,
            "view",
            "contact",
            String(roll.whole(1, contactCount)),
            null,
            null,
          ];
        case "update": {
          const [field, before, after] = roll.pick(AUDIT_CHANGES);
          return [
            i + 1,
            occurredAt,
            actor,
            "update",
            "contact",
            String(roll.whole(1, contactCount)),
            JSON.stringify({ [field]: [before, after] }),
            null,
          ];
        }
        case "createEngagement":
          return [
            i + 1,
            occurredAt,
            actor,
            "create",
            "engagement",
            String(roll.whole(1, engagementCount)),
            null,
            null,
          ];
        case "updateEngagement":
          return [
            i + 1,
            occurredAt,
            actor,
            "update",
            "engagement",
            String(roll.whole(1, engagementCount)),
            JSON.stringify({ status: ["planned", "held"] }),
            null,
          ];
        case "createContact":
          return [
            i + 1,
            occurredAt,
            actor,
            "create",
            "contact",
            String(roll.whole(1, contactCount)),
            null,
            null,
          ];
        case "organisation":
          return [
            i + 1,
            occurredAt,
            actor,
            roll.chance(0.5) ? "view" : "update",
            "organisation",
            String(roll.whole(1, organisationCount)),
            null,
            null,
          ];
        case "login":
          return [i + 1, occurredAt, actor, "login", "user", String(actor), null, null];
        case "actionItem":
          return [
            i + 1,
            occurredAt,
            actor,
            roll.chance(0.3) ? "view" : "update",
            "action_item",
            String(roll.whole(1, plan.items)),
            null,
            null,
          ];
        case "feedback":
          return [
            i + 1,
            occurredAt,
            actor,
            roll.pick(["view", "view", "update", "create"]),
            "feedback",
            String(roll.whole(1, feedbackCount)),
            null,
            null,
          ];
      }
    },
  );
  lap("audit log");
  restoreAfterLoading(sqlite, suspended);
  lap("indexes");

  // The derived last-engaged instant, by the app's own rule. Without statistics the planner
  // walks every held engagement newest-first for each contact, so they are gathered first.
  sqlite.exec("ANALYZE");
  const allContactIds = Array.from({ length: contactCount }, (_, index) => index + 1);
  db.transaction((tx) => recomputeLastEngaged(tx, allContactIds));
  lap("last engaged");

  sqlite.pragma("locking_mode = NORMAL");
  sqlite.pragma("journal_mode = WAL");
  sqlite.exec("ANALYZE");
  sqlite.close();
  fs.renameSync(partial, out);
  lap("analysed");
  return {
    file: out,
    seed,
    now: new Date(now).toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    rows,
  };
}

/** phoneSearchText parses the number; the generator reuses the few thousand distinct numbers. */
const phoneSearchCache = new Map<string, string>();
function phoneSearch(phone: string): string {
  let text = phoneSearchCache.get(phone);
  if (text === undefined) {
    text = phoneSearchText(phone);
    phoneSearchCache.set(phone, text);
  }
  return text;
}

/** Reads `--name value` pairs of the command line. */
export function parseArguments(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (!argument.startsWith("--")) throw new Error(`Unexpected argument ${argument}`);
    const next = argv[index + 1];
    if (next === undefined || next.startsWith("--")) values.set(argument.slice(2), "");
    else {
      values.set(argument.slice(2), next);
      index += 1;
    }
  }
  return values;
}

export function wholeNumberArgument(
  values: Map<string, string>,
  name: string,
  fallback: number,
): number {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const values = parseArguments(process.argv.slice(2));
  const contacts = wholeNumberArgument(values, "contacts", DEFAULT_BENCH_CONTACTS);
  const summary = await generateBenchData({
    contacts,
    seed: wholeNumberArgument(values, "seed", DEFAULT_BENCH_SEED),
    out: values.get("out") || defaultBenchDatabasePath(contacts),
    log: (message) => process.stdout.write(`${message}\n`),
  });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
