import { describe, expect, it } from "vitest";
import { csvFromRows, csvResponse, type CsvRow } from "./csv.server";

/** The downloaded file's text with its byte-order mark kept (Response.text() would drop it). */
async function download(header: readonly string[], rows: readonly CsvRow[]): Promise<string> {
  const bytes = await csvResponse("x.csv", csvFromRows(header, rows)).arrayBuffer();
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

describe("CSV export", () => {
  it("starts with a byte-order mark, quotes what needs it and keeps every script", async () => {
    const csv = await download(
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

  it("turns cells that look like formulas into text", async () => {
    expect(await download(["x"], [["=HYPERLINK(1)"], ["+44 20"], ["@cmd"]])).toBe(
      "\uFEFFx\r\n'=HYPERLINK(1)\r\n'+44 20\r\n'@cmd\r\n",
    );
  });

  it("sends only the header when no row matches", async () => {
    expect(await download(["a", "b"], [])).toBe("\uFEFFa,b\r\n");
  });
});
