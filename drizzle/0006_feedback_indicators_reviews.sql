CREATE TABLE `action_item_feedback` (
	`item_id` integer NOT NULL,
	`feedback_id` integer NOT NULL,
	PRIMARY KEY(`item_id`, `feedback_id`),
	FOREIGN KEY (`item_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_item_feedback_feedback` ON `action_item_feedback` (`feedback_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_on` text NOT NULL,
	`community_id` integer,
	`engagement_id` integer,
	`channel` text NOT NULL,
	`category` text NOT NULL,
	`summary` text NOT NULL,
	`sentiment` integer NOT NULL,
	`priority` text DEFAULT 'medium' NOT NULL,
	`is_shareable` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`owner_user_id` integer NOT NULL,
	`response_due_on` text NOT NULL,
	`response_outcome` text,
	`response_text` text DEFAULT '' NOT NULL,
	`responded_on` text,
	`escalated_at` integer,
	`escalated_by_user_id` integer,
	`escalation_reason` text DEFAULT '' NOT NULL,
	`steering_decision` text DEFAULT '' NOT NULL,
	`steering_decided_at` integer,
	`steering_decided_by_user_id` integer,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`engagement_id`) REFERENCES `engagements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`steering_decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_by_received` ON `feedback` (`received_on`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_community_received` ON `feedback` (`community_id`,`received_on`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_status_due` ON `feedback` (`status`,`response_due_on`);--> statement-breakpoint
CREATE INDEX `feedback_owner_status_due` ON `feedback` (`owner_user_id`,`status`,`response_due_on`);--> statement-breakpoint
CREATE INDEX `feedback_engagement` ON `feedback` (`engagement_id`);--> statement-breakpoint
CREATE INDEX `feedback_escalated` ON `feedback` (`escalated_at`);--> statement-breakpoint
CREATE TABLE `feedback_contacts` (
	`feedback_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	PRIMARY KEY(`feedback_id`, `contact_id`),
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_contacts_contact` ON `feedback_contacts` (`contact_id`,`feedback_id`);--> statement-breakpoint
CREATE TABLE `feedback_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feedback_id` integer NOT NULL,
	`kind` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`note` text DEFAULT '' NOT NULL,
	`actor_user_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_events_feedback` ON `feedback_events` (`feedback_id`,`id`);--> statement-breakpoint
CREATE TABLE `feedback_strands` (
	`feedback_id` integer NOT NULL,
	`strand_key` text NOT NULL,
	PRIMARY KEY(`feedback_id`, `strand_key`),
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`strand_key`) REFERENCES `strands`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_strands_strand` ON `feedback_strands` (`strand_key`,`feedback_id`);--> statement-breakpoint
CREATE TABLE `indicator_readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`quarter` text NOT NULL,
	`value` real NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by_user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_readings_one_per_quarter` ON `indicator_readings` (`indicator_id`,`community_id`,`quarter`);--> statement-breakpoint
CREATE INDEX `indicator_readings_quarter` ON `indicator_readings` (`quarter`,`indicator_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`scale_min` integer NOT NULL,
	`scale_max` integer NOT NULL,
	`higher_is_better` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_name_unique` ON `indicators` (`name`);--> statement-breakpoint
CREATE TABLE `steering_review_items` (
	`review_id` integer NOT NULL,
	`feedback_id` integer NOT NULL,
	`reason` text NOT NULL,
	`decision` text DEFAULT '' NOT NULL,
	`decided_by_user_id` integer,
	`decided_at` integer,
	PRIMARY KEY(`review_id`, `feedback_id`),
	FOREIGN KEY (`review_id`) REFERENCES `steering_reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `steering_review_items_feedback` ON `steering_review_items` (`feedback_id`,`review_id`);--> statement-breakpoint
CREATE TABLE `steering_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`held_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`pack` text NOT NULL,
	`pack_built_at` integer NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer NOT NULL,
	`closed_at` integer,
	`closed_by_user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `steering_reviews_held` ON `steering_reviews` (`held_on`,`id`);--> statement-breakpoint
-- A feedback item's history is never rewritten: no statement may change or remove an event.
CREATE TRIGGER feedback_events_no_update BEFORE UPDATE ON feedback_events
BEGIN
  SELECT RAISE(ABORT, 'feedback events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER feedback_events_no_delete BEFORE DELETE ON feedback_events
BEGIN
  SELECT RAISE(ABORT, 'feedback events are append-only');
END;
--> statement-breakpoint
-- A review's pack is frozen when it is made: what the group saw then is what it shows later.
CREATE TRIGGER steering_reviews_pack_frozen BEFORE UPDATE OF pack, pack_built_at ON steering_reviews
WHEN NEW.pack IS NOT OLD.pack OR NEW.pack_built_at IS NOT OLD.pack_built_at
BEGIN
  SELECT RAISE(ABORT, 'a review pack is frozen');
END;
