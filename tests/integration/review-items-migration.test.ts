// Migration 0010 on a database that already holds reviews: each item before a review takes the
// community and answer due date its feedback holds, keeping its decision.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase } from "~/db/client.server";
import { migrationsBefore } from "./migration-history";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-review-items-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("copies each review item's community and due date from its feedback, decisions kept", () => {
  const { sqlite, db } = openDatabase(path.join(dir, "old.sqlite"));
  migrate(db, { migrationsFolder: migrationsBefore("0010_review_items_frozen", dir) });
  // Rows written raw, as an older release would have.
  sqlite.pragma("foreign_keys = OFF");
  sqlite
    .prepare(
      `INSERT INTO steering_reviews (id, title, period_start, period_end, held_on, pack, pack_built_at, created_by_user_id, created_at, updated_at)
       VALUES (1, 'Q3 review', '2026-07-01', '2026-09-30', '2026-10-15', '{}', 0, 1, 0, 0)`,
    )
    .run();
  const addFeedback = sqlite.prepare(
    `INSERT INTO feedback (id, received_on, community_id, channel, category, summary, sentiment, owner_user_id, response_due_on, created_at, updated_at)
     VALUES (?, '2026-08-01', ?, 'meeting', 'operations_impact', 'Advice', 0, 1, ?, 0, 0)`,
  );
  addFeedback.run(10, 3, "2026-09-01");
  addFeedback.run(11, null, "2026-09-20");
  sqlite
    .prepare(
      `INSERT INTO steering_review_items (review_id, feedback_id, reason, decision, decided_by_user_id, decided_at)
       VALUES (1, 10, 'overdue', 'Answer within a week', 2, 1760000000000), (1, 11, 'escalated', '', NULL, NULL)`,
    )
    .run();

  migrate(db, { migrationsFolder: path.resolve("drizzle") });

  expect(
    sqlite
      .prepare(
        `SELECT feedback_id AS feedbackId, reason, community_id AS communityId, response_due_on AS responseDueOn,
           decision, decided_by_user_id AS decidedBy, decided_at AS decidedAt
         FROM steering_review_items ORDER BY feedback_id`,
      )
      .all(),
  ).toEqual([
    {
      feedbackId: 10,
      reason: "overdue",
      communityId: 3,
      responseDueOn: "2026-09-01",
      decision: "Answer within a week",
      decidedBy: 2,
      decidedAt: 1760000000000,
    },
    {
      feedbackId: 11,
      reason: "escalated",
      communityId: null,
      responseDueOn: "2026-09-20",
      decision: "",
      decidedBy: null,
      decidedAt: null,
    },
  ]);
  const indexes = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'steering_review_items' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
  expect(indexes).toEqual([
    "steering_review_items_community_due",
    "steering_review_items_due",
    "steering_review_items_feedback",
  ]);
  sqlite.close();
});
