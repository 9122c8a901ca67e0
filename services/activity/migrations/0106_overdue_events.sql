-- When the event announcing that a task, a rectification item or an evaluation campaign is
-- overdue was written: each is announced once (the sweep sets it in the event's transaction).
ALTER TABLE task ADD COLUMN IF NOT EXISTS overdue_event_at DATETIME(6) NULL,
  ADD KEY IF NOT EXISTS task_overdue (overdue_event_at, checked_at, due_at);
ALTER TABLE rectification_item ADD COLUMN IF NOT EXISTS overdue_event_at DATETIME(6) NULL,
  ADD KEY IF NOT EXISTS rectification_overdue (overdue_event_at, done, deadline);
ALTER TABLE evaluation_campaign ADD COLUMN IF NOT EXISTS overdue_event_at DATETIME(6) NULL,
  ADD KEY IF NOT EXISTS evaluation_overdue (overdue_event_at, reported_on, deadline);
