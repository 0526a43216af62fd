// Demo data: the four demo accounts and twelve communities of clearly fictional people.
// Safe to run again: it adds only what is missing and never duplicates or overwrites.
import { eq } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import type { Db } from "../app/db/client.server";
import {
  communities,
  userCommunities,
  userStrands,
  users,
  type Role,
  type StrandKey,
} from "../app/db/schema";
import { recordAudit } from "../app/domain/audit.server";
import { loadDemoActionPlans } from "./demo-action-plans";
import { loadDemoDirectory } from "./demo-directory";
import { loadDemoEngagements } from "./demo-engagements";
import { loadDemoFeedback } from "./demo-feedback";
import { loadDemoIndicators } from "./demo-indicators";
import { loadDemoReviews } from "./demo-reviews";

export const DEMO_PASSWORD = "crg-demo-password";

export const DEMO_ACCOUNTS: {
  email: string;
  displayName: string;
  role: Role;
  description: string;
}[] = [
  {
    email: "admin@crg.test",
    displayName: "Ada Admin (demo)",
    role: "admin",
    description: "programme manager, everything",
  },
  {
    email: "steering@crg.test",
    displayName: "Sam Steering (demo)",
    role: "steering",
    description: "steering group, reads all",
  },
  {
    email: "lead@crg.test",
    displayName: "Lee Lead (demo)",
    role: "strand_lead",
    description: "strand lead: Political and Cultivation of community contacts",
  },
  {
    email: "liaison@crg.test",
    displayName: "Lia Liaison (demo)",
    role: "liaison",
    description: "liaison officer: Afghan, Albanian and Eritrean communities",
  },
];

const DEMO_LEAD_STRANDS: StrandKey[] = ["political", "community"];
const DEMO_LIAISON_COUNTRIES = ["AF", "AL", "ER"];

export const DEMO_COMMUNITIES: {
  countryCode: string;
  name: string;
  languages: string[];
  status: "identified" | "template_applied" | "plan_active" | "established";
}[] = [
  { countryCode: "AF", name: "Afghan community", languages: ["ps", "fa"], status: "plan_active" },
  { countryCode: "AL", name: "Albanian community", languages: ["sq"], status: "plan_active" },
  {
    countryCode: "ER",
    name: "Eritrean community",
    languages: ["ti", "ar"],
    status: "template_applied",
  },
  { countryCode: "IQ", name: "Iraqi community", languages: ["ar", "ku"], status: "established" },
  { countryCode: "IR", name: "Iranian community", languages: ["fa"], status: "plan_active" },
  { countryCode: "SD", name: "Sudanese community", languages: ["ar"], status: "template_applied" },
  { countryCode: "VN", name: "Vietnamese community", languages: ["vi"], status: "plan_active" },
  { countryCode: "CN", name: "Chinese community", languages: ["zh"], status: "established" },
  { countryCode: "SY", name: "Syrian community", languages: ["ar"], status: "identified" },
  { countryCode: "NG", name: "Nigerian community", languages: ["en", "yo"], status: "plan_active" },
  { countryCode: "UA", name: "Ukrainian community", languages: ["uk", "ru"], status: "identified" },
  {
    countryCode: "PK",
    name: "Pakistani community",
    languages: ["ur", "pa"],
    status: "established",
  },
];

export async function loadDemoData(
  db: Db,
  now = new Date(),
): Promise<{
  usersAdded: number;
  communitiesAdded: number;
  contactsAdded: number;
  organisationsAdded: number;
  engagementsAdded: number;
  followUpsAdded: number;
  templateItemsAdded: number;
  actionPlansAdded: number;
  progressUpdatesAdded: number;
  engagementLinksAdded: number;
  feedbackAdded: number;
  feedbackLinksAdded: number;
  reviewsAdded: number;
  indicatorsAdded: number;
  readingsAdded: number;
}> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts = db.transaction((tx) => {
    let usersAdded = 0;
    let communitiesAdded = 0;
    const userIds = new Map<string, number>();
    for (const account of DEMO_ACCOUNTS) {
      const existing = tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, account.email))
        .get();
      if (existing) {
        userIds.set(account.email, existing.id);
        continue;
      }
      const inserted = tx
        .insert(users)
        .values({
          email: account.email,
          displayName: account.displayName,
          role: account.role,
          passwordHash,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id })
        .get();
      userIds.set(account.email, inserted.id);
      recordAudit(tx, {
        actorUserId: null,
        action: "create",
        entityType: "user",
        entityId: inserted.id,
        detail: "demo data",
        at: now,
      });
      usersAdded += 1;
    }
    const liaisonId = userIds.get("liaison@crg.test")!;
    const leadId = userIds.get("lead@crg.test")!;
    for (const community of DEMO_COMMUNITIES) {
      let row = tx
        .select({ id: communities.id })
        .from(communities)
        .where(eq(communities.countryCode, community.countryCode))
        .get();
      if (!row) {
        row = tx
          .insert(communities)
          .values({
            ...community,
            leadOfficerId: DEMO_LIAISON_COUNTRIES.includes(community.countryCode)
              ? liaisonId
              : leadId,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: communities.id })
          .get();
        recordAudit(tx, {
          actorUserId: null,
          action: "create",
          entityType: "community",
          entityId: row.id,
          detail: "demo data",
          at: now,
        });
        communitiesAdded += 1;
      }
      if (DEMO_LIAISON_COUNTRIES.includes(community.countryCode)) {
        tx.insert(userCommunities)
          .values({ userId: liaisonId, communityId: row.id })
          .onConflictDoNothing()
          .run();
      }
    }
    for (const strandKey of DEMO_LEAD_STRANDS) {
      tx.insert(userStrands).values({ userId: leadId, strandKey }).onConflictDoNothing().run();
    }
    return { usersAdded, communitiesAdded };
  });
  // The directory needs the accounts and communities above to exist first, the engagements the
  // directory; the action plans follow the engagements their items can be linked to; the
  // feedback is given at those engagements and answered partly through those plans; the indicator
  // readings need only the accounts and communities; the steering reviews come after every other
  // step, as their packs are built from everything above.
  const directory = loadDemoDirectory(db, now);
  const engagementLog = loadDemoEngagements(db, now);
  const plans = loadDemoActionPlans(db, now);
  const feedbackLoaded = loadDemoFeedback(db, now);
  const indicatorsLoaded = loadDemoIndicators(db, now);
  return {
    ...accounts,
    ...directory,
    ...engagementLog,
    ...plans,
    ...feedbackLoaded,
    ...indicatorsLoaded,
    ...loadDemoReviews(db, now),
  };
}
