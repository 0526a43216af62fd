// The database schema: one table per domain entity, instants in UTC milliseconds, calendar dates as ISO text.
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const ROLES = ["admin", "steering", "strand_lead", "liaison"] as const;
export type Role = (typeof ROLES)[number];

export const STRAND_KEYS = [
  "political",
  "business",
  "religious",
  "youth",
  "media",
  "community",
] as const;
export type StrandKey = (typeof STRAND_KEYS)[number];

export const COMMUNITY_STATUSES = [
  "identified",
  "template_applied",
  "plan_active",
  "established",
] as const;
export type CommunityStatus = (typeof COMMUNITY_STATUSES)[number];

export const ORGANISATION_TYPES = [
  "embassy",
  "government_department",
  "business",
  "faith_organisation",
  "youth_organisation",
  "media_outlet",
  "community_association",
  "local_authority",
  "consultative_group",
  "other",
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

const instant = (name: string) => integer(name, { mode: "timestamp_ms" });

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  passwordHash: text("password_hash").notNull(),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const strands = sqliteTable("strands", {
  key: text("key", { enum: STRAND_KEYS }).primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  position: integer("position").notNull(),
});

export const communities = sqliteTable(
  "communities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    countryCode: text("country_code").notNull(),
    name: text("name").notNull(),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default([]),
    status: text("status", { enum: COMMUNITY_STATUSES }).notNull().default("identified"),
    leadOfficerId: integer("lead_officer_id").references(() => users.id),
    notes: text("notes").notNull().default(""),
    archivedAt: instant("archived_at"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    // A country may return after archiving, but only one active community per country.
    uniqueIndex("communities_active_country")
      .on(table.countryCode)
      .where(sql`${table.archivedAt} IS NULL`),
  ],
);

/** Liaison officers' community assignments. */
export const userCommunities = sqliteTable(
  "user_communities",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.communityId] }),
    index("user_communities_community").on(table.communityId),
  ],
);

/** Strand leads' strands: the same rows make a strand's list of leads. */
export const userStrands = sqliteTable(
  "user_strands",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.strandKey] }),
    index("user_strands_strand").on(table.strandKey),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the session token, hex: the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: instant("created_at").notNull(),
    lastActiveAt: instant("last_active_at").notNull(),
  },
  (table) => [index("sessions_user").on(table.userId)],
);

/** Failed sign-ins, keyed by `email:<address>` or `ip:<address>`, for the lockout rule. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    throttleKey: text("throttle_key").notNull(),
    failedAt: instant("failed_at").notNull(),
  },
  (table) => [index("sign_in_failures_key_time").on(table.throttleKey, table.failedAt)],
);

export const signInLockouts = sqliteTable("sign_in_lockouts", {
  throttleKey: text("throttle_key").primaryKey(),
  lockedUntil: instant("locked_until").notNull(),
});

export const AUDIT_ACTIONS = [
  "create",
  "update",
  "delete",
  "archive",
  "restore",
  "merge",
  "view",
  "export",
  "erase",
  "login",
  "login_failed",
  "logout",
  "denied",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Append-only: triggers in the migrations refuse UPDATE and DELETE. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    occurredAt: instant("occurred_at").notNull(),
    actorUserId: integer("actor_user_id"),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    /** Changed fields as { field: [old, new] }; secrets are never written here. */
    changes: text("changes", { mode: "json" }).$type<Record<string, [unknown, unknown]>>(),
    detail: text("detail"),
  },
  (table) => [
    // The log pages newest-first by id, so each filter's index ends in id.
    index("audit_events_time").on(table.occurredAt),
    index("audit_events_entity").on(table.entityType, table.entityId, table.id),
    index("audit_events_actor").on(table.actorUserId, table.id),
    index("audit_events_action").on(table.action, table.id),
  ],
);

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** Case- and accent-folded name, so sorting works the same for every script. */
    sortName: text("sort_name").notNull(),
    type: text("type", { enum: ORGANISATION_TYPES }).notNull(),
    communityId: integer("community_id").references(() => communities.id),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    website: text("website").notNull().default(""),
    notes: text("notes").notNull().default(""),
    archivedAt: instant("archived_at"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    // A page in name or last-change order is read along these, checking the filters in the
    // index itself, so the columns every list filters on follow the order's columns. Every
    // index a list starts from holds those columns too, so a list never reads a row to filter it.
    index("organisations_by_name").on(
      table.sortName,
      table.id,
      table.archivedAt,
      table.communityId,
      table.type,
    ),
    index("organisations_by_updated").on(
      table.updatedAt,
      table.id,
      table.archivedAt,
      table.communityId,
      table.type,
    ),
    // Rows reached by id from a search or strands are filtered and sorted in here.
    index("organisations_by_id").on(
      table.id,
      table.archivedAt,
      table.communityId,
      table.type,
      table.sortName,
      table.updatedAt,
    ),
    index("organisations_community").on(
      table.communityId,
      table.sortName,
      table.id,
      table.archivedAt,
      table.type,
    ),
    index("organisations_type").on(
      table.type,
      table.sortName,
      table.id,
      table.archivedAt,
      table.communityId,
    ),
    // Archived rows are few: the archived list and the strand counts start here.
    index("organisations_archived")
      .on(table.archivedAt)
      .where(sql`${table.archivedAt} IS NOT NULL`),
  ],
);

