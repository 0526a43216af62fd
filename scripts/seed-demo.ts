// Loads the demo data into the database at DATABASE_PATH (migrating it first).
import { databasePath, migrateDatabase, openDatabase } from "../app/db/client.server";
import { loadDemoData } from "./demo-data";

const file = databasePath();
const { sqlite, db } = openDatabase(file);
migrateDatabase(db);
const added = await loadDemoData(db);
sqlite.close();
process.stdout.write(
  `Demo data in ${file}: ${added.usersAdded} users, ${added.communitiesAdded} communities, ${added.contactsAdded} contacts, ${added.organisationsAdded} organisations, ${added.engagementsAdded} engagements, ${added.followUpsAdded} follow-ups, ${added.templateItemsAdded} template items, ${added.actionPlansAdded} action plans, ${added.progressUpdatesAdded} progress updates, ${added.engagementLinksAdded} item–engagement links, ${added.feedbackAdded} feedback items, ${added.feedbackLinksAdded} item–feedback links and ${added.reviewsAdded} steering reviews added.\n`,
);
