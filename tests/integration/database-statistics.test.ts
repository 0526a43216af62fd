// The app's connection gives the query planner statistics on a file that has none (a fresh or
// bulk-loaded database), as the SQLite documentation advises for long-lived connections.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getSqlite, migrateDatabase, openDatabase } from "~/db/client.server";

describe("planner statistics", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-statistics-"));
  afterAll(() => {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("are gathered when the app opens a file loaded without them", () => {
    const file = path.join(dir, "loaded.sqlite");
    const loader = openDatabase(file);
    migrateDatabase(loader.db);
    const insert = loader.sqlite.prepare(
      "INSERT INTO audit_events (occurred_at, action, entity_type, entity_id) VALUES (?, 'view', 'contact', ?)",
    );
    loader.sqlite.transaction(() => {
      for (let index = 0; index < 2_000; index += 1) insert.run(index, String(index % 100));
    })();
    loader.sqlite.close();

    process.env.DATABASE_PATH = file;
    closeDb();
    const statistics = getSqlite()
      .prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'audit_events' ORDER BY idx")
      .all() as { idx: string; stat: string }[];
    expect(statistics.map((row) => row.idx)).toContain("audit_events_entity");
    expect(statistics.find((row) => row.idx === "audit_events_entity")?.stat).toMatch(/^2000 /);
  });
});
