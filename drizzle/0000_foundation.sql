CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`changes` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_time` ON `audit_events` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `audit_events_entity` ON `audit_events` (`entity_type`,`entity_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor` ON `audit_events` (`actor_user_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `audit_events_action` ON `audit_events` (`action`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `communities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`country_code` text NOT NULL,
	`name` text NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'identified' NOT NULL,
	`lead_officer_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_officer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `communities_active_country` ON `communities` (`country_code`) WHERE "communities"."archived_at" IS NULL;--> statement-breakpoint
CREATE TABLE `contact_strands` (
	`contact_id` integer NOT NULL,
	`strand_key` text NOT NULL,
	PRIMARY KEY(`contact_id`, `strand_key`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_strands_strand` ON `contact_strands` (`strand_key`,`contact_id`);--> statement-breakpoint
CREATE TABLE `contact_tags` (
	`contact_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`contact_id`, `tag`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_tags_tag` ON `contact_tags` (`tag`,`contact_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`latin_name` text DEFAULT '' NOT NULL,
	`sort_name` text NOT NULL,
	`pronouns` text DEFAULT '' NOT NULL,
	`role_title` text DEFAULT '' NOT NULL,
	`organisation_id` integer,
	`community_id` integer,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`preferred_language` text DEFAULT '' NOT NULL,
	`interpreter_needed` integer DEFAULT false NOT NULL,
	`is_crg_member` integer DEFAULT false NOT NULL,
	`terms_of_reference_signed_on` text,
	`vetting_status` text,
	`vetting_on` text,
	`vetting_review_on` text,
	`lawful_basis` text,
	`lawful_basis_recorded_on` text,
	`key_contact_cadence_days` integer,
	`owner_user_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_sort` ON `contacts` (`sort_name`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_community` ON `contacts` (`community_id`,`sort_name`);--> statement-breakpoint
CREATE INDEX `contacts_organisation` ON `contacts` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `contacts_owner` ON `contacts` (`owner_user_id`,`sort_name`);--> statement-breakpoint
CREATE INDEX `contacts_updated` ON `contacts` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_email` ON `contacts` (`email`);--> statement-breakpoint
CREATE INDEX `contacts_phone` ON `contacts` (`phone`);--> statement-breakpoint
CREATE TABLE `organisation_strands` (
	`organisation_id` integer NOT NULL,
	`strand_key` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `strand_key`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisation_strands_strand` ON `organisation_strands` (`strand_key`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_name` text NOT NULL,
	`type` text NOT NULL,
	`community_id` integer,
	`address` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisations_sort` ON `organisations` (`sort_name`,`id`);--> statement-breakpoint
CREATE INDEX `organisations_community` ON `organisations` (`community_id`,`sort_name`);--> statement-breakpoint
CREATE INDEX `organisations_updated` ON `organisations` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `organisations_type` ON `organisations` (`type`,`sort_name`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_active_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`throttle_key` text NOT NULL,
	`failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_key_time` ON `sign_in_failures` (`throttle_key`,`failed_at`);--> statement-breakpoint
CREATE TABLE `sign_in_lockouts` (
	`throttle_key` text PRIMARY KEY NOT NULL,
	`locked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `strands` (
	`key` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_communities` (
	`user_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `community_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `user_communities_community` ON `user_communities` (`community_id`);--> statement-breakpoint
CREATE TABLE `user_strands` (
	`user_id` integer NOT NULL,
	`strand_key` text NOT NULL,
	PRIMARY KEY(`user_id`, `strand_key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `user_strands_strand` ON `user_strands` (`strand_key`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);