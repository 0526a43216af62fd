ALTER TABLE `contacts` ADD `confidentiality_signed_on` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `declared_interests` text DEFAULT '' NOT NULL;