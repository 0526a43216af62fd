// Demo soft indicators: the seven DESIGN.md suggests after the Met's public attitude survey, on a
// 1–5 scale where higher is better, with readings for the last eight quarters for the demo
// communities: each community drifts along its own believable trend, some quarters were never
// surveyed, and the quarter under way is only partly in. Deterministic (a seeded PRNG) and additive
// only: it writes nothing once any indicator exists.
import { asc, eq, isNull } from "drizzle-orm";
import type { Actor } from "../app/auth/policy";
import type { Db, Tx } from "../app/db/client.server";
import { communities, indicators, users, type StrandKey } from "../app/db/schema";
import { createIndicator, recordReadings } from "../app/domain/indicators.server";
import { addDays, londonToday, londonWallClockToUtc } from "../app/domain/london-time";
import { quarterOf, quarterRange, quartersEndingWith, type Quarter } from "../app/domain/quarters";
import { dice } from "./seeded-random";

// The demo accounts of scripts/demo-data.ts, named here for the same reason demo-directory.ts does.
const ADMIN_EMAIL = "admin@crg.test";
const LEAD_EMAIL = "lead@crg.test";
const LIAISON_EMAIL = "liaison@crg.test";
const LIAISON_COUNTRIES = ["AF", "AL", "ER"];
const LEAD_STRANDS: StrandKey[] = ["political", "community"];
/** Communities only just identified: surveyed for the last two quarters only. */
const NEW_COUNTRIES = ["SY", "UA"];

const SEED = 20_261_006;
export const DEMO_QUARTERS = 8;

const AGREEMENT =
  "Mean answer of the community's quarterly survey, from 1 (strongly disagree) to 5 (strongly agree)";

export const DEMO_INDICATORS = [
  {
    name: "Well informed about local policing",
    question: "I feel well informed about what the police are doing in my area.",
  },
  {
    name: "Police listen to concerns",
    question: "The police listen to the concerns of people like me.",
  },
  {
    name: "Can be relied on to be there",
    question: "The police can be relied on to be there when needed.",
  },
  { name: "Treat everyone fairly", question: "The police treat everyone fairly." },
  {
    name: "Deal with what matters",
    question: "The police deal with the things that matter to this community.",
  },
  {
    name: "Know how to contact their local officer",
    question: "I know how to contact my local officer.",
  },
  { name: "Do a good job", question: "The police do a good job in this area." },
].map((indicator, position) => ({
  name: indicator.name,
  description: `“${indicator.question}” ${AGREEMENT}.`,
  scaleMin: 1,
  scaleMax: 5,
  higherIsBetter: true,
  position,
}));

export type PlannedReading = {
  countryCode: string;
  quarter: Quarter;
  /** Index into DEMO_INDICATORS. */
  indicator: number;
  value: number;
  note: string;
};

/**
 * The readings to record, in quarter order: a community starts from its own level and drifts by
 * its own trend (most improve slowly, a few slip), each question sits a little above or below the
 * community's level, and a survey that did not run leaves the whole quarter blank.
 */
export function planDemoReadings(
  countryCodes: readonly string[],
  quarters: readonly Quarter[],
): PlannedReading[] {
  const roll = dice(SEED);
  const current = quarters[quarters.length - 1];
  const planned: PlannedReading[] = [];
  for (const countryCode of countryCodes) {
    const level = roll.between(2.4, 3.6);
    const trend = roll.weighted([
      [roll.between(0.04, 0.12), 6],
      [roll.between(-0.08, -0.02), 2],
      [0, 1],
    ]);
    const offsets = DEMO_INDICATORS.map(() => roll.between(-0.4, 0.4));
    quarters.forEach((quarter, index) => {
      if (NEW_COUNTRIES.includes(countryCode) && index < quarters.length - 2) return;
      // A survey that did not run this quarter; half the surveys of the quarter under way are in.
      if (roll.chance(0.1) || (quarter === current && roll.chance(0.5))) return;
      const replies = roll.whole(35, 260);
      DEMO_INDICATORS.forEach((_, indicator) => {
        if (roll.chance(0.04)) return;
        const raw = level + trend * index + offsets[indicator]! + roll.between(-0.15, 0.15);
        planned.push({
          countryCode,
          quarter,
          indicator,
          value: Math.round(Math.min(5, Math.max(1, raw)) * 10) / 10,
          note: `Quarterly survey, ${replies} replies.`,
        });
      });
    });
  }
  return planned;
}

