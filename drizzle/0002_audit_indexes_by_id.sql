DROP INDEX `audit_events_entity`;--> statement-breakpoint
DROP INDEX `audit_events_actor`;--> statement-breakpoint
DROP INDEX `audit_events_action`;--> statement-breakpoint
CREATE INDEX `audit_events_entity` ON `audit_events` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor` ON `audit_events` (`actor_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_action` ON `audit_events` (`action`,`id`);