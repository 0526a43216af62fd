// "You said, we did": a community's shareable feedback of a period and the police's answers, for
// handing back to the community. It reads only the feedback itself, never contacts or users, so no
// name, contact detail or officer can reach the page.
import { and, asc, between, eq } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { feedback, type FeedbackResponseOutcome } from "~/db/schema";
import { FEEDBACK_CATEGORY_LABELS } from "./feedback.schema";
import { londonToday } from "./london-time";
import { previousQuarter, quarterOf, quarterRange } from "./quarters";

type Reader = Db | Tx;

/** More than a handout can hold: the page asks for a shorter period instead. */
const YOU_SAID_WE_DID_LIMIT = 300;

/** Worded for the community reading the handout, not for the officers' workflow. */
const OUTCOME_LABELS: Record<FeedbackResponseOutcome, string> = {
  acted_on: "What we did",
  not_taken: "Why we did not act on it",
};

const monthFormat = new Intl.DateTimeFormat("en-GB", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/**
 * The period shown when the address names none: the last complete quarter. One end given keeps
 * that end and completes the other to its quarter's edge.
 */
export function youSaidWeDidPeriod(
  chosen: { from?: string; to?: string },
  now: Date,
): { from: string; to: string } {
  if (chosen.from && chosen.to) return { from: chosen.from, to: chosen.to };
  if (chosen.from) return { from: chosen.from, to: quarterRange(quarterOf(chosen.from)).to };
  if (chosen.to) return { from: quarterRange(quarterOf(chosen.to)).from, to: chosen.to };
  return quarterRange(previousQuarter(quarterOf(londonToday(now))));
}

/**
 * The community's shareable items received in the period (London dates, both ends included),
 * oldest first: what was said and, once answered, what was done or why not. Nothing else.
 */
export function youSaidWeDid(
  db: Reader,
  communityId: number,
  period: { from: string; to: string },
) {
  const rows = db
    .select({
      category: feedback.category,
      receivedOn: feedback.receivedOn,
      summary: feedback.summary,
      responseOutcome: feedback.responseOutcome,
      responseText: feedback.responseText,
      respondedOn: feedback.respondedOn,
    })
    .from(feedback)
    .where(
      and(
        eq(feedback.communityId, communityId),
        eq(feedback.isShareable, true),
        between(feedback.receivedOn, period.from, period.to),
      ),
    )
    .orderBy(asc(feedback.receivedOn), asc(feedback.id))
    .limit(YOU_SAID_WE_DID_LIMIT + 1)
    .all();
  const items = rows.slice(0, YOU_SAID_WE_DID_LIMIT).map((row) => ({
    category: FEEDBACK_CATEGORY_LABELS[row.category],
    receivedMonth: monthFormat.format(new Date(`${row.receivedOn.slice(0, 7)}-01T00:00:00Z`)),
    youSaid: row.summary,
    // Only an answer with its outcome is one (DESIGN.md): anything short of that is still open.
    weDid:
      row.respondedOn && row.responseOutcome
        ? {
            outcome: OUTCOME_LABELS[row.responseOutcome],
            text: row.responseText,
            respondedOn: row.respondedOn,
          }
        : null,
  }));
  return { items, truncated: rows.length > YOU_SAID_WE_DID_LIMIT, limit: YOU_SAID_WE_DID_LIMIT };
}
