CREATE TABLE `contact_merges` (
	`duplicate_id` integer PRIMARY KEY NOT NULL,
	`survivor_id` integer NOT NULL,
	`merged_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_merges_survivor` ON `contact_merges` (`survivor_id`,`duplicate_id`);--> statement-breakpoint
-- Written by hand: merges made before this table are read back from their audit events, whose
-- detail reads "Contact #12 (…) merged into contact #7 (…)"; the survivor's event is the one
-- about contact #7. A detail already erased no longer says, and its person is gone anyway.
INSERT OR IGNORE INTO `contact_merges` (`duplicate_id`, `survivor_id`, `merged_at`)
SELECT CAST(substr(`detail`, 10) AS INTEGER), CAST(`entity_id` AS INTEGER), `occurred_at`
FROM `audit_events`
WHERE `entity_type` = 'contact' AND `action` = 'merge' AND `detail` LIKE 'Contact #%'
  AND instr(`detail`, ') merged into contact #' || `entity_id` || ' (') > 0
  AND CAST(substr(`detail`, 10) AS INTEGER) <> CAST(`entity_id` AS INTEGER);