export const organisationStrands = sqliteTable(
  "organisation_strands",
  {
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
  },
  (table) => [
    primaryKey({ columns: [table.organisationId, table.strandKey] }),
    index("organisation_strands_strand").on(table.strandKey, table.organisationId),
  ],
);

export const VETTING_STATUSES = [
  "not_started",
  "in_progress",
  "cleared",
  "refused",
  "lapsed",
] as const;
export const LAWFUL_BASES = [
  "consent",
  "public_task",
  "legitimate_interests",
  "legal_obligation",
  "vital_interests",
] as const;

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The name as the person writes it, in any script. */
    name: text("name").notNull(),
    latinName: text("latin_name").notNull().default(""),
    sortName: text("sort_name").notNull(),
    pronouns: text("pronouns").notNull().default(""),
    roleTitle: text("role_title").notNull().default(""),
    organisationId: integer("organisation_id").references(() => organisations.id),
    communityId: integer("community_id").references(() => communities.id),
    email: text("email").notNull().default(""),
    phone: text("phone").notNull().default(""),
    preferredLanguage: text("preferred_language").notNull().default(""),
    interpreterNeeded: integer("interpreter_needed", { mode: "boolean" }).notNull().default(false),
    isCrgMember: integer("is_crg_member", { mode: "boolean" }).notNull().default(false),
    termsOfReferenceSignedOn: text("terms_of_reference_signed_on"),
    vettingStatus: text("vetting_status", { enum: VETTING_STATUSES }),
    vettingOn: text("vetting_on"),
    vettingReviewOn: text("vetting_review_on"),
    confidentialitySignedOn: text("confidentiality_signed_on"),
    /** What a CRG member has declared that could bear on their advice: roles, ties, interests. */
    declaredInterests: text("declared_interests").notNull().default(""),
    /** When the member last declared (or confirmed) their interests; renewed yearly. */
    interestsDeclaredOn: text("interests_declared_on"),
    lawfulBasis: text("lawful_basis", { enum: LAWFUL_BASES }),
    lawfulBasisRecordedOn: text("lawful_basis_recorded_on"),
    keyContactCadenceDays: integer("key_contact_cadence_days"),
    /** Derived: the start of the latest held engagement the contact attended, kept in step by the engagement writes. */
    lastEngagedAt: instant("last_engaged_at"),
    ownerUserId: integer("owner_user_id").references(() => users.id),
    notes: text("notes").notNull().default(""),
    /** The retention review's decision to keep the person past the retention period, and why. */
    retainedUntil: text("retained_until"),
    retentionReason: text("retention_reason").notNull().default(""),
    archivedAt: instant("archived_at"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    // A page in name or last-change order is read along these, checking the filters in the
    // index itself, so the columns every list filters on follow the order's columns. Every
    // index a list starts from holds those columns too, so a list never reads a row to filter it.
    index("contacts_by_name").on(
      table.sortName,
      table.id,
      table.archivedAt,
      table.communityId,
      table.ownerUserId,
      table.isCrgMember,
      table.organisationId,
    ),
    index("contacts_by_updated").on(
      table.updatedAt,
      table.id,
      table.archivedAt,
      table.communityId,
      table.ownerUserId,
      table.isCrgMember,
      table.organisationId,
    ),
    // Rows reached by id from a search, a tag or strands are filtered and sorted in here.
    index("contacts_by_id").on(
      table.id,
      table.archivedAt,
      table.communityId,
      table.ownerUserId,
      table.isCrgMember,
      table.organisationId,
      table.sortName,
      table.updatedAt,
    ),
    // A liaison officer's communities: counted and filtered without reading the rows.
    index("contacts_community").on(
      table.communityId,
      table.sortName,
      table.id,
      table.archivedAt,
      table.ownerUserId,
      table.isCrgMember,
      table.organisationId,
    ),
    index("contacts_organisation").on(
      table.organisationId,
      table.sortName,
      table.id,
      table.archivedAt,
      table.communityId,
      table.ownerUserId,
      table.isCrgMember,
    ),
    index("contacts_owner").on(
      table.ownerUserId,
      table.sortName,
      table.id,
      table.archivedAt,
      table.communityId,
      table.isCrgMember,
      table.organisationId,
    ),
    // CRG members are a few in a hundred: their list is counted and read in name order here.
    index("contacts_crg_member").on(
      table.isCrgMember,
      table.sortName,
      table.id,
      table.archivedAt,
      table.communityId,
      table.ownerUserId,
      table.organisationId,
    ),
    // Archived rows are few: the archived list and the strand counts start here.
    index("contacts_archived")
      .on(table.archivedAt)
      .where(sql`${table.archivedAt} IS NOT NULL`),
    index("contacts_last_engaged").on(table.lastEngagedAt),
    // The retention review's dormant people: current contacts by their last engagement, or by
    // when they were added if they were never engaged, oldest first.
    index("contacts_dormancy")
      .on(sql`coalesce(${table.lastEngagedAt}, ${table.createdAt})`, table.id)
      .where(sql`${table.archivedAt} IS NULL`),
    // Decisions to keep people past the retention period are few: the review lists them here.
    index("contacts_retained")
      .on(table.retainedUntil, table.id)
      .where(sql`${table.retainedUntil} IS NOT NULL`),
    index("contacts_email").on(table.email),
    index("contacts_phone").on(table.phone),
  ],
);

