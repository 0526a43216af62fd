// Europe/London wall-clock time and calendar days, the way users enter and read them, against the
// UTC instants the database keeps. Plain Intl, so no time-zone data ships with the app.

const LONDON = "Europe/London";

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

function londonParts(instant: Date) {
  const parts = Object.fromEntries(
    partsFormat.formatToParts(instant).map((part) => [part.type, part.value]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute", string>;
  return parts;
}

/** How far London's clock is ahead of UTC at this instant (0 in winter, one hour in summer). */
export function londonOffsetMs(instant: Date): number {
  const parts = londonParts(instant);
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The London calendar day (YYYY-MM-DD) and wall-clock time (HH:MM) of an instant. */
export function toLondonWallClock(instant: Date): { date: string; time: string } {
  const parts = londonParts(instant);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Today's date in London. */
export function londonToday(now: Date): string {
  return toLondonWallClock(now).date;
}

/**
 * The instant a London wall-clock time names, or null for a time the clocks skip (01:00–01:59 on
 * the last Sunday of March). A time that happens twice in October is read as the first, BST one.
 */
export function londonWallClockToUtc(isoDate: string, time: string): Date | null {
  const naive = Date.parse(`${isoDate}T${time}:00Z`);
  if (Number.isNaN(naive)) return null;
  // London is UTC or UTC+1: try the summer reading first so the October repeat resolves to BST.
  for (const offset of [3_600_000, 0]) {
    const candidate = new Date(naive - offset);
    const back = toLondonWallClock(candidate);
    if (back.date === isoDate && back.time === time) return candidate;
  }
  return null;
}

/**
 * The instant a calendar day starts in London, so "from 1 July" means the user's 1 July (BST),
 * not UTC's. London changes its clocks at 01:00 UTC, so the offset at UTC midnight is the offset
 * at London midnight.
 */
export function londonDayStart(isoDate: string): Date {
  const utcMidnight = new Date(`${isoDate}T00:00:00Z`);
  return new Date(utcMidnight.getTime() - londonOffsetMs(utcMidnight));
}

/** A calendar date moved by whole days. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  dateStyle: "medium",
  timeStyle: "short",
});
const dateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, dateStyle: "medium" });

/** "29 Nov 2026, 14:30" in London time. */
export function formatLondonDateTime(instant: Date | number): string {
  return dateTimeFormat.format(instant);
}

/** "29 Nov 2026" for an instant, in London. */
export function formatLondonDate(instant: Date | number): string {
  return dateFormat.format(instant);
}

/** Calendar dates are days, not instants: formatted at UTC midnight so no time zone shifts them. */
const calendarDateFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  dateStyle: "medium",
});

/** "29 Nov 2026" for a calendar date (YYYY-MM-DD). */
export function formatCalendarDate(isoDate: string): string {
  // One formatter for the process: building one costs more than the formatting itself, and a
  // list page formats hundreds of dates.
  return calendarDateFormat.format(new Date(`${isoDate}T00:00:00Z`));
}

/** "Overdue by 3 days", "Due today", "Due tomorrow", "Due in 5 days". */
export function dueInDaysText(daysUntilDue: number): string {
  if (daysUntilDue < 0) return `Overdue by ${-daysUntilDue} day${daysUntilDue === -1 ? "" : "s"}`;
  if (daysUntilDue === 0) return "Due today";
  if (daysUntilDue === 1) return "Due tomorrow";
  return `Due in ${daysUntilDue} days`;
}
