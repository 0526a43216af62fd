CREATE TABLE `activity_stamps` (
	`month` text PRIMARY KEY NOT NULL,
	`stamp` integer NOT NULL
);
--> statement-breakpoint
-- Every change to a record that counted figures read replaces the stamp of the month it falls in
-- (a UTC month for instants, the calendar month for dates; both months when a change moves it).
CREATE TRIGGER engagements_activity_stamp_insert AFTER INSERT ON engagements
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT strftime('%Y-%m', NEW.starts_at / 1000, 'unixepoch') AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagements_activity_stamp_delete AFTER DELETE ON engagements
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT strftime('%Y-%m', OLD.starts_at / 1000, 'unixepoch') AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagements_activity_stamp_update AFTER UPDATE OF status, starts_at, sentiment ON engagements
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT strftime('%Y-%m', OLD.starts_at / 1000, 'unixepoch') AS month UNION SELECT strftime('%Y-%m', NEW.starts_at / 1000, 'unixepoch') AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_communities_activity_stamp_insert AFTER INSERT ON engagement_communities
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id = NEW.engagement_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_communities_activity_stamp_delete AFTER DELETE ON engagement_communities
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id = OLD.engagement_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_communities_activity_stamp_update AFTER UPDATE ON engagement_communities
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id IN (OLD.engagement_id, NEW.engagement_id)
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_contacts_activity_stamp_insert AFTER INSERT ON engagement_contacts
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id = NEW.engagement_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_contacts_activity_stamp_delete AFTER DELETE ON engagement_contacts
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id = OLD.engagement_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_contacts_activity_stamp_update AFTER UPDATE ON engagement_contacts
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id IN (OLD.engagement_id, NEW.engagement_id)
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_strands_activity_stamp_insert AFTER INSERT ON engagement_strands
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id = NEW.engagement_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_strands_activity_stamp_delete AFTER DELETE ON engagement_strands
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id = OLD.engagement_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER engagement_strands_activity_stamp_update AFTER UPDATE ON engagement_strands
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch'), random() FROM engagements WHERE id IN (OLD.engagement_id, NEW.engagement_id)
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER feedback_activity_stamp_insert AFTER INSERT ON feedback
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT substr(NEW.received_on, 1, 7) AS month UNION SELECT substr(NEW.response_due_on, 1, 7) AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER feedback_activity_stamp_delete AFTER DELETE ON feedback
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT substr(OLD.received_on, 1, 7) AS month UNION SELECT substr(OLD.response_due_on, 1, 7) AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER feedback_activity_stamp_update AFTER UPDATE OF community_id, received_on, response_due_on, responded_on, sentiment ON feedback
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT substr(OLD.received_on, 1, 7) AS month UNION SELECT substr(OLD.response_due_on, 1, 7) AS month UNION SELECT substr(NEW.received_on, 1, 7) AS month UNION SELECT substr(NEW.response_due_on, 1, 7) AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER action_items_activity_stamp_insert AFTER INSERT ON action_items
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT substr(NEW.due_on, 1, 7) AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER action_items_activity_stamp_delete AFTER DELETE ON action_items
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT substr(OLD.due_on, 1, 7) AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER action_items_activity_stamp_update AFTER UPDATE OF community_id, due_on, status ON action_items
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT month, random() FROM (SELECT substr(OLD.due_on, 1, 7) AS month UNION SELECT substr(NEW.due_on, 1, 7) AS month) WHERE month IS NOT NULL
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER action_item_updates_activity_stamp_insert AFTER INSERT ON action_item_updates
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT substr(due_on, 1, 7), random() FROM action_items WHERE id = NEW.item_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER action_item_updates_activity_stamp_delete AFTER DELETE ON action_item_updates
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT substr(due_on, 1, 7), random() FROM action_items WHERE id = OLD.item_id
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
CREATE TRIGGER action_item_updates_activity_stamp_update AFTER UPDATE ON action_item_updates
BEGIN
  INSERT INTO activity_stamps (month, stamp)
  SELECT substr(due_on, 1, 7), random() FROM action_items WHERE id IN (OLD.item_id, NEW.item_id)
  ON CONFLICT (month) DO UPDATE SET stamp = excluded.stamp;
END;
--> statement-breakpoint
-- Months that already hold records get a stamp now; later changes replace it through the triggers.
INSERT INTO activity_stamps (month, stamp)
SELECT month, random() FROM (
  SELECT strftime('%Y-%m', starts_at / 1000, 'unixepoch') AS month FROM engagements
  UNION SELECT substr(received_on, 1, 7) FROM feedback
  UNION SELECT substr(response_due_on, 1, 7) FROM feedback
  UNION SELECT substr(due_on, 1, 7) FROM action_items
) WHERE month IS NOT NULL;
