-- Erasure (decision 018): an erased person's earlier audit events keep who did what, to what and
-- when, but lose the changed fields and the detail that held the person's data. That redaction is
-- the only change the trail accepts, and only of events about an entity whose erasure it already
-- holds; the erasure events themselves, and every other change, are refused as before.
DROP TRIGGER audit_events_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NOT (
  NEW.id = OLD.id
  AND NEW.occurred_at = OLD.occurred_at
  AND NEW.actor_user_id IS OLD.actor_user_id
  AND NEW.action = OLD.action
  AND NEW.entity_type = OLD.entity_type
  AND NEW.entity_id IS OLD.entity_id
  AND NEW.changes IS NULL
  AND NEW.detail IS 'Erased'
  AND OLD.action <> 'erase'
  AND EXISTS (
    SELECT 1 FROM audit_events AS erasure
    WHERE erasure.action = 'erase'
      AND erasure.entity_type = OLD.entity_type
      AND erasure.entity_id = OLD.entity_id
  )
)
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
