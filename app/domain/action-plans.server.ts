// Action plans: the programme template, applying it to a community, items per strand, progress history, links to engagements and feedback, and the set-based views.
import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from "drizzle-orm";
import { actionItemScope, can, type Actor } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import {
  actionItemEngagements,
  actionItemFeedback,
  actionItems,
  actionItemUpdates,
  actionPlans,
  actionTemplateItems,
  communities,
  engagementCommunities,
  engagements,
  engagementStrands,
  feedback,
  strands,
  userStrands,
  users,
  type ActionItemStatus,
  type CommunityStatus,
  type StrandKey,
} from "~/db/schema";
import { pageNumbers } from "./list-paging.server";
import { ragBounds } from "./action-item-rag";
import {
  ACTION_ITEM_PAGE_SIZE,
  ACTION_ITEM_STATUS_LABELS,
  RAG_LABELS,
  type ActionItemCreateInput,
  type ActionItemEditInput,
  type ActionItemListFilter,
  type ProgressUpdateInput,
  type RagRating,
  type TemplateItemInput,
} from "./action-plans.schema";
import { changedFields, recordAudit, recordListExport } from "./audit.server";
import { csvFromSnapshot, type CsvExport } from "./csv.server";
import { listLiaisonOfficers } from "./communities.server";
import { readableFeedbackCondition } from "./feedback-lists.server";
import { findFeedbackAccess } from "./feedback.server";
import { londonToday } from "./london-time";

type Reader = Db | Tx;

export type WriteResult<Field extends string> =
  | { ok: true; id: number }
  | { ok: false; fieldErrors?: Partial<Record<Field, string[]>>; formError?: string };

// ─── The template ───────────────────────────────────────────────────────────────────────────

/** The template's items in strand order, then by their position in the strand. */
export function listTemplateItems(db: Reader, options: { includeArchived?: boolean } = {}) {
  return db
    .select({
      id: actionTemplateItems.id,
      strandKey: actionTemplateItems.strandKey,
      strandName: strands.name,
      title: actionTemplateItems.title,
      description: actionTemplateItems.description,
      dueOffsetDays: actionTemplateItems.dueOffsetDays,
      defaultOwnerRole: actionTemplateItems.defaultOwnerRole,
      position: actionTemplateItems.position,
      archivedAt: actionTemplateItems.archivedAt,
    })
    .from(actionTemplateItems)
    .innerJoin(strands, eq(strands.key, actionTemplateItems.strandKey))
    .where(options.includeArchived ? undefined : isNull(actionTemplateItems.archivedAt))
    .orderBy(
      asc(strands.position),
      asc(actionTemplateItems.archivedAt),
      asc(actionTemplateItems.position),
      asc(actionTemplateItems.id),
    )
    .all();
}

export function getTemplateItem(db: Reader, templateItemId: number) {
  return (
    db.select().from(actionTemplateItems).where(eq(actionTemplateItems.id, templateItemId)).get() ??
    null
  );
}

export function createTemplateItem(
  db: Db,
  actor: Actor,
  input: TemplateItemInput,
  now = new Date(),
): WriteResult<keyof TemplateItemInput> {
  return db.transaction((tx) => {
    const created = tx
      .insert(actionTemplateItems)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning({ id: actionTemplateItems.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "create",
      entityType: "action_template_item",
      entityId: created.id,
      changes: changedFields(null, input),
      at: now,
    });
    return { ok: true, id: created.id };
  });
}

/** Changes the template only: plans already made keep the copies they took. */
export function updateTemplateItem(
  db: Db,
  actor: Actor,
  templateItemId: number,
  input: TemplateItemInput,
  now = new Date(),
): WriteResult<keyof TemplateItemInput> {
  return db.transaction((tx) => {
    const before = getTemplateItem(tx, templateItemId);
    if (!before) return { ok: false, formError: "That template item no longer exists" };
    tx.update(actionTemplateItems)
      .set({ ...input, updatedAt: now })
      .where(eq(actionTemplateItems.id, templateItemId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "action_template_item",
      entityId: templateItemId,
      changes: changedFields(before, input),
      at: now,
    });
    return { ok: true, id: templateItemId };
  });
}

/** An archived template item is no longer applied; items already made from it stay in their plans. */
export function setTemplateItemArchived(
  db: Db,
  actor: Actor,
  templateItemId: number,
  archived: boolean,
  now = new Date(),
): WriteResult<never> {
  return db.transaction((tx) => {
    const before = getTemplateItem(tx, templateItemId);
    if (!before) return { ok: false, formError: "That template item no longer exists" };
    if ((before.archivedAt !== null) === archived) return { ok: true, id: templateItemId };
    tx.update(actionTemplateItems)
      .set({ archivedAt: archived ? now : null, updatedAt: now })
      .where(eq(actionTemplateItems.id, templateItemId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: archived ? "archive" : "restore",
      entityType: "action_template_item",
      entityId: templateItemId,
      at: now,
    });
    return { ok: true, id: templateItemId };
  });
}

