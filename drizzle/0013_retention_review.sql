-- The retention review's dormant people: current contacts in the order of their last engagement
-- (or, never engaged, of when they were added). Written by hand: drizzle-kit quotes the
-- expression as if it were a column name.
CREATE INDEX `contacts_dormancy` ON `contacts` (coalesce(`last_engaged_at`, `created_at`), `id`) WHERE `archived_at` IS NULL;
