-- The audit trail is append-only: no statement may change or remove an event.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
-- Directory search over contacts and organisations. Text is folded (case, accents, Arabic letter
-- forms, one token per Han character) by app/domain/search-text.ts before it is written or queried.
-- rowid = contact id * 2 for contacts, organisation id * 2 + 1 for organisations, so a record's
-- row is replaced by rowid without scanning.
CREATE VIRTUAL TABLE directory_search USING fts5(
  names,
  organisation,
  contact_details,
  tags,
  notes,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);
--> statement-breakpoint
-- The six strands are fixed by the programme; their keys never change.
INSERT INTO strands (key, name, description, position) VALUES
  ('political', 'Political', 'Embassies, high commissions and government departments.', 1),
  ('business', 'Business forum', 'Established business people from the communities.', 2),
  ('religious', 'Religious forum', 'Faith leaders and faith-based support groups.', 3),
  ('youth', 'Youth forum', 'Young people, youth services and local-authority partners.', 4),
  ('media', 'Media strategy', 'London and foreign journalists, and community media.', 5),
  ('community', 'Cultivation of community contacts', 'Key community members, borough police and community consultative groups.', 6);
