// Writing iCalendar (RFC 5545) text: escaped values, folded lines, CRLF endings, UTC date-times.

const CRLF = "\r\n";
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

const utf8 = new TextEncoder();

/**
 * A TEXT value (§3.3.11): backslash, semicolon and comma escaped, every kind of line break as \n.
 * Other control characters are not allowed in TEXT at all, so they are dropped.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
  );
}

/**
 * One content line folded into lines of at most 75 octets (§3.1): each continuation starts with a
 * space, which counts toward its line. Folding goes by whole code points, so a character written
 * in several UTF-8 octets (Arabic, Chinese, an emoji) is never split between two lines.
 */
export function foldLine(line: string): string {
  if (utf8.encode(line).length <= MAX_LINE_OCTETS) return line;
  const lines: string[] = [];
  let current = "";
  let currentOctets = 0;
  for (const character of line) {
    const octets = utf8.encode(character).length;
    if (currentOctets + octets > MAX_LINE_OCTETS) {
      lines.push(current);
      current = " ";
      currentOctets = 1;
    }
    current += character;
    currentOctets += octets;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** A DATE-TIME in UTC form (§3.3.5, "form #2"): 20261129T143000Z. */
export function formatUtcDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** A property with a TEXT value. */
export function textProperty(name: string, value: string): string {
  return `${name}:${escapeText(value)}`;
}

/** The whole object: every content line folded and ended with CRLF, including the last. */
export function serialiseLines(lines: readonly string[]): string {
  return lines.map((line) => foldLine(line) + CRLF).join("");
}
