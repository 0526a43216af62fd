import { describe, expect, it } from "vitest";
import { formatIndicatorValue, indicatorChange } from "./indicator-change";

describe("an indicator's change from the quarter before", () => {
  it("says up or down by how much, and whether that is better or worse for the indicator", () => {
    expect(indicatorChange(5, 3, "count", true)).toEqual({
      direction: "up",
      text: "up 2.0",
      judgement: "better",
    });
    expect(indicatorChange(3.1, 3.5, "scale", true)).toEqual({
      direction: "down",
      text: "down 0.4",
      judgement: "worse",
    });
    // Lower is better: a fall is an improvement.
    expect(indicatorChange(2, 2.5, "scale", false).judgement).toBe("better");
    expect(indicatorChange(80, 75, "percent", true).text).toBe("up 5.0 points");
    expect(indicatorChange(0.25, -0.5, "score", true).text).toBe("up 0.75");
  });

  it("calls an unchanged figure steady, and makes no change out of a missing figure", () => {
    expect(indicatorChange(3.4, 3.4, "scale", true)).toEqual({
      direction: "same",
      text: "no change",
      judgement: "steady",
    });
    expect(indicatorChange(null, 3, "scale", true)).toMatchObject({ direction: null });
    expect(indicatorChange(3, null, "scale", true)).toMatchObject({
      direction: null,
      text: "no figure the quarter before",
    });
  });

  it("shows a missing figure in words, never as 0", () => {
    expect(formatIndicatorValue(null, "scale")).toBe("no reading");
    expect(formatIndicatorValue(null, "percent")).toBe("nothing to measure");
    expect(formatIndicatorValue(0, "count")).toBe("0");
    expect(formatIndicatorValue(66.7, "percent")).toBe("66.7%");
    expect(formatIndicatorValue(0.5, "score")).toBe("+0.50");
  });
});
