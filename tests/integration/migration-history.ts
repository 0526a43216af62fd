// The migrations folder as it stood before a given migration, for tests that upgrade a database
// holding rows an older release wrote.
import fs from "node:fs";
import path from "node:path";

/** A copy of drizzle/ in `dir` whose journal stops just before migration `tag`. */
export function migrationsBefore(tag: string, dir: string): string {
  const folder = path.join(dir, `migrations-before-${tag}`);
  fs.cpSync(path.resolve("drizzle"), folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as {
    entries: { tag: string }[];
  };
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  if (cut <= 0) throw new Error(`No migration ${tag} after the first`);
  journal.entries = journal.entries.slice(0, cut);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}
