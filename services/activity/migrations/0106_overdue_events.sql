-- The tasks, rectification items and evaluation campaigns whose passed deadline has been
-- announced as an event: each is announced once (the sweep inserts here in the event's
-- transaction; the primary key keeps a second sweep from announcing it again).
CREATE TABLE IF NOT EXISTS overdue_announcement (
  item_kind VARCHAR(32) NOT NULL,
  item_id BIGINT NOT NULL,
  announced_at DATETIME(6) NOT NULL,
  PRIMARY KEY (item_kind, item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
