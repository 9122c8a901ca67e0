-- 第七条: member evaluation campaigns.
CREATE TABLE IF NOT EXISTS evaluation_campaign (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  group_path VARCHAR(512) NOT NULL,
  opened_on DATE NOT NULL,
  deadline DATE NOT NULL,
  summary TEXT NULL,
  reported_on DATE NULL,
  KEY evaluation_group (group_id, deadline)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS evaluation_self (
  campaign_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL,
  self_evaluation TEXT NOT NULL,
  party_spirit_analysis TEXT NOT NULL,
  PRIMARY KEY (campaign_id, member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS evaluation_vote (
  campaign_id BIGINT NOT NULL,
  voter_member_id BIGINT NOT NULL,
  target_member_id BIGINT NOT NULL,
  rating VARCHAR(32) NOT NULL,
  PRIMARY KEY (campaign_id, voter_member_id, target_member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