export const contactStrands = sqliteTable(
  "contact_strands",
  {
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
  },
  (table) => [
    primaryKey({ columns: [table.contactId, table.strandKey] }),
    index("contact_strands_strand").on(table.strandKey, table.contactId),
  ],
);

export const contactTags = sqliteTable(
  "contact_tags",
  {
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id),
    tag: text("tag").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.contactId, table.tag] }),
    index("contact_tags_tag").on(table.tag, table.contactId),
  ],
);

/**
 * Each record merged away, and the contact it was merged into. The merged record's row is gone,
 * so neither id is a foreign key; erasure follows the chain to every old number of a person.
 */
export const contactMerges = sqliteTable(
  "contact_merges",
  {
    duplicateId: integer("duplicate_id").primaryKey(),
    survivorId: integer("survivor_id").notNull(),
    mergedAt: instant("merged_at").notNull(),
  },
  (table) => [index("contact_merges_survivor").on(table.survivorId, table.duplicateId)],
);

export const ENGAGEMENT_TYPES = [
  "meeting",
  "forum_session",
  "call",
  "visit",
  "event",
  "media_briefing",
  "email",
  "letter",
] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

export const ENGAGEMENT_STATUSES = ["planned", "held"] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export const PROTECTIVE_MARKINGS = ["OFFICIAL", "OFFICIAL-SENSITIVE"] as const;
export type ProtectiveMarking = (typeof PROTECTIVE_MARKINGS)[number];

