// The one SQLite connection of this process, with the pragmas that make it durable and strict.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
/** The handle a write receives inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const DEFAULT_DATABASE_PATH = "data/crg.sqlite";

export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

export function openDatabase(file: string): { sqlite: Database.Database; db: Db } {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged write survives power loss; the cost was measured and is affordable here.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  keepPreparedStatements(sqlite);
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

/** How many statements a connection keeps compiled: every query shape the app has, and then some. */
const KEPT_STATEMENTS = 500;

/**
 * Drizzle compiles every query it runs afresh; a page's queries have the same SQL text each time
 * (values are bound), so the connection hands back the statement compiled for that text last
 * time, least recently used forgotten first. A kept statement is returned in its default mode
 * (objects, not arrays), as a new one would be, and a statement still being iterated is never
 * handed out twice.
 */
function keepPreparedStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      kept.delete(source);
      kept.set(source, statement);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement;
    }
    const compiled = compile(source);
    kept.set(source, compiled);
    if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    return compiled;
  }) as Database.Database["prepare"];
}

/**
 * A second, read-only connection to `db`'s file, inside one read transaction: every read through it
 * sees the file as it was at its first read (one WAL snapshot), whatever is written meanwhile. A
 * long export reads through it in chunks between awaits, so the main connection is never held
 * busy across an await and the file stays one consistent picture. Close it as soon as the reads
 * are done: the WAL cannot be checkpointed past a snapshot still open.
 */
export function openSnapshot(db: Db): { db: Db; sqlite: Database.Database; close: () => void } {
  const file = db.get<{ file: string }>(
    sql`SELECT file FROM pragma_database_list WHERE name = 'main'`,
  )!.file;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.exec("BEGIN");
  return {
    db: drizzle(sqlite, { schema }),
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

export function migrateDatabase(db: Db): void {
  const migrationsFolder = process.env.MIGRATIONS_PATH || path.resolve(process.cwd(), "drizzle");
  migrate(db, { migrationsFolder });
}

/** How often the long-lived connection refreshes the planner's statistics. */
const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

let connection:
  { file: string; sqlite: Database.Database; db: Db; optimizer: NodeJS.Timeout } | undefined;

/**
 * The process-wide connection, opened and migrated on first use. As the SQLite documentation
 * advises for a long-lived connection, it runs `PRAGMA optimize=0x10002` on opening (so a fresh
 * or bulk-loaded file gets the statistics the planner needs, within the automatic analysis
 * limit) and `PRAGMA optimize` every hour and on closing.
 */
export function getDb(): Db {
  const file = databasePath();
  if (!connection || connection.file !== file) {
    closeDb();
    const opened = openDatabase(file);
    migrateDatabase(opened.db);
    opened.sqlite.pragma("optimize = 0x10002");
    const optimizer = setInterval(() => opened.sqlite.pragma("optimize"), OPTIMIZE_EVERY_MS);
    // The refresh never keeps a process alive that has nothing else to do.
    optimizer.unref();
    connection = { file, ...opened, optimizer };
  }
  return connection.db;
}

export function getSqlite(): Database.Database {
  getDb();
  return connection!.sqlite;
}

export function closeDb(): void {
  if (!connection) return;
  clearInterval(connection.optimizer);
  connection.sqlite.pragma("optimize");
  connection.sqlite.close();
  connection = undefined;
}
