// The benchmark: serves the production build on a large generated database (scripts/bench-data.ts),
// signs in as a liaison officer, a strand lead and a steering member, loads each key request with
// autocannon, and times the same SQL alone through better-sqlite3 so the web stack's share shows.
//
// The "SQL alone" of a page is not written twice: the page's domain calls run once on a drizzle
// connection that records every statement, and the reads among them are then replayed as
// prepared statements. So the floor is the very SQL the page runs, kept in step with the app.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { can, type Actor } from "../app/auth/policy";
import { loadSessionUser } from "../app/auth/session.server";
import { migrateDatabase, type Db } from "../app/db/client.server";
import * as schema from "../app/db/schema";
import {
  getCommunity,
  listCommunities,
  listLiaisonOfficers,
} from "../app/domain/communities.server";
import { parseContactListFilter } from "../app/domain/contacts.schema";
import {
  CONTACT_COUNT_LIMIT,
  CONTACT_PAGE_SIZE,
  contactCommunityChoices,
  contactCommunityFilterChoices,
  contactOwnerFilterChoices,
  getContactForView,
  listContacts,
  searchContacts,
} from "../app/domain/contacts.server";
import { parseOrganisationListFilter } from "../app/domain/organisations.schema";
import {
  communityFilterChoices,
  findOrganisationsForPicker,
  getOrganisation,
  listOrganisations,
} from "../app/domain/organisations.server";
import { searchMatchExpression } from "../app/domain/search-text";
import { listStrands } from "../app/domain/strands.server";
import {
  communityTimeline,
  coverageMatrix,
  defaultCoveragePeriod,
  ENGAGEMENT_EXPORT_HEADER,
  listEngagements,
} from "../app/domain/engagement-lists.server";
import { parseActionItemListFilter } from "../app/domain/action-plans.schema";
import {
  listActionItemPage,
  listItemsForFeedback,
  planOverview,
} from "../app/domain/action-plans.server";
import { getEngagementForView } from "../app/domain/engagements.server";
import { parseFeedbackListFilter } from "../app/domain/feedback.schema";
import { feedbackDashboardCounts, listFeedbackPage } from "../app/domain/feedback-lists.server";
import {
  feedbackOwnerChoices,
  findFeedbackAccess,
  getFeedbackForView,
  mayRecordFeedback,
} from "../app/domain/feedback.server";
import { indicatorDashboard, indicatorSummary } from "../app/domain/indicators.server";
import { addDays, londonToday } from "../app/domain/london-time";
import { previousQuarter, quarterLabel, quarterOf, quarterRange } from "../app/domain/quarters";
import { createReview, openReview } from "../app/domain/steering-reviews.server";
import { summaryLine } from "../app/components/feedback-ui";
import {
  BENCH_ACCOUNTS,
  BENCH_PASSWORD,
  DEFAULT_BENCH_CONTACTS,
  DEFAULT_BENCH_SEED,
  defaultBenchDatabasePath,
  generateBenchData,
  parseArguments,
  wholeNumberArgument,
} from "./bench-data";
import { serverNodeArguments } from "./server-command";

export type BenchRole = "liaison" | "lead" | "steering";
/**
 * Which target applies: p95 < 50 ms for lists, searches, pages and creates, < 150 ms for the
 * dashboard. A whole-file export has no latency target: it is there for the memory it costs.
 */
export type BenchKind = "list" | "search" | "detail" | "dashboard" | "create" | "export";

export const TARGET_P95_MS: Record<Exclude<BenchKind, "export">, number> = {
  list: 50,
  search: 50,
  detail: 50,
  dashboard: 150,
  create: 50,
};
export const TARGET_RSS_MB = 300;
export const TARGET_GROWTH = 1.5;

export type BenchRequest = {
  name: string;
  kind: BenchKind;
  role: BenchRole;
  method: "GET" | "POST";
  path: string;
  /** The status every answer must have: 200, or the redirect after a create. */
  expectStatus: number;
  /** A fresh form body for each request of a create. */
  body?: () => string;
  /**
   * A download checked as CSV: its first line must be this header and a row must follow. It is
   * sent `sends` times one at a time and never under load (a whole file takes seconds).
   */
  csv?: { header: readonly string[]; sends: number };
  /**
   * The page's domain calls (as its loader makes them), run once on a recording connection:
   * their reads are the page's SQL floor. Returns text the page must show.
   */
  floor?: (db: Db, actor: Actor) => string | null;
};

export type BenchContext = {
  userIds: Record<BenchRole, number>;
  /** A community of the liaison officer's, and records inside it. */
  communityId: number;
  contactId: number;
  organisationId: number;
  /** A word of that organisation's name: what an officer types to find it on the contact form. */
  organisationSearch: string;
  engagementId: number | null;
  /** Feedback of the liaison officer's community, which the liaison officer may read. */
  feedbackId: number | null;
  /** The steering review whose pack is measured: made by the bench before it serves (buildPacks). */
  reviewId: number | null;
  searches: SearchTerms;
};

export type SearchTerms = Record<
  "latin" | "accented" | "cyrillic" | "arabic" | "prefix" | "liaisonLatin",
  string
>;

/** Common names at every realistic size; a small file that lacks one searches a name it has. */
const PREFERRED_SEARCHES: SearchTerms = {
  latin: "Karimi",
  accented: "Nguyễn",
  cyrillic: "Коваленко",
  arabic: "محمد",
  prefix: "Moh",
  liaisonLatin: "Ahmad",
};

const SEARCH_SCRIPTS: Record<keyof SearchTerms, RegExp> = {
  latin: /^[A-Za-z]{4,}$/,
  accented: /^\p{Script=Latin}*[\u00C0-\u024F\u1E00-\u1EFF]\p{Script=Latin}*$/u,
  cyrillic: /^\p{Script=Cyrillic}{3,}$/u,
  arabic: /^\p{Script=Arabic}{3,}$/u,
  prefix: /^[A-Za-z]{4,}$/,
  liaisonLatin: /^[A-Za-z]{4,}$/,
};

