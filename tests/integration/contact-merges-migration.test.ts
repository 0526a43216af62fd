// Migration 0017 on a database that already holds merges: each is read back from the survivor's
// audit event, so erasure still finds every old number of a person merged before the table.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase } from "~/db/client.server";
import { migrationsBefore } from "./migration-history";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-contact-merges-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("records each earlier merge from its survivor's event, and none from an erased detail", () => {
  const { sqlite, db } = openDatabase(path.join(dir, "old.sqlite"));
  migrate(db, { migrationsFolder: migrationsBefore("0017_contact_merges", dir) });
  const addEvent = sqlite.prepare(
    `INSERT INTO audit_events (occurred_at, actor_user_id, action, entity_type, entity_id, detail)
     VALUES (?, 1, ?, 'contact', ?, ?)`,
  );
  // As an older release wrote both events of a merge; a name may hold brackets of its own.
  const first = "Contact #12 (Ali (senior)) merged into contact #7 (Ali Rezaei)";
  addEvent.run(1000, "merge", "7", first);
  addEvent.run(1000, "merge", "12", first);
  const second = "Contact #7 (Ali Rezaei) merged into contact #3 (A. Rezaei)";
  addEvent.run(2000, "merge", "3", second);
  addEvent.run(2000, "merge", "7", second);
  // A person erased since: their events say nothing any more.
  addEvent.run(3000, "merge", "40", "Erased");
  addEvent.run(3000, "update", "3", "Contact #5 (Someone) merged into contact #3 (x)");

  migrate(db, { migrationsFolder: path.resolve("drizzle") });

  expect(
    sqlite
      .prepare(
        `SELECT duplicate_id AS duplicateId, survivor_id AS survivorId, merged_at AS mergedAt
         FROM contact_merges ORDER BY duplicate_id`,
      )
      .all(),
  ).toEqual([
    { duplicateId: 7, survivorId: 3, mergedAt: 2000 },
    { duplicateId: 12, survivorId: 7, mergedAt: 1000 },
  ]);
  sqlite.close();
});
