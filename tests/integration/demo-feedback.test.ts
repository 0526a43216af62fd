import { count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  actionItemFeedback,
  auditEvents,
  feedback,
  feedbackEvents,
  FEEDBACK_RESPONSE_OUTCOMES,
  FEEDBACK_STATUSES,
} from "~/db/schema";
import { londonToday } from "~/domain/london-time";
import { loadDemoData } from "../../scripts/demo-data";
import { withTestDatabase } from "./harness";

withTestDatabase();

const now = new Date("2026-11-28T10:00:00Z");
const today = londonToday(now);
let added: Awaited<ReturnType<typeof loadDemoData>>;

beforeAll(async () => {
  added = await loadDemoData(getDb(), now);
});

function all() {
  return getDb().select().from(feedback).all();
}

describe("the demo feedback", () => {
  it("holds 60 to 120 items, in every status", () => {
    const items = all();
    expect(items.length).toBeGreaterThanOrEqual(60);
    expect(items.length).toBeLessThanOrEqual(120);
    expect(added.feedbackAdded).toBe(items.length);
    expect(new Set(items.map((item) => item.status))).toEqual(new Set(FEEDBACK_STATUSES));
  });

  it("has overdue items, escalated ones, and answers on time and late of both outcomes", () => {
    const items = all();
    const open = ["received", "acknowledged", "in_progress"];
    expect(items.some((item) => open.includes(item.status) && item.responseDueOn < today)).toBe(
      true,
    );
    expect(items.filter((item) => item.escalatedAt !== null).length).toBeGreaterThanOrEqual(3);
    const answered = items.filter((item) => item.respondedOn !== null);
    expect(answered.some((item) => item.respondedOn! <= item.responseDueOn)).toBe(true);
    expect(answered.some((item) => item.respondedOn! > item.responseDueOn)).toBe(true);
    const shareable = answered.filter((item) => item.isShareable);
    expect(new Set(shareable.map((item) => item.responseOutcome))).toEqual(
      new Set(FEEDBACK_RESPONSE_OUTCOMES),
    );
  });

  it("includes advice of the whole group, advice given at engagements, and links to action items", () => {
    const db = getDb();
    expect(
      db.select({ n: count() }).from(feedback).where(isNull(feedback.communityId)).get()!.n,
    ).toBeGreaterThan(0);
    expect(
      db.select({ n: count() }).from(feedback).where(isNotNull(feedback.engagementId)).get()!.n,
    ).toBeGreaterThan(0);
    expect(db.select({ n: count() }).from(actionItemFeedback).get()!.n).toBeGreaterThan(0);
  });

  it("was written through the workflow: a history and an audit trail for every item", () => {
    const db = getDb();
    const withoutHistory = db
      .select({ n: count() })
      .from(feedback)
      .where(
        sql`NOT EXISTS (SELECT 1 FROM ${feedbackEvents} WHERE ${feedbackEvents.feedbackId} = ${feedback.id} AND ${feedbackEvents.kind} = 'recorded')`,
      )
      .get()!.n;
    expect(withoutHistory).toBe(0);
    const created = db
      .select({ n: count() })
      .from(auditEvents)
      .where(sql`${auditEvents.entityType} = 'feedback' AND ${auditEvents.action} = 'create'`)
      .get()!.n;
    expect(created).toBe(all().length);
    const responded = all().filter(
      (item) => item.status === "responded" || item.status === "closed",
    );
    for (const item of responded.slice(0, 5)) {
      const kinds = db
        .select({ toValue: feedbackEvents.toValue })
        .from(feedbackEvents)
        .where(eq(feedbackEvents.feedbackId, item.id))
        .all()
        .map((event) => event.toValue);
      expect(kinds).toContain("responded");
    }
  });

  it("adds nothing when loaded again", async () => {
    const again = await loadDemoData(getDb(), now);
    expect(again.feedbackAdded).toBe(0);
  });
});