export const engagements = sqliteTable(
  "engagements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type", { enum: ENGAGEMENT_TYPES }).notNull(),
    status: text("status", { enum: ENGAGEMENT_STATUSES }).notNull(),
    title: text("title").notNull(),
    /** UTC; entered and shown as Europe/London wall-clock time. */
    startsAt: instant("starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    location: text("location").notNull().default(""),
    isOnline: integer("is_online", { mode: "boolean" }).notNull().default(false),
    purpose: text("purpose").notNull().default(""),
    /** Minutes or summary; hidden from readers outside the marking's circle when OFFICIAL-SENSITIVE. */
    minutes: text("minutes").notNull().default(""),
    outcomes: text("outcomes").notNull().default(""),
    /** −2…+2, recorded when held. */
    sentiment: integer("sentiment"),
    marking: text("marking", { enum: PROTECTIVE_MARKINGS }).notNull().default("OFFICIAL"),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    index("engagements_by_start").on(table.startsAt, table.id),
    index("engagements_by_status_start").on(table.status, table.startsAt, table.id),
  ],
);

export const engagementCommunities = sqliteTable(
  "engagement_communities",
  {
    engagementId: integer("engagement_id")
      .notNull()
      .references(() => engagements.id),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
  },
  (table) => [
    primaryKey({ columns: [table.engagementId, table.communityId] }),
    index("engagement_communities_community").on(table.communityId, table.engagementId),
  ],
);

export const engagementStrands = sqliteTable(
  "engagement_strands",
  {
    engagementId: integer("engagement_id")
      .notNull()
      .references(() => engagements.id),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
  },
  (table) => [
    primaryKey({ columns: [table.engagementId, table.strandKey] }),
    index("engagement_strands_strand").on(table.strandKey, table.engagementId),
  ],
);

export const engagementContacts = sqliteTable(
  "engagement_contacts",
  {
    engagementId: integer("engagement_id")
      .notNull()
      .references(() => engagements.id),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id),
  },
  (table) => [
    primaryKey({ columns: [table.engagementId, table.contactId] }),
    index("engagement_contacts_contact").on(table.contactId, table.engagementId),
  ],
);

export const engagementOfficers = sqliteTable(
  "engagement_officers",
  {
    engagementId: integer("engagement_id")
      .notNull()
      .references(() => engagements.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
  },
  (table) => [
    primaryKey({ columns: [table.engagementId, table.userId] }),
    index("engagement_officers_user").on(table.userId, table.engagementId),
  ],
);

export const followUps = sqliteTable(
  "follow_ups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    engagementId: integer("engagement_id")
      .notNull()
      .references(() => engagements.id),
    description: text("description").notNull(),
    ownerUserId: integer("owner_user_id")
      .notNull()
      .references(() => users.id),
    /** Calendar date (YYYY-MM-DD) in Europe/London. */
    dueOn: text("due_on").notNull(),
    completedAt: instant("completed_at"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    index("follow_ups_engagement").on(table.engagementId),
    index("follow_ups_owner_open").on(table.ownerUserId, table.completedAt, table.dueOn),
  ],
);

/** A user's private iCalendar feed: only the SHA-256 of the token in its URL is kept. */
export const calendarFeeds = sqliteTable("calendar_feeds", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: instant("created_at").notNull(),
});

export const ACTION_ITEM_STATUSES = [
  "not_started",
  "in_progress",
  "blocked",
  "done",
  "cancelled",
] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** Who the template suggests as an item's owner when it is applied to a community. */
export const ACTION_OWNER_ROLES = ["liaison", "strand_lead"] as const;
export type ActionOwnerRole = (typeof ACTION_OWNER_ROLES)[number];

