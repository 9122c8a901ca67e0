-- The audit trail as a chain: each row holds the SHA-256 of its own fields and the hash of the
-- row before it, so that an edited row, or one removed, is found by VerifyAuditLog
-- (partygroup-audit-verify). The chain's head (the last hash and the rows chained) is taken
-- under this row's lock, held until commit. Rows written before the chain have no hash.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS outcome VARCHAR(32) NOT NULL DEFAULT 'OK',
  ADD COLUMN IF NOT EXISTS row_hash CHAR(64) NULL;

CREATE TABLE IF NOT EXISTS audit_chain (
  id TINYINT NOT NULL PRIMARY KEY,
  last_hash CHAR(64) NOT NULL,
  rows_chained BIGINT NOT NULL
) ENGINE=InnoDB;

INSERT IGNORE INTO audit_chain (id, last_hash, rows_chained) VALUES (1, '', 0);
