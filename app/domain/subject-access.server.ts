// Subject access: everything the CRM holds about one person, gathered for an admin answering a
// request under data-protection law, in one download that is itself audited.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "~/auth/policy";
import type { Db } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import {
  auditEvents,
  communities,
  contacts,
  contactStrands,
  contactTags,
  engagementCommunities,
  engagementContacts,
  engagements,
  feedback,
  feedbackContacts,
  organisations,
  strands,
  users,
} from "~/db/schema";
import { recordAudit } from "./audit.server";
import { contactAndMergedIds } from "./contacts.server";
import { LAWFUL_BASIS_LABELS, VETTING_STATUS_LABELS } from "./contacts.schema";
import { ENGAGEMENT_STATUS_LABELS, ENGAGEMENT_TYPE_LABELS } from "./engagements.schema";
import {
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_CHANNEL_LABELS,
  FEEDBACK_STATUS_LABELS,
} from "./feedback.schema";
import { engagementSummaryColumns } from "./engagement-lists.server";
import { formatLondonDateTime } from "./london-time";

/** What the download says it leaves out, so whoever answers the request knows what to search by hand. */
export const SUBJECT_ACCESS_NOT_INCLUDED = [
  "Engagement minutes and outcomes, feedback details and notes on other records are free text that may mention the person: search them by name before answering.",
  "Audit events of other records (engagements, feedback) that only mention the person in passing.",
] as const;

/**
 * Everything held about the contact: their record, memberships, the engagements they attended,
 * the feedback that names them, and every audit event of their record (who created, changed and
 * viewed it). Read in one transaction and audited as an export of the contact; null when there is
 * no such contact. The caller checks `contact.subjectAccess` first.
 */
