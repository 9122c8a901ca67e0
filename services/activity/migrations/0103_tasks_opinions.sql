-- 第十二条 tasks the leader assigns and checks; 第四条 opinions reported to the branch.
CREATE TABLE IF NOT EXISTS task (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  due_at DATETIME(6) NOT NULL,
  assigned_at DATETIME(6) NOT NULL,
  assigned_by VARCHAR(128) NOT NULL,
  checked_at DATETIME(6) NULL,
  check_note VARCHAR(1000) NOT NULL DEFAULT '',
  KEY task_group (group_id, due_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS task_assignee (
  task_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL,
  report TEXT NULL,
  reported_at DATETIME(6) NULL,
  PRIMARY KEY (task_id, member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS opinion (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  source VARCHAR(16) NOT NULL,
  content TEXT NOT NULL,
  received_at DATETIME(6) NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  reported_at DATETIME(6) NULL,
  outcome TEXT NULL,
  resolved_at DATETIME(6) NULL,
  KEY opinion_group (group_id, received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
