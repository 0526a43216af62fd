CREATE TABLE `calendar_feeds` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_hash_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE TABLE `engagement_communities` (
	`engagement_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	PRIMARY KEY(`engagement_id`, `community_id`),
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `engagement_communities_community` ON `engagement_communities` (`community_id`,`engagement_id`);--> statement-breakpoint
CREATE TABLE `engagement_contacts` (
	`engagement_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	PRIMARY KEY(`engagement_id`, `contact_id`),
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `engagement_contacts_contact` ON `engagement_contacts` (`contact_id`,`engagement_id`);--> statement-breakpoint
CREATE TABLE `engagement_officers` (
	`engagement_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`engagement_id`, `user_id`),
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `engagement_officers_user` ON `engagement_officers` (`user_id`,`engagement_id`);--> statement-breakpoint
CREATE TABLE `engagement_strands` (
	`engagement_id` integer NOT NULL,
	`strand_key` text NOT NULL,
	PRIMARY KEY(`engagement_id`, `strand_key`),
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `engagement_strands_strand` ON `engagement_strands` (`strand_key`,`engagement_id`);--> statement-breakpoint
CREATE TABLE `engagements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`is_online` integer DEFAULT false NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`minutes` text DEFAULT '' NOT NULL,
	`outcomes` text DEFAULT '' NOT NULL,
	`sentiment` integer,
	`marking` text DEFAULT 'OFFICIAL' NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `engagements_by_start` ON `engagements` (`starts_at`,`id`);--> statement-breakpoint
CREATE INDEX `engagements_by_status_start` ON `engagements` (`status`,`starts_at`,`id`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`engagement_id` integer NOT NULL,
	`description` text NOT NULL,
	`owner_user_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`completed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_engagement` ON `follow_ups` (`engagement_id`);--> statement-breakpoint
CREATE INDEX `follow_ups_owner_open` ON `follow_ups` (`owner_user_id`,`completed_at`,`due_on`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_engaged_at` integer;--> statement-breakpoint
CREATE INDEX `contacts_last_engaged` ON `contacts` (`last_engaged_at`);