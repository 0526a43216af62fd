import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, getSqlite } from "~/db/client.server";
import { auditEvents, users } from "~/db/schema";
import { changedFields, recordAudit } from "~/domain/audit.server";
import { loader as auditLogLoader } from "~/routes/admin.audit";
import { buildRequest, callLoader, cookieFor, createUser, withTestDatabase } from "./harness";

withTestDatabase();

type AuditLogPage = {
  events:
    | {
        id: number;
        occurredAt: string;
        occurredAtLondon: string;
        actorEmail: string | null;
        action: string;
        entityType: string;
        entityId: string | null;
        changes: string[];
        detail: string | null;
      }[]
    | null;
  olderEventsHref: string | null;
  newestEventsHref: string | null;
  filterResult: { status?: string; error?: Record<string, string[] | null> };
  actors: { id: number; email: string; displayName: string }[];
  entityTypes: string[];
};

async function openAuditLog(cookie: string, pathWithQuery = "/admin/audit") {
  const result = await callLoader(auditLogLoader, buildRequest(pathWithQuery, { cookie }));
  return { status: result.status, page: result.data as AuditLogPage };
}

async function signedInAdmin() {
  const admin = await createUser({ role: "admin" });
  return { admin, cookie: cookieFor(admin.id) };
}

let probeSequence = 0;
/** An entity type no other test writes, so each test reads only its own events. */
function probeEntityType(): string {
  probeSequence += 1;
  // Letters only, as the filter accepts entity types of lowercase words.
  const letters = probeSequence
    .toString(26)
    .split("")
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 26)))
    .join("");
  return `probe_${letters}`;
}

function lastEventId(): number {
  return (getSqlite().prepare("SELECT max(id) AS id FROM audit_events").get() as { id: number }).id;
}

describe("the audit trail is append-only", () => {
  function oneEvent() {
    recordAudit(getDb(), {
      actorUserId: null,
      action: "create",
      entityType: "community",
      entityId: 42,
      changes: { name: [null, "Afghan community"] },
    });
    const id = lastEventId();
    const row = getSqlite().prepare("SELECT * FROM audit_events WHERE id = ?").get(id);
    return { id, row };
  }

  it("refuses an UPDATE through the raw database connection and leaves the event as it was", () => {
    const { id, row } = oneEvent();
    expect(() =>
      getSqlite()
        .prepare("UPDATE audit_events SET detail = 'rewritten', actor_user_id = 99 WHERE id = ?")
        .run(id),
    ).toThrow("audit events are append-only");
    expect(getSqlite().prepare("SELECT * FROM audit_events WHERE id = ?").get(id)).toEqual(row);
  });

  it("refuses a DELETE through the raw database connection and keeps the event", () => {
    const { id, row } = oneEvent();
    expect(() => getSqlite().prepare("DELETE FROM audit_events WHERE id = ?").run(id)).toThrow(
      "audit events are append-only",
    );
    expect(() => getSqlite().prepare("DELETE FROM audit_events").run()).toThrow(
      "audit events are append-only",
    );
    expect(getSqlite().prepare("SELECT * FROM audit_events WHERE id = ?").get(id)).toEqual(row);
  });
});

describe("who may open the audit log", () => {
  it.each(["steering", "strand_lead", "liaison"] as const)(
    "a %s user is refused with 403 and sees no event",
    async (role) => {
      const entityType = probeEntityType();
      recordAudit(getDb(), { actorUserId: null, action: "create", entityType, entityId: 1 });
      const user = await createUser({ role });
      const { status, page } = await openAuditLog(cookieFor(user.id));
      expect(status).toBe(403);
      expect(JSON.stringify(page)).not.toContain(entityType);
    },
  );

  it("a liaison officer's attempt to open it leaves a denied event", async () => {
    const liaison = await createUser({ role: "liaison" });
    await openAuditLog(cookieFor(liaison.id));
    const denials = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, liaison.id), eq(auditEvents.action, "denied")))
      .all();
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ entityType: "audit_event", detail: "admin.area" });
  });

  it("an admin opens it and sees the newest events first", async () => {
    const { cookie } = await signedInAdmin();
    const entityType = probeEntityType();
    recordAudit(getDb(), { actorUserId: null, action: "create", entityType, entityId: "first" });
    recordAudit(getDb(), { actorUserId: null, action: "update", entityType, entityId: "second" });
    const { status, page } = await openAuditLog(cookie);
    expect(status).toBe(200);
    const ours = page.events!.filter((event) => event.entityType === entityType);
    expect(ours.map((event) => event.entityId)).toEqual(["second", "first"]);
  });
});