// ─── Plans and the community's status ──────────────────────────────────────────────────────────

export function getActionPlan(db: Reader, communityId: number) {
  return (
    db.select().from(actionPlans).where(eq(actionPlans.communityId, communityId)).get() ?? null
  );
}

const STATUS_ORDER: readonly CommunityStatus[] = [
  "identified",
  "template_applied",
  "plan_active",
  "established",
];

/** Moves a community's status forward to `target`, never backwards, auditing the move. */
function advanceCommunityStatus(
  tx: Tx,
  actor: Actor,
  communityId: number,
  target: CommunityStatus,
  reason: string,
  now: Date,
): void {
  const community = tx
    .select({ status: communities.status })
    .from(communities)
    .where(eq(communities.id, communityId))
    .get();
  if (!community) return;
  if (STATUS_ORDER.indexOf(community.status) >= STATUS_ORDER.indexOf(target)) return;
  tx.update(communities)
    .set({ status: target, updatedAt: now })
    .where(eq(communities.id, communityId))
    .run();
  recordAudit(tx, {
    actorUserId: actor.id,
    action: "update",
    entityType: "community",
    entityId: communityId,
    changes: { status: [community.status, target] },
    detail: reason,
    at: now,
  });
}

/** An active user, or null: an owner must be someone who can still sign in. */
function activeUserId(db: Reader, userId: number | null): number | null {
  if (userId === null) return null;
  const user = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.isActive, true)))
    .get();
  return user?.id ?? null;
}

export type ApplyTemplateResult =
  | { ok: true; planId: number; planCreated: boolean; added: number; startOn: string }
  | { ok: false; formError: string };

/**
 * Gives the community its plan (dated from `startOn`) if it has none, then copies every active
 * template item the plan lacks in one INSERT … SELECT; the unique (plan, template item) index
 * makes a second apply add only what is new. A plan that exists keeps its own start date.
 * Suggested owners: the community's lead officer (else its first liaison officer) for liaison
 * items, the strand's first lead for strand-lead items; both can be changed afterwards.
 */
export function applyTemplate(
  db: Db,
  actor: Actor,
  communityId: number,
  startOn: string,
  now = new Date(),
): ApplyTemplateResult {
  return db.transaction((tx): ApplyTemplateResult => {
    const community = tx
      .select({ archivedAt: communities.archivedAt, leadOfficerId: communities.leadOfficerId })
      .from(communities)
      .where(eq(communities.id, communityId))
      .get();
    if (!community) return { ok: false, formError: "That community no longer exists" };
    if (community.archivedAt) {
      return { ok: false, formError: "This community is archived: restore it before planning" };
    }
    let plan = getActionPlan(tx, communityId);
    const planCreated = plan === null;
    if (!plan) {
      plan = tx
        .insert(actionPlans)
        .values({ communityId, startOn, createdByUserId: actor.id, createdAt: now, updatedAt: now })
        .returning()
        .get();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: "action_plan",
        entityId: plan.id,
        changes: { communityId: [null, communityId], startOn: [null, startOn] },
        at: now,
      });
    }
    const liaisonOwnerId =
      activeUserId(tx, community.leadOfficerId) ??
      listLiaisonOfficers(tx, communityId)[0]?.id ??
      null;
    const nowMs = now.getTime();
    const inserted = tx.run(sql`
      INSERT INTO ${actionItems} (plan_id, community_id, strand_key, template_item_id, title,
        description, owner_user_id, due_on, status, created_at, updated_at)
      SELECT ${plan.id}, ${communityId}, t.strand_key, t.id, t.title, t.description,
        CASE t.default_owner_role
          WHEN 'liaison' THEN ${liaisonOwnerId}
          ELSE (SELECT u.id FROM ${userStrands} us JOIN ${users} u ON u.id = us.user_id
                WHERE us.strand_key = t.strand_key AND u.role = 'strand_lead' AND u.is_active = 1
                ORDER BY u.display_name, u.id LIMIT 1)
        END,
        date(${plan.startOn}, t.due_offset_days || ' days'), 'not_started', ${nowMs}, ${nowMs}
      FROM ${actionTemplateItems} t
      JOIN ${strands} s ON s.key = t.strand_key
      WHERE t.archived_at IS NULL
      ORDER BY s.position, t.position, t.id
      ON CONFLICT (plan_id, template_item_id) DO NOTHING
    `);
    const added = inserted.changes;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "action_plan",
      entityId: plan.id,
      detail: JSON.stringify({ appliedTemplate: true, itemsAdded: added }),
      at: now,
    });
    advanceCommunityStatus(tx, actor, communityId, "template_applied", "template applied", now);
    return { ok: true, planId: plan.id, planCreated, added, startOn: plan.startOn };
  });
}

