-- 第九条: theme days and the branch's consent.
CREATE TABLE IF NOT EXISTS theme_day (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  title VARCHAR(200) NOT NULL,
  status VARCHAR(16) NOT NULL,
  planned_at DATETIME(6) NULL,
  requested_at DATETIME(6) NOT NULL,
  consent_at DATETIME(6) NULL,
  reviewed_by VARCHAR(128) NOT NULL DEFAULT '',
  rejection_reason VARCHAR(500) NOT NULL DEFAULT '',
  held_at DATETIME(6) NULL,
  attendance_json TEXT NULL,
  KEY theme_day_group (group_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
