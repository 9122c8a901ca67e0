-- 第十四条: rubrics, cycles, manual ratings (述职评议, 双述双评) and results.
-- Instants are DATETIME(6) in UTC. Rubrics and results are stored as their protobuf messages
-- (the API's own types); the columns beside them are what queries filter and sort on.

-- Rubric versions an administrator defined; never updated (a change is a new version). The
-- defaults of the rules library are not stored: they are the code's.
CREATE TABLE IF NOT EXISTS rubric (
  version VARCHAR(100) NOT NULL PRIMARY KEY,
  subject_kind VARCHAR(16) NOT NULL,
  rubric_pb MEDIUMBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL,
  created_by VARCHAR(128) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS cycle (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  cycle_year INT NOT NULL,
  node_id BIGINT NOT NULL,
  node_name VARCHAR(200) NOT NULL,
  node_path VARCHAR(512) NOT NULL,
  group_rubric_version VARCHAR(100) NOT NULL,
  branch_rubric_version VARCHAR(100) NOT NULL,
  unit_rubric_version VARCHAR(100) NOT NULL,
  status VARCHAR(16) NOT NULL,
  revision INT NOT NULL DEFAULT 0,
  published_revision INT NOT NULL DEFAULT 0,
  opened_at DATETIME(6) NOT NULL,
  opened_by VARCHAR(128) NOT NULL,
  computed_at DATETIME(6) NULL,
  published_at DATETIME(6) NULL,
  KEY cycle_year (cycle_year, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The evaluators' vote counts: part DUTY (述职评议), DUAL_PARTY_BUILDING and DUAL_BUSINESS (双述双评).
CREATE TABLE IF NOT EXISTS review_votes (
  cycle_id BIGINT NOT NULL,
  subject_id BIGINT NOT NULL,
  part VARCHAR(24) NOT NULL,
  good BIGINT NOT NULL,
  fairly_good BIGINT NOT NULL,
  average BIGINT NOT NULL,
  poor BIGINT NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  PRIMARY KEY (cycle_id, subject_id, part)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per subject and revision. input_json is the scoring input (findings and rates) kept
-- so that votes entered later re-score the subject without streaming the city again.
CREATE TABLE IF NOT EXISTS cycle_result (
  cycle_id BIGINT NOT NULL,
  revision INT NOT NULL,
  subject_kind VARCHAR(16) NOT NULL,
  subject_id BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  branch_id BIGINT NOT NULL,
  path VARCHAR(512) NOT NULL,
  complete BOOLEAN NOT NULL,
  score_centi BIGINT NOT NULL,
  grade VARCHAR(16) NOT NULL,
  result_pb MEDIUMBLOB NOT NULL,
  input_json MEDIUMTEXT NOT NULL,
  PRIMARY KEY (cycle_id, revision, subject_kind, subject_id),
  KEY cycle_result_score (cycle_id, revision, subject_kind, complete, score_centi),
  KEY cycle_result_unit (cycle_id, revision, unit_id),
  KEY cycle_result_branch (cycle_id, revision, branch_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
