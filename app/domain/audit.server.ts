// The audit trail: every write and every view of a person's record, appended in the writer's transaction.
import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { auditEvents, users, type AuditAction } from "~/db/schema";

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

export function recordAudit(tx: Tx | Db, entry: AuditEntry): void {
  tx.insert(auditEvents)
    .values({
      occurredAt: entry.at ?? new Date(),
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      changes: entry.changes ?? null,
      detail: entry.detail ?? null,
    })
    .run();
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
  if (filter.fromOn)
    conditions.push(gte(auditEvents.occurredAt, new Date(`${filter.fromOn}T00:00:00Z`)));
  if (filter.toOn)
    conditions.push(lte(auditEvents.occurredAt, new Date(`${filter.toOn}T23:59:59.999Z`)));
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
