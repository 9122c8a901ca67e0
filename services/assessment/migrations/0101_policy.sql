-- 本委政策: the policy version a cycle asks for (0: the current one at each computation) and the
-- one its current revision was computed with (0 before the first computation). Results record
-- theirs in result_pb.
ALTER TABLE cycle ADD COLUMN IF NOT EXISTS policy_version BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS computed_policy_version BIGINT NOT NULL DEFAULT 0;
