import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  londonDayStart,
  londonWallClockToUtc,
  toLondonWallClock,
} from "./london-time";

describe("London wall-clock time", () => {
  it("reads 10:00 as 10:00 UTC in winter and 09:00 UTC in summer, across the March change", () => {
    expect(londonWallClockToUtc("2026-03-28", "10:00")?.toISOString()).toBe(
      "2026-03-28T10:00:00.000Z",
    );
    expect(londonWallClockToUtc("2026-03-30", "10:00")?.toISOString()).toBe(
      "2026-03-30T09:00:00.000Z",
    );
  });

  it("refuses a time the clocks skip and reads October's repeated hour as BST", () => {
    expect(londonWallClockToUtc("2026-03-29", "01:30")).toBeNull();
    expect(londonWallClockToUtc("2026-10-25", "01:30")?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("refuses impossible dates and times", () => {
    expect(londonWallClockToUtc("2026-02-30", "10:00")).toBeNull();
    expect(londonWallClockToUtc("2026-02-10", "25:00")).toBeNull();
  });

  it("shows an instant back as the wall-clock time it was entered as", () => {
    const instant = londonWallClockToUtc("2026-07-01", "18:45")!;
    expect(toLondonWallClock(instant)).toEqual({ date: "2026-07-01", time: "18:45" });
  });

  it("starts London days at London midnight and counts calendar days", () => {
    expect(londonDayStart("2026-07-01").toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(londonDayStart("2026-01-01").toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-03-30", "2026-03-28")).toBe(-2);
  });
});
