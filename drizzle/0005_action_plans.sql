CREATE TABLE `action_item_engagements` (
	`item_id` integer NOT NULL,
	`engagement_id` integer NOT NULL,
	PRIMARY KEY(`item_id`, `engagement_id`),
	FOREIGN KEY (`item_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_item_engagements_engagement` ON `action_item_engagements` (`engagement_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `action_item_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`author_user_id` integer NOT NULL,
	`happened_on` text NOT NULL,
	`note` text NOT NULL,
	`new_status` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_item_updates_item` ON `action_item_updates` (`item_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`strand_key` text NOT NULL,
	`template_item_id` integer,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`owner_user_id` integer,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `action_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_item_id`) REFERENCES `action_template_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_items_plan_template` ON `action_items` (`plan_id`,`template_item_id`);--> statement-breakpoint
CREATE INDEX `action_items_community_strand` ON `action_items` (`community_id`,`strand_key`,`due_on`);--> statement-breakpoint
CREATE INDEX `action_items_strand_status` ON `action_items` (`strand_key`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `action_items_owner_status` ON `action_items` (`owner_user_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `action_items_status_due` ON `action_items` (`status`,`due_on`);--> statement-breakpoint
CREATE TABLE `action_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`start_on` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_plans_community_id_unique` ON `action_plans` (`community_id`);--> statement-breakpoint
CREATE TABLE `action_template_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`strand_key` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`due_offset_days` integer NOT NULL,
	`default_owner_role` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_template_items_strand` ON `action_template_items` (`strand_key`,`position`);--> statement-breakpoint
-- Progress history is never rewritten: no statement may change or remove an update.
CREATE TRIGGER action_item_updates_no_update BEFORE UPDATE ON action_item_updates
BEGIN
  SELECT RAISE(ABORT, 'action item updates are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER action_item_updates_no_delete BEFORE DELETE ON action_item_updates
BEGIN
  SELECT RAISE(ABORT, 'action item updates are append-only');
END;
