// Each officer's private iCalendar feed of their planned engagements: turned on, regenerated and
// turned off from the account page, read by calendar apps through an unguessable token in the URL.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, asc, eq, gte } from "drizzle-orm";
import { recordScope, type Actor } from "~/auth/policy";
import { loadSessionUser } from "~/auth/session.server";
import type { Db, Tx } from "~/db/client.server";
import { calendarFeeds, engagementOfficers, engagements, type EngagementType } from "~/db/schema";
import { recordAudit } from "./audit.server";
import { engagementScopeCondition } from "./engagement-lists.server";
import { ENGAGEMENT_TYPE_LABELS } from "./engagements.schema";
import { formatUtcDateTime, serialiseLines, textProperty } from "./icalendar";

type Reader = Db | Tx;

/** How far back the feed reaches, so last month's meetings stay in the calendar. */
export const CALENDAR_FEED_PAST_DAYS = 30;
/** A calendar app polls the feed for ever: the answer stays small whatever the diary holds. */
export const CALENDAR_FEED_LIMIT = 500;

const DAY_MS = 86_400_000;
/** 20 random bytes (160 bits) in lower-case base32: 32 characters. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
const AUDIT_ENTITY = "calendar_feed";

function generateFeedToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database keeps instead of the token: a leaked database gives no working feed address. */
export function hashFeedToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** The address a calendar app subscribes to, on the site the officer is using. */
export function calendarFeedUrl(origin: string, token: string): string {
  return `${origin}/calendar/${token}.ics`;
}

/** Whether the user's feed is on, and since when. The address itself cannot be shown again. */
export function getCalendarFeed(db: Reader, userId: number): { createdAt: Date } | null {
  return (
    db
      .select({ createdAt: calendarFeeds.createdAt })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.userId, userId))
      .get() ?? null
  );
}

export type CalendarFeedResult = { ok: true; token: string } | { ok: false; formError: string };

export const FEED_ALREADY_ON_MESSAGE =
  "Your calendar feed is already on. Get a new address if you no longer have the old one.";
export const FEED_OFF_MESSAGE = "Your calendar feed is off. Turn it on to get an address.";

/** Turns the feed on with a new token; the token is returned once and never stored. */
export function turnOnCalendarFeed(db: Db, actor: Actor, now = new Date()): CalendarFeedResult {
  return db.transaction(
    (tx): CalendarFeedResult => {
      if (getCalendarFeed(tx, actor.id)) return { ok: false, formError: FEED_ALREADY_ON_MESSAGE };
      const token = generateFeedToken();
      tx.insert(calendarFeeds)
        .values({ userId: actor.id, tokenHash: hashFeedToken(token), createdAt: now })
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "create",
        entityType: AUDIT_ENTITY,
        entityId: actor.id,
        detail: "calendar feed turned on",
        at: now,
      });
      return { ok: true, token };
    },
    { behavior: "immediate" },
  );
}

/** A new token for the feed: the old address stops working at once. */
export function regenerateCalendarFeed(db: Db, actor: Actor, now = new Date()): CalendarFeedResult {
  return db.transaction(
    (tx): CalendarFeedResult => {
      if (!getCalendarFeed(tx, actor.id)) return { ok: false, formError: FEED_OFF_MESSAGE };
      const token = generateFeedToken();
      tx.update(calendarFeeds)
        .set({ tokenHash: hashFeedToken(token), createdAt: now })
        .where(eq(calendarFeeds.userId, actor.id))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "update",
        entityType: AUDIT_ENTITY,
        entityId: actor.id,
        detail: "calendar feed address replaced; the previous address no longer works",
        at: now,
      });
      return { ok: true, token };
    },
    { behavior: "immediate" },
  );
}

export function turnOffCalendarFeed(
  db: Db,
  actor: Actor,
  now = new Date(),
): { ok: true } | { ok: false; formError: string } {
  return db.transaction(
    (tx): { ok: true } | { ok: false; formError: string } => {
      if (!getCalendarFeed(tx, actor.id)) {
        return { ok: false, formError: "Your calendar feed is already off." };
      }
      tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, actor.id)).run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "delete",
        entityType: AUDIT_ENTITY,
        entityId: actor.id,
        detail: "calendar feed turned off",
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export type CalendarFeedEvent = {
  id: number;
  type: EngagementType;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  location: string;
  isOnline: boolean;
  updatedAt: Date;
};

/**
 * The planned engagements the officer attends, from a month ago on, that they may still read.
 * Only the columns the feed shows are read: minutes, purpose and outcomes never leave the database.
 */
export function plannedEngagementsForFeed(
  db: Reader,
  officer: Actor,
  now = new Date(),
): CalendarFeedEvent[] {
  return db
    .select({
      id: engagements.id,
      type: engagements.type,
      title: engagements.title,
      startsAt: engagements.startsAt,
      durationMinutes: engagements.durationMinutes,
      location: engagements.location,
      isOnline: engagements.isOnline,
      updatedAt: engagements.updatedAt,
    })
    .from(engagementOfficers)
    .innerJoin(engagements, eq(engagements.id, engagementOfficers.engagementId))
    .where(
      and(
        eq(engagementOfficers.userId, officer.id),
        eq(engagements.status, "planned"),
        gte(engagements.startsAt, new Date(now.getTime() - CALENDAR_FEED_PAST_DAYS * DAY_MS)),
        engagementScopeCondition(recordScope(officer, "read")),
      ),
    )
    .orderBy(asc(engagements.startsAt), asc(engagements.id))
    .limit(CALENDAR_FEED_LIMIT)
    .all();
}

/** The feed as iCalendar text: time, place, title and type of each engagement, nothing more. */
export function renderCalendarFeed(events: readonly CalendarFeedEvent[]): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//CRG Engagement CRM//Calendar feed//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    textProperty("X-WR-CALNAME", "CRG engagements"),
    // Asks subscribing apps to look for changes hourly rather than once a day.
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  for (const event of events) {
    const endsAt = new Date(event.startsAt.getTime() + event.durationMinutes * 60_000);
    const place = event.location.trim() || (event.isOnline ? "Online" : "");
    lines.push(
      "BEGIN:VEVENT",
      `UID:engagement-${event.id}@crg-engagement`,
      `DTSTAMP:${formatUtcDateTime(event.updatedAt)}`,
      `DTSTART:${formatUtcDateTime(event.startsAt)}`,
      `DTEND:${formatUtcDateTime(endsAt)}`,
      textProperty("SUMMARY", event.title),
    );
    if (place) lines.push(textProperty("LOCATION", place));
    lines.push(textProperty("CATEGORIES", ENGAGEMENT_TYPE_LABELS[event.type]), "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return serialiseLines(lines);
}

/**
 * The feed behind a token, or null for a token that is malformed, unknown, revoked or belongs to
 * a deactivated user, so every failure looks the same from outside. Scope is the user's as of now.
 */
export function calendarFeedFor(db: Db, token: string, now = new Date()): string | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  const feed = db
    .select({ userId: calendarFeeds.userId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.tokenHash, hashFeedToken(token)))
    .get();
  if (!feed) return null;
  const officer = loadSessionUser(db, feed.userId);
  if (!officer) return null;
  return renderCalendarFeed(plannedEngagementsForFeed(db, officer, now));
}
