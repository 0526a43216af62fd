// The directory's full-text index (FTS5 table directory_search), kept in step with contacts and
// organisations inside the same transactions that change them.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { contacts, contactTags, organisations } from "~/db/schema";
import type { NarrowCondition } from "./directory-query.server";
import { foldForSearch, phoneSearchText, searchMatchExpression } from "./search-text";

const directorySearch = sql.identifier("directory_search");

const contactRowId = (contactId: number) => contactId * 2;
const organisationRowId = (organisationId: number) => organisationId * 2 + 1;

function writeRow(
  tx: Tx | Db,
  rowId: number,
  fields: {
    names: string;
    organisation: string;
    contactDetails: string;
    tags: string;
    notes: string;
  } | null,
): void {
  tx.run(sql`DELETE FROM directory_search WHERE rowid = ${rowId}`);
  if (!fields) return;
  tx.run(sql`INSERT INTO directory_search (rowid, names, organisation, contact_details, tags, notes)
    VALUES (${rowId}, ${foldForSearch(fields.names)}, ${foldForSearch(fields.organisation)},
      ${foldForSearch(fields.contactDetails)}, ${foldForSearch(fields.tags)}, ${foldForSearch(fields.notes)})`);
}

/** Re-indexes one contact from what the tables hold now; an erased contact leaves the index. */
export function indexContact(tx: Tx | Db, contactId: number): void {
  const contact = tx
    .select({
      name: contacts.name,
      latinName: contacts.latinName,
      email: contacts.email,
      phone: contacts.phone,
      notes: contacts.notes,
      roleTitle: contacts.roleTitle,
      organisationName: organisations.name,
    })
    .from(contacts)
    .leftJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(eq(contacts.id, contactId))
    .get();
  if (!contact) {
    writeRow(tx, contactRowId(contactId), null);
    return;
  }
  const tags = tx
    .select({ tag: contactTags.tag })
    .from(contactTags)
    .where(eq(contactTags.contactId, contactId))
    .all()
    .map((row) => row.tag);
  writeRow(tx, contactRowId(contactId), {
    names: `${contact.name} ${contact.latinName}`,
    organisation: contact.organisationName ?? "",
    contactDetails: `${contact.email} ${contact.phone} ${phoneSearchText(contact.phone)} ${contact.roleTitle}`,
    tags: tags.join(" "),
    notes: contact.notes,
  });
}

/** Re-indexes one organisation, and its people, whose rows carry the organisation's name. */
export function indexOrganisation(tx: Tx | Db, organisationId: number): void {
  const organisation = tx
    .select()
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .get();
  if (!organisation) {
    writeRow(tx, organisationRowId(organisationId), null);
    return;
  }
  writeRow(tx, organisationRowId(organisationId), {
    names: organisation.name,
    organisation: organisation.name,
    contactDetails: `${organisation.email} ${organisation.phone} ${phoneSearchText(organisation.phone)} ${organisation.website} ${organisation.address}`,
    tags: "",
    notes: organisation.notes,
  });
  const people = tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(eq(contacts.organisationId, organisationId))
    .all();
  for (const person of people) indexContact(tx, person.id);
}

/**
 * A condition on contacts.id for what the user typed, to combine with scope and filters in one
 * query; null when nothing searchable was typed. Each contact is one row of the index, so the
 * matches joined to the contacts reach each contact once.
 */
export function contactMatchCondition(query: string): NarrowCondition | null {
  const expression = searchMatchExpression(query);
  if (!expression) return null;
  const contactRows = sql`${directorySearch} MATCH ${expression} AND ${directorySearch}.rowid % 2 = 0`;
  return {
    list: sql`${contacts.id} IN (SELECT rowid / 2 FROM ${directorySearch} WHERE ${contactRows})`,
    joined: {
      from: sql`${directorySearch}`,
      table: sql`${contacts} INDEXED BY ${sql.identifier("contacts_by_id")}`,
      on: sql`${contacts.id} = ${directorySearch}.rowid / 2`,
      where: contactRows,
    },
    indexMatches: sql`SELECT count(*) AS total FROM ${directorySearch} WHERE ${contactRows}`,
  };
}

export function organisationMatchCondition(query: string): NarrowCondition | null {
  const expression = searchMatchExpression(query);
  if (!expression) return null;
  const organisationRows = sql`${directorySearch} MATCH ${expression} AND ${directorySearch}.rowid % 2 = 1`;
  return {
    list: sql`${organisations.id} IN (SELECT (rowid - 1) / 2 FROM ${directorySearch} WHERE ${organisationRows})`,
    joined: {
      from: sql`${directorySearch}`,
      table: sql`${organisations} INDEXED BY ${sql.identifier("organisations_by_id")}`,
      on: sql`${organisations.id} = (${directorySearch}.rowid - 1) / 2`,
      where: organisationRows,
    },
    indexMatches: sql`SELECT count(*) AS total FROM ${directorySearch} WHERE ${organisationRows}`,
  };
}
