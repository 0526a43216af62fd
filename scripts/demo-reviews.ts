// Demo steering reviews: the last two complete quarters, each reviewed a fortnight after it ended,
// built "as of" the day the group met by the app's own createReview, with the demo steering
// member's decision on every item put before it; the older review is closed. Runs after every
// other demo step, so the packs hold whatever the demo holds; additive only: it writes nothing
// once any review exists.
import { count, eq } from "drizzle-orm";
import type { Actor } from "../app/auth/policy";
import type { Db } from "../app/db/client.server";
import { steeringReviewItems, steeringReviews, users } from "../app/db/schema";
import { addDays, londonToday, londonWallClockToUtc } from "../app/domain/london-time";
import {
  previousQuarter,
  quarterLabel,
  quarterOf,
  quarterRange,
  type Quarter,
} from "../app/domain/quarters";
import { closeReview, createReview, recordDecision } from "../app/domain/steering-reviews.server";

const STEERING_EMAIL = "steering@crg.test";
/** The group meets about a fortnight after a quarter ends. */
const DAYS_AFTER_QUARTER = 14;

const DECISIONS = {
  escalated: [
    "The borough commander meets the community's representatives within a month and reports back.",
    "Ask the force's diversity lead to review the practice and bring a proposal to the next review.",
    "Accept the advice; the liaison officer writes to the community explaining what will change.",
  ],
  overdue: [
    "The owner answers within 14 days; the programme manager checks at the next review.",
    "Reassign to the strand lead, who answers before the end of the month.",
  ],
} as const;

function steeringActor(db: Db): Actor | null {
  const user = db.select({ id: users.id }).from(users).where(eq(users.email, STEERING_EMAIL)).get();
  return user ? { id: user.id, role: "steering", communityIds: [], strandKeys: [] } : null;
}

/** A review of `quarter`, made and decided on the day the group met; returns its id. */
function reviewQuarter(db: Db, actor: Actor, quarter: Quarter): number {
  const { from, to } = quarterRange(quarter);
  const heldOn = addDays(to, DAYS_AFTER_QUARTER);
  const madeAt = londonWallClockToUtc(heldOn, "10:00")!;
  const created = createReview(
    db,
    actor,
    {
      title: `Steering review, ${quarterLabel(quarter)}`,
      periodStart: from,
      periodEnd: to,
      heldOn,
    },
    madeAt,
  );
  if (!created.ok)
    throw new Error(`The demo review of ${quarter} was refused: ${created.formError}`);
  const items = db
    .select({ feedbackId: steeringReviewItems.feedbackId, reason: steeringReviewItems.reason })
    .from(steeringReviewItems)
    .where(eq(steeringReviewItems.reviewId, created.id))
    .all();
  const decidedAt = londonWallClockToUtc(heldOn, "11:30")!;
  items.forEach((item, index) => {
    const choices = DECISIONS[item.reason];
    const decided = recordDecision(
      db,
      actor,
      { feedbackId: item.feedbackId, reviewId: created.id },
      { decision: choices[index % choices.length]! },
      decidedAt,
    );
    if (!decided.ok) throw new Error(`A demo decision was refused: ${decided.formError}`);
  });
  return created.id;
}

export function loadDemoReviews(db: Db, now: Date): { reviewsAdded: number } {
  const existing = db.select({ n: count() }).from(steeringReviews).get()?.n ?? 0;
  const actor = steeringActor(db);
  if (existing > 0 || !actor) return { reviewsAdded: 0 };
  const today = londonToday(now);
  // The last quarter whose review day has passed, and the one before it.
  let newer = previousQuarter(quarterOf(today));
  if (addDays(quarterRange(newer).to, DAYS_AFTER_QUARTER) > today) newer = previousQuarter(newer);
  const older = previousQuarter(newer);

  const olderId = reviewQuarter(db, actor, older);
  const closed = closeReview(
    db,
    actor,
    olderId,
    londonWallClockToUtc(addDays(quarterRange(older).to, DAYS_AFTER_QUARTER), "12:00")!,
  );
  if (!closed.ok) throw new Error(`The demo review of ${older} could not be closed`);
  reviewQuarter(db, actor, newer);
  return { reviewsAdded: 2 };
}
