import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.server";

describe("CSV export", () => {
  it("starts with a byte-order mark, quotes what needs it and keeps every script", () => {
    const csv = toCsv(
      ["name", "note"],
      [
        ['Zoë "Z" Ng', "a, b"],
        ["王伟", "línea\nnueva"],
      ],
    );
    expect(csv.startsWith("\uFEFFname,note\r\n")).toBe(true);
    expect(csv).toContain('"Zoë ""Z"" Ng","a, b"');
    expect(csv).toContain('王伟,"línea\nnueva"');
  });

  it("turns cells that look like formulas into text", () => {
    expect(toCsv(["x"], [["=HYPERLINK(1)"], ["+44 20"], ["@cmd"]])).toBe(
      "\uFEFFx\r\n'=HYPERLINK(1)\r\n'+44 20\r\n'@cmd\r\n",
    );
  });
});
