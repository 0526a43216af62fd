import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatUtcDateTime, serialiseLines } from "./icalendar";

const octets = (text: string) => new TextEncoder().encode(text).length;

/** What a calendar app does before reading: a line break followed by a space disappears. */
const unfold = (text: string) => text.replace(/\r\n /g, "");

describe("iCalendar text values", () => {
  it("escapes backslashes, semicolons and commas, and writes every line break as \\n", () => {
    expect(escapeText("a\\b;c,d")).toBe("a\\\\b\\;c\\,d");
    expect(escapeText("one\r\ntwo\nthree\rfour")).toBe("one\\ntwo\\nthree\\nfour");
  });

  it("drops control characters that TEXT may not hold, keeping tabs", () => {
    expect(escapeText("bell\u0007 tab\there")).toBe("bell tab\there");
  });
});

describe("iCalendar line folding", () => {
  it("leaves a line of 75 octets as it is", () => {
    const line = `SUMMARY:${"x".repeat(67)}`;
    expect(octets(line)).toBe(75);
    expect(foldLine(line)).toBe(line);
  });

  it("folds a long line into lines of at most 75 octets that unfold to the original", () => {
    const line = `SUMMARY:${"Community forum on youth safety, ".repeat(8)}`;
    const folded = foldLine(line);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const part of lines) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((part) => part.startsWith(" "))).toBe(true);
    expect(unfold(folded)).toBe(line);
  });

  it("never splits a character written in several octets between two lines", () => {
    // Arabic letters are two octets, Chinese three and the emoji four: boundaries fall everywhere.
    const line = `SUMMARY:${"اجتماع 社区论坛 🤝 ".repeat(12)}`;
    const folded = foldLine(line);
    for (const part of folded.split("\r\n")) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      // Decoding each line alone fails on a split character (the replacement character appears).
      const bytes = new TextEncoder().encode(part);
      expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe(part);
    }
    expect(unfold(folded)).toBe(line);
  });
});

describe("iCalendar objects", () => {
  it("writes UTC date-times in the basic format with a Z", () => {
    expect(formatUtcDateTime(new Date("2026-03-29T09:15:00.000Z"))).toBe("20260329T091500Z");
  });

  it("ends every line, the last included, with CRLF", () => {
    const text = serialiseLines(["BEGIN:VCALENDAR", "END:VCALENDAR"]);
    expect(text).toBe("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  });
});
