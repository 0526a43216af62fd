// Applies the committed migrations in drizzle/ to the database at DATABASE_PATH.
import { databasePath, migrateDatabase, openDatabase } from "../app/db/client.server";

const file = databasePath();
const { sqlite, db } = openDatabase(file);
migrateDatabase(db);
sqlite.close();
process.stdout.write(`Migrations applied to ${file}\n`);
