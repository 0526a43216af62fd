// CSV exports that open correctly in Excel in every script, and cannot smuggle formulas in.
type Cell = string | number | boolean | null | undefined | Date;

function formatCell(value: Cell): string {
  if (value == null) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  // A cell starting like a formula would run in a spreadsheet: make it plain text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte-order mark and CRLF line ends, as Excel expects. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [header.map(formatCell).join(",")];
  for (const row of rows) lines.push(row.map(formatCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function csvResponse(filename: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