describe("filtering the audit log", () => {
  it("by action shows only events of that action", async () => {
    const { cookie } = await signedInAdmin();
    const actor = await createUser({ role: "liaison" });
    const entityType = probeEntityType();
    for (const action of ["create", "export", "update", "export", "view"] as const) {
      recordAudit(getDb(), { actorUserId: actor.id, action, entityType, entityId: action });
    }
    const { status, page } = await openAuditLog(
      cookie,
      `/admin/audit?action=export&actorUserId=${actor.id}`,
    );
    expect(status).toBe(200);
    expect(page.events!.map((event) => [event.action, event.entityType])).toEqual([
      ["Export", entityType],
      ["Export", entityType],
    ]);
  });

  it("by actor shows only what that user did, with their email", async () => {
    const { cookie } = await signedInAdmin();
    const actor = await createUser({ role: "strand_lead", email: "strand.lead.filter@crg.test" });
    const other = await createUser({ role: "liaison" });
    const entityType = probeEntityType();
    recordAudit(getDb(), { actorUserId: actor.id, action: "create", entityType, entityId: 1 });
    recordAudit(getDb(), { actorUserId: other.id, action: "create", entityType, entityId: 2 });
    const { page } = await openAuditLog(cookie, `/admin/audit?actorUserId=${actor.id}`);
    expect(page.events!.map((event) => [event.actorEmail, event.entityId])).toEqual([
      ["strand.lead.filter@crg.test", "1"],
    ]);
    expect(page.actors.map((user) => user.email)).toContain("strand.lead.filter@crg.test");
  });

  it("by entity type, and by entity type and id, shows that entity's history", async () => {
    const { cookie } = await signedInAdmin();
    const entityType = probeEntityType();
    recordAudit(getDb(), { actorUserId: null, action: "create", entityType, entityId: 7 });
    recordAudit(getDb(), { actorUserId: null, action: "update", entityType, entityId: 7 });
    recordAudit(getDb(), { actorUserId: null, action: "create", entityType, entityId: 8 });
    recordAudit(getDb(), {
      actorUserId: null,
      action: "create",
      entityType: "community",
      entityId: 7,
    });

    const byType = await openAuditLog(cookie, `/admin/audit?entityType=${entityType}`);
    expect(byType.page.events!.map((event) => `${event.entityType} ${event.entityId}`)).toEqual([
      `${entityType} 8`,
      `${entityType} 7`,
      `${entityType} 7`,
    ]);
    expect(byType.page.entityTypes).toContain(entityType);

    const byEntity = await openAuditLog(cookie, `/admin/audit?entityType=${entityType}&entityId=7`);
    expect(byEntity.page.events!.map((event) => [event.action, event.entityId])).toEqual([
      ["Update", "7"],
      ["Create", "7"],
    ]);
  });

  it("by dates counts whole days in London, not in UTC", async () => {
    const { cookie } = await signedInAdmin();
    const entityType = probeEntityType();
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    recordAudit(getDb(), {
      actorUserId: null,
      action: "view",
      entityType,
      entityId: "late",
      at: new Date("2026-07-01T23:30:00Z"),
    });
    recordAudit(getDb(), {
      actorUserId: null,
      action: "view",
      entityType,
      entityId: "midday",
      at: new Date("2026-07-01T12:00:00Z"),
    });
    const secondJuly = await openAuditLog(
      cookie,
      `/admin/audit?entityType=${entityType}&fromOn=2026-07-02&toOn=2026-07-02`,
    );
    expect(secondJuly.page.events!.map((event) => event.entityId)).toEqual(["late"]);
    const firstJuly = await openAuditLog(
      cookie,
      `/admin/audit?entityType=${entityType}&fromOn=2026-07-01&toOn=2026-07-01`,
    );
    expect(firstJuly.page.events!.map((event) => event.entityId)).toEqual(["midday"]);
  });

  it("answers filters that make no sense with 400 and a message on each field, never a 500", async () => {
    const { cookie } = await signedInAdmin();
    const { status, page } = await openAuditLog(
      cookie,
      "/admin/audit?action=destroy&entityType=Robert');DROP&actorUserId=abc&fromOn=2026-02-30&toOn=yesterday&before=-4",
    );
    expect(status).toBe(400);
    expect(page.events).toBeNull();
    expect(page.filterResult.error).toMatchObject({
      action: ["Choose an action from the list"],
      entityType: ["Choose an entity type from the list"],
      actorUserId: ["Choose a user from the list"],
      fromOn: ["The from date is not a real date"],
      toOn: ["Enter the to date as YYYY-MM-DD, e.g. 2026-03-01"],
      before: ["The page link is not valid; start again from the newest events"],
    });
  });

  it("refuses a to date before the from date on the to field", async () => {
    const { cookie } = await signedInAdmin();
    const { status, page } = await openAuditLog(
      cookie,
      "/admin/audit?fromOn=2026-03-10&toOn=2026-03-01",
    );
    expect(status).toBe(400);
    expect(page.filterResult.error).toMatchObject({
      toOn: ["The to date must be on or after the from date"],
    });
  });
});

