import { describe, expect, it } from "vitest";
import {
  parseQuarter,
  previousQuarter,
  quarterLabel,
  quarterOf,
  quarterRange,
  quartersEndingWith,
  shiftQuarter,
} from "./quarters";

describe("quarters", () => {
  it("parses only well-formed quarters", () => {
    expect(parseQuarter("2026-Q3")).toBe("2026-Q3");
    expect(parseQuarter("2026-Q5")).toBeNull();
    expect(parseQuarter("2026Q3")).toBeNull();
    expect(parseQuarter("")).toBeNull();
  });

  it("places the first and last day of each quarter in it", () => {
    expect(quarterOf("2026-01-01")).toBe("2026-Q1");
    expect(quarterOf("2026-03-31")).toBe("2026-Q1");
    expect(quarterOf("2026-04-01")).toBe("2026-Q2");
    expect(quarterOf("2026-12-31")).toBe("2026-Q4");
  });

  it("gives each quarter's inclusive range, leap years included", () => {
    expect(quarterRange("2028-Q1")).toEqual({ from: "2028-01-01", to: "2028-03-31" });
    expect(quarterRange("2026-Q2")).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(quarterRange("2026-Q4")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });

  it("steps across years both ways", () => {
    expect(previousQuarter("2026-Q1")).toBe("2025-Q4");
    expect(shiftQuarter("2025-Q4", 1)).toBe("2026-Q1");
    expect(shiftQuarter("2026-Q3", -8)).toBe("2024-Q3");
    expect(quartersEndingWith("2026-Q2", 3)).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
  });

  it("names a quarter by its months", () => {
    expect(quarterLabel("2026-Q3")).toBe("Jul–Sep 2026");
  });
});
