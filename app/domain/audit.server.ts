// The audit trail: every write and every view of a person's record, appended in the writer's transaction.
import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { auditEvents, users, type AuditAction } from "~/db/schema";
import { addDays, londonDayStart } from "./london-time";

export type AuditEntry = {
  actorUserId: number | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  changes?: Record<string, [unknown, unknown]> | null;
  detail?: string | null;
  at?: Date;
};

/** Field names whose values never reach the audit log, only the fact that they changed. */
const SECRET_FIELDS = new Set(["password", "passwordHash", "token", "sessionId"]);

/** A secret's value never reaches the log, even from a writer that forgot `changedFields`. */
function withoutSecrets(
  changes: Record<string, [unknown, unknown]> | null | undefined,
): Record<string, [unknown, unknown]> | null {
  if (!changes) return null;
  return Object.fromEntries(
    Object.entries(changes).map(([field, values]) => [
      field,
      SECRET_FIELDS.has(field) ? ["[hidden]", "[hidden]"] : values,
    ]),
  );
}

export function recordAudit(tx: Tx | Db, entry: AuditEntry): void {
  tx.insert(auditEvents)
    .values({
      occurredAt: entry.at ?? new Date(),
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      changes: withoutSecrets(entry.changes),
      detail: entry.detail ?? null,
    })
    .run();
}

/**
 * The audit event of a list exported as CSV: the filters that chose the rows (none of `leaveOut`,
 * e.g. the page number, which is not part of what was exported) and how many rows left.
 */
export function recordListExport(
  tx: Tx | Db,
  entry: {
    actorUserId: number;
    entityType: string;
    filter: object;
    leaveOut?: readonly string[];
    rows: number;
    at: Date;
  },
): void {
  const leaveOut = entry.leaveOut ?? ["page"];
  const filter = Object.fromEntries(
    Object.entries(entry.filter).filter(
      ([name, value]) => !leaveOut.includes(name) && value !== undefined,
    ),
  );
  recordAudit(tx, {
    actorUserId: entry.actorUserId,
    action: "export",
    entityType: entry.entityType,
    detail: JSON.stringify({ filter, rows: entry.rows }),
    at: entry.at,
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The fields that differ between two versions of a record, as { field: [old, new] }.
 * Secrets are recorded as changed without their values.
 */
export function changedFields<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T>,
): Record<string, [unknown, unknown]> | null {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of Object.keys(after)) {
    const oldValue = before ? before[field] : undefined;
    const newValue = after[field];
    if (sameValue(oldValue, newValue)) continue;
    changes[field] = SECRET_FIELDS.has(field)
      ? ["[hidden]", "[hidden]"]
      : [
          oldValue instanceof Date ? oldValue.toISOString() : (oldValue ?? null),
          newValue instanceof Date ? newValue.toISOString() : (newValue ?? null),
        ];
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

export type AuditFilter = {
  action?: AuditAction;
  entityType?: string;
  entityId?: string;
  actorUserId?: number;
  fromOn?: string;
  toOn?: string;
  /** Keyset cursor: only events older than this id. */
  before?: number;
};

export const AUDIT_PAGE_SIZE = 50;

export function listAuditEvents(db: Db, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.fromOn) conditions.push(gte(auditEvents.occurredAt, londonDayStart(filter.fromOn)));
  if (filter.toOn)
    conditions.push(lt(auditEvents.occurredAt, londonDayStart(addDays(filter.toOn, 1))));
  if (filter.before) conditions.push(lt(auditEvents.id, filter.before));
  const rows = db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      changes: auditEvents.changes,
      detail: auditEvents.detail,
      actorUserId: auditEvents.actorUserId,
      actorEmail: users.email,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .all();
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events, nextBefore: hasMore ? events[events.length - 1]!.id : null };
}

/**
 * The entity types the log holds, for the filter's list. The log grows with every view, so this
 * hops along the (entity_type, …) index one type at a time instead of scanning every event.
 */
export function listAuditEntityTypes(db: Db): string[] {
  const rows = db.all<{ entityType: string }>(sql`
    WITH RECURSIVE types(entityType) AS (
      SELECT MIN(${auditEvents.entityType}) FROM ${auditEvents}
      UNION ALL
      SELECT (SELECT MIN(${auditEvents.entityType}) FROM ${auditEvents}
              WHERE ${auditEvents.entityType} > types.entityType)
      FROM types WHERE types.entityType IS NOT NULL
    )
    SELECT entityType FROM types WHERE entityType IS NOT NULL`);
  return rows.map((row) => row.entityType);
}

/** Every user who may appear as an actor, for the filter's list: never their password hash. */
export function listAuditActors(db: Db) {
  return db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .orderBy(asc(users.email))
    .all();
}
