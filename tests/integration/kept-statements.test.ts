// The app's connection hands back statements it compiled before: each must behave as a freshly
// compiled one would, whatever an earlier user did with it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";

describe("statements kept by the connection", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-statements-"));
  const { sqlite } = openDatabase(path.join(dir, "kept.sqlite"));
  sqlite.exec("CREATE TABLE numbers (n INTEGER NOT NULL)");
  sqlite.exec("INSERT INTO numbers (n) VALUES (1), (2), (3)");
  afterAll(() => {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const SOURCE = "SELECT n FROM numbers WHERE n >= ? ORDER BY n";

  it("are the same statement for the same SQL text, and answer for new values", () => {
    const first = sqlite.prepare(SOURCE);
    expect(first.all(2)).toEqual([{ n: 2 }, { n: 3 }]);
    const again = sqlite.prepare(SOURCE);
    expect(again).toBe(first);
    expect(again.all(3)).toEqual([{ n: 3 }]);
  });

  it("come back returning objects after someone asked for arrays or bare values", () => {
    expect(sqlite.prepare(SOURCE).raw().all(1)).toEqual([[1], [2], [3]]);
    expect(sqlite.prepare(SOURCE).all(3)).toEqual([{ n: 3 }]);
    expect(sqlite.prepare(SOURCE).pluck().all(1)).toEqual([1, 2, 3]);
    expect(sqlite.prepare(SOURCE).get(2)).toEqual({ n: 2 });
  });

  it("are compiled afresh while the kept one is still being iterated", () => {
    const seen: unknown[] = [];
    for (const row of sqlite.prepare(SOURCE).iterate(1)) {
      seen.push(row, sqlite.prepare(SOURCE).get(3));
    }
    expect(seen).toEqual([{ n: 1 }, { n: 3 }, { n: 2 }, { n: 3 }, { n: 3 }, { n: 3 }]);
  });

  it("see writes and schema changes made since they were compiled", () => {
    const count = () => sqlite.prepare("SELECT count(*) AS total FROM numbers").get();
    expect(count()).toEqual({ total: 3 });
    sqlite.prepare("INSERT INTO numbers (n) VALUES (?)").run(4);
    expect(count()).toEqual({ total: 4 });
    sqlite.exec("ALTER TABLE numbers ADD COLUMN label TEXT");
    expect(sqlite.prepare("SELECT * FROM numbers WHERE n = ?").get(4)).toEqual({
      n: 4,
      label: null,
    });
    expect(count()).toEqual({ total: 4 });
  });

  it("are forgotten past the limit, oldest first, and compiled again when asked for", () => {
    const oldest = sqlite.prepare("SELECT 0 AS k");
    for (let k = 1; k <= 600; k += 1) sqlite.prepare(`SELECT ${k} AS k`).get();
    const recompiled = sqlite.prepare("SELECT 0 AS k");
    expect(recompiled).not.toBe(oldest);
    expect(recompiled.get()).toEqual({ k: 0 });
    expect(sqlite.prepare("SELECT 600 AS k")).toBe(sqlite.prepare("SELECT 600 AS k"));
  });
});
