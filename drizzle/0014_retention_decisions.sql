ALTER TABLE `contacts` ADD `retained_until` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `retention_reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_retained` ON `contacts` (`retained_until`,`id`) WHERE "contacts"."retained_until" IS NOT NULL;