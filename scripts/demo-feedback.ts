// Demo feedback: a year of critical-friend advice given at the demo engagements (and a few items
// from the whole group), taken through the app's own workflow functions so every status, event and
// audit entry is as the app writes them: items in every status, some overdue, some answered late,
// answers of both outcomes, a few escalated (decisions are the steering reviews' demo), some linked
// to action items. Deterministic (a seeded PRNG) and additive only: it writes nothing once any
// feedback exists.
import { and, asc, eq, gte, inArray, isNull } from "drizzle-orm";
import type { Actor } from "../app/auth/policy";
import type { Db, Tx } from "../app/db/client.server";
import {
  actionItems,
  communities,
  engagementCommunities,
  engagementContacts,
  engagements,
  engagementStrands,
  feedback,
  FEEDBACK_CATEGORIES,
  STRAND_KEYS,
  type FeedbackCategory,
  type FeedbackChannel,
  type FeedbackResponseOutcome,
  type StrandKey,
} from "../app/db/schema";
import { setFeedbackLink } from "../app/domain/action-plans.server";
import { visibleContactsByIds } from "../app/domain/engagements.server";
import { defaultResponseDueOn } from "../app/domain/feedback.schema";
import {
  changeFeedbackDueDate,
  changeFeedbackStatus,
  createFeedback,
  escalateFeedback,
  respondToFeedback,
  type FeedbackWriteResult,
} from "../app/domain/feedback.server";
import {
  addDays,
  daysBetween,
  londonDayStart,
  londonToday,
  toLondonWallClock,
} from "../app/domain/london-time";
import {
  ADMIN_EMAIL,
  demoActor,
  duringTheDay,
  LEAD_EMAIL,
  LEAD_STRANDS,
  LIAISON_COUNTRIES,
  LIAISON_EMAIL,
} from "./demo-action-plans";
import { dice, type Dice } from "./seeded-random";

const SEED = 20_261_129;
/** About one held engagement in four produced advice worth recording. */
const SHARE_OF_ENGAGEMENTS = 0.3;
const MAX_FROM_ENGAGEMENTS = 90;
const WHOLE_GROUP_ITEMS = 8;

const ADVICE: Record<FeedbackCategory, string[]> = {
  operations_impact: [
    "Stop-and-search near the mosque after Friday prayers is felt as targeting; explain the grounds on the day.",
    "The dispersal order around the market was announced in English only; shopkeepers did not know what it meant.",
    "Raids at dawn frighten children in shared houses; consider the timing where no risk is known.",
  ],
  community_tension: [
    "Rumours after the fight at the youth club are spreading online; a visible police statement would calm them.",
    "Two families are in a dispute that risks drawing in both congregations; mediation is wanted before it grows.",
    "Graffiti on the community centre is read as a hate incident; people want to know it is being investigated as one.",
  ],
  cultural_sensitivity: [
    "Officers entered the prayer room in shoes during the visit; a short briefing before visits would avoid it.",
    "Women victims ask for a female officer and an interpreter who is not from their own community.",
    "Mourning customs mean families cannot attend interviews in the first week after a death.",
  ],
  communications_media: [
    "The force's appeals never reach community radio; send them in the languages spoken here.",
    "The press release named the street, which identified the family; please take more care.",
    "Young people follow community pages, not the force's; share updates through the forum's channels.",
  ],
  victim_care: [
    "Victims are not told when their case is closed or why; a call before closing would keep trust.",
    "People reporting fraud by relatives abroad are sent away; the route to report it is not clear.",
    "Victims of domestic abuse fear their immigration status will be shared; reassurance is needed.",
  ],
  policy_legislation: [
    "The new bail conditions are not understood; a plain-language guide in community languages is asked for.",
    "Questions about how immigration enforcement and policing share information are holding people back from reporting.",
    "The forum asks how the knife-crime order will be used at community events.",
  ],
  praise: [
    "The neighbourhood team's visit after the burglaries was appreciated; people felt listened to.",
    "The officer who spoke at the school assembly was warmly received; more of this is wanted.",
    "The quick response to the hate incident at the shop reassured the whole street.",
  ],
  other: [
    "The forum asks for meeting rooms outside the police station, which some members will not enter.",
    "Members ask to be told who their new neighbourhood sergeant is when teams change.",
  ],
};

