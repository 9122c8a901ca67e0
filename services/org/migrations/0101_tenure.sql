-- Who was where when, so that a past period is judged by the organisation as it stood then:
-- each member's spells (a place, a status and a leading-cadre flag from one day to another),
-- each node's place in the tree from one day to another, and the day a node was dissolved.
-- Days are [from_on, until_on): until_on is the first day no longer so, NULL while it lasts;
-- from_on NULL when the records do not say (as far back as they go).

CREATE TABLE IF NOT EXISTS member_spell (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id BIGINT NOT NULL,
  branch_id BIGINT NOT NULL,
  -- 0: in the branch, in no group.
  group_id BIGINT NOT NULL DEFAULT 0,
  status VARCHAR(16) NOT NULL,
  leading_cadre BOOLEAN NOT NULL DEFAULT FALSE,
  from_on DATE NULL,
  until_on DATE NULL,
  KEY member_spell_member (member_id, from_on),
  KEY member_spell_branch (branch_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS node_place (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  node_id BIGINT NOT NULL,
  parent_id BIGINT NULL,
  -- The ids from the root down while the node sat there.
  path VARCHAR(512) NOT NULL,
  from_on DATE NULL,
  until_on DATE NULL,
  KEY node_place_node (node_id, from_on),
  KEY node_place_path (path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE org_node ADD COLUMN IF NOT EXISTS dissolved_on DATE NULL;

-- The dissolved nodes: a group on its branch's decision, another node on the day it was recorded.
UPDATE org_node n SET n.dissolved_on = COALESCE(
    (SELECT MAX(f.decided_on) FROM filing f WHERE f.group_id = n.id AND f.change_kind = 'DISSOLVE'),
    DATE(n.dissolved_at))
  WHERE n.status = 'DISSOLVED' AND n.dissolved_on IS NULL;

-- Every node where it sits now: a group since its founding, another node as far back as the
-- records go (its moves before now were not kept).
INSERT INTO node_place (node_id, parent_id, path, from_on)
  SELECT n.id, n.parent_id, n.path, IF(n.kind = 'GROUP', n.created_on, NULL) FROM org_node n
  WHERE NOT EXISTS (SELECT 1 FROM node_place p WHERE p.node_id = n.id);

-- The members' spells from their history: each entry that places a member begins a spell that
-- the next one ends. A member's first spell begins when they joined the party, or as far back as
-- the records go; each spell has the member's status and flag of today, probationary when it
-- ended before the member became formal.
INSERT INTO member_spell (member_id, branch_id, group_id, status, leading_cadre, from_on, until_on)
  SELECT h.member_id, h.branch_id, h.group_id,
         IF(m.status = 'FORMAL' AND m.became_formal_on IS NOT NULL AND h.until_on IS NOT NULL
              AND h.until_on <= m.became_formal_on, 'PROBATIONARY', m.status),
         m.leading_cadre, IF(h.kind = 'CREATED', m.joined_party_on, h.effective_on), h.until_on
  FROM (SELECT member_id, kind, branch_id, effective_on,
               IF(kind = 'JOINED_GROUP', IFNULL(group_id, 0), 0) AS group_id,
               LEAD(effective_on) OVER (PARTITION BY member_id ORDER BY id) AS until_on
        FROM member_history WHERE kind <> 'BECAME_FORMAL') h
  JOIN member m ON m.id = h.member_id
  WHERE h.kind <> 'TRANSFERRED_OUT'
    AND (h.until_on IS NULL OR h.until_on > IF(h.kind = 'CREATED', IFNULL(m.joined_party_on,
                                                 '1000-01-01'), h.effective_on))
    AND NOT EXISTS (SELECT 1 FROM member_spell s WHERE s.member_id = h.member_id);