function demoActor(tx: Tx, email: string, scope: Omit<Actor, "id" | "role">): Actor {
  const user = tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(eq(users.email, email))
    .get();
  if (!user) throw new Error(`Demo account ${email} is missing: load the demo accounts first`);
  return { id: user.id, role: user.role, ...scope };
}

/**
 * Defines the demo indicators and records their readings in one transaction, through the app's own
 * define and record functions (nested as savepoints), so every row and audit event follows the
 * app's rules: the demo liaison officer records for their communities, the strand lead for the
 * rest, each quarter's readings a week after the quarter ends.
 */
export function loadDemoIndicators(
  db: Db,
  now: Date,
): { indicatorsAdded: number; readingsAdded: number } {
  return db.transaction((tx) => {
    const nothing = { indicatorsAdded: 0, readingsAdded: 0 };
    if (tx.select({ id: indicators.id }).from(indicators).limit(1).get()) return nothing;
    const communityList = tx
      .select({ id: communities.id, countryCode: communities.countryCode })
      .from(communities)
      .where(isNull(communities.archivedAt))
      .orderBy(asc(communities.id))
      .all();
    const liaisonCommunityIds = communityList
      .filter((community) => LIAISON_COUNTRIES.includes(community.countryCode))
      .map((community) => community.id);
    const admin = demoActor(tx, ADMIN_EMAIL, { communityIds: [], strandKeys: [] });
    const lead = demoActor(tx, LEAD_EMAIL, { communityIds: [], strandKeys: LEAD_STRANDS });
    const liaison = demoActor(tx, LIAISON_EMAIL, {
      communityIds: liaisonCommunityIds,
      strandKeys: [],
    });
    // The domain functions open their own transaction; inside this one that is a savepoint.
    const nested = tx as unknown as Db;
    const today = londonToday(now);
    const quarters = quartersEndingWith(quarterOf(today), DEMO_QUARTERS);
    const definedAt = londonWallClockToUtc(quarterRange(quarters[0]!).from, "09:30")!;
    const indicatorIds = DEMO_INDICATORS.map((indicator) => {
      const defined = createIndicator(nested, admin, indicator, definedAt);
      if (!defined.ok) throw new Error(`Demo indicator refused: ${indicator.name}`);
      return defined.id;
    });

    const idOf = new Map(communityList.map((community) => [community.countryCode, community.id]));
    const planned = planDemoReadings(
      communityList.map((community) => community.countryCode),
      quarters,
    );
    let readingsAdded = 0;
    for (const countryCode of new Set(planned.map((reading) => reading.countryCode))) {
      const communityId = idOf.get(countryCode)!;
      const recorder = LIAISON_COUNTRIES.includes(countryCode) ? liaison : lead;
      for (const quarter of quarters) {
        const readings = planned.filter(
          (reading) => reading.countryCode === countryCode && reading.quarter === quarter,
        );
        if (readings.length === 0) continue;
        // A week after the quarter ends; a quarter not yet a week over (or under way): now.
        const weekAfter = addDays(quarterRange(quarter).to, 7);
        const recordedAt = weekAfter < today ? londonWallClockToUtc(weekAfter, "15:00")! : now;
        const recorded = recordReadings(
          nested,
          recorder,
          communityId,
          quarter,
          {
            readings: readings.map((reading) => ({
              indicatorId: indicatorIds[reading.indicator]!,
              value: reading.value,
              note: reading.note,
            })),
          },
          recordedAt,
        );
        if (!recorded.ok) throw new Error(`Demo readings refused for ${countryCode} ${quarter}`);
        readingsAdded += recorded.created;
      }
    }
    return { indicatorsAdded: indicatorIds.length, readingsAdded };
  });
}