/** The one programme template; plans copy its items, so editing it never changes a plan. */
export const actionTemplateItems = sqliteTable(
  "action_template_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    dueOffsetDays: integer("due_offset_days").notNull(),
    defaultOwnerRole: text("default_owner_role", { enum: ACTION_OWNER_ROLES }).notNull(),
    position: integer("position").notNull().default(0),
    archivedAt: instant("archived_at"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [index("action_template_items_strand").on(table.strandKey, table.position)],
);

export const actionPlans = sqliteTable("action_plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  communityId: integer("community_id")
    .notNull()
    .unique()
    .references(() => communities.id),
  /** Calendar date the template's offsets count from. */
  startOn: text("start_on").notNull(),
  createdByUserId: integer("created_by_user_id").references(() => users.id),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const actionItems = sqliteTable(
  "action_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => actionPlans.id),
    /** The plan's community, kept on the item so scope and cross-community views need no join. */
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
    /** The template item it was made from; null for items added to the plan by hand. */
    templateItemId: integer("template_item_id").references(() => actionTemplateItems.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    ownerUserId: integer("owner_user_id").references(() => users.id),
    /** Calendar date (YYYY-MM-DD) in Europe/London. */
    dueOn: text("due_on").notNull(),
    status: text("status", { enum: ACTION_ITEM_STATUSES }).notNull().default("not_started"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("action_items_plan_template").on(table.planId, table.templateItemId),
    index("action_items_community_strand").on(table.communityId, table.strandKey, table.dueOn),
    index("action_items_strand_status").on(table.strandKey, table.status, table.dueOn),
    index("action_items_owner_status").on(table.ownerUserId, table.status, table.dueOn),
    index("action_items_status_due").on(table.status, table.dueOn),
  ],
);

/** Progress on an item: append-only (triggers in the migration refuse UPDATE and DELETE). */
export const actionItemUpdates = sqliteTable(
  "action_item_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    itemId: integer("item_id")
      .notNull()
      .references(() => actionItems.id),
    authorUserId: integer("author_user_id")
      .notNull()
      .references(() => users.id),
    /** The date the progress happened (London calendar date), which may precede when it was written. */
    happenedOn: text("happened_on").notNull(),
    note: text("note").notNull(),
    /** The status the item moved to with this update, if it changed. */
    newStatus: text("new_status", { enum: ACTION_ITEM_STATUSES }),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [index("action_item_updates_item").on(table.itemId, table.createdAt)],
);

export const actionItemEngagements = sqliteTable(
  "action_item_engagements",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => actionItems.id),
    engagementId: integer("engagement_id")
      .notNull()
      .references(() => engagements.id),
  },
  (table) => [
    primaryKey({ columns: [table.itemId, table.engagementId] }),
    index("action_item_engagements_engagement").on(table.engagementId, table.itemId),
  ],
);

export const FEEDBACK_CHANNELS = [
  "meeting",
  "forum_session",
  "call",
  "email",
  "letter",
  "survey",
  "social_media",
  "other",
] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const FEEDBACK_CATEGORIES = [
  "operations_impact",
  "community_tension",
  "cultural_sensitivity",
  "communications_media",
  "victim_care",
  "policy_legislation",
  "praise",
  "other",
] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export const FEEDBACK_PRIORITIES = ["low", "medium", "high"] as const;
export type FeedbackPriority = (typeof FEEDBACK_PRIORITIES)[number];

/** The "you said, we did" workflow, in order. */
export const FEEDBACK_STATUSES = [
  "received",
  "acknowledged",
  "in_progress",
  "responded",
  "closed",
] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** A police answer is either what was done, or why the advice was not taken (DESIGN.md). */
export const FEEDBACK_RESPONSE_OUTCOMES = ["acted_on", "not_taken"] as const;
export type FeedbackResponseOutcome = (typeof FEEDBACK_RESPONSE_OUTCOMES)[number];

/** Critical-friend advice: what a community (or the whole group, when no community) told the police. */
export const feedback = sqliteTable(
  "feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Calendar date (YYYY-MM-DD) in Europe/London. */
    receivedOn: text("received_on").notNull(),
    /** Null when the advice came from the group as a whole. */
    communityId: integer("community_id").references(() => communities.id),
    engagementId: integer("engagement_id").references(() => engagements.id),
    channel: text("channel", { enum: FEEDBACK_CHANNELS }).notNull(),
    category: text("category", { enum: FEEDBACK_CATEGORIES }).notNull(),
    summary: text("summary").notNull(),
    /** −2…+2. */
    sentiment: integer("sentiment").notNull(),
    priority: text("priority", { enum: FEEDBACK_PRIORITIES }).notNull().default("medium"),
    /** Shareable items, without names, make the community's "you said, we did" summary. */
    isShareable: integer("is_shareable", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: FEEDBACK_STATUSES }).notNull().default("received"),
    ownerUserId: integer("owner_user_id")
      .notNull()
      .references(() => users.id),
    /** Calendar date; 28 days after receipt unless changed with a reason. */
    responseDueOn: text("response_due_on").notNull(),
    responseOutcome: text("response_outcome", { enum: FEEDBACK_RESPONSE_OUTCOMES }),
    /** "We did" — or the reason the advice was not taken. */
    responseText: text("response_text").notNull().default(""),
    respondedOn: text("responded_on"),
    escalatedAt: instant("escalated_at"),
    escalatedByUserId: integer("escalated_by_user_id").references(() => users.id),
    escalationReason: text("escalation_reason").notNull().default(""),
    /** The steering group's latest decision on an escalated item. */
    steeringDecision: text("steering_decision").notNull().default(""),
    steeringDecidedAt: instant("steering_decided_at"),
    steeringDecidedByUserId: integer("steering_decided_by_user_id").references(() => users.id),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    index("feedback_by_received").on(table.receivedOn, table.id),
    index("feedback_community_received").on(table.communityId, table.receivedOn, table.id),
    /** A community's feedback by answer due date: the list sorted by due, read in order. */
    index("feedback_community_due").on(table.communityId, table.responseDueOn, table.id),
    index("feedback_status_due").on(table.status, table.responseDueOn),
    /**
     * Open items newest first, with their due date: "open and overdue" read in order instead of
     * every overdue item sorted. Partial, so it holds only the open few; its condition is spelt
     * exactly as the list's (walkedOverdueCondition in feedback-lists.server.ts),
     * or SQLite cannot use it.
     */
    index("feedback_open_received")
      .on(table.receivedOn, table.id, table.responseDueOn)
      .where(sql`+status IN ('received', 'acknowledged', 'in_progress')`),
    index("feedback_owner_status_due").on(table.ownerUserId, table.status, table.responseDueOn),
    index("feedback_engagement").on(table.engagementId),
    index("feedback_escalated").on(table.escalatedAt),
  ],
);

