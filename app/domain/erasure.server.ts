// Erasure: an admin removes a person for good at their request. The contact, every row that links
// to them and their search entry go; their audit history keeps who did what and when, without the
// changed fields and details that held their data (decision 018).
import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { Actor } from "~/auth/policy";
import type { Db, Tx } from "~/db/client.server";
import {
  auditEvents,
  contactMerges,
  contacts,
  engagementContacts,
  feedbackContacts,
} from "~/db/schema";
import { recordAudit } from "./audit.server";
import { CONTACT_LINKS, contactAndMergedIds } from "./contacts.server";
import { indexContact } from "./directory-search.server";

type Reader = Db | Tx;

/** What an erased person's earlier audit events say instead of their fields and details. */
export const ERASED_DETAIL = "Erased";

function auditEventsAbout(contactIds: readonly number[]) {
  return and(
    eq(auditEvents.entityType, "contact"),
    inArray(
      auditEvents.entityId,
      contactIds.map((id) => String(id)),
    ),
  );
}

/** What the erasure page shows before anything is done, or null when there is no such contact. */
export function erasurePreview(db: Reader, contactId: number) {
  const contact = db
    .select({
      id: contacts.id,
      name: contacts.name,
      latinName: contacts.latinName,
      archivedAt: contacts.archivedAt,
    })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .get();
  if (!contact) return null;
  const countOf = (table: typeof engagementContacts | typeof feedbackContacts) =>
    db.select({ total: count() }).from(table).where(eq(table.contactId, contactId)).get()?.total ??
    0;
  const mergedIds = contactAndMergedIds(db, contactId);
  return {
    contact,
    engagements: countOf(engagementContacts),
    feedback: countOf(feedbackContacts),
    auditEvents:
      db.select({ total: count() }).from(auditEvents).where(auditEventsAbout(mergedIds)).get()
        ?.total ?? 0,
    mergedIds: mergedIds.slice(1),
  };
}

export type ErasureResult =
  { ok: true; redactedEvents: number } | { ok: false; status: 404 | 409; formError: string };

/**
 * Erases an archived contact in one transaction. The erasure is recorded first (with the reason,
 * and once for each record merged into this one), because the audit trail accepts a redaction only
 * of an entity whose erasure it holds; then the person's earlier events lose their fields and
 * details, and the links, the search entry and the contact are deleted.
 */
export function eraseContact(
  db: Db,
  admin: Actor,
  contactId: number,
  reason: string,
  now = new Date(),
): ErasureResult {
  return db.transaction(
    (tx): ErasureResult => {
      const contact = tx
        .select({ archivedAt: contacts.archivedAt })
        .from(contacts)
        .where(eq(contacts.id, contactId))
        .get();
      if (!contact) {
        return { ok: false, status: 404, formError: "There is no contact with that number" };
      }
      if (!contact.archivedAt) {
        return {
          ok: false,
          status: 409,
          formError: "Archive this contact before erasing them",
        };
      }
      const ids = contactAndMergedIds(tx, contactId);
      for (const id of ids) {
        recordAudit(tx, {
          actorUserId: admin.id,
          action: "erase",
          entityType: "contact",
          entityId: id,
          detail: id === contactId ? reason : `Erased with contact #${contactId}: ${reason}`,
          at: now,
        });
      }
      const redacted = tx
        .update(auditEvents)
        .set({ changes: null, detail: ERASED_DETAIL })
        .where(and(auditEventsAbout(ids), ne(auditEvents.action, "erase")))
        .run().changes;
      for (const link of CONTACT_LINKS) {
        tx.run(
          sql`DELETE FROM ${link.table} WHERE ${sql.identifier(link.contactId.name)} = ${contactId}`,
        );
      }
      tx.delete(contacts).where(eq(contacts.id, contactId)).run();
      // Which numbers were one person's goes with the person.
      tx.delete(contactMerges).where(inArray(contactMerges.survivorId, ids)).run();
      indexContact(tx, contactId);
      return { ok: true, redactedEvents: redacted };
    },
    { behavior: "immediate" },
  );
}
