-- The organisation: the tree of nodes (committee, units, general branches, branches, groups),
-- members and their history, activists, branch decisions and filings, leaders and admonitions.

CREATE TABLE IF NOT EXISTS org_node (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(20) NOT NULL,
  parent_id BIGINT NULL,
  name VARCHAR(200) NOT NULL,
  code VARCHAR(64) NOT NULL DEFAULT '',
  external_id VARCHAR(128) NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'ACTIVE',
  -- The ids from the root down, '/1/5/23/': a subtree is a path prefix.
  path VARCHAR(512) NOT NULL DEFAULT '',
  -- Groups: the day of the branch decision that created them.
  created_on DATE NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  dissolved_at TIMESTAMP(6) NULL,
  UNIQUE KEY org_node_external_id (external_id),
  KEY org_node_parent (parent_id, id),
  KEY org_node_path (path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The root: the working committee itself.
INSERT IGNORE INTO org_node (id, kind, parent_id, name, code, path)
VALUES (1, 'COMMITTEE', NULL, '中共娄底市直属机关工作委员会', 'LDSZJGGW', '/1/');

CREATE TABLE IF NOT EXISTS member (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  staff_code VARCHAR(64) NOT NULL DEFAULT '',
  phone VARCHAR(32) NOT NULL DEFAULT '',
  external_id VARCHAR(128) NULL,
  status VARCHAR(16) NOT NULL,
  joined_party_on DATE NULL,
  became_formal_on DATE NULL,
  leading_cadre BOOLEAN NOT NULL DEFAULT FALSE,
  branch_id BIGINT NOT NULL,
  group_id BIGINT NULL,
  joined_group_on DATE NULL,
  state VARCHAR(20) NOT NULL DEFAULT 'ACTIVE',
  -- The path of the member's group, or of the branch when in no group.
  path VARCHAR(512) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY member_external_id (external_id),
  KEY member_branch (branch_id, state),
  KEY member_group (group_id, state),
  KEY member_path (path, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS member_history (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id BIGINT NOT NULL,
  kind VARCHAR(32) NOT NULL,
  branch_id BIGINT NOT NULL,
  group_id BIGINT NULL,
  effective_on DATE NOT NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  recorded_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY member_history_member (member_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS activist (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  branch_id BIGINT NOT NULL,
  group_id BIGINT NULL,
  external_id VARCHAR(128) NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY activist_external_id (external_id),
  KEY activist_branch (branch_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 第二条: a branch's decision about a group, and its filing with the superior organisation.
CREATE TABLE IF NOT EXISTS filing (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  branch_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  group_name VARCHAR(200) NOT NULL,
  change_kind VARCHAR(16) NOT NULL,
  decided_on DATE NOT NULL,
  document_ref VARCHAR(200) NOT NULL,
  due_on DATE NOT NULL,
  filed_on DATE NULL,
  path VARCHAR(512) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY filing_path (path),
  KEY filing_group (group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 第十条 to 第十三条: who led a group when, and how they came to.
CREATE TABLE IF NOT EXISTS leader_term (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL,
  method VARCHAR(32) NOT NULL,
  record_ref VARCHAR(200) NOT NULL,
  appointed_on DATE NOT NULL,
  ended_on DATE NULL,
  end_reason VARCHAR(200) NOT NULL DEFAULT '',
  -- 1 while the term lasts, NULL after: one current leader per group.
  current_flag TINYINT NULL,
  UNIQUE KEY leader_term_current (group_id, current_flag),
  KEY leader_term_member (member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS admonition (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  leader_member_id BIGINT NOT NULL,
  admonished_on DATE NOT NULL,
  reason VARCHAR(500) NOT NULL,
  admonished_by VARCHAR(100) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY admonition_group (group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