export const feedbackContacts = sqliteTable(
  "feedback_contacts",
  {
    feedbackId: integer("feedback_id")
      .notNull()
      .references(() => feedback.id),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id),
  },
  (table) => [
    primaryKey({ columns: [table.feedbackId, table.contactId] }),
    index("feedback_contacts_contact").on(table.contactId, table.feedbackId),
  ],
);

export const feedbackStrands = sqliteTable(
  "feedback_strands",
  {
    feedbackId: integer("feedback_id")
      .notNull()
      .references(() => feedback.id),
    strandKey: text("strand_key", { enum: STRAND_KEYS })
      .notNull()
      .references(() => strands.key),
  },
  (table) => [
    primaryKey({ columns: [table.feedbackId, table.strandKey] }),
    index("feedback_strands_strand").on(table.strandKey, table.feedbackId),
  ],
);

export const FEEDBACK_EVENT_KINDS = [
  "recorded",
  "status",
  "due_date",
  "owner",
  "escalated",
  "decision",
] as const;
export type FeedbackEventKind = (typeof FEEDBACK_EVENT_KINDS)[number];

/** A feedback item's history (transitions, due-date changes with their reason, escalation, decisions): append-only. */
export const feedbackEvents = sqliteTable(
  "feedback_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    feedbackId: integer("feedback_id")
      .notNull()
      .references(() => feedback.id),
    kind: text("kind", { enum: FEEDBACK_EVENT_KINDS }).notNull(),
    /** The value before and after: a status, a due date, an owner's user id. */
    fromValue: text("from_value"),
    toValue: text("to_value"),
    /** Why: the reason for a new due date or an escalation, the decision's text, a note. */
    note: text("note").notNull().default(""),
    actorUserId: integer("actor_user_id")
      .notNull()
      .references(() => users.id),
    occurredAt: instant("occurred_at").notNull(),
  },
  (table) => [index("feedback_events_feedback").on(table.feedbackId, table.id)],
);

export const actionItemFeedback = sqliteTable(
  "action_item_feedback",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => actionItems.id),
    feedbackId: integer("feedback_id")
      .notNull()
      .references(() => feedback.id),
  },
  (table) => [
    primaryKey({ columns: [table.itemId, table.feedbackId] }),
    index("action_item_feedback_feedback").on(table.feedbackId, table.itemId),
  ],
);