// ─── Scope and RAG in SQL ──────────────────────────────────────────────────────────────────────

/** `actionItem.read` as a WHERE clause (undefined when the actor sees every item). */
function itemScopeWhere(actor: Actor): SQL | undefined {
  const scope = actionItemScope(actor);
  if (scope.kind === "all") return undefined;
  const admitted: SQL[] = [eq(actionItems.ownerUserId, scope.ownerUserId)];
  if (scope.communityIds.length > 0) {
    admitted.push(inArray(actionItems.communityId, [...scope.communityIds]));
  }
  if (scope.strandKeys.length > 0) {
    admitted.push(inArray(actionItems.strandKey, [...scope.strandKeys]));
  }
  return or(...admitted);
}

/** The same rule as `ragOf`, as a CASE expression over `action_items`, for set-based views. */
export function ragSql(today: string): SQL<RagRating> {
  const bounds = ragBounds(today);
  // Every column named with its table (see `qualified`): a bare "id" inside the subquery was
  // action_item_updates' own, so the last update was never found in a one-table query.
  const item = (column: AnyColumn) => qualified(actionItems, column);
  const update = (column: AnyColumn) => qualified(actionItemUpdates, column);
  return sql<RagRating>`CASE
    WHEN ${item(actionItems.status)} IN ('done', 'cancelled') THEN 'none'
    WHEN ${item(actionItems.status)} = 'blocked' OR ${item(actionItems.dueOn)} < ${bounds.today} THEN 'red'
    WHEN ${item(actionItems.status)} = 'not_started' AND ${item(actionItems.dueOn)} <= ${bounds.dueSoonOn} THEN 'amber'
    WHEN COALESCE(
      (SELECT MAX(${update(actionItemUpdates.createdAt)}) FROM ${actionItemUpdates}
        WHERE ${update(actionItemUpdates.itemId)} = ${item(actionItems.id)}),
      ${item(actionItems.createdAt)}) < ${bounds.staleBeforeMs} THEN 'amber'
    ELSE 'green' END`;
}

/** Red first, then amber, green and unrated, so what needs attention leads every list. */
function ragRank(today: string): SQL<number> {
  return sql<number>`CASE ${ragSql(today)} WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 ELSE 3 END`;
}

const itemListColumns = (today: string) => ({
  id: actionItems.id,
  communityId: actionItems.communityId,
  communityName: communities.name,
  strandKey: actionItems.strandKey,
  strandName: strands.name,
  title: actionItems.title,
  ownerUserId: actionItems.ownerUserId,
  ownerName: users.displayName,
  dueOn: actionItems.dueOn,
  status: actionItems.status,
  rag: ragSql(today),
});

// ─── Views ────────────────────────────────────────────────────────────────────────────────────

/** The items of one community's plan the actor may see, by strand, soonest due first. One query. */
export function listPlanItems(db: Reader, actor: Actor, communityId: number, today: string) {
  return db
    .select(itemListColumns(today))
    .from(actionItems)
    .innerJoin(communities, eq(communities.id, actionItems.communityId))
    .innerJoin(strands, eq(strands.key, actionItems.strandKey))
    .leftJoin(users, eq(users.id, actionItems.ownerUserId))
    .where(and(eq(actionItems.communityId, communityId), itemScopeWhere(actor)))
    .orderBy(asc(strands.position), asc(actionItems.dueOn), asc(actionItems.id))
    .all();
}

function listWhere(actor: Actor, filter: ActionItemListFilter, today: string): SQL | undefined {
  const conditions: (SQL | undefined)[] = [itemScopeWhere(actor)];
  if (filter.community) conditions.push(eq(actionItems.communityId, filter.community));
  if (filter.strand) conditions.push(eq(actionItems.strandKey, filter.strand));
  if (filter.status) conditions.push(eq(actionItems.status, filter.status));
  if (filter.mine) conditions.push(eq(actionItems.ownerUserId, actor.id));
  if (filter.overdue) {
    conditions.push(
      sql`${actionItems.dueOn} < ${today}`,
      sql`${actionItems.status} NOT IN ('done', 'cancelled')`,
    );
  }
  if (filter.rag) conditions.push(sql`${ragSql(today)} = ${filter.rag}`);
  return and(...conditions);
}

/** One page of items across communities under the list's filters: red first, then by due date. */
export function listActionItemPage(
  db: Reader,
  actor: Actor,
  filter: ActionItemListFilter,
  today: string,
) {
  const where = listWhere(actor, filter, today);
  const total = db.select({ total: count() }).from(actionItems).where(where).get()?.total ?? 0;
  const { page, pageCount } = pageNumbers(total, filter.page, ACTION_ITEM_PAGE_SIZE);
  const items = db
    .select(itemListColumns(today))
    .from(actionItems)
    .innerJoin(communities, eq(communities.id, actionItems.communityId))
    .innerJoin(strands, eq(strands.key, actionItems.strandKey))
    .leftJoin(users, eq(users.id, actionItems.ownerUserId))
    .where(where)
    .orderBy(ragRank(today), asc(actionItems.dueOn), asc(actionItems.id))
    .limit(ACTION_ITEM_PAGE_SIZE)
    .offset((page - 1) * ACTION_ITEM_PAGE_SIZE)
    .all();
  return { items, total, page, pageCount };
}