function chooseSearchTerms(sqlite: Database.Database, liaisonCommunities: number[]): SearchTerms {
  const scoped = `AND community_id IN (${liaisonCommunities.map(Number).join(",")})`;
  const finds = (term: string, scope: string) =>
    (
      sqlite
        .prepare(
          `SELECT count(*) AS n FROM contacts WHERE archived_at IS NULL ${scope} AND id IN
             (SELECT rowid / 2 FROM directory_search WHERE directory_search MATCH ? AND rowid % 2 = 0)`,
        )
        .get(searchMatchExpression(term)) as { n: number }
    ).n > 0;
  const terms = { ...PREFERRED_SEARCHES };
  for (const key of Object.keys(terms) as (keyof SearchTerms)[]) {
    const scope = key === "liaisonLatin" ? scoped : "";
    if (finds(terms[key], scope)) continue;
    const names = sqlite
      .prepare(
        `SELECT name, latin_name AS latinName FROM contacts WHERE archived_at IS NULL ${scope} ORDER BY id`,
      )
      .all() as { name: string; latinName: string }[];
    const word = names
      .flatMap((row) => `${row.name} ${row.latinName}`.split(/\s+/))
      .find((candidate) => SEARCH_SCRIPTS[key].test(candidate));
    if (word) terms[key] = key === "prefix" ? word.slice(0, 3) : word;
  }
  return terms;
}

/** Ids the requests need, read from the bench file. */
export function readBenchContext(sqlite: Database.Database): BenchContext {
  const userId = (email: string) => {
    const row = sqlite.prepare("SELECT id FROM users WHERE email = ?").get(email) as
      { id: number } | undefined;
    if (!row) throw new Error(`${email} is missing: is this a bench database?`);
    return row.id;
  };
  const liaison = userId(BENCH_ACCOUNTS.liaison);
  const liaisonCommunities = (
    sqlite
      .prepare(
        "SELECT community_id AS communityId FROM user_communities WHERE user_id = ? ORDER BY community_id",
      )
      .all(liaison) as { communityId: number }[]
  ).map((row) => row.communityId);
  const communityId = liaisonCommunities[0]!;
  // A middle record, not the first: nothing about it is special.
  const middle = (table: string) =>
    (
      sqlite
        .prepare(
          `SELECT id FROM ${table} WHERE community_id = ? AND archived_at IS NULL ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM ${table} WHERE community_id = ? AND archived_at IS NULL)`,
        )
        .get(communityId, communityId) as { id: number }
    ).id;
  const engagement = sqlite
    .prepare(
      "SELECT engagement_id AS id FROM engagement_communities WHERE community_id = ? ORDER BY engagement_id DESC LIMIT 1",
    )
    .get(communityId) as { id: number } | undefined;
  const communityFeedback = sqlite
    .prepare(
      "SELECT id FROM feedback WHERE community_id = ? ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM feedback WHERE community_id = ?)",
    )
    .get(communityId, communityId) as { id: number } | undefined;
  const organisationId = middle("organisations");
  const organisationName = (
    sqlite.prepare("SELECT name FROM organisations WHERE id = ?").get(organisationId) as {
      name: string;
    }
  ).name;
  return {
    userIds: {
      liaison,
      lead: userId(BENCH_ACCOUNTS.lead),
      steering: userId(BENCH_ACCOUNTS.steering),
    },
    communityId,
    contactId: middle("contacts"),
    organisationId,
    organisationSearch:
      organisationName.split(/[\s,]+/).find((word) => word.length >= 3) ?? organisationName,
    engagementId: engagement?.id ?? null,
    feedbackId: communityFeedback?.id ?? null,
    reviewId: null,
    searches: chooseSearchTerms(sqlite, liaisonCommunities),
  };
}

const firstName = (rows: readonly { name: string }[]) => rows[0]?.name ?? null;

/** What a contacts list's loader reads: the page, its count, and the filter choices. */
function contactListFloor(query: string) {
  return (db: Db, actor: Actor) => {
    const list = listContacts(db, actor, parseContactListFilter(new URLSearchParams(query)));
    contactCommunityFilterChoices(db, actor);
    contactOwnerFilterChoices(db);
    listStrands(db);
    return firstName(list.contacts);
  };
}

function organisationListFloor(query: string) {
  return (db: Db, actor: Actor) => {
    const list = listOrganisations(
      db,
      actor,
      parseOrganisationListFilter(new URLSearchParams(query)),
    );
    communityFilterChoices(db, actor);
    listStrands(db);
    return firstName(list.organisations);
  };
}

function searchFloor(query: string) {
  return (db: Db, actor: Actor) => {
    const found = searchContacts(db, actor, query);
    const organisations = listOrganisations(
      db,
      actor,
      parseOrganisationListFilter(new URLSearchParams({ q: query })),
    );
    return firstName(found.contacts) ?? firstName(organisations.organisations);
  };
}

/** What the feedback list's loader reads: the page, its count, and the filter choices. */
function feedbackListFloor(query: string) {
  return (db: Db, actor: Actor) => {
    const list = listFeedbackPage(
      db,
      actor,
      parseFeedbackListFilter(new URLSearchParams(query)),
      new Date(),
    );
    contactCommunityFilterChoices(db, actor);
    listStrands(db);
    contactOwnerFilterChoices(db);
    mayRecordFeedback(actor);
    const first = list.feedback[0];
    return first ? summaryLine(first.summary) : null;
  };
}

/** The quarter a steering review usually looks back on, and the indicators page shows by default. */
function lastCompleteQuarter(now: Date) {
  return previousQuarter(quarterOf(londonToday(now)));
}

let createdContacts = 0;

/** "Baabaabaa Visitor" for 1: three letters from the count, so no two creates share a prefix. */
function createName(count: number): string {
  let letters = "";
  for (let rest = count % 26 ** 3, index = 0; index < 3; index += 1, rest = Math.floor(rest / 26)) {
    letters += String.fromCharCode(97 + (rest % 26));
  }
  const word = letters.repeat(3);
  return `${word[0]!.toUpperCase()}${word.slice(1)} Visitor`;
}

