// The quick start: migrate and fill the demo database, then serve the built app and say how to sign in.
import { databasePath, migrateDatabase, openDatabase } from "../app/db/client.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from "./demo-data";
import { startServer } from "./server";

process.env.DATABASE_PATH ||= "data/demo.sqlite";
process.env.NODE_ENV ||= "production";
// The demo is served over plain http on localhost.
process.env.COOKIE_SECURE ||= "false";

const { sqlite, db } = openDatabase(databasePath());
migrateDatabase(db);
await loadDemoData(db);
sqlite.close();

const { url } = await startServer(Number(process.env.PORT || 3000));
const logins = DEMO_ACCOUNTS.map(
  (account) => `  ${account.email.padEnd(20)} ${account.description}`,
).join("\n");
process.stdout.write(
  `\nCRG Engagement CRM demo is running at ${url}\nDatabase: ${databasePath()}\n\nDemo accounts (password "${DEMO_PASSWORD}"):\n${logins}\n\nPress Ctrl+C to stop.\n`,
);
