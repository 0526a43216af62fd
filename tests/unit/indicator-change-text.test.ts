// A change reads in words; a count of a quarter still under way is not called worse for falling.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IndicatorChangeText } from "~/components/indicator-ui";

function text(props: Parameters<typeof IndicatorChangeText>[0]): string {
  return renderToString(createElement(IndicatorChangeText, props)).replace(/<[^>]+>/g, "");
}

describe("an indicator's change", () => {
  it("judges a change against the indicator's direction", () => {
    expect(text({ current: 3, previous: 4, unit: "scale", higherIsBetter: true })).toContain(
      "down 1.0 (worse)",
    );
    expect(text({ current: 3, previous: 4, unit: "scale", higherIsBetter: false })).toContain(
      "down 1.0 (better)",
    );
  });

  it("leaves a falling count of a quarter still under way unjudged", () => {
    const props = { current: 5, previous: 12, unit: "count", higherIsBetter: true } as const;
    expect(text(props)).toContain("(worse)");
    const underWay = text({ ...props, quarterUnderWay: true });
    expect(underWay).toContain("down 7");
    expect(underWay).not.toMatch(/better|worse/);
  });

  it("still judges a share during the quarter", () => {
    expect(
      text({
        current: 50,
        previous: 75,
        unit: "percent",
        higherIsBetter: true,
        quarterUnderWay: true,
      }),
    ).toContain("(worse)");
  });
});