export function subjectAccessExport(
  db: Db,
  actor: Actor & { displayName: string },
  contactId: number,
  now: Date,
) {
  return db.transaction((tx) => {
    const row = tx
      .select({
        contact: contacts,
        organisationName: organisations.name,
        communityName: communities.name,
        ownerName: users.displayName,
      })
      .from(contacts)
      .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
      .leftJoin(communities, eq(communities.id, contacts.communityId))
      .leftJoin(users, eq(users.id, contacts.ownerUserId))
      .where(eq(contacts.id, contactId))
      .get();
    if (!row) return null;
    const { contact } = row;

    const strandNames = tx
      .select({ name: strands.name })
      .from(contactStrands)
      .innerJoin(strands, eq(strands.key, contactStrands.strandKey))
      .where(eq(contactStrands.contactId, contactId))
      .orderBy(asc(strands.position))
      .all()
      .map((strand) => strand.name);
    const tags = tx
      .select({ tag: contactTags.tag })
      .from(contactTags)
      .where(eq(contactTags.contactId, contactId))
      .orderBy(asc(contactTags.tag))
      .all()
      .map((entry) => entry.tag);

    const engagementId = qualified(engagements, engagements.id);
    const attended = tx
      .select({
        ...engagementSummaryColumns,
        communities: sql<
          string | null
        >`(SELECT group_concat(c.name, '; ') FROM ${engagementCommunities} ec
          JOIN ${communities} c ON c.id = ec.community_id WHERE ec.engagement_id = ${engagementId})`,
      })
      .from(engagementContacts)
      .innerJoin(engagements, eq(engagements.id, engagementContacts.engagementId))
      .where(eq(engagementContacts.contactId, contactId))
      .orderBy(asc(engagements.startsAt), asc(engagements.id))
      .all();

    const named = tx
      .select({
        id: feedback.id,
        receivedOn: feedback.receivedOn,
        communityName: communities.name,
        channel: feedback.channel,
        category: feedback.category,
        summary: feedback.summary,
        status: feedback.status,
        respondedOn: feedback.respondedOn,
        responseText: feedback.responseText,
      })
      .from(feedbackContacts)
      .innerJoin(feedback, eq(feedback.id, feedbackContacts.feedbackId))
      .leftJoin(communities, eq(communities.id, feedback.communityId))
      .where(eq(feedbackContacts.contactId, contactId))
      .orderBy(asc(feedback.receivedOn), asc(feedback.id))
      .all();

    // Records merged into this one are the same person's, under their old numbers.
    const recordIds = contactAndMergedIds(tx, contactId);
    const history = tx
      .select({
        entityId: auditEvents.entityId,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        actorName: users.displayName,
        changes: auditEvents.changes,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(
        and(
          eq(auditEvents.entityType, "contact"),
          inArray(auditEvents.entityId, recordIds.map(String)),
        ),
      )
      .orderBy(asc(auditEvents.id))
      .all();

    recordAudit(tx, {
      actorUserId: actor.id,
      action: "export",
      entityType: "contact",
      entityId: contactId,
      detail: "subject access: everything held about the person",
      at: now,
    });

    return {
      generatedAt: now.toISOString(),
      generatedBy: actor.displayName,
      person: {
        id: contact.id,
        name: contact.name,
        latinName: contact.latinName,
        pronouns: contact.pronouns,
        roleTitle: contact.roleTitle,
        organisation: row.organisationName,
        community: row.communityName,
        strands: strandNames,
        email: contact.email,
        phone: contact.phone,
        preferredLanguage: contact.preferredLanguage,
        interpreterNeeded: contact.interpreterNeeded,
        tags,
        notes: contact.notes,
        keyContactCadenceDays: contact.keyContactCadenceDays,
        owner: row.ownerName,
        lastEngagedAt: contact.lastEngagedAt ? formatLondonDateTime(contact.lastEngagedAt) : null,
        archivedAt: contact.archivedAt ? formatLondonDateTime(contact.archivedAt) : null,
        recordCreatedAt: formatLondonDateTime(contact.createdAt),
        recordChangedAt: formatLondonDateTime(contact.updatedAt),
      },
      crgMembership: {
        member: contact.isCrgMember,
        termsOfReferenceSignedOn: contact.termsOfReferenceSignedOn,
        vetting: contact.vettingStatus ? VETTING_STATUS_LABELS[contact.vettingStatus] : null,
        vettedOn: contact.vettingOn,
        vettingReviewOn: contact.vettingReviewOn,
        confidentialitySignedOn: contact.confidentialitySignedOn,
        declaredInterests: contact.declaredInterests,
        interestsDeclaredOn: contact.interestsDeclaredOn,
      },
      dataProtection: {
        lawfulBasis: contact.lawfulBasis ? LAWFUL_BASIS_LABELS[contact.lawfulBasis] : null,
        lawfulBasisRecordedOn: contact.lawfulBasisRecordedOn,
        keptPastRetentionUntil: contact.retainedUntil,
        retentionReason: contact.retentionReason,
      },
      engagementsAttended: attended.map((engagement) => ({
        id: engagement.id,
        title: engagement.title,
        type: ENGAGEMENT_TYPE_LABELS[engagement.type],
        status: ENGAGEMENT_STATUS_LABELS[engagement.status],
        startsAt: formatLondonDateTime(engagement.startsAt),
        durationMinutes: engagement.durationMinutes,
        place: engagement.isOnline ? "Online" : engagement.location,
        marking: engagement.marking,
        communities: engagement.communities ?? "",
      })),
      feedbackNamingThem: named.map((item) => ({
        id: item.id,
        receivedOn: item.receivedOn,
        community: item.communityName ?? "Whole group",
        channel: FEEDBACK_CHANNEL_LABELS[item.channel],
        category: FEEDBACK_CATEGORY_LABELS[item.category],
        summary: item.summary,
        status: FEEDBACK_STATUS_LABELS[item.status],
        respondedOn: item.respondedOn,
        response: item.responseText,
      })),
      recordHistory: history.map((event) => ({
        record: Number(event.entityId),
        at: formatLondonDateTime(event.occurredAt),
        action: event.action,
        by: event.actorName ?? "the system",
        changes: event.changes,
        detail: event.detail,
      })),
      notIncluded: SUBJECT_ACCESS_NOT_INCLUDED,
    };
  });
}

export type SubjectAccessExport = NonNullable<ReturnType<typeof subjectAccessExport>>;
