// Engagements written straight into the database for the list, timeline, My work and coverage tests.
import { getDb } from "~/db/client.server";
import {
  contacts,
  engagementCommunities,
  engagementContacts,
  engagementOfficers,
  engagements,
  engagementStrands,
  followUps,
  type EngagementStatus,
  type EngagementType,
  type ProtectiveMarking,
  type StrandKey,
} from "~/db/schema";
import { recomputeLastEngaged } from "~/domain/last-engaged.server";
import { londonWallClockToUtc } from "~/domain/london-time";

let sequence = 0;

/** The instant of a London wall-clock time, e.g. at("2026-07-01", "14:30"). */
export function at(isoDate: string, time = "10:00"): Date {
  const instant = londonWallClockToUtc(isoDate, time);
  if (!instant) throw new Error(`${isoDate} ${time} is not a London time`);
  return instant;
}

export function insertEngagement(options: {
  startsAt: Date;
  communityIds: number[];
  strandKeys: StrandKey[];
  status?: EngagementStatus;
  type?: EngagementType;
  marking?: ProtectiveMarking;
  title?: string;
  contactIds?: number[];
  officerIds?: number[];
}): number {
  sequence += 1;
  const db = getDb();
  return db.transaction((tx) => {
    const now = new Date();
    const id = tx
      .insert(engagements)
      .values({
        type: options.type ?? "meeting",
        status: options.status ?? "held",
        title: options.title ?? `Engagement ${sequence}`,
        startsAt: options.startsAt,
        durationMinutes: 60,
        marking: options.marking ?? "OFFICIAL",
        minutes: "Minutes that never leave the engagement page",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: engagements.id })
      .get().id;
    for (const communityId of options.communityIds) {
      tx.insert(engagementCommunities).values({ engagementId: id, communityId }).run();
    }
    for (const strandKey of options.strandKeys) {
      tx.insert(engagementStrands).values({ engagementId: id, strandKey }).run();
    }
    for (const contactId of options.contactIds ?? []) {
      tx.insert(engagementContacts).values({ engagementId: id, contactId }).run();
    }
    for (const userId of options.officerIds ?? []) {
      tx.insert(engagementOfficers).values({ engagementId: id, userId }).run();
    }
    recomputeLastEngaged(tx, options.contactIds ?? []);
    return id;
  });
}

export function insertContact(options: {
  name?: string;
  communityId?: number | null;
  organisationId?: number | null;
  ownerUserId?: number | null;
  keyContactCadenceDays?: number | null;
  archived?: boolean;
  /** A CRG member, with the date their vetting review falls due when given. */
  crgMember?: {
    vettingReviewOn?: string;
    confidentialitySignedOn?: string | null;
    interestsDeclaredOn?: string | null;
  };
}): number {
  sequence += 1;
  const now = new Date();
  const name = options.name ?? `Contact ${sequence}`;
  return getDb()
    .insert(contacts)
    .values({
      name,
      sortName: name.toLowerCase(),
      communityId: options.communityId ?? null,
      organisationId: options.organisationId ?? null,
      ownerUserId: options.ownerUserId ?? null,
      keyContactCadenceDays: options.keyContactCadenceDays ?? null,
      isCrgMember: options.crgMember !== undefined,
      vettingReviewOn: options.crgMember?.vettingReviewOn ?? null,
      confidentialitySignedOn: options.crgMember?.confidentialitySignedOn ?? null,
      interestsDeclaredOn: options.crgMember?.interestsDeclaredOn ?? null,
      archivedAt: options.archived ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: contacts.id })
    .get().id;
}

export function insertFollowUp(options: {
  engagementId: number;
  ownerUserId: number;
  dueOn: string;
  description?: string;
  completed?: boolean;
}): number {
  const now = new Date();
  return getDb()
    .insert(followUps)
    .values({
      engagementId: options.engagementId,
      ownerUserId: options.ownerUserId,
      dueOn: options.dueOn,
      description: options.description ?? `Follow-up due ${options.dueOn}`,
      completedAt: options.completed ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: followUps.id })
    .get().id;
}
