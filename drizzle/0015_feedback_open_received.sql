CREATE INDEX `feedback_open_received` ON `feedback` (`received_on`,`id`,`response_due_on`) WHERE +status IN ('received', 'acknowledged', 'in_progress');--> statement-breakpoint
-- Written by hand: statistics for the new index at once. Without them the planner does not weigh
-- it (PRAGMA optimize on opening skips a table that already has statistics) and counts the
-- overdue items by scanning another index whole.
ANALYZE `feedback_open_received`;