/** A community's row of the overview: its items by status and by RAG. */
export type PlanOverviewRow = {
  communityId: number;
  communityName: string;
  communityStatus: CommunityStatus;
  total: number;
  notStarted: number;
  inProgress: number;
  blocked: number;
  done: number;
  cancelled: number;
  red: number;
  amber: number;
  green: number;
};

const STATUS_COLUMNS = {
  not_started: "notStarted",
  in_progress: "inProgress",
  blocked: "blocked",
  done: "done",
  cancelled: "cancelled",
} as const satisfies Record<ActionItemStatus, keyof PlanOverviewRow>;

/** Names in the order SQLite's BINARY collation puts them, as the lists read from SQL are. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Communities × status and RAG counts over the items the actor may see (a strand lead: their
 * strands in every community), most red first. One grouped query, however many communities.
 */
export function planOverview(
  db: Reader,
  actor: Actor,
  today: string,
  strandKey?: StrandKey,
): PlanOverviewRow[] {
  // Grouped by community, status and RAG first, so each item's RAG (a correlated subquery for the
  // live ones) is worked out once rather than once per column that counts it.
  const rag = ragSql(today);
  const groups = db
    .select({
      communityId: actionItems.communityId,
      communityName: communities.name,
      communityStatus: communities.status,
      status: actionItems.status,
      rag,
      items: count(),
    })
    .from(actionItems)
    .innerJoin(communities, eq(communities.id, actionItems.communityId))
    .where(and(itemScopeWhere(actor), strandKey ? eq(actionItems.strandKey, strandKey) : undefined))
    .groupBy(actionItems.communityId, actionItems.status, rag)
    .all();
  const byCommunity = new Map<number, PlanOverviewRow>();
  for (const group of groups) {
    let row = byCommunity.get(group.communityId);
    if (!row) {
      row = {
        communityId: group.communityId,
        communityName: group.communityName,
        communityStatus: group.communityStatus,
        total: 0,
        notStarted: 0,
        inProgress: 0,
        blocked: 0,
        done: 0,
        cancelled: 0,
        red: 0,
        amber: 0,
        green: 0,
      };
      byCommunity.set(group.communityId, row);
    }
    row.total += group.items;
    row[STATUS_COLUMNS[group.status]] += group.items;
    if (group.rag !== "none") row[group.rag] += group.items;
  }
  return [...byCommunity.values()].sort(
    (a, b) =>
      b.red - a.red ||
      b.amber - a.amber ||
      compareNames(a.communityName, b.communityName) ||
      a.communityId - b.communityId,
  );
}

export const ACTION_ITEM_EXPORT_HEADER = [
  "Item id",
  "Community",
  "Strand",
  "Title",
  "Owner",
  "Due on",
  "Status",
  "RAG",
] as const;

/**
 * Every item matching the list's filters as a streamed CSV export, audited with its filter before
 * the first row is sent (see csvFromSnapshot).
 */
export function exportActionItems(
  db: Db,
  actor: Actor,
  filter: ActionItemListFilter,
  now = new Date(),
  rowsPerChunk?: number,
): CsvExport {
  const today = londonToday(now);
  return csvFromSnapshot(db, {
    header: ACTION_ITEM_EXPORT_HEADER,
    rowsPerChunk,
    orderedIds: (snapshot) =>
      snapshot
        .select({ id: actionItems.id })
        .from(actionItems)
        .where(listWhere(actor, filter, today))
        .orderBy(ragRank(today), asc(actionItems.dueOn), asc(actionItems.id)),
    rowsOf: (snapshot, ids) =>
      snapshot
        .select(itemListColumns(today))
        .from(actionItems)
        .innerJoin(communities, eq(communities.id, actionItems.communityId))
        .innerJoin(strands, eq(strands.key, actionItems.strandKey))
        .leftJoin(users, eq(users.id, actionItems.ownerUserId))
        .where(inArray(actionItems.id, ids))
        .all()
        .map((row) => ({
          id: row.id,
          cells: [
            row.id,
            row.communityName,
            row.strandName,
            row.title,
            row.ownerName ?? "",
            row.dueOn,
            ACTION_ITEM_STATUS_LABELS[row.status],
            RAG_LABELS[row.rag],
          ],
        })),
    audit: (tx, rowCount) =>
      recordListExport(tx, {
        actorUserId: actor.id,
        entityType: "action_item",
        filter,
        rows: rowCount,
        at: now,
      }),
  });
}

// ─── One item ─────────────────────────────────────────────────────────────────────────────────

