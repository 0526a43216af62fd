DROP INDEX `contacts_sort`;--> statement-breakpoint
DROP INDEX `contacts_updated`;--> statement-breakpoint
DROP INDEX `contacts_community`;--> statement-breakpoint
DROP INDEX `contacts_organisation`;--> statement-breakpoint
DROP INDEX `contacts_owner`;--> statement-breakpoint
CREATE INDEX `contacts_by_name` ON `contacts` (`sort_name`,`id`,`archived_at`,`community_id`,`owner_user_id`,`is_crg_member`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `contacts_by_updated` ON `contacts` (`updated_at`,`id`,`archived_at`,`community_id`,`owner_user_id`,`is_crg_member`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `contacts_by_id` ON `contacts` (`id`,`archived_at`,`community_id`,`owner_user_id`,`is_crg_member`,`organisation_id`,`sort_name`,`updated_at`);--> statement-breakpoint
CREATE INDEX `contacts_archived` ON `contacts` (`archived_at`) WHERE "contacts"."archived_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_community` ON `contacts` (`community_id`,`sort_name`,`id`,`archived_at`,`owner_user_id`,`is_crg_member`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `contacts_organisation` ON `contacts` (`organisation_id`,`sort_name`,`id`,`archived_at`,`community_id`,`owner_user_id`,`is_crg_member`);--> statement-breakpoint
CREATE INDEX `contacts_owner` ON `contacts` (`owner_user_id`,`sort_name`,`id`,`archived_at`,`community_id`,`is_crg_member`,`organisation_id`);--> statement-breakpoint
DROP INDEX `organisations_sort`;--> statement-breakpoint
DROP INDEX `organisations_updated`;--> statement-breakpoint
DROP INDEX `organisations_community`;--> statement-breakpoint
DROP INDEX `organisations_type`;--> statement-breakpoint
CREATE INDEX `organisations_by_name` ON `organisations` (`sort_name`,`id`,`archived_at`,`community_id`,`type`);--> statement-breakpoint
CREATE INDEX `organisations_by_updated` ON `organisations` (`updated_at`,`id`,`archived_at`,`community_id`,`type`);--> statement-breakpoint
CREATE INDEX `organisations_by_id` ON `organisations` (`id`,`archived_at`,`community_id`,`type`,`sort_name`,`updated_at`);--> statement-breakpoint
CREATE INDEX `organisations_archived` ON `organisations` (`archived_at`) WHERE "organisations"."archived_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `organisations_community` ON `organisations` (`community_id`,`sort_name`,`id`,`archived_at`,`type`);--> statement-breakpoint
CREATE INDEX `organisations_type` ON `organisations` (`type`,`sort_name`,`id`,`archived_at`,`community_id`);