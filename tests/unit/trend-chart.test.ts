// The trend chart renders on the server: a labelled drawing and a table with the same figures.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TrendChart, trendSummary } from "~/components/trend-chart";

const quarterLabels = ["Jan–Mar 2026", "Apr–Jun 2026", "Jul–Sep 2026", "Oct–Dec 2026"];

function render() {
  return renderToString(
    createElement(TrendChart, {
      id: "listen",
      title: "Police listen to concerns",
      quarterLabels,
      series: [
        { name: "All communities", values: [3.1, null, 3.4, 3.6] },
        { name: "Afghan community", values: [2.9, 3.2, null, 3.8] },
      ],
      unit: "scale",
      scaleMin: 1,
      scaleMax: 5,
    }),
  );
}

/** The text of each table cell, row by row. */
function tableRows(html: string): string[][] {
  const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]!),
  );
}

describe("the trend chart", () => {
  it("has a table beside the drawing with the same figures, and no reading where there is none", () => {
    expect(tableRows(render())).toEqual([
      ["Quarter", "All communities", "Afghan community"],
      ["Jan–Mar 2026", "3.1", "2.9"],
      ["Apr–Jun 2026", "no reading", "3.2"],
      ["Jul–Sep 2026", "3.4", "no reading"],
      ["Oct–Dec 2026", "3.6", "3.8"],
    ]);
  });

  it("labels every point in the drawing with its value, and gives each line its own marker", () => {
    const html = render();
    const svg = html.slice(
      html.indexOf("<svg viewBox"),
      html.indexOf("</svg>", html.indexOf("<svg viewBox")),
    );
    for (const value of ["3.1", "3.4", "3.6", "2.9", "3.2", "3.8"]) {
      expect(svg).toContain(`>${value}</text>`);
    }
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg.match(/<rect/g)).toHaveLength(3);
  });

  it("is an image named by its title and described by a summary of the trend", () => {
    const html = render();
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="listen-title listen-desc"');
    expect(html).toContain(
      "All communities: from 3.1 in Jan–Mar 2026 to 3.6 in Oct–Dec 2026. No figure for 1 of 4 quarters.",
    );
  });

  it("summarises a series without figures as such", () => {
    expect(
      trendSummary({ name: "All communities", values: [null, null] }, ["Q1", "Q2"], "scale"),
    ).toBe("All communities: no figures in these quarters.");
  });
});