/** An item with its names and last update; the route asks the policy before showing it. */
export function getActionItem(db: Reader, itemId: number) {
  return (
    db
      .select({
        id: actionItems.id,
        planId: actionItems.planId,
        communityId: actionItems.communityId,
        communityName: communities.name,
        strandKey: actionItems.strandKey,
        strandName: strands.name,
        templateItemId: actionItems.templateItemId,
        title: actionItems.title,
        description: actionItems.description,
        ownerUserId: actionItems.ownerUserId,
        ownerName: users.displayName,
        dueOn: actionItems.dueOn,
        status: actionItems.status,
        createdAt: actionItems.createdAt,
        updatedAt: actionItems.updatedAt,
        lastUpdateAt: sql<number | null>`(SELECT MAX(${actionItemUpdates.createdAt})
          FROM ${actionItemUpdates} WHERE ${actionItemUpdates.itemId} = ${actionItems.id})`,
      })
      .from(actionItems)
      .innerJoin(communities, eq(communities.id, actionItems.communityId))
      .innerJoin(strands, eq(strands.key, actionItems.strandKey))
      .leftJoin(users, eq(users.id, actionItems.ownerUserId))
      .where(eq(actionItems.id, itemId))
      .get() ?? null
  );
}

/** The item's progress history, newest first, with each author's name. */
export function listProgressUpdates(db: Reader, itemId: number) {
  return db
    .select({
      id: actionItemUpdates.id,
      happenedOn: actionItemUpdates.happenedOn,
      note: actionItemUpdates.note,
      newStatus: actionItemUpdates.newStatus,
      createdAt: actionItemUpdates.createdAt,
      authorName: users.displayName,
    })
    .from(actionItemUpdates)
    .innerJoin(users, eq(users.id, actionItemUpdates.authorUserId))
    .where(eq(actionItemUpdates.itemId, itemId))
    .orderBy(
      desc(actionItemUpdates.happenedOn),
      desc(actionItemUpdates.createdAt),
      desc(actionItemUpdates.id),
    )
    .all();
}

/** People an item can be given to: active officers (not steering members, who never write). */
export function ownerChoices(db: Reader) {
  return db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(eq(users.isActive, true), inArray(users.role, ["admin", "strand_lead", "liaison"])))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

function ownerProblem(db: Reader, ownerUserId: number | null): string | null {
  if (ownerUserId === null) return null;
  return ownerChoices(db).some((choice) => choice.id === ownerUserId)
    ? null
    : "Choose an owner from the list";
}

/** An item added to a community's plan by hand (outside the template). */
export function createActionItem(
  db: Db,
  actor: Actor,
  communityId: number,
  input: ActionItemCreateInput,
  now = new Date(),
): WriteResult<keyof ActionItemCreateInput> {
  return db.transaction((tx) => {
    const plan = getActionPlan(tx, communityId);
    if (!plan) {
      return {
        ok: false,
        formError: "This community has no action plan yet: apply the template first",
      };
    }
    const problem = ownerProblem(tx, input.ownerUserId);
    if (problem) return { ok: false, fieldErrors: { ownerUserId: [problem] } };
    const created = tx
      .insert(actionItems)
      .values({
        planId: plan.id,
        communityId,
        strandKey: input.strandKey,
        templateItemId: null,
        title: input.title,
        description: input.description,
        ownerUserId: input.ownerUserId,
        dueOn: input.dueOn,
        status: "not_started",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: actionItems.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "create",
      entityType: "action_item",
      entityId: created.id,
      changes: changedFields(null, { communityId, ...input }),
      at: now,
    });
    return { ok: true, id: created.id };
  });
}

/** Edit and reassign: title, description, owner and due date. Status moves only through progress updates. */
export function updateActionItem(
  db: Db,
  actor: Actor,
  itemId: number,
  input: ActionItemEditInput,
  now = new Date(),
): WriteResult<keyof ActionItemEditInput> {
  return db.transaction((tx) => {
    const before = tx.select().from(actionItems).where(eq(actionItems.id, itemId)).get();
    if (!before) return { ok: false, formError: "That item no longer exists" };
    if (input.ownerUserId !== before.ownerUserId) {
      const problem = ownerProblem(tx, input.ownerUserId);
      if (problem) return { ok: false, fieldErrors: { ownerUserId: [problem] } };
    }
    tx.update(actionItems)
      .set({ ...input, updatedAt: now })
      .where(eq(actionItems.id, itemId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "action_item",
      entityId: itemId,
      changes: changedFields(before, input),
      at: now,
    });
    return { ok: true, id: itemId };
  });
}

/** Which status may follow which: anything else is refused as a step that makes no sense. */
const NEXT_STATUSES: Record<ActionItemStatus, readonly ActionItemStatus[]> = {
  not_started: ["in_progress", "blocked", "done", "cancelled"],
  in_progress: ["blocked", "done", "cancelled"],
  blocked: ["in_progress", "done", "cancelled"],
  done: ["in_progress"],
  cancelled: ["not_started", "in_progress"],
};

