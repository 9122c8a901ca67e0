-- The tables of common/mutation, shared by every service's schema: idempotency of mutations
-- (request_log), the audit trail (audit_log) and the ordered event log (event_log).
CREATE TABLE IF NOT EXISTS request_log (
  subject VARCHAR(128) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  method VARCHAR(128) NOT NULL,
  response LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (subject, request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  subject VARCHAR(128) NOT NULL,
  role VARCHAR(32) NOT NULL,
  method VARCHAR(128) NOT NULL,
  target_kind VARCHAR(32) NOT NULL,
  target_id BIGINT NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  KEY audit_target (target_kind, target_id),
  KEY audit_subject (subject, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sequences are handed out under this row's lock, which is held until commit, so the log is
-- gap-free in commit order and a reader can resume after the last sequence it saw.
CREATE TABLE IF NOT EXISTS event_sequence (
  id TINYINT NOT NULL PRIMARY KEY,
  last_sequence BIGINT NOT NULL
) ENGINE=InnoDB;

INSERT IGNORE INTO event_sequence (id, last_sequence) VALUES (1, 0);

CREATE TABLE IF NOT EXISTS event_log (
  sequence BIGINT NOT NULL PRIMARY KEY,
  at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  kind VARCHAR(64) NOT NULL,
  target_kind VARCHAR(32) NOT NULL,
  target_id BIGINT NOT NULL,
  scope_path VARCHAR(512) NOT NULL,
  payload_json TEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