/** A soft trust-and-confidence indicator, defined by an admin and read per community per quarter. */
export const indicators = sqliteTable("indicators", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  scaleMin: integer("scale_min").notNull(),
  scaleMax: integer("scale_max").notNull(),
  higherIsBetter: integer("higher_is_better", { mode: "boolean" }).notNull().default(true),
  position: integer("position").notNull().default(0),
  archivedAt: instant("archived_at"),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const indicatorReadings = sqliteTable(
  "indicator_readings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    /** A calendar quarter, "YYYY-Qn". */
    quarter: text("quarter").notNull(),
    value: real("value").notNull(),
    note: text("note").notNull().default(""),
    recordedByUserId: integer("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("indicator_readings_one_per_quarter").on(
      table.indicatorId,
      table.communityId,
      table.quarter,
    ),
    index("indicator_readings_quarter").on(table.quarter, table.indicatorId),
  ],
);

export const STEERING_REVIEW_STATUSES = ["open", "closed"] as const;
export type SteeringReviewStatus = (typeof STEERING_REVIEW_STATUSES)[number];

/** A dated review of a period; its pack holds the figures as they were when it was made. */
export const steeringReviews = sqliteTable(
  "steering_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    /** The reviewed period, calendar dates inclusive. */
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    /** The date the group met. */
    heldOn: text("held_on").notNull(),
    status: text("status", { enum: STEERING_REVIEW_STATUSES }).notNull().default("open"),
    /** The frozen pack (JSON, shape versioned inside); never recomputed once written. */
    pack: text("pack", { mode: "json" }).$type<unknown>().notNull(),
    packBuiltAt: instant("pack_built_at").notNull(),
    notes: text("notes").notNull().default(""),
    createdByUserId: integer("created_by_user_id")
      .notNull()
      .references(() => users.id),
    closedAt: instant("closed_at"),
    closedByUserId: integer("closed_by_user_id").references(() => users.id),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [index("steering_reviews_held").on(table.heldOn, table.id)],
);

export const STEERING_REVIEW_ITEM_REASONS = ["escalated", "overdue"] as const;
export type SteeringReviewItemReason = (typeof STEERING_REVIEW_ITEM_REASONS)[number];

/**
 * A feedback item put before a review, and the decision the group recorded on it. Its community
 * and answer due date are copied when the review is made, as the pack's figures are frozen: the
 * review groups, orders and counts its items by what they were at the meeting.
 */
export const steeringReviewItems = sqliteTable(
  "steering_review_items",
  {
    reviewId: integer("review_id")
      .notNull()
      .references(() => steeringReviews.id),
    feedbackId: integer("feedback_id")
      .notNull()
      .references(() => feedback.id),
    reason: text("reason", { enum: STEERING_REVIEW_ITEM_REASONS }).notNull(),
    /** The feedback's community when the review was made; null for the whole group's. */
    communityId: integer("community_id").references(() => communities.id),
    /** The feedback's answer due date when the review was made. */
    responseDueOn: text("response_due_on").notNull(),
    decision: text("decision").notNull().default(""),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    decidedAt: instant("decided_at"),
  },
  (table) => [
    primaryKey({ columns: [table.reviewId, table.feedbackId] }),
    index("steering_review_items_feedback").on(table.feedbackId, table.reviewId),
    // A reason's items in the order the group takes them, and one community's, paged by key.
    index("steering_review_items_due").on(
      table.reviewId,
      table.reason,
      table.responseDueOn,
      table.feedbackId,
    ),
    index("steering_review_items_community_due").on(
      table.reviewId,
      table.reason,
      table.communityId,
      table.responseDueOn,
      table.feedbackId,
    ),
  ],
);

/**
 * A random stamp per UTC month ("YYYY-MM"), replaced by triggers (migration 0007) whenever an
 * engagement, feedback item or action item in that month changes in a way counted figures read:
 * figures computed for a month's records can be reused while its stamp stays the same. Random
 * rather than counted, so a rolled-back write can never leave a stamp that a later, different
 * write repeats.
 */
export const activityStamps = sqliteTable("activity_stamps", {
  month: text("month").primaryKey(),
  stamp: integer("stamp").notNull(),
});