/** The statuses a progress form offers for an item in `current` status. */
export function nextStatuses(current: ActionItemStatus, mayManage: boolean): ActionItemStatus[] {
  return NEXT_STATUSES[current].filter(
    (next) => mayManage || (next !== "cancelled" && current !== "cancelled"),
  );
}

type ProgressField = keyof ProgressUpdateInput;

/** Why this update cannot be recorded on an item in `current` status, per field; null when it can. */
export function progressProblem(
  current: ActionItemStatus,
  update: ProgressUpdateInput,
  options: { mayManage: boolean; today: string },
): Partial<Record<ProgressField, string[]>> | null {
  const { newStatus, note } = update;
  if (update.happenedOn > options.today) {
    return { happenedOn: ["The date cannot be in the future"] };
  }
  if (newStatus === null) {
    return note ? null : { note: ["Write what happened, or choose a new status"] };
  }
  const from = ACTION_ITEM_STATUS_LABELS[current];
  const to = ACTION_ITEM_STATUS_LABELS[newStatus];
  if (newStatus === current) {
    return { newStatus: [`The item is already ${from.toLowerCase()}`] };
  }
  if (!NEXT_STATUSES[current].includes(newStatus)) {
    return { newStatus: [`An item cannot go from ${from.toLowerCase()} to ${to.toLowerCase()}`] };
  }
  if ((newStatus === "cancelled" || current === "cancelled") && !options.mayManage) {
    return { newStatus: ["Only an admin or the strand's lead can cancel an item or restore it"] };
  }
  if (!note) {
    if (newStatus === "done") return { note: ["Say what was done before marking the item done"] };
    if (newStatus === "blocked") return { note: ["Say what is blocking the item"] };
    if (newStatus === "cancelled") return { note: ["Say why the item is cancelled"] };
    if (current === "done" || current === "cancelled") {
      return { note: [`Say why the item is reopened after being ${from.toLowerCase()}`] };
    }
  }
  return null;
}

/**
 * Appends a progress update (history is never rewritten: the table refuses UPDATE and DELETE) and
 * moves the item's status with it; the first item started makes the community's plan active.
 */
export function addProgressUpdate(
  db: Db,
  actor: Actor,
  itemId: number,
  input: ProgressUpdateInput,
  now = new Date(),
): WriteResult<ProgressField> {
  return db.transaction((tx): WriteResult<ProgressField> => {
    const item = tx.select().from(actionItems).where(eq(actionItems.id, itemId)).get();
    if (!item) return { ok: false, formError: "That item no longer exists" };
    const problem = progressProblem(item.status, input, {
      mayManage: can(actor, "actionItem.manage", item),
      today: londonToday(now),
    });
    if (problem) return { ok: false, fieldErrors: problem };
    const update = tx
      .insert(actionItemUpdates)
      .values({
        itemId,
        authorUserId: actor.id,
        happenedOn: input.happenedOn,
        note: input.note,
        newStatus: input.newStatus,
        createdAt: now,
      })
      .returning({ id: actionItemUpdates.id })
      .get();
    if (input.newStatus) {
      tx.update(actionItems)
        .set({ status: input.newStatus, updatedAt: now })
        .where(eq(actionItems.id, itemId))
        .run();
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "update",
      entityType: "action_item",
      entityId: itemId,
      changes: input.newStatus ? { status: [item.status, input.newStatus] } : null,
      detail: JSON.stringify({ progressUpdateId: update.id, happenedOn: input.happenedOn }),
      at: now,
    });
    if (input.newStatus === "in_progress") {
      advanceCommunityStatus(
        tx,
        actor,
        item.communityId,
        "plan_active",
        "first action item started",
        now,
      );
    }
    return { ok: true, id: update.id };
  });
}

// ─── Links to engagements ─────────────────────────────────────────────────────────────────────

function splitList(value: string | null): string[] {
  return value ? value.split(",") : [];
}

/** Engagements with the communities and strands the policy needs, gathered in the same query. */
function engagementColumns() {
  return {
    id: engagements.id,
    title: engagements.title,
    status: engagements.status,
    startsAt: engagements.startsAt,
    communityIds: sql<
      string | null
    >`(SELECT group_concat(${qualified(engagementCommunities, engagementCommunities.communityId)}) FROM ${engagementCommunities} WHERE ${qualified(engagementCommunities, engagementCommunities.engagementId)} = ${qualified(engagements, engagements.id)})`,
    strandKeys: sql<
      string | null
    >`(SELECT group_concat(${qualified(engagementStrands, engagementStrands.strandKey)}) FROM ${engagementStrands} WHERE ${qualified(engagementStrands, engagementStrands.engagementId)} = ${qualified(engagements, engagements.id)})`,
  };
}

