// Migration 0007 on a database that already holds records: every month with records gets a stamp,
// so figures computed before and after the upgrade can never be confused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase } from "~/db/client.server";
import { migrationsBefore } from "./migration-history";

const STAMPS_MIGRATION = "0007_activity_stamps";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-stamps-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("stamps every month that already holds engagements, feedback or action items", () => {
  const { sqlite, db } = openDatabase(path.join(dir, "old.sqlite"));
  migrate(db, { migrationsFolder: migrationsBefore(STAMPS_MIGRATION, dir) });
  // Rows written raw, as an older release would have: only the columns the stamps read matter.
  sqlite.pragma("foreign_keys = OFF");
  sqlite
    .prepare(
      `INSERT INTO engagements (type, status, title, starts_at, duration_minutes, marking, minutes, created_at, updated_at)
       VALUES ('meeting', 'held', 'Old', ?, 60, 'OFFICIAL', '', 0, 0)`,
    )
    .run(Date.UTC(2023, 4, 31, 23, 30));
  sqlite
    .prepare(
      `INSERT INTO feedback (received_on, channel, category, summary, sentiment, owner_user_id, response_due_on, created_at, updated_at)
       VALUES ('2023-09-20', 'meeting', 'operations_impact', 'Advice', 0, 1, '2023-10-18', 0, 0)`,
    )
    .run();
  sqlite
    .prepare(
      `INSERT INTO action_items (plan_id, community_id, strand_key, title, due_on, status, created_at, updated_at)
       VALUES (1, 1, 'youth', 'Item', '2024-01-05', 'not_started', 0, 0)`,
    )
    .run();
  migrate(db, { migrationsFolder: path.resolve("drizzle") });
  const months = sqlite.prepare("SELECT month FROM activity_stamps ORDER BY month").pluck().all();
  expect(months).toEqual(["2023-05", "2023-09", "2023-10", "2024-01"]);
  sqlite.close();
});
