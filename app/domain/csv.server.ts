// CSV exports that open correctly in Excel in every script, cannot smuggle formulas in, and stream
// from one database snapshot in bounded chunks, so a file of any length costs the server little memory.
import type { AppLoadContext } from "@remix-run/node";
import { openSnapshot, type Db, type Tx } from "~/db/client.server";

export type CsvCell = string | number | boolean | null | undefined | Date;
export type CsvRow = readonly CsvCell[];

/**
 * Rows read and sent per chunk: each chunk is one short synchronous read (a few milliseconds at
 * this size) and a few hundred kilobytes of text, so other requests run between chunks and the
 * server holds only one chunk of any export at a time.
 */
export const CSV_ROWS_PER_CHUNK = 2000;

/** An export ready to send: its header and its rows chunk by chunk, and what to release at the end. */
export type CsvExport = {
  header: readonly string[];
  /** The next rows in the file's order, or null when every row has been given. */
  nextChunk: () => readonly CsvRow[] | null;
  /** Releases what the rows are read from; safe to call more than once. */
  close: () => void;
};

function formatCell(value: CsvCell): string {
  if (value == null) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  // A cell starting like a formula would run in a spreadsheet: make it plain text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line with its CRLF end, as Excel expects. */
function csvLine(row: CsvRow): string {
  return `${row.map(formatCell).join(",")}\r\n`;
}

/** Rows already in memory (a frozen review pack's figures), sent in chunks like any export. */
export function csvFromRows(header: readonly string[], rows: readonly CsvRow[]): CsvExport {
  let next = 0;
  return {
    header,
    nextChunk: () => {
      if (next >= rows.length) return null;
      next += CSV_ROWS_PER_CHUNK;
      return rows.slice(next - CSV_ROWS_PER_CHUNK, next);
    },
    close: () => undefined,
  };
}

/**
 * An export read from one snapshot of the file (openSnapshot), so the file is consistent however
 * long it takes to send and the main connection is never busy across an await. The matching ids
 * are read first, in the file's order (the filters and scope apply there); that count is audited
 * at once on the main connection, in its own transaction, before any row is sent; then each chunk
 * of ids is read in full by primary key. Ids are a few bytes each (500,000 engagements are about
 * 4 MB); the rows are read one chunk at a time.
 */
export function csvFromSnapshot(
  db: Db,
  spec: {
    header: readonly string[];
    /** The query of every matching row's id (its only column), in the file's order. */
    orderedIds: (snapshot: Db) => { toSQL: () => { sql: string; params: unknown[] } };
    /** The rows of these ids, in any order: they are put in the ids' order here. */
    rowsOf: (snapshot: Db, ids: number[]) => { id: number; cells: CsvRow }[];
    /** Records the export; called once, with the number of rows the file will have. */
    audit: (tx: Tx, rowCount: number) => void;
    rowsPerChunk?: number;
  },
): CsvExport {
  const rowsPerChunk = spec.rowsPerChunk ?? CSV_ROWS_PER_CHUNK;
  const snapshot = openSnapshot(db);
  try {
    // Plucked as bare numbers: no object per row, so half a million ids stay a few megabytes.
    const query = spec.orderedIds(snapshot.db).toSQL();
    const ids = snapshot.sqlite
      .prepare(query.sql)
      .pluck()
      .all(...query.params) as number[];
    db.transaction((tx) => spec.audit(tx, ids.length));
    let next = 0;
    return {
      header: spec.header,
      nextChunk: () => {
        if (next >= ids.length) return null;
        const chunk = ids.slice(next, next + rowsPerChunk);
        next += rowsPerChunk;
        const rows = new Map(spec.rowsOf(snapshot.db, chunk).map((row) => [row.id, row.cells]));
        return chunk.map((id) => rows.get(id)!);
      },
      close: snapshot.close,
    };
  } catch (error) {
    snapshot.close();
    throw error;
  }
}

/** Lets the event loop run: other requests are answered between two chunks of an export. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The export as a streamed download: UTF-8 with a byte-order mark and CRLF line ends, one chunk
 * at a time. Between chunks it waits until the client's socket has room (the load context's
 * responseDrained), so a slow client does not make the server buffer the file; when the client
 * goes away (the request's signal) it stops and releases the snapshot.
 */
export function csvResponse(
  filename: string,
  csv: CsvExport,
  delivery?: { request: Request; context: AppLoadContext },
): Response {
  const encoder = new TextEncoder();
  const signal = delivery?.request.signal;
  let headerSent = false;
  signal?.addEventListener("abort", csv.close, { once: true });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(csv.header)}`));
          return;
        }
        await nextTurn();
        await delivery?.context.responseDrained?.();
        const rows = signal?.aborted ? null : csv.nextChunk();
        if (rows === null) {
          csv.close();
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      } catch (error) {
        csv.close();
        controller.error(error);
      }
    },
    cancel: csv.close,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