type EngagementRow = {
  id: number;
  title: string;
  status: string;
  startsAt: Date;
  communityIds: string | null;
  strandKeys: string | null;
};

/** Only the engagements the actor may read (the engagement policy), with their scope parsed. */
function readableEngagements(actor: Actor, rows: EngagementRow[]) {
  return rows
    .map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      startsAt: row.startsAt,
      scope: {
        communityIds: splitList(row.communityIds).map(Number),
        strandKeys: splitList(row.strandKeys) as StrandKey[],
      },
    }))
    .filter((row) => can(actor, "record.read", row.scope))
    .map(({ scope: _scope, ...engagement }) => engagement);
}

/** The engagements linked to an item that the actor may read, newest first. */
export function listLinkedEngagements(db: Reader, actor: Actor, itemId: number) {
  const rows = db
    .select(engagementColumns())
    .from(actionItemEngagements)
    .innerJoin(engagements, eq(engagements.id, actionItemEngagements.engagementId))
    .where(eq(actionItemEngagements.itemId, itemId))
    .orderBy(desc(engagements.startsAt), desc(engagements.id))
    .all();
  return readableEngagements(actor, rows);
}

export const LINKABLE_ENGAGEMENT_LIMIT = 50;

/** Recent engagements of the item's community not yet linked to it, that the actor may read. */
export function linkableEngagements(
  db: Reader,
  actor: Actor,
  item: { id: number; communityId: number },
) {
  const rows = db
    .select(engagementColumns())
    .from(engagementCommunities)
    .innerJoin(engagements, eq(engagements.id, engagementCommunities.engagementId))
    .where(
      and(
        eq(engagementCommunities.communityId, item.communityId),
        sql`NOT EXISTS (SELECT 1 FROM ${actionItemEngagements} WHERE ${actionItemEngagements.itemId} = ${item.id} AND ${actionItemEngagements.engagementId} = ${engagements.id})`,
      ),
    )
    .orderBy(desc(engagements.startsAt), desc(engagements.id))
    .limit(LINKABLE_ENGAGEMENT_LIMIT)
    .all();
  return readableEngagements(actor, rows);
}

/** Links an engagement of the item's community that the actor may read; audited. */
export function linkEngagement(
  db: Db,
  actor: Actor,
  itemId: number,
  engagementId: number,
  now = new Date(),
): WriteResult<"engagementId"> {
  return db.transaction((tx): WriteResult<"engagementId"> => {
    const item = tx
      .select({ id: actionItems.id, communityId: actionItems.communityId })
      .from(actionItems)
      .where(eq(actionItems.id, itemId))
      .get();
    if (!item) return { ok: false, formError: "That item no longer exists" };
    const candidate = tx
      .select(engagementColumns())
      .from(engagements)
      .where(eq(engagements.id, engagementId))
      .all();
    const [engagement] = readableEngagements(actor, candidate);
    const sameCommunity = candidate[0]
      ? splitList(candidate[0].communityIds).map(Number).includes(item.communityId)
      : false;
    if (!engagement || !sameCommunity) {
      return {
        ok: false,
        fieldErrors: { engagementId: ["Choose an engagement of this community from the list"] },
      };
    }
    const inserted = tx
      .insert(actionItemEngagements)
      .values({ itemId, engagementId })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) {
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "action_item",
        entityId: itemId,
        detail: JSON.stringify({ linkedEngagementId: engagementId }),
        at: now,
      });
    }
    return { ok: true, id: itemId };
  });
}

export function unlinkEngagement(
  db: Db,
  actor: Actor,
  itemId: number,
  engagementId: number,
  now = new Date(),
): WriteResult<"engagementId"> {
  return db.transaction((tx): WriteResult<"engagementId"> => {
    const removed = tx
      .delete(actionItemEngagements)
      .where(
        and(
          eq(actionItemEngagements.itemId, itemId),
          eq(actionItemEngagements.engagementId, engagementId),
        ),
      )
      .run();
    if (removed.changes > 0) {
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: "action_item",
        entityId: itemId,
        detail: JSON.stringify({ unlinkedEngagementId: engagementId }),
        at: now,
      });
    }
    return { ok: true, id: itemId };
  });
}

/** Items behind a link condition that the actor may see, with their RAG, red first. One query. */
function linkedItems(db: Reader, actor: Actor, linked: SQL, today: string) {
  return db
    .select(itemListColumns(today))
    .from(actionItems)
    .innerJoin(communities, eq(communities.id, actionItems.communityId))
    .innerJoin(strands, eq(strands.key, actionItems.strandKey))
    .leftJoin(users, eq(users.id, actionItems.ownerUserId))
    .where(and(linked, itemScopeWhere(actor)))
    .orderBy(ragRank(today), asc(actionItems.dueOn), asc(actionItems.id))
    .all();
}

