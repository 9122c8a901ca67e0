-- 第八条 talks, 第四条 dues, 第十三条 annual reports, 第十四条 leader training.
CREATE TABLE IF NOT EXISTS talk (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  first_member_id BIGINT NOT NULL,
  second_member_id BIGINT NOT NULL,
  held_at DATETIME(6) NOT NULL,
  topic VARCHAR(500) NOT NULL DEFAULT '',
  note TEXT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  KEY talk_group (group_id, held_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One payment per member and month.
CREATE TABLE IF NOT EXISTS dues_payment (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  member_id BIGINT NOT NULL,
  dues_month CHAR(7) NOT NULL,
  category VARCHAR(16) NOT NULL,
  base_pay_fen BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  paid_at DATETIME(6) NOT NULL,
  collector VARCHAR(128) NOT NULL,
  UNIQUE KEY dues_member_month (member_id, dues_month),
  KEY dues_group (group_id, dues_month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS annual_report (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  report_year INT NOT NULL,
  text MEDIUMTEXT NOT NULL,
  submitted_at DATETIME(6) NOT NULL,
  submitted_by VARCHAR(128) NOT NULL,
  acknowledged_at DATETIME(6) NULL,
  acknowledged_by VARCHAR(128) NOT NULL DEFAULT '',
  UNIQUE KEY annual_report_group_year (group_id, report_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS leader_training (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  trained_on DATE NOT NULL,
  title VARCHAR(200) NOT NULL,
  KEY leader_training_member (member_id, trained_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