const ACTED_ON = [
  "Briefed the team; the change is in the next shift's orders and the forum was told at its meeting.",
  "Translated the notice into the community's languages and shared it through community radio.",
  "Set up a call to each victim before a case is closed; the first ten calls are done.",
  "Arranged an interpreter and a female officer on request; the option is now on the booking form.",
  "Met the families with a mediator; both agreed to meet again in a month.",
];

const NOT_TAKEN = [
  "The timing of warrants is set by risk to life; we cannot change it, but now explain it afterwards.",
  "The law requires the notice in that form; we have added a translated summary alongside it.",
  "Naming the street was needed to find witnesses; we explained why to the family in person.",
  "We cannot share details of an open investigation; we have told the forum when we will report back.",
];

const ESCALATION_REASONS = [
  "Needs a force-wide decision on how information is shared with immigration enforcement.",
  "The forum has raised it twice and the borough alone cannot answer it.",
  "Policy on warrants at dawn is beyond the borough's power to change.",
];

const DUE_DATE_REASONS = [
  "Waiting for the borough commander's review of the operation.",
  "The forum asked for the answer at its next meeting, after the due date.",
  "The inquest has to finish first.",
];

type Source = {
  receivedOn: string;
  communityId: number | null;
  strandKeys: StrandKey[];
  engagementId: number | null;
  contactIds: number[];
  channel: FeedbackChannel;
};

type DemoActors = { admin: Actor; lead: Actor; liaison: Actor };

/** Who records an item: the liaison officer for their communities, the lead for theirs, else the admin. */
function recorderOf(roll: Dice, source: Source, actors: DemoActors): Actor {
  const candidates = [actors.admin];
  if (source.communityId !== null && actors.liaison.communityIds.includes(source.communityId)) {
    candidates.push(actors.liaison, actors.liaison);
  }
  if (source.strandKeys.some((key) => LEAD_STRANDS.includes(key))) candidates.push(actors.lead);
  return roll.pick(candidates);
}

/** Held engagements of the last year, each with its first community, strands and attendees. */
function heldEngagementsOfTheYear(tx: Tx, today: string) {
  const rows = tx
    .select({ id: engagements.id, startsAt: engagements.startsAt })
    .from(engagements)
    .where(
      and(
        eq(engagements.status, "held"),
        gte(engagements.startsAt, londonDayStart(addDays(today, -365))),
      ),
    )
    .orderBy(asc(engagements.startsAt), asc(engagements.id))
    .all();
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const firstCommunity = new Map<number, number>();
  for (const link of tx
    .select()
    .from(engagementCommunities)
    .where(inArray(engagementCommunities.engagementId, ids))
    .orderBy(asc(engagementCommunities.communityId))
    .all()) {
    if (!firstCommunity.has(link.engagementId))
      firstCommunity.set(link.engagementId, link.communityId);
  }
  const strandsOf = new Map<number, StrandKey[]>();
  for (const link of tx
    .select()
    .from(engagementStrands)
    .where(inArray(engagementStrands.engagementId, ids))
    .all()) {
    strandsOf.set(link.engagementId, [...(strandsOf.get(link.engagementId) ?? []), link.strandKey]);
  }
  const contactsOf = new Map<number, number[]>();
  for (const link of tx
    .select()
    .from(engagementContacts)
    .where(inArray(engagementContacts.engagementId, ids))
    .orderBy(asc(engagementContacts.contactId))
    .all()) {
    contactsOf.set(link.engagementId, [
      ...(contactsOf.get(link.engagementId) ?? []),
      link.contactId,
    ]);
  }
  return rows
    .filter((row) => firstCommunity.has(row.id) && strandsOf.has(row.id))
    .map((row) => ({
      id: row.id,
      heldOn: toLondonWallClock(row.startsAt).date,
      communityId: firstCommunity.get(row.id)!,
      strandKeys: STRAND_KEYS.filter((key) => strandsOf.get(row.id)!.includes(key)),
      contactIds: contactsOf.get(row.id) ?? [],
    }));
}