describe("paging the audit log", () => {
  it("shows 50 events a page and an Older events link that keeps the filters", async () => {
    const { cookie } = await signedInAdmin();
    const entityType = probeEntityType();
    for (let n = 1; n <= 60; n += 1) {
      recordAudit(getDb(), {
        actorUserId: null,
        action: "view",
        entityType,
        entityId: "paged",
        detail: `event ${n}`,
      });
    }
    const first = await openAuditLog(
      cookie,
      `/admin/audit?action=view&entityType=${entityType}&entityId=paged`,
    );
    expect(first.page.events).toHaveLength(50);
    expect(first.page.events![0]!.detail).toBe("event 60");
    expect(first.page.newestEventsHref).toBeNull();

    const older = new URL(first.page.olderEventsHref!, "http://localhost");
    expect(older.pathname).toBe("/admin/audit");
    expect(Object.fromEntries(older.searchParams)).toEqual({
      action: "view",
      entityType,
      entityId: "paged",
      before: String(first.page.events![49]!.id),
    });

    const second = await openAuditLog(cookie, first.page.olderEventsHref!);
    expect(second.page.events!.map((event) => event.detail)).toEqual(
      Array.from({ length: 10 }, (_, index) => `event ${10 - index}`),
    );
    expect(second.page.olderEventsHref).toBeNull();
    expect(second.page.newestEventsHref).toBe(
      `/admin/audit?action=view&entityType=${entityType}&entityId=paged`,
    );
  });
});

describe("what the audit log shows", () => {
  it("gives the time in London and each changed field as old → new", async () => {
    const { cookie } = await signedInAdmin();
    const entityType = probeEntityType();
    recordAudit(getDb(), {
      actorUserId: null,
      action: "update",
      entityType,
      entityId: 3,
      at: new Date("2026-07-01T12:00:05Z"),
      changes: changedFields(
        { name: "Eritrean community", languages: ["ti"], notes: "" },
        { name: "Eritrean Community", languages: ["ti", "ar"], notes: "Met at the forum" },
      ),
      detail: "edited on the community page",
    });
    recordAudit(getDb(), {
      actorUserId: null,
      action: "update",
      entityType,
      entityId: 3,
      at: new Date("2026-01-15T09:30:00Z"),
    });
    const { page } = await openAuditLog(cookie, `/admin/audit?entityType=${entityType}`);
    // Newest written first: the winter event was written second.
    const [winter, summer] = page.events!;
    expect(summer!.occurredAtLondon).toBe("1 Jul 2026, 13:00:05 BST");
    expect(summer!.changes).toEqual([
      "name: Eritrean community → Eritrean Community",
      "languages: ti → ti, ar",
      "notes: (empty) → Met at the forum",
    ]);
    expect(summer!.detail).toBe("edited on the community page");
    expect(winter!.occurredAtLondon).toBe("15 Jan 2026, 09:30:00 GMT");
  });

  it("never shows a password hash, even of an event written without changedFields", async () => {
    const { cookie } = await signedInAdmin();
    const target = await createUser({ role: "liaison", password: "a different long password" });
    const entityType = probeEntityType();
    // A careless writer passing the hashes straight in: the log must still hide them.
    recordAudit(getDb(), {
      actorUserId: null,
      action: "update",
      entityType,
      entityId: target.id,
      changes: { passwordHash: ["old hash value", target.passwordHash], displayName: ["A", "B"] },
    });
    const { page } = await openAuditLog(cookie, `/admin/audit?entityType=${entityType}`);
    expect(page.events![0]!.changes).toEqual([
      "passwordHash: [hidden] → [hidden]",
      "displayName: A → B",
    ]);
    const everyHash = getDb().select({ hash: users.passwordHash }).from(users).all();
    const shown = JSON.stringify(page);
    for (const { hash } of everyHash) expect(shown).not.toContain(hash);
    expect(shown).not.toContain("old hash value");
    expect(shown).not.toContain("$argon2");
  });
});
