// The benchmark's generator and harness at a small size: every measured request must answer as
// expected with the page's content. Timings are the bench's business, never a test's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../app/db/schema";
import { indexContact, indexOrganisation } from "../../app/domain/directory-search.server";
import { runBench, type BenchRun } from "../../scripts/bench";
import { generateBenchData, type BenchDataSummary } from "../../scripts/bench-data";

const CONTACTS = 300;
const NOW = new Date("2026-06-01T09:00:00Z");

describe("the benchmark at a small size", () => {
  let dir: string;
  let file: string;
  let summary: BenchDataSummary;
  let run: BenchRun;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-bench-"));
    file = path.join(dir, "bench.sqlite");
    summary = await generateBenchData({ contacts: CONTACTS, out: file, now: NOW });
    run = await runBench({
      contacts: CONTACTS,
      database: file,
      build: false,
      connections: 2,
      requestsPerMeasure: 6,
      aloneRequests: 2,
      // autocannon takes a second per request whatever the amount: load two, send the rest alone.
      loadFilter: (request) => request.name === "Contacts, first page" || request.kind === "create",
      sqlMs: 20,
      warmUpRequests: 1,
      packBuilds: 2,
      resultsDir: dir,
    });
  }, 90_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("generates every table at the asked size", () => {
    expect(summary.rows).toMatchObject({
      contacts: CONTACTS,
      organisations: CONTACTS / 5,
      engagements: CONTACTS * 5,
      audit_events: CONTACTS * 10,
      directory_search: CONTACTS + CONTACTS / 5,
      communities: 12,
      action_plans: 12,
      action_items: 12 * 150,
      feedback: (CONTACTS * 5) / 10,
      indicators: 6,
    });
    for (const table of [
      "engagement_contacts",
      "engagement_officers",
      "follow_ups",
      "contact_tags",
      "action_item_updates",
      "action_item_engagements",
      "feedback_events",
      "feedback_strands",
      "feedback_contacts",
      "action_item_feedback",
      "indicator_readings",
    ]) {
      expect(summary.rows[table], table).toBeGreaterThan(0);
    }
    const sqlite = new Database(file, { readonly: true });
    try {
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      const scripts = sqlite
        .prepare("SELECT name FROM contacts")
        .all()
        .map((row) => (row as { name: string }).name);
      for (const script of [
        /\p{Script=Arabic}/u,
        /\p{Script=Cyrillic}/u,
        /\p{Script=Han}/u,
        /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu,
      ]) {
        expect(
          scripts.some((name) => script.test(name)),
          String(script),
        ).toBe(true);
      }
      // Derived by the app's rule: the latest held engagement each contact attended.
      const wrong = sqlite
        .prepare(
          `SELECT count(*) AS n FROM contacts WHERE last_engaged_at IS NOT (SELECT max(e.starts_at)
             FROM engagement_contacts ec JOIN engagements e ON e.id = ec.engagement_id
             WHERE ec.contact_id = contacts.id AND e.status = 'held')`,
        )
        .get() as { n: number };
      expect(wrong.n).toBe(0);
      // Histories lead to the state they describe: an item's status is its last progress
      // update's; feedback starts "recorded" and its status is its last workflow step's.
      const itemsOffHistory = sqlite
        .prepare(
          `SELECT count(*) AS n FROM action_items WHERE status IS NOT coalesce((SELECT u.new_status
             FROM action_item_updates u WHERE u.item_id = action_items.id AND u.new_status IS NOT NULL
             ORDER BY u.created_at DESC, u.id DESC LIMIT 1), 'not_started')`,
        )
        .get() as { n: number };
      expect(itemsOffHistory.n).toBe(0);
      const feedbackOffHistory = sqlite
        .prepare(
          `SELECT count(*) AS n FROM feedback WHERE status IS NOT (SELECT e.to_value FROM feedback_events e
             WHERE e.feedback_id = feedback.id AND e.kind IN ('recorded', 'status')
             ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)
           OR (SELECT kind FROM feedback_events e WHERE e.feedback_id = feedback.id ORDER BY e.id LIMIT 1) IS NOT 'recorded'`,
        )
        .get() as { n: number };
      expect(feedbackOffHistory.n).toBe(0);
      const states = sqlite
        .prepare(
          `SELECT (SELECT count(DISTINCT status) FROM action_items) AS itemStatuses,
             (SELECT count(DISTINCT status) FROM feedback) AS feedbackStatuses,
             (SELECT count(*) FROM feedback WHERE escalated_at IS NOT NULL) AS escalated`,
        )
        .get() as { itemStatuses: number; feedbackStatuses: number; escalated: number };
      expect(states.itemStatuses).toBe(5);
      // 150 items over five years leave few recent enough to be still "received".
      expect(states.feedbackStatuses).toBeGreaterThanOrEqual(4);
      expect(states.escalated).toBeGreaterThan(0);
      // Loaded without the stamp triggers, the file ends with all of them and a stamp for every
      // month that holds records, as a file the app wrote itself would.
      const stamps = sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_activity_stamp_*') AS triggers,
             (SELECT count(*) FROM (
               SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch') AS month FROM engagements
               UNION SELECT substr(received_on, 1, 7) FROM feedback
               UNION SELECT substr(response_due_on, 1, 7) FROM feedback
               UNION SELECT substr(due_on, 1, 7) FROM action_items
             ) WHERE month NOT IN (SELECT month FROM activity_stamps)) AS unstamped`,
        )
        .get() as { triggers: number; unstamped: number };
      expect(stamps).toEqual({ triggers: 21, unstamped: 0 });
    } finally {
      sqlite.close();
    }
  });

  it("writes the search rows the app itself writes", () => {
    const copy = path.join(dir, "index-check.sqlite");
    fs.copyFileSync(file, copy);
    const sqlite = new Database(copy);
    try {
      const rowsOf = () =>
        sqlite.prepare("SELECT rowid, * FROM directory_search ORDER BY rowid").all();
      const generated = rowsOf();
      const db = drizzle(sqlite, { schema });
      // Re-indexing every organisation re-indexes its people too, and then the rest.
      for (let id = 1; id <= CONTACTS / 5; id += 1) indexOrganisation(db, id);
      for (let id = 1; id <= CONTACTS; id += 1) indexContact(db, id);
      expect(rowsOf()).toEqual(generated);
    } finally {
      sqlite.close();
    }
  });

  it("is the same data for the same seed and day", async () => {
    const again = path.join(dir, "again.sqlite");
    await generateBenchData({ contacts: CONTACTS, out: again, now: NOW });
    const dump = (target: string) => {
      const sqlite = new Database(target, { readonly: true });
      try {
        return [
          "contacts",
          "organisations",
          "engagements",
          "engagement_contacts",
          "action_items",
          "action_item_updates",
          "feedback",
          "feedback_events",
          "indicator_readings",
          "audit_events",
        ].map((table) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
      } finally {
        sqlite.close();
      }
    };
    expect(dump(again)).toEqual(dump(file));
  });

  it("answers every measured request as expected, with the page's content", () => {
    expect(run.results.length).toBeGreaterThanOrEqual(30);
    expect(run.results.map((result) => `${result.name} (${result.role}) ${result.path}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Action plans \(lead\) \/action-plans$/),
        expect.stringMatching(/^Feedback, first page \(liaison\) \/feedback$/),
        expect.stringMatching(/^Feedback, first page \(lead\) \/feedback$/),
        expect.stringMatching(/^Feedback, open and overdue \(lead\) \/feedback\?overdue=yes$/),
        expect.stringMatching(/^Feedback page \(liaison\) \/feedback\/\d+$/),
        expect.stringMatching(/^Indicators \(steering\) \/indicators$/),
        expect.stringMatching(/^Steering pack \(steering\) \/reviews\/\d+$/),
        "Engagements CSV export (steering) /engagements/export",
        "Contact form (liaison) /contacts/new",
        "Contact form, organisation search (liaison) /contacts/new",
      ]),
    );
    for (const result of run.results) {
      const label = `${result.name} (${result.role}) ${result.path}`;
      expect(result.outcome, `${label}: ${result.detail ?? ""}`).toBe("measured");
      expect(result.firstStatus, label).toBe(result.expectStatus);
      expect(result.unexpectedStatus, `${label}: ${JSON.stringify(result.statuses)}`).toBe(0);
      expect(result.errors, label).toBe(0);
      expect(result.requests, label).toBeGreaterThan(0);
      if (
        result.kind !== "create" &&
        !result.path.startsWith("/engagements") &&
        result.path !== "/dashboard"
      ) {
        expect(result.sqlStatements, label).toBeGreaterThan(0);
        expect(result.expectedText, label).not.toBeNull();
        expect(result.contentFound, `${label} should show ${result.expectedText}`).toBe(true);
      }
    }
    // The CSV download: its header line, then at least one row.
    const csvExport = run.results.find((result) => result.kind === "export")!;
    expect(csvExport.path).toBe("/engagements/export");
    expect(csvExport.expectedText).toMatch(/^Number,Title,Type,/);
    expect(csvExport.contentFound).toBe(true);
    const creates = run.results.filter((result) => result.kind === "create");
    expect(creates.map((create) => create.path)).toEqual(["/engagements/new", "/contacts/new"]);
    for (const create of creates) expect(create.statuses).toEqual({ "302": create.requests });
    // The contact list for three roles and the two creates are put under load.
    expect(run.results.filter((result) => result.requestsPerSecond !== null)).toHaveLength(5);
    expect(run.peakRssMb).toBeGreaterThan(0);
  });

  it("builds steering packs before serving and measures the last one's page", () => {
    expect(run.packBuild).toMatchObject({ runs: 2 });
    expect(run.packBuild.p50).toBeGreaterThan(0);
    expect(run.packBuild.items).toBeGreaterThan(0);
    const pack = run.results.find((result) => result.name === "Steering pack")!;
    expect(pack.expectedText).toMatch(/^Steering review, \S+ \d{4}$/);
    expect(pack.contentFound).toBe(true);
  });

  it("writes the results as Markdown and JSON", () => {
    const stem = path.join(dir, `${run.startedAt.slice(0, 10)}-${CONTACTS}`);
    const markdown = fs.readFileSync(`${stem}.md`, "utf8");
    expect(markdown).toContain("| Contacts, first page | liaison | `/contacts` |");
    expect(markdown).toContain("| Feedback, open and overdue | lead | `/feedback?overdue=yes` |");
    expect(markdown).toMatch(/Pack build \(createReview for \d{4}-Q\d, \d+ feedback items/);
    expect(JSON.parse(fs.readFileSync(`${stem}.json`, "utf8"))).toMatchObject({
      contacts: CONTACTS,
    });
  });
});