/** The key requests of the pages that exist, in the order they are measured. */
export function benchRequests(context: BenchContext): BenchRequest[] {
  const list = (name: string, role: BenchRole, query = ""): BenchRequest => ({
    name,
    kind: "list",
    role,
    method: "GET",
    path: `/contacts${query ? `?${query}` : ""}`,
    expectStatus: 200,
    floor: contactListFloor(query),
  });
  const search = (name: string, role: BenchRole, q: string): BenchRequest => ({
    name,
    kind: "search",
    role,
    method: "GET",
    path: `/search?${new URLSearchParams({ q })}`,
    expectStatus: 200,
    floor: searchFloor(q),
  });
  const feedbackList = (name: string, role: BenchRole, query: string): BenchRequest => ({
    name,
    kind: "list",
    role,
    method: "GET",
    path: `/feedback${query ? `?${query}` : ""}`,
    expectStatus: 200,
    floor: feedbackListFloor(query),
  });
  return [
    list("Contacts, first page", "liaison"),
    list("Contacts, first page", "lead"),
    list("Contacts, first page", "steering"),
    // The deepest page the list offers: it counts no further than CONTACT_COUNT_LIMIT.
    list(
      `Contacts, deep page (${CONTACT_COUNT_LIMIT / CONTACT_PAGE_SIZE})`,
      "steering",
      `page=${CONTACT_COUNT_LIMIT / CONTACT_PAGE_SIZE}`,
    ),
    list("Contacts by community", "liaison", `community=${context.communityId}`),
    list("Contacts by strand", "steering", "strand=youth"),
    list("Contacts by strand outside own", "lead", "strand=youth"),
    list("Contacts by organisation type", "steering", "orgType=faith_organisation"),
    list("Contacts by owner", "liaison", `owner=${context.userIds.liaison}`),
    list("Contacts by tag", "steering", "tag=interpreter"),
    list("Contacts, CRG members", "steering", "crg=yes"),
    list("Contacts, archived", "steering", "archived=only"),
    list("Contacts, sorted by last change", "lead", "sort=updated"),
    search("Search, Latin", "steering", context.searches.latin),
    search("Search, accented", "steering", context.searches.accented),
    search("Search, Cyrillic", "steering", context.searches.cyrillic),
    search("Search, Arabic", "steering", context.searches.arabic),
    search("Search, prefix", "steering", context.searches.prefix),
    search("Search, Latin", "liaison", context.searches.liaisonLatin),
    {
      name: "Contact page",
      kind: "detail",
      role: "liaison",
      method: "GET",
      path: `/contacts/${context.contactId}`,
      expectStatus: 200,
      floor: (db, actor) => getContactForView(db, actor, context.contactId)?.name ?? null,
    },
    {
      // The form once offered every organisation the officer may see in one list; it now offers
      // a search, and is measured so that its size stays flat as the directory grows.
      name: "Contact form",
      kind: "detail",
      role: "liaison",
      method: "GET",
      path: "/contacts/new",
      expectStatus: 200,
      floor: (db, actor) => contactCommunityChoices(db, actor)[0]?.name ?? null,
    },
    {
      // How an officer chooses the organisation on the contact form: the form posted back with
      // what they typed, answered with the first matches.
      name: "Contact form, organisation search",
      kind: "search",
      role: "liaison",
      method: "POST",
      path: "/contacts/new",
      expectStatus: 200,
      body: () =>
        new URLSearchParams({
          intent: "find-organisations",
          organisationQuery: context.organisationSearch,
          name: "",
        }).toString(),
      floor: (db, actor) =>
        firstName(findOrganisationsForPicker(db, actor, context.organisationSearch).organisations),
    },
    {
      name: "Organisation page",
      kind: "detail",
      role: "liaison",
      method: "GET",
      path: `/organisations/${context.organisationId}`,
      expectStatus: 200,
      floor: (db, actor) => getOrganisation(db, actor, context.organisationId)?.name ?? null,
    },
    {
      name: "Community page",
      kind: "detail",
      role: "liaison",
      method: "GET",
      path: `/communities/${context.communityId}`,
      expectStatus: 200,
      floor: (db, actor) => {
        const community = getCommunity(db, actor, context.communityId);
        listLiaisonOfficers(db, context.communityId);
        listContacts(db, actor, { community: context.communityId, page: 1 });
        listOrganisations(db, actor, { community: context.communityId, page: 1 });
        communityTimeline(db, actor, context.communityId, 1);
        return community?.name ?? null;
      },
    },
    {
      name: "Organisations, first page",
      kind: "list",
      role: "steering",
      method: "GET",
      path: "/organisations",
      expectStatus: 200,
      floor: organisationListFloor(""),
    },
    {
      name: "Organisations by type",
      kind: "list",
      role: "liaison",
      method: "GET",
      path: "/organisations?type=faith_organisation",
      expectStatus: 200,
      floor: organisationListFloor("type=faith_organisation"),
    },
    {
      name: "Engagements, first page",
      kind: "list",
      role: "liaison",
      method: "GET",
      path: "/engagements",
      expectStatus: 200,
      floor: (db, actor) => listEngagements(db, actor, { page: 1 }).engagements[0]?.title ?? null,
    },
    {
      name: "Engagement page",
      kind: "detail",
      role: "liaison",
      method: "GET",
      path: `/engagements/${context.engagementId ?? 1}`,
      expectStatus: 200,
      floor: (db, actor) =>
        context.engagementId === null
          ? null
          : (getEngagementForView(db, actor, context.engagementId)?.title ?? null),
    },
    {
      name: "Dashboard",
      kind: "dashboard",
      role: "steering",
      method: "GET",
      path: "/dashboard",
      expectStatus: 200,
      floor: (db, actor) => {
        const now = new Date();
        feedbackDashboardCounts(db, actor, now);
        indicatorSummary(db, actor, now);
        coverageMatrix(db, actor, defaultCoveragePeriod(now));
        return "Held engagements by community and strand";
      },
    },
    {
      name: "Action plans",
      kind: "list",
      role: "lead",
      method: "GET",
      path: "/action-plans",
      expectStatus: 200,
      floor: (db, actor) => {
        const today = londonToday(new Date());
        const overview = planOverview(db, actor, today);
        const page = listActionItemPage(
          db,
          actor,
          parseActionItemListFilter(new URLSearchParams()),
          today,
        );
        listCommunities(db, actor);
        listStrands(db);
        return page.items[0]?.title ?? overview[0]?.communityName ?? null;
      },
    },
    feedbackList("Feedback, first page", "liaison", ""),
    feedbackList("Feedback, first page", "lead", ""),
    feedbackList("Feedback, open and overdue", "lead", "overdue=yes"),
    {
      name: "Feedback page",
      kind: "detail",
      role: "liaison",
      method: "GET",
      path: `/feedback/${context.feedbackId ?? 1}`,
      expectStatus: 200,
      floor: (db, actor) => {
        if (context.feedbackId === null) return null;
        const access = findFeedbackAccess(db, context.feedbackId);
        const now = new Date();
        const view = getFeedbackForView(db, actor, context.feedbackId, { now });
        if (access && can(actor, "feedback.progress", access)) {
          feedbackOwnerChoices(db, view?.ownerUserId ?? null);
        }
        listItemsForFeedback(db, actor, context.feedbackId, londonToday(now));
        return view ? summaryLine(view.summary) : null;
      },
    },
    {
      name: "Indicators",
      kind: "dashboard",
      role: "steering",
      method: "GET",
      path: "/indicators",
      expectStatus: 200,
      floor: (db, actor) => {
        const now = new Date();
        const dashboard = indicatorDashboard(db, actor, lastCompleteQuarter(now), now);
        return dashboard.communities[0]?.name ?? null;
      },
    },
    {
      name: "Steering pack",
      kind: "dashboard",
      role: "steering",
      method: "GET",
      path: `/reviews/${context.reviewId ?? 1}`,
      expectStatus: 200,
      floor: (db, actor) =>
        context.reviewId === null ? null : (openReview(db, actor, context.reviewId)?.title ?? null),
    },
    {
      // Every engagement of the file in one download: the largest export, so the peak RSS the
      // bench reports includes the memory a streamed export costs.
      name: "Engagements CSV export",
      kind: "export",
      role: "steering",
      method: "GET",
      path: "/engagements/export",
      expectStatus: 200,
      csv: { header: ENGAGEMENT_EXPORT_HEADER, sends: 3 },
    },
    {
      name: "Engagement create",
      kind: "create",
      role: "liaison",
      method: "POST",
      path: "/engagements/new",
      expectStatus: 302,
      body: () =>
        new URLSearchParams([
          ["title", "Bench planning call"],
          ["type", "call"],
          ["status", "planned"],
          ["date", addDays(londonToday(new Date()), 7)],
          ["startTime", "10:00"],
          ["durationMinutes", "30"],
          ["communityIds", String(context.communityId)],
          ["strandKeys", "community"],
          ["contactIds", String(context.contactId)],
          ["officerIds", String(context.userIds.liaison)],
        ]).toString(),
    },
    {
      name: "Contact create",
      kind: "create",
      role: "liaison",
      method: "POST",
      path: "/contacts/new",
      expectStatus: 302,
      // A new person each time: a name whose first letters no other contact shares, so the
      // possible-duplicate check runs in full and finds nothing, as for a real new person.
      body: () => {
        createdContacts += 1;
        return new URLSearchParams({
          name: createName(createdContacts),
          communityId: String(context.communityId),
          strandKeys: "community",
          roleTitle: "Volunteer",
          tags: "bench",
        }).toString();
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring.

type Statement = { sql: string; params: unknown[] };

/** Runs the page's domain calls once, recording every statement; the reads are the floor. */
export function captureFloor(
  sqlite: Database.Database,
  actor: Actor | ((db: Db) => Actor),
  floor: (db: Db, actor: Actor) => string | null,
): { statements: Statement[]; expectedText: string | null } {
  const recorded: Statement[] = [];
  const db = drizzle(sqlite, {
    schema,
    logger: { logQuery: (query, params) => recorded.push({ sql: query, params }) },
  });
  const expectedText = floor(db, typeof actor === "function" ? actor(db) : actor);
  return {
    statements: recorded.filter((statement) => /^\s*(select|with)\b/i.test(statement.sql)),
    expectedText,
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const round = (value: number, digits = 2) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null;

/** Replays the statements as one unit, for a while, and gives its latency in milliseconds. */
export function timeStatements(
  sqlite: Database.Database,
  statements: readonly Statement[],
  options: { maxMs: number; maxIterations: number },
): { p50: number; p95: number; iterations: number } {
  const prepared = statements.map((statement) => ({
    statement: sqlite.prepare(statement.sql),
    params: statement.params,
  }));
  const samples: number[] = [];
  const deadline = performance.now() + options.maxMs;
  while (
    samples.length < options.maxIterations &&
    (samples.length < 5 || performance.now() < deadline)
  ) {
    const start = performance.now();
    for (const { statement, params } of prepared) statement.all(...params);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    iterations: samples.length,
  };
}

export type BenchResult = {
  name: string;
  kind: BenchKind;
  role: BenchRole;
  method: string;
  path: string;
  expectStatus: number;
  outcome: "measured" | "failed";
  /** Status of the first (checked) answer. */
  firstStatus: number;
  /** Whether the text the domain says the page shows was in the first answer. */
  expectedText: string | null;
  contentFound: boolean | null;
  requests: number;
  requestsPerSecond: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Every status answered under load, by code. */
  statuses: Record<string, number>;
  /** Median of requests sent one at a time, without queueing behind each other. */
  aloneP50: number | null;
  /** Answers whose status was not the expected one (non-2xx for reads; not the redirect for creates). */
  unexpectedStatus: number;
  errors: number;
  sqlStatements: number | null;
  sqlP50: number | null;
  sqlP95: number | null;
  /** Page alone p50 ÷ SQL p50: how much the web stack adds to the queries. */
  pageOverSql: number | null;
  /** The server's peak RSS once this request had been measured: shows which request raised the run's peak. */
  peakRssMbSoFar?: number | null;
  /** Null for an export, which has none. */
  targetP95: number | null;
  meetsTarget: boolean | null;
  detail?: string;
};

/** Building a steering pack (createReview for the last complete quarter), timed run by run. */
export type PackBuild = {
  quarter: string;
  runs: number;
  p50: number | null;
  p95: number | null;
  /** Feedback items the review put before the group (escalated and overdue). */
  items: number;
};

export type BenchRun = {
  startedAt: string;
  contacts: number;
  database: string;
  dataRows: Record<string, number>;
  connections: number;
  durationSeconds: number | null;
  requestsPerMeasure: number | null;
  node: string;
  commit: string;
  peakRssMb: number | null;
  /** One-minute load averages at the start and end, and the cores: other work skews timings. */
  loadAverage: { start: number; end: number; cores: number };
  packBuild: PackBuild;
  results: BenchResult[];
};

export type BenchOptions = {
  contacts: number;
  /** The generated file; made if missing. The bench serves a fresh copy of it, never it. */
  database?: string;
  seed?: number;
  /** Seconds of load per request (default 5), or a number of requests instead (tests). */
  durationSeconds?: number;
  requestsPerMeasure?: number;
  connections?: number;
  /** Requests sent one at a time before the load, for the page's own latency (default 20). */
  aloneRequests?: number;
  /** Which requests get the load (all by default); autocannon takes at least a second for each. */
  loadFilter?: (request: BenchRequest) => boolean;
  /** Steering packs built and timed before serving (default 5); the last is the measured pack. */
  packBuilds?: number;
  /** How many times each page is read before anything is measured (default 3). */
  warmUpRequests?: number;
  /** Milliseconds of SQL replay per request (default 1,000). */
  sqlMs?: number;
  build?: boolean;
  buildDir?: string;
  resultsDir?: string | null;
  /** Added to the results' file names, so runs of one day and size do not overwrite each other. */
  label?: string;
  log?: (message: string) => void;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === "object"
          ? resolve(address.port)
          : reject(new Error("could not find a free port")),
      );
    });
  });
}

type Server = { process: ChildProcess; url: string; output: () => string };

async function startServer(databasePath: string, buildDir: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  // The compiled server npm start runs, on plain Node with its flags: its pid is the process to measure.
  const child = spawn(process.execPath, serverNodeArguments(buildDir), {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_PATH: databasePath,
      BUILD_PATH: buildDir,
      COOKIE_SECURE: "false",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
    },
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited before answering:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/login`, { redirect: "manual" });
      if (response.status === 200) return { process: child, url, output: () => output };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopServer(child);
  throw new Error(`The server did not answer within a minute:\n${output}`);
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forceKill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(forceKill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The server's peak resident memory so far (VmHWM), in MB; null off Linux. */
function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Signs in once per role (the lockout counts attempts) and returns the session cookie. */
async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams({ email, password: BENCH_PASSWORD, redirectTo: "/" }).toString(),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!)
    .find((pair) => pair.startsWith("crg_session="));
  if (response.status !== 302 || !cookie) {
    throw new Error(`Signing in as ${email} answered ${response.status}, without a session`);
  }
  return cookie;
}

/** Text as React writes it into HTML, to look for a name in a page. */
function asHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}

/** Whether a CSV download (its text, the byte-order mark already dropped) starts with the header and has a row. */
function csvHasHeaderAndRow(text: string, header: string): boolean {
  const [first, second] = text.split("\r\n");
  return first === header && Boolean(second);
}

function headersFor(request: BenchRequest, url: string, cookie: string): Record<string, string> {
  return request.method === "POST"
    ? { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: url }
    : { Cookie: cookie };
}

function loadWithAutocannon(
  request: BenchRequest,
  url: string,
  cookie: string,
  options: { connections: number; durationSeconds?: number; amount?: number },
): Promise<{
  latencies: number[];
  statuses: Map<number, number>;
  errors: number;
  seconds: number;
}> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const headers = headersFor(request, url, cookie);
    const body = request.body;
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        ...(options.amount
          ? { amount: options.amount }
          : { duration: options.durationSeconds ?? 5 }),
        requests: [
          {
            method: request.method,
            path: request.path,
            headers,
            ...(body ? { setupRequest: (raw) => ({ ...raw, body: body() }) } : {}),
          },
        ],
      },
      (error, result) => {
        if (error) reject(error);
        else resolve({ latencies, statuses, errors: result.errors, seconds: result.duration });
      },
    );
    instance.on("response", (_client, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

/** Requests sent one after another, each timed from sending to the last byte of the body. */
async function oneAtATime(
  request: BenchRequest,
  url: string,
  cookie: string,
  count: number,
): Promise<{ latencies: number[]; statuses: Map<number, number>; errors: number }> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    try {
      const response = await fetch(`${url}${request.path}`, {
        method: request.method,
        redirect: "manual",
        headers: headersFor(request, url, cookie),
        body: request.body?.(),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - start);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    } catch {
      errors += 1;
    }
  }
  return { latencies, statuses, errors };
}

/**
 * Builds steering packs through createReview, as POST /reviews/new does, on the served copy. It is
 * a write, so it is timed run by run rather than under load, and before the server starts so the
 * server's work does not share the machine with it. Each run adds a review; the last is measured.
 */
function buildPacks(
  sqlite: Database.Database,
  steeringUserId: number,
  runs: number,
): { packBuild: PackBuild; reviewId: number } {
  const db = drizzle(sqlite, { schema });
  const actor = loadSessionUser(db, steeringUserId)!;
  const now = new Date();
  const quarter = lastCompleteQuarter(now);
  const { from, to } = quarterRange(quarter);
  const input = {
    title: `Steering review, ${quarterLabel(quarter)}`,
    periodStart: from,
    periodEnd: to,
    heldOn: londonToday(now),
  };
  const samples: number[] = [];
  let reviewId = 0;
  for (let run = 0; run < Math.max(1, runs); run += 1) {
    const start = performance.now();
    const result = createReview(db, actor, input, now);
    samples.push(performance.now() - start);
    if (!result.ok) throw new Error(`Building a steering pack failed: ${JSON.stringify(result)}`);
    reviewId = result.id;
  }
  samples.sort((a, b) => a - b);
  const items = (
    sqlite
      .prepare("SELECT count(*) AS n FROM steering_review_items WHERE review_id = ?")
      .get(reviewId) as { n: number }
  ).n;
  return {
    packBuild: {
      quarter,
      runs: samples.length,
      p50: round(percentile(samples, 0.5)),
      p95: round(percentile(samples, 0.95)),
      items,
    },
    reviewId,
  };
}

function flushToDisk(file: string): void {
  const descriptor = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

function gitCommit(): string {
  const result = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

/** Builds (unless told not to), makes the data if missing, serves it and measures every request. */
export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const log = options.log ?? (() => undefined);
  const buildDir = path.resolve(options.buildDir ?? process.env.BUILD_PATH ?? "build");
  if (options.build !== false) {
    log("Building the app (npm run build)…");
    const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  if (!fs.existsSync(path.join(buildDir, "server.js"))) {
    throw new Error(`No production build at ${buildDir}: run npm run build, or drop --no-build`);
  }
  const database = path.resolve(options.database ?? defaultBenchDatabasePath(options.contacts));
  let dataRows: Record<string, number> | null = null;
  if (!fs.existsSync(database)) {
    log(`Generating ${options.contacts} contacts into ${database}…`);
    const summary = await generateBenchData({
      contacts: options.contacts,
      seed: options.seed ?? DEFAULT_BENCH_SEED,
      out: database,
      log,
    });
    dataRows = summary.rows;
    log(`Generated in ${summary.seconds} s`);
  }
  // The creates add contacts: a fresh copy keeps every run on the same data.
  const working = database.replace(/\.sqlite$/, "") + ".run.sqlite";
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(working + suffix, { force: true });
  fs.copyFileSync(database, working);
  // The copy's hundreds of megabytes are flushed now: left to the kernel, they were still being
  // written when the first pack's commit waited for the disk (a 0.8 s commit at 100,000 contacts).
  flushToDisk(working);

  const sqlite = new Database(working);
  sqlite.pragma("busy_timeout = 5000");
  // A file generated by an earlier release is brought up to this one's schema before the packs
  // are built on it, as the server would on starting; what the migration wrote is then moved
  // from the write-ahead log into the file, so the first pack's commit does not do it.
  migrateDatabase(drizzle(sqlite, { schema }));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  dataRows ??= Object.fromEntries(
    ["contacts", "organisations", "engagements", "engagement_contacts", "audit_events"].map(
      (table) => [
        table,
        (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
      ],
    ),
  );
  log("Building steering packs (createReview)…");
  const baseContext = readBenchContext(sqlite);
  const { packBuild, reviewId } = buildPacks(
    sqlite,
    baseContext.userIds.steering,
    options.packBuilds ?? 5,
  );
  const context = { ...baseContext, reviewId };
  const requests = benchRequests(context);
  const connections = options.connections ?? 4;
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg()[0]!;
  const server = await startServer(working, buildDir);
  const results: BenchResult[] = [];
  let peak: number | null = null;
  try {
    const cookies: Record<BenchRole, string> = {
      liaison: await signIn(server.url, BENCH_ACCOUNTS.liaison),
      lead: await signIn(server.url, BENCH_ACCOUNTS.lead),
      steering: await signIn(server.url, BENCH_ACCOUNTS.steering),
    };
    const actors = new Map<BenchRole, Actor>();
    const actorFor = (role: BenchRole) => (db: Db) => {
      let actor = actors.get(role);
      if (!actor) {
        actor = loadSessionUser(db, context.userIds[role])!;
        actors.set(role, actor);
      }
      return actor;
    };
    // A fresh server runs its code unoptimised for its first requests; a server in use does not.
    // Each page is read a few times first, so the first page measured is not the one that pays.
    log("Warming the server up…");
    for (const request of requests) {
      if (request.method !== "GET" || request.csv) continue;
      await oneAtATime(request, server.url, cookies[request.role], options.warmUpRequests ?? 3);
    }
    for (const request of requests) {
      log(`${request.name} (${request.role}) ${request.method} ${request.path}`);
      const result = await measure(request, {
        url: server.url,
        cookie: cookies[request.role],
        sqlite,
        actor: actorFor(request.role),
        connections,
        durationSeconds: options.durationSeconds,
        amount: options.requestsPerMeasure,
        aloneRequests: options.aloneRequests ?? 20,
        loaded: options.loadFilter ? options.loadFilter(request) : true,
        sqlMs: options.sqlMs ?? 1_000,
      });
      results.push({ ...result, peakRssMbSoFar: peakRssMb(server.process.pid) });
    }
  } finally {
    peak = peakRssMb(server.process.pid);
    await stopServer(server.process);
    sqlite.close();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(working + suffix, { force: true });
  }
  const run: BenchRun = {
    startedAt,
    contacts: options.contacts,
    database: path.relative(process.cwd(), database),
    dataRows,
    connections,
    durationSeconds: options.requestsPerMeasure ? null : (options.durationSeconds ?? 5),
    requestsPerMeasure: options.requestsPerMeasure ?? null,
    node: process.version,
    commit: gitCommit(),
    peakRssMb: peak,
    loadAverage: {
      start: round(loadAtStart) ?? 0,
      end: round(os.loadavg()[0]!) ?? 0,
      cores: os.availableParallelism(),
    },
    packBuild,
    results,
  };
  if (options.resultsDir !== null) {
    const written = writeResults(
      run,
      options.resultsDir ?? path.join("bench", "results"),
      options.label,
    );
    log(`Results: ${written.markdown} and ${written.json}`);
  }
  return run;
}

async function measure(
  request: BenchRequest,
  setup: {
    url: string;
    cookie: string;
    sqlite: Database.Database;
    actor: (db: Db) => Actor;
    connections: number;
    durationSeconds?: number;
    amount?: number;
    aloneRequests: number;
    /** False to send only the one-at-a-time requests (the test's short run). */
    loaded: boolean;
    sqlMs: number;
  },
): Promise<BenchResult> {
  const base = {
    name: request.name,
    kind: request.kind,
    role: request.role,
    method: request.method,
    path: request.path,
    expectStatus: request.expectStatus,
    targetP95: request.kind === "export" ? null : TARGET_P95_MS[request.kind],
  };
  const empty = {
    statuses: {},
    aloneP50: null,
    requests: 0,
    requestsPerSecond: null,
    p50: null,
    p95: null,
    p99: null,
    unexpectedStatus: 0,
    errors: 0,
    sqlStatements: null,
    sqlP50: null,
    sqlP95: null,
    pageOverSql: null,
    meetsTarget: null,
  };
  // One checked answer first: its status and content, and a warm cache for the load.
  const first = await fetch(`${setup.url}${request.path}`, {
    method: request.method,
    redirect: "manual",
    headers: headersFor(request, setup.url, setup.cookie),
    body: request.body?.(),
  });
  const html = await first.text();
  const floor = request.floor
    ? captureFloor(setup.sqlite, setup.actor, request.floor)
    : { statements: null, expectedText: null };
  const csvHeader = request.csv?.header.join(",");
  const contentFound = csvHeader
    ? csvHasHeaderAndRow(html, csvHeader)
    : floor.expectedText === null
      ? null
      : html.includes(asHtml(floor.expectedText));
  if (first.status !== request.expectStatus) {
    return {
      ...base,
      ...empty,
      outcome: "failed",
      firstStatus: first.status,
      expectedText: csvHeader ?? floor.expectedText,
      contentFound,
      detail: html.slice(0, 300),
    };
  }

  const alone = await oneAtATime(
    request,
    setup.url,
    setup.cookie,
    request.csv?.sends ?? setup.aloneRequests,
  );
  const loaded = setup.loaded && !request.csv;
  const load = loaded
    ? await loadWithAutocannon(request, setup.url, setup.cookie, setup)
    : { latencies: [], statuses: new Map<number, number>(), errors: 0, seconds: 0 };
  const latencies = load.latencies.sort((a, b) => a - b);
  const aloneP50 = percentile(
    alone.latencies.sort((a, b) => a - b),
    0.5,
  );
  const statuses = new Map(load.statuses);
  for (const [status, count] of alone.statuses) {
    statuses.set(status, (statuses.get(status) ?? 0) + count);
  }
  const unexpectedStatus = [...statuses].reduce(
    (sum, [status, count]) => (status === request.expectStatus ? sum : sum + count),
    0,
  );
  const sql = floor.statements
    ? timeStatements(setup.sqlite, floor.statements, { maxMs: setup.sqlMs, maxIterations: 5_000 })
    : null;
  const p50 = percentile(latencies, 0.5);
  const p95 = percentile(latencies, 0.95);
  return {
    ...base,
    outcome: "measured",
    firstStatus: first.status,
    expectedText: csvHeader ?? floor.expectedText,
    contentFound,
    statuses: Object.fromEntries([...statuses].map(([status, count]) => [String(status), count])),
    aloneP50: round(aloneP50),
    requests: latencies.length + alone.latencies.length,
    requestsPerSecond: loaded ? round(latencies.length / Math.max(load.seconds, 0.001), 1) : null,
    p50: round(p50),
    p95: round(p95),
    p99: round(percentile(latencies, 0.99)),
    unexpectedStatus,
    errors: load.errors + alone.errors,
    sqlStatements: floor.statements?.length ?? null,
    sqlP50: sql ? round(sql.p50, 3) : null,
    sqlP95: sql ? round(sql.p95, 3) : null,
    pageOverSql: sql && sql.p50 > 0 ? round(aloneP50 / sql.p50, 1) : null,
    meetsTarget:
      loaded && base.targetP95 !== null
        ? p95 < base.targetP95 && unexpectedStatus === 0 && load.errors === 0
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const cell = (value: number | string | null | undefined) =>
  value === null || value === undefined ? "—" : String(value);

/** The path as a person would type it, with the table's column separator escaped. */
function shownPath(requestPath: string): string {
  return `\`${decodeURIComponent(requestPath).replace(/\|/g, "\\|")}\``;
}

function badStatus(result: BenchResult): string {
  if (result.unexpectedStatus === 0) return "0";
  const expected = String(result.expectStatus);
  const codes = Object.entries(result.statuses)
    .filter(([status]) => status !== expected)
    .map(([status, count]) => `${count}×${status}`);
  return `${result.unexpectedStatus} (${codes.join(", ")})`;
}

const LEGEND = [
  "Every page is read a few times (three unless told) before anything is measured, as a server in use",
  "would have been.",
  "p50/p95/p99 and req/s: under load from all connections at once (on two cores the requests queue",
  "behind each other). Alone p50: requests sent one at a time. SQL: the reads the page's domain calls",
  "make, recorded once and replayed as prepared statements through better-sqlite3; alone ÷ SQL is the",
  "web stack's share. Bad status: answers other than 200 (302 for the create). The CSV export is sent",
  "a few times one at a time and never under load; it has no latency target, it is there so the peak",
  "RSS includes a whole-file download.",
].join(" ");

export function markdownTable(run: BenchRun): string {
  const lines = [
    `## ${run.contacts.toLocaleString("en-GB")} contacts`,
    "",
    `${run.startedAt} · commit ${run.commit} · Node ${run.node} · ${run.connections} connections · ` +
      (run.durationSeconds
        ? `${run.durationSeconds} s per request`
        : `${run.requestsPerMeasure} requests each`) +
      ` · data: ${Object.entries(run.dataRows)
        .map(([table, count]) => `${table} ${count.toLocaleString("en-GB")}`)
        .join(", ")}`,
    "",
    `Machine load (one-minute average) ${run.loadAverage.start} at the start and ${run.loadAverage.end} at the end, on ${run.loadAverage.cores} cores${
      // The bench itself keeps about one core busy; more than that at the start was other work.
      run.loadAverage.start > run.loadAverage.cores * 0.75
        ? ": other work shared the machine, so these timings are pessimistic"
        : ""
    }.`,
    "",
    `Peak server RSS: ${cell(run.peakRssMb)} MB (target < ${TARGET_RSS_MB} MB${
      run.peakRssMb !== null ? (run.peakRssMb < TARGET_RSS_MB ? ", met" : ", MISSED") : ""
    })`,
    "",
    LEGEND,
    "",
    `Pack build (createReview for ${run.packBuild.quarter}, ${run.packBuild.items} feedback items before the group; a write, so timed run by run, not under load): ` +
      `p50 ${cell(run.packBuild.p50)} ms, p95 ${cell(run.packBuild.p95)} ms over ${run.packBuild.runs} runs (target < ${TARGET_P95_MS.dashboard} ms${
        run.packBuild.p95 !== null
          ? run.packBuild.p95 < TARGET_P95_MS.dashboard
            ? ", met"
            : ", MISSED"
          : ""
      }).`,
    "",
    "| request | role | path | p50 ms | p95 ms | p99 ms | req/s | bad status | errors | alone p50 ms | SQL p50 ms | SQL p95 ms | alone ÷ SQL | target p95 | met | peak RSS so far MB |",
    "| --- | --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- | --: |",
  ];
  for (const result of run.results) {
    if (result.outcome !== "measured") {
      lines.push(
        `| ${result.name} | ${result.role} | ${shownPath(result.path)} | FAILED: answered ${result.firstStatus} |  |  |  |  |  |  |  |  |  | ${cell(result.targetP95)} | no | ${cell(result.peakRssMbSoFar)} |`,
      );
      continue;
    }
    lines.push(
      `| ${result.name} | ${result.role} | ${shownPath(result.path)} | ${cell(result.p50)} | ${cell(result.p95)} | ${cell(result.p99)} | ${cell(result.requestsPerSecond)} | ${badStatus(result)} | ${result.errors} | ${cell(result.aloneP50)} | ${cell(result.sqlP50)} | ${cell(result.sqlP95)} | ${cell(result.pageOverSql)} | ${cell(result.targetP95)} | ${result.meetsTarget === null ? "—" : result.meetsTarget ? "yes" : "NO"} | ${cell(result.peakRssMbSoFar)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export type GrowthRow = {
  name: string;
  role: BenchRole;
  smallP50: number | null;
  largeP50: number | null;
  smallP95: number | null;
  largeP95: number | null;
  growthP50: number | null;
  growthP95: number | null;
  smallSqlP50: number | null;
  largeSqlP50: number | null;
  /** The SQL floor's own growth: the share of a page's growth that the queries explain. */
  growthSqlP50: number | null;
};

export function growth(small: BenchRun, large: BenchRun): GrowthRow[] {
  return large.results.map((result) => {
    const before = small.results.find(
      (candidate) => candidate.name === result.name && candidate.role === result.role,
    );
    const ratio = (a: number | null | undefined, b: number | null | undefined) =>
      a && b ? round(b / a) : null;
    return {
      name: result.name,
      role: result.role,
      smallP50: before?.p50 ?? null,
      largeP50: result.p50,
      smallP95: before?.p95 ?? null,
      largeP95: result.p95,
      growthP50: ratio(before?.p50, result.p50),
      growthP95: ratio(before?.p95, result.p95),
      smallSqlP50: before?.sqlP50 ?? null,
      largeSqlP50: result.sqlP50,
      growthSqlP50: ratio(before?.sqlP50, result.sqlP50),
    };
  });
}

export function growthTable(small: BenchRun, large: BenchRun): string {
  const lines = [
    `## Growth from ${small.contacts.toLocaleString("en-GB")} to ${large.contacts.toLocaleString("en-GB")} contacts (target ≤ ${TARGET_GROWTH}×)`,
    "",
    "| request | role | p50 small | p50 large | p50 growth | p95 small | p95 large | p95 growth | met (p95) | SQL p50 small | SQL p50 large | SQL growth |",
    "| --- | --- | --: | --: | --: | --: | --: | --: | --- | --: | --: | --: |",
  ];
  for (const row of growth(small, large)) {
    const met = row.growthP95 === null ? "—" : row.growthP95 <= TARGET_GROWTH ? "yes" : "NO";
    lines.push(
      `| ${row.name} | ${row.role} | ${cell(row.smallP50)} | ${cell(row.largeP50)} | ${cell(row.growthP50)}× | ${cell(row.smallP95)} | ${cell(row.largeP95)} | ${cell(row.growthP95)}× | ${met} | ${cell(row.smallSqlP50)} | ${cell(row.largeSqlP50)} | ${cell(row.growthSqlP50)}× |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function resultsStem(day: string, size: string, label: string | undefined): string {
  return `${day}-${size}${label ? `-${label}` : ""}`;
}

function writeResults(
  run: BenchRun,
  directory: string,
  label: string | undefined,
): { markdown: string; json: string } {
  fs.mkdirSync(directory, { recursive: true });
  const stem = path.join(
    directory,
    resultsStem(run.startedAt.slice(0, 10), String(run.contacts), label),
  );
  fs.writeFileSync(`${stem}.md`, `# Benchmark\n\n${markdownTable(run)}`);
  fs.writeFileSync(`${stem}.json`, `${JSON.stringify(run, null, 2)}\n`);
  return { markdown: `${stem}.md`, json: `${stem}.json` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const values = parseArguments(process.argv.slice(2));
  const contacts = wholeNumberArgument(values, "contacts", DEFAULT_BENCH_CONTACTS);
  const common = {
    seed: wholeNumberArgument(values, "seed", DEFAULT_BENCH_SEED),
    durationSeconds: wholeNumberArgument(values, "duration", 5),
    connections: wholeNumberArgument(values, "connections", 4),
    label: values.get("label") || undefined,
    log: (message: string) => process.stdout.write(`${message}\n`),
  };
  const build = !values.has("no-build");
  if (values.has("compare")) {
    const smallSize = wholeNumberArgument(values, "small", 10_000);
    const small = await runBench({ ...common, contacts: smallSize, build });
    const large = await runBench({ ...common, contacts, build: false });
    const table = `${markdownTable(small)}\n${markdownTable(large)}\n${growthTable(small, large)}`;
    const file = path.join(
      "bench",
      "results",
      `${resultsStem(large.startedAt.slice(0, 10), `compare-${smallSize}-${contacts}`, common.label)}.md`,
    );
    fs.writeFileSync(file, `# Benchmark\n\n${table}`);
    process.stdout.write(`\n${table}\nWritten to ${file}\n`);
  } else {
    const run = await runBench({
      ...common,
      contacts,
      database: values.get("database") || undefined,
      build,
    });
    process.stdout.write(`\n${markdownTable(run)}`);
  }
}
