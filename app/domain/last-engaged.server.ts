// A contact's "last engaged" instant is derived from the held engagements they attended; every
// write that can change it (an engagement recorded, edited, moved or deleted, attendees changed,
// contacts merged) recomputes it for the contacts it touched, inside the same transaction.
import { inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { contacts, engagementContacts, engagements } from "~/db/schema";

export function recomputeLastEngaged(db: Db | Tx, contactIds: readonly number[]): void {
  const ids = [...new Set(contactIds)];
  // Chunked to stay under SQLite's bound-parameter limit on large merges and demo loads.
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    db.update(contacts)
      .set({
        // CROSS JOIN keeps the contact's own links as the outer loop: without statistics SQLite
        // may otherwise walk every held engagement by date for each contact.
        lastEngagedAt: sql`(SELECT MAX(${engagements.startsAt}) FROM ${engagementContacts}
          CROSS JOIN ${engagements} ON ${engagements.id} = ${engagementContacts.engagementId}
          WHERE ${engagementContacts.contactId} = ${contacts.id} AND ${engagements.status} = 'held')`,
      })
      .where(inArray(contacts.id, chunk))
      .run();
  }
}
