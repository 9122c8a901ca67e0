-- 第六条: org-life meetings and their rectification items.
CREATE TABLE IF NOT EXISTS org_life_meeting (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  theme VARCHAR(200) NOT NULL,
  study_sessions INT NOT NULL DEFAULT 0,
  talks INT NOT NULL DEFAULT 0,
  opinions_gathered INT NOT NULL DEFAULT 0,
  held_at DATETIME(6) NULL,
  present_json TEXT NULL,
  problems_json TEXT NULL,
  criticism_json TEXT NULL,
  reported_at DATETIME(6) NULL,
  KEY org_life_group (group_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS rectification_item (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  meeting_id BIGINT NOT NULL,
  measure VARCHAR(500) NOT NULL,
  owner_member_id BIGINT NOT NULL,
  deadline DATE NOT NULL,
  done BOOLEAN NOT NULL DEFAULT FALSE,
  KEY rectification_meeting (meeting_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
