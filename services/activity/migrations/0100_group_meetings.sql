-- 第五条: group meetings from request to archive, with attendance and amendments.
-- Instants are DATETIME(6) in UTC (no 2038 limit); group_path is the org path of the group when
-- the meeting was requested, so that scope checks need not ask the org service for old records.
CREATE TABLE IF NOT EXISTS group_meeting (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  branch_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  status VARCHAR(16) NOT NULL,
  topics_json TEXT NOT NULL,
  planned_at DATETIME(6) NULL,
  requested_at DATETIME(6) NOT NULL,
  requested_by VARCHAR(128) NOT NULL,
  reviewed_at DATETIME(6) NULL,
  reviewed_by VARCHAR(128) NOT NULL DEFAULT '',
  rejection_reason VARCHAR(500) NOT NULL DEFAULT '',
  notified_at DATETIME(6) NULL,
  notified_json TEXT NULL,
  held_at DATETIME(6) NULL,
  chair_member_id BIGINT NULL,
  minutes MEDIUMTEXT NULL,
  archived_at DATETIME(6) NULL,
  KEY group_meeting_group (group_id, held_at),
  KEY group_meeting_path (group_path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS meeting_attendance (
  meeting_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL,
  present BOOLEAN NOT NULL,
  absence_reason VARCHAR(200) NOT NULL DEFAULT '',
  PRIMARY KEY (meeting_id, member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS meeting_amendment (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  meeting_id BIGINT NOT NULL,
  at DATETIME(6) NOT NULL,
  author VARCHAR(128) NOT NULL,
  text MEDIUMTEXT NOT NULL,
  KEY meeting_amendment_meeting (meeting_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