/** The other side of the link, for an engagement's page: the items linked to it that the actor may see. */
export function listItemsForEngagement(
  db: Reader,
  actor: Actor,
  engagementId: number,
  today: string,
) {
  return linkedItems(
    db,
    actor,
    sql`${actionItems.id} IN (SELECT ${actionItemEngagements.itemId} FROM ${actionItemEngagements} WHERE ${actionItemEngagements.engagementId} = ${engagementId})`,
    today,
  );
}

/** The other side of the link, for a feedback page: the items linked to it that the actor may see. */
export function listItemsForFeedback(db: Reader, actor: Actor, feedbackId: number, today: string) {
  return linkedItems(
    db,
    actor,
    sql`${actionItems.id} IN (SELECT ${actionItemFeedback.itemId} FROM ${actionItemFeedback} WHERE ${actionItemFeedback.feedbackId} = ${feedbackId})`,
    today,
  );
}

// ─── Links to feedback ────────────────────────────────────────────────────────────────────────

const linkedFeedbackColumns = {
  id: feedback.id,
  summary: feedback.summary,
  receivedOn: feedback.receivedOn,
  status: feedback.status,
  communityName: communities.name,
};

/** The feedback linked to an item that the actor may read, newest first. */
export function listLinkedFeedback(db: Reader, actor: Actor, itemId: number) {
  return db
    .select(linkedFeedbackColumns)
    .from(actionItemFeedback)
    .innerJoin(feedback, eq(feedback.id, actionItemFeedback.feedbackId))
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(and(eq(actionItemFeedback.itemId, itemId), readableFeedbackCondition(actor)))
    .orderBy(desc(feedback.receivedOn), desc(feedback.id))
    .all();
}

export const LINKABLE_FEEDBACK_LIMIT = 50;

/** Recent feedback of the item's community (or the whole group) not yet linked, that the actor may read. */
export function linkableFeedback(
  db: Reader,
  actor: Actor,
  item: { id: number; communityId: number },
) {
  return db
    .select(linkedFeedbackColumns)
    .from(feedback)
    .leftJoin(communities, eq(communities.id, feedback.communityId))
    .where(
      and(
        or(eq(feedback.communityId, item.communityId), isNull(feedback.communityId)),
        readableFeedbackCondition(actor),
        sql`NOT EXISTS (SELECT 1 FROM ${actionItemFeedback} WHERE ${actionItemFeedback.itemId} = ${item.id} AND ${actionItemFeedback.feedbackId} = ${feedback.id})`,
      ),
    )
    .orderBy(desc(feedback.receivedOn), desc(feedback.id))
    .limit(LINKABLE_FEEDBACK_LIMIT)
    .all();
}

/** The link and its audit on both records, in the caller's transaction. */
function auditFeedbackLink(
  tx: Tx,
  actor: Actor,
  link: { itemId: number; feedbackId: number },
  linked: boolean,
  now: Date,
): void {
  const verb = linked ? "linked" : "unlinked";
  recordAudit(tx, {
    actorUserId: actor.id,
    action: "update",
    entityType: "action_item",
    entityId: link.itemId,
    detail: JSON.stringify({ [`${verb}FeedbackId`]: link.feedbackId }),
    at: now,
  });
  recordAudit(tx, {
    actorUserId: actor.id,
    action: "update",
    entityType: "feedback",
    entityId: link.feedbackId,
    detail: JSON.stringify({ [`${verb}ActionItemId`]: link.itemId }),
    at: now,
  });
}

/**
 * Links or unlinks feedback: the actor must manage the item and read the feedback (either side
 * refused answers as if the other were not there). Audited on both records.
 */
export function setFeedbackLink(
  db: Db,
  actor: Actor,
  link: { itemId: number; feedbackId: number },
  linked: boolean,
  now = new Date(),
): WriteResult<"feedbackId"> {
  return db.transaction((tx): WriteResult<"feedbackId"> => {
    const item = tx
      .select({
        id: actionItems.id,
        communityId: actionItems.communityId,
        strandKey: actionItems.strandKey,
        ownerUserId: actionItems.ownerUserId,
      })
      .from(actionItems)
      .where(eq(actionItems.id, link.itemId))
      .get();
    if (!item || !can(actor, "actionItem.manage", item)) {
      return { ok: false, formError: "That item no longer exists" };
    }
    const access = findFeedbackAccess(tx, link.feedbackId);
    if (!access || !can(actor, "record.read", access)) {
      return { ok: false, fieldErrors: { feedbackId: ["Choose feedback from the list"] } };
    }
    const written = linked
      ? tx.insert(actionItemFeedback).values(link).onConflictDoNothing().run()
      : tx
          .delete(actionItemFeedback)
          .where(
            and(
              eq(actionItemFeedback.itemId, link.itemId),
              eq(actionItemFeedback.feedbackId, link.feedbackId),
            ),
          )
          .run();
    if (written.changes > 0) auditFeedbackLink(tx, actor, link, linked, now);
    return { ok: true, id: link.itemId };
  });
}
