-- A review's items keep the community and answer due date their feedback had when the review was
-- made, so a review groups, orders and counts them as they were at the meeting. SQLite cannot add
-- a NOT NULL column to a table with rows, so the table is rebuilt; items of reviews made before
-- this take what their feedback holds now, the best record there is.
CREATE TABLE `__new_steering_review_items` (
	`review_id` integer NOT NULL,
	`feedback_id` integer NOT NULL,
	`reason` text NOT NULL,
	`community_id` integer,
	`response_due_on` text NOT NULL,
	`decision` text DEFAULT '' NOT NULL,
	`decided_by_user_id` integer,
	`decided_at` integer,
	PRIMARY KEY(`review_id`, `feedback_id`),
	FOREIGN KEY (`review_id`) REFERENCES `steering_reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_steering_review_items` (`review_id`, `feedback_id`, `reason`, `community_id`, `response_due_on`, `decision`, `decided_by_user_id`, `decided_at`)
SELECT i.`review_id`, i.`feedback_id`, i.`reason`, f.`community_id`, f.`response_due_on`, i.`decision`, i.`decided_by_user_id`, i.`decided_at`
FROM `steering_review_items` i JOIN `feedback` f ON f.`id` = i.`feedback_id`;
--> statement-breakpoint
DROP TABLE `steering_review_items`;
--> statement-breakpoint
ALTER TABLE `__new_steering_review_items` RENAME TO `steering_review_items`;
--> statement-breakpoint
CREATE INDEX `steering_review_items_feedback` ON `steering_review_items` (`feedback_id`,`review_id`);
--> statement-breakpoint
CREATE INDEX `steering_review_items_due` ON `steering_review_items` (`review_id`,`reason`,`response_due_on`,`feedback_id`);
--> statement-breakpoint
CREATE INDEX `steering_review_items_community_due` ON `steering_review_items` (`review_id`,`reason`,`community_id`,`response_due_on`,`feedback_id`);
