-- 本委政策: the versions of the committee's policy (common/rules/policy.h), never updated: a
-- change is a new version. Version 1, the defaults, is the code's and not stored; the versions an
-- ADMIN creates count from 2, one after the other without gaps (the next is numbered under a lock
-- on the latest, not by AUTO_INCREMENT, which skips numbers after a rollback). A setting added later gets a column whose default is the setting's
-- default, so that the versions created before it read as they were meant.
CREATE TABLE IF NOT EXISTS policy_version (
  version BIGINT NOT NULL PRIMARY KEY,
  filing_deadline_days INT NOT NULL,
  opinion_report_days INT NOT NULL,
  rectification_report_days INT NOT NULL,
  evaluation_report_days INT NOT NULL,
  leader_talks_per_member_per_year INT NOT NULL,
  annual_report_month INT NOT NULL,
  annual_report_day INT NOT NULL,
  leader_trainings_per_year INT NOT NULL,
  cadre_unexcused_absences_allowed INT NOT NULL,
  branch_members_per_group_most INT NOT NULL,
  probationary_members_in_mutual_evaluation BOOLEAN NOT NULL,
  -- Rule codes joined by ','.
  rules_off VARCHAR(2000) NOT NULL,
  document_ref VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  created_by VARCHAR(128) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