function mustSucceed(result: FeedbackWriteResult, what: string): number {
  if (!result.ok) throw new Error(`Demo feedback refused (${what}): ${JSON.stringify(result)}`);
  return result.id;
}

/** The last London day a step may be dated: never after today. */
function notAfter(day: string, today: string): string {
  return day > today ? today : day;
}

/**
 * Loads the demo feedback in one transaction through the app's own functions (nested as
 * savepoints). Adds nothing once any feedback exists, so it is safe to run again.
 */
export function loadDemoFeedback(
  db: Db,
  now: Date,
): { feedbackAdded: number; feedbackLinksAdded: number } {
  return db.transaction((tx) => {
    const nothing = { feedbackAdded: 0, feedbackLinksAdded: 0 };
    if (tx.select({ id: feedback.id }).from(feedback).limit(1).get()) return nothing;
    const today = londonToday(now);
    const liaisonCommunityIds = tx
      .select({ id: communities.id })
      .from(communities)
      .where(
        and(inArray(communities.countryCode, LIAISON_COUNTRIES), isNull(communities.archivedAt)),
      )
      .all()
      .map((row) => row.id);
    const actors: DemoActors = {
      admin: demoActor(tx, ADMIN_EMAIL, { communityIds: [], strandKeys: [] }),
      lead: demoActor(tx, LEAD_EMAIL, { communityIds: [], strandKeys: LEAD_STRANDS }),
      liaison: demoActor(tx, LIAISON_EMAIL, { communityIds: liaisonCommunityIds, strandKeys: [] }),
    };
    const nested = tx as unknown as Db;
    const roll = dice(SEED);

    const sources: Source[] = heldEngagementsOfTheYear(tx, today)
      .filter(() => roll.chance(SHARE_OF_ENGAGEMENTS))
      .slice(-MAX_FROM_ENGAGEMENTS)
      .map((engagement) => ({
        receivedOn: engagement.heldOn,
        communityId: engagement.communityId,
        strandKeys: engagement.strandKeys,
        engagementId: engagement.id,
        contactIds: roll.chance(0.5) ? roll.shuffle(engagement.contactIds).slice(0, 2) : [],
        channel: roll.pick(["meeting", "forum_session"] as const),
      }));
    for (let index = 0; index < WHOLE_GROUP_ITEMS; index += 1) {
      sources.push({
        receivedOn: addDays(today, -roll.whole(3, 330)),
        communityId: null,
        strandKeys: [roll.pick(STRAND_KEYS)],
        engagementId: null,
        contactIds: [],
        channel: roll.pick(["letter", "email", "survey"] as const),
      });
    }
    sources.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));

    let escalations = 0;
    const answered: { id: number; communityId: number | null; strandKeys: StrandKey[] }[] = [];
    for (const source of sources) {
      const recorder = recorderOf(roll, source, actors);
      const category = roll.pick(FEEDBACK_CATEGORIES);
      const age = daysBetween(source.receivedOn, today);
      // A few items get another due date when recorded, with the reason.
      const shortened = roll.chance(0.08);
      const responseDueOn = shortened
        ? addDays(source.receivedOn, 14)
        : defaultResponseDueOn(source.receivedOn);
      const id = mustSucceed(
        createFeedback(
          nested,
          recorder,
          {
            receivedOn: source.receivedOn,
            communityId: source.communityId,
            contactIds: visibleContactsByIds(tx, recorder, source.contactIds).map((c) => c.id),
            engagementId: source.engagementId,
            channel: source.channel,
            category,
            strandKeys: source.strandKeys,
            summary: roll.pick(ADVICE[category]),
            sentiment: roll.pick(
              category === "praise" ? ([1, 2] as const) : ([-2, -1, 0, 1] as const),
            ),
            priority: roll.weighted([
              ["low", 2],
              ["medium", 5],
              ["high", 2],
            ] as const),
            isShareable: roll.chance(0.45),
            ownerUserId: recorder.id,
            responseDueOn,
            dueDateReason: shortened
              ? "The forum meets in a fortnight and wants the answer there"
              : "",
          },
          duringTheDay(roll, source.receivedOn),
        ),
        "record",
      );
      const step = (day: string) => duringTheDay(roll, notAfter(day, today));
      // How far along it is: recent items are still new; older ones mostly answered, some not.
      const stalled = age > 28 && roll.chance(0.15);
      if (age < 2 || (age < 14 && roll.chance(0.4))) continue;
      const acknowledgedOn = addDays(source.receivedOn, roll.whole(1, 4));
      mustSucceed(
        changeFeedbackStatus(
          nested,
          recorder,
          id,
          { toStatus: "acknowledged", note: "" },
          step(acknowledgedOn),
        ),
        "acknowledge",
      );
      if (age > 20 && roll.chance(0.1)) {
        mustSucceed(
          changeFeedbackDueDate(
            nested,
            recorder,
            id,
            { responseDueOn: addDays(responseDueOn, 21), reason: roll.pick(DUE_DATE_REASONS) },
            step(addDays(source.receivedOn, 10)),
          ),
          "due date",
        );
      }
      if (age < 8 && roll.chance(0.5)) continue;
      const quickAnswer = roll.chance(0.25);
      if (!quickAnswer) {
        mustSucceed(
          changeFeedbackStatus(
            nested,
            recorder,
            id,
            { toStatus: "in_progress", note: "Raised with the borough team" },
            step(addDays(acknowledgedOn, roll.whole(1, 3))),
          ),
          "start",
        );
      }
      if ((stalled || (age > 20 && roll.chance(0.1))) && escalations < 10) {
        escalations += 1;
        mustSucceed(
          escalateFeedback(
            nested,
            recorder,
            id,
            { reason: roll.pick(ESCALATION_REASONS) },
            step(addDays(source.receivedOn, roll.whole(6, 7))),
          ),
          "escalate",
        );
      }
      if (stalled || age < 20) continue;
      // Most answers arrive within the due date; about one in five comes late.
      const late = roll.chance(0.2);
      const respondedOn = notAfter(
        addDays(source.receivedOn, late ? roll.whole(30, 50) : roll.whole(8, 27)),
        today,
      );
      const outcome: FeedbackResponseOutcome =
        category === "praise" || roll.chance(0.7) ? "acted_on" : "not_taken";
      mustSucceed(
        respondToFeedback(
          nested,
          recorder,
          id,
          {
            responseOutcome: outcome,
            responseText: roll.pick(outcome === "acted_on" ? ACTED_ON : NOT_TAKEN),
            respondedOn,
          },
          duringTheDay(roll, respondedOn),
        ),
        "respond",
      );
      answered.push({ id, communityId: source.communityId, strandKeys: source.strandKeys });
      const closedOn = addDays(respondedOn, roll.whole(7, 30));
      if (closedOn <= today && roll.chance(0.6)) {
        mustSucceed(
          changeFeedbackStatus(
            nested,
            recorder,
            id,
            { toStatus: "closed", note: "" },
            step(closedOn),
          ),
          "close",
        );
      }
    }

    // Some answers came from work on the community's action plan: link them (as the admin, who
    // manages every item and reads all feedback).
    let feedbackLinksAdded = 0;
    for (const item of answered) {
      if (item.communityId === null || !roll.chance(0.3)) continue;
      const actionItem = tx
        .select({ id: actionItems.id })
        .from(actionItems)
        .where(
          and(
            eq(actionItems.communityId, item.communityId),
            inArray(actionItems.strandKey, item.strandKeys),
          ),
        )
        .orderBy(asc(actionItems.id))
        .limit(1)
        .get();
      if (!actionItem) continue;
      const linked = setFeedbackLink(
        nested,
        actors.admin,
        { itemId: actionItem.id, feedbackId: item.id },
        true,
        now,
      );
      if (!linked.ok) throw new Error(`Demo feedback link refused on ${item.id}`);
      feedbackLinksAdded += 1;
    }
    return { feedbackAdded: sources.length, feedbackLinksAdded };
  });
}
