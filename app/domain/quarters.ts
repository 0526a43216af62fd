// Calendar quarters ("2026-Q3"), the period indicators are read and reviewed in, as London dates.
import { addDays } from "./london-time";

export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export function parseQuarter(text: string): Quarter | null {
  return QUARTER_PATTERN.test(text) ? (text as Quarter) : null;
}

function parts(quarter: Quarter): { year: number; index: number } {
  const match = QUARTER_PATTERN.exec(quarter);
  if (!match) throw new Error(`Not a quarter: ${quarter}`);
  return { year: Number(match[1]), index: Number(match[2]) };
}

function quarterFrom(year: number, index: number): Quarter {
  return `${year}-Q${index}` as Quarter;
}

/** The quarter a London calendar date (YYYY-MM-DD) falls in. */
export function quarterOf(isoDate: string): Quarter {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return quarterFrom(year, Math.floor((month - 1) / 3) + 1);
}

/** First and last calendar day of a quarter, inclusive. */
export function quarterRange(quarter: Quarter): { from: string; to: string } {
  const { year, index } = parts(quarter);
  const startMonth = (index - 1) * 3 + 1;
  const from = `${year}-${String(startMonth).padStart(2, "0")}-01`;
  const next =
    index === 4 ? `${year + 1}-01-01` : `${year}-${String(startMonth + 3).padStart(2, "0")}-01`;
  return { from, to: addDays(next, -1) };
}

export function shiftQuarter(quarter: Quarter, by: number): Quarter {
  const { year, index } = parts(quarter);
  const ordinal = year * 4 + (index - 1) + by;
  return quarterFrom(Math.floor(ordinal / 4), (ordinal % 4) + 1);
}

export function previousQuarter(quarter: Quarter): Quarter {
  return shiftQuarter(quarter, -1);
}

/** The `count` quarters ending with `last`, oldest first. */
export function quartersEndingWith(last: Quarter, count: number): Quarter[] {
  return Array.from({ length: count }, (_, offset) => shiftQuarter(last, offset - count + 1));
}

/** "Jul–Sep 2026": how a quarter reads to people who do not think in Q-numbers. */
export function quarterLabel(quarter: Quarter): string {
  const { year, index } = parts(quarter);
  const months = ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"][index - 1];
  return `${months} ${year}`;
}
